"""The catalogue pages: who may see and change what, HR's corrections, the web import, and the
number of queries each list page issues."""

import io
import re
import shutil
from datetime import date, timedelta

import pytest
from flask import Blueprint
from sqlalchemy import func, select

from pop import PROJECT_ROOT, files
from pop.auth.events import SECURITY_ACTIONS
from pop.catalogue.importer import import_path
from pop.extensions import db
from pop.models import (
    AuditEvent,
    BehaviourIndicator,
    Competency,
    Cycle,
    DevelopmentTip,
    FilePurpose,
    FunctionCompetency,
    FunctionFamily,
    FunctionLevel,
    Goal,
    InterviewQuestion,
    JobFunction,
    ResultArea,
    StoredFile,
    User,
)
from pop.models._time import utcnow
from tests import html as html_page

SEED = PROJECT_ROOT / "seeds" / "functions" / "000_86635a2c460ee1b5.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
MISSING = 999_999


def staged(app) -> dict[str, dict[str, bytes]]:
    """The uploads waiting for confirmation, in the database: {token: {file name: content}}."""
    with app.app_context():
        waiting: dict[str, dict[str, bytes]] = {}
        for stored in db.session.scalars(
            select(StoredFile).where(StoredFile.purpose == FilePurpose.CATALOGUE_IMPORT.value)
        ):
            waiting.setdefault(stored.batch, {})[stored.name] = files.read_all(stored)
        return waiting


class Seeded:
    """Ids of the seed function as imported with its sidecar."""

    function: int
    competency: int
    competency_names: list[str]
    level: int
    tip: int


@pytest.fixture
def seeded(app) -> Seeded:
    with app.app_context():
        import_path(SEED, actor=None)
        function = db.session.scalar(select(JobFunction))
        ids = Seeded()
        ids.function = function.id
        ids.competency = function.competency_links[0].competency.id
        ids.competency_names = [link.competency.name for link in function.competency_links]
        ids.level = function.levels[0].id
        ids.tip = function.competency_links[0].competency.tips[0].id
        return ids


def set_function(app, user_id: int, function_id: int | None, level_id: int | None = None):
    with app.app_context():
        user = db.session.get(User, user_id)
        user.function_id = function_id
        user.function_level_id = level_id
        db.session.commit()


def count_rows(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def audit_actions(app) -> list[tuple[str, str, dict]]:
    """The catalogue's audit trail after the seed's own import (which has no actor).

    Log-ins and other security events are the auth area's, not the catalogue's.
    """
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.actor_id.is_not(None), AuditEvent.action.not_in(SECURITY_ACTIONS))
            .order_by(AuditEvent.id)
        )
        return [(event.action, event.object_type, event.changes) for event in events]


def read_urls(seeded: Seeded) -> list[str]:
    return [
        "/functies/",
        f"/functies/{seeded.function}",
        "/functies/competenties",
        f"/functies/competenties/{seeded.competency}",
        "/functies/mijn-functie",
    ]


def edit_urls(seeded: Seeded) -> list[str]:
    return [
        f"/functies/{seeded.function}/bewerken",
        f"/functies/competenties/{seeded.competency}/bewerken",
    ]


IMPORT_URLS = ["/functies/importeren", "/functies/importeren/bevestigen"]


# --- access ------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login_from_every_page(client, seeded):
    for url in read_urls(seeded) + edit_urls(seeded) + IMPORT_URLS:
        method = client.post if url.endswith("bevestigen") else client.get
        response = method(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/auth/login?next="), url


def test_employee_reads_every_catalogue_page(client, org, login, seeded):
    login(org.employee)
    for url in read_urls(seeded):
        assert client.get(url).status_code == 200, url


def test_employee_gets_403_on_edit_pages_and_changes_nothing(app, client, org, login, seeded):
    login(org.employee)
    for url in edit_urls(seeded):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data={"title": "Gekaapt", "name": "Gekaapt"}).status_code == 403
    with app.app_context():
        assert db.session.get(JobFunction, seeded.function).title != "Gekaapt"
        assert db.session.get(Competency, seeded.competency).name != "Gekaapt"
    assert audit_actions(app) == []


def test_manager_cannot_edit_the_catalogue_either(client, org, login, seeded):
    login(org.manager)
    for url in edit_urls(seeded):
        assert client.get(url).status_code == 403, url


def test_employee_gets_404_on_the_import_pages(client, org, login):
    login(org.employee)
    assert client.get("/functies/importeren").status_code == 404
    upload = {"files": [(io.BytesIO(SEED.read_bytes()), SEED.name)]}
    assert client.post("/functies/importeren", data=upload).status_code == 404
    assert (
        client.post("/functies/importeren/bevestigen", data={"token": "x" * 43}).status_code == 404
    )


@pytest.mark.parametrize(
    "url",
    [
        f"/functies/{MISSING}",
        f"/functies/competenties/{MISSING}",
        f"/functies/{MISSING}/bewerken",
        f"/functies/competenties/{MISSING}/bewerken",
    ],
)
@pytest.mark.parametrize("who", ["employee", "hr"])
def test_missing_function_or_competency_is_404(client, org, login, url, who):
    login(getattr(org, who))
    assert client.get(url).status_code == 404
    if url.endswith("bewerken"):
        assert client.post(url, data={"name": "x"}).status_code == 404


def test_hr_reaches_every_page(client, org, login, seeded):
    login(org.hr)
    for url in read_urls(seeded) + edit_urls(seeded) + ["/functies/importeren"]:
        assert client.get(url).status_code == 200, url


# --- reading -----------------------------------------------------------------------------------


def test_index_groups_functions_by_family_with_active_employee_counts(
    app, client, org, login, seeded
):
    with app.app_context():
        loose = JobFunction(title="Losse functie", source_filename="los.txt", content_hash="x")
        db.session.add(loose)
        db.session.commit()
        loose_id = loose.id
    set_function(app, org.employee, seeded.function)
    set_function(app, org.colleague, seeded.function)
    set_function(app, org.other_employee, seeded.function)
    with app.app_context():
        db.session.get(User, org.other_employee).active = False
        db.session.commit()
    login(org.employee)
    response = client.get("/functies/")
    html = response.text
    assert "Functies per functiefamilie, met aantal medewerkers" in html
    assert "<h2>Dienstverlening</h2>" in html
    assert "<h2>Zonder functiefamilie</h2>" in html
    assert html.index("Dienstverlening") < html.index("Zonder functiefamilie")
    link = html_page.one(
        html_page.page(html), f'tr > th[scope="row"] > a[href="/functies/{seeded.function}"]'
    )
    assert html_page.text(link) == "Accountmanager dienstverlening"
    row = link.find_parent("tr")
    assert html_page.texts(row, "td") == ["11", "2"]
    assert html_page.text(html_page.one(row, "td.number")) == "2"
    assert f'href="/functies/{loose_id}">Losse functie</a>' in html


def test_index_offers_the_import_to_hr_only(client, org, login, seeded):
    login(org.employee)
    assert "/functies/importeren" not in client.get("/functies/").text
    client.post("/auth/logout")
    login(org.hr)
    assert "/functies/importeren" in client.get("/functies/").text


def test_function_page_shows_the_whole_description(client, org, login, seeded):
    login(org.employee)
    html = client.get(f"/functies/{seeded.function}").text
    assert "<h1>Accountmanager dienstverlening</h1>" in html
    assert "Inventariseren en analyseren van de wensen en ervaringen" in html
    assert "Verwerven van nieuwe of aanvullende opdrachten" in html
    assert "<li>Wensen/eisen van de klant</li>" in html
    assert "Voldoende werk en/of inkomsten voor de dienst" in html
    assert "Zorgdragen voor goede public relations" in html
    for name in seeded.competency_names:
        assert name in html
    assert "Hanteert correct taalgebruik in brieven" in html
    assert "Welke ervaring heb je met notuleren?" in html
    assert html.count("Volg een cursus effectief schrijven.") == 1
    assert "<td>11</td>" in html
    assert "Functie bewerken" not in html
    assert "Medewerkers met deze functie" not in html


def test_hr_sees_who_holds_a_function(client, app, org, login, seeded):
    set_function(app, org.employee, seeded.function, seeded.level)
    login(org.hr)
    html = client.get(f"/functies/{seeded.function}").text
    assert "Medewerkers met deze functie" in html
    assert "Sanne Medewerker" in html
    assert "Pieter Collega" not in html
    assert "Functie bewerken" in html


def test_tips_link_to_a_new_goal_only_once_the_plan_can_take_it(app, client, org, login, seeded):
    login(org.employee)
    if "plan.new_goal" not in app.view_functions:
        assert "Maak hiervan een doel" not in client.get(f"/functies/{seeded.function}").text


def test_tips_link_to_the_plans_new_goal_page(seeded_app_with_plan):
    client, seeded = seeded_app_with_plan
    for url in (
        f"/functies/{seeded.function}",
        f"/functies/competenties/{seeded.competency}",
        "/functies/mijn-functie",
    ):
        html = client.get(url).text
        assert "Maak hiervan een doel" in html, url
        assert f"tip={seeded.tip}" in html, url


@pytest.fixture
def seeded_app_with_plan(app, client, org, login, seeded):
    """The app with a `plan.new_goal` endpoint (a stand-in until the plan's views exist)."""
    if "plan.new_goal" not in app.view_functions:
        stand_in = Blueprint("plan", __name__, url_prefix="/plan-test")
        stand_in.add_url_rule("/doelen/nieuw", "new_goal", lambda: "")
        app.register_blueprint(stand_in)
    set_function(app, org.employee, seeded.function)
    login(org.employee)
    return client, seeded


def test_competency_library_lists_functions_and_goal_counts(app, client, org, login, seeded):
    with app.app_context():
        cycle = Cycle(name="2030", starts_on=_date(2030, 1, 1), ends_on=_date(2030, 12, 31))
        db.session.add(cycle)
        db.session.flush()
        for number in range(3):
            db.session.add(
                Goal(
                    employee_id=org.employee,
                    cycle_id=cycle.id,
                    competency_id=seeded.competency,
                    title=f"Doel {number}",
                    starts_on=_date(2030, 1, 1),
                    deadline=_date(2030, 12, 31),
                )
            )
        db.session.commit()
    login(org.employee)
    html = client.get("/functies/competenties").text
    assert "<caption>Competentiebibliotheek</caption>" in html
    library = html_page.page(html)
    link = html_page.one(
        library, f'tr > th[scope="row"] > a[href="/functies/competenties/{seeded.competency}"]'
    )
    assert html_page.text(link) == "Schriftelijke uitdrukkingsvaardigheid"
    row = link.find_parent("tr")
    assert "Accountmanager dienstverlening" in html_page.text(row)
    assert html_page.text(html_page.one(row, "td.number")) == "3"
    assert html_page.texts(library, "td.number").count("0") == 3


def test_competency_page_shows_its_lists_and_functions(client, org, login, seeded):
    login(org.employee)
    html = client.get(f"/functies/competenties/{seeded.competency}").text
    assert "<h1>Schriftelijke uitdrukkingsvaardigheid</h1>" in html
    assert "Ideeën en informatie helder op schrift stellen" in html
    assert "Gebruikt in teksten korte en duidelijke zinnen." in html
    assert "Maken anderen je wel eens attent op spelfouten" in html
    assert "Vraag gerichte feedback op je teksten." in html
    assert f'href="/functies/{seeded.function}">Accountmanager dienstverlening' in html
    assert "Naam bewerken" not in html


def test_my_function_shows_the_employees_function_and_level(app, client, org, login, seeded):
    set_function(app, org.employee, seeded.function, seeded.level)
    login(org.employee)
    response = client.get("/functies/mijn-functie")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Mijn functie</h1>" in html
    assert "Accountmanager dienstverlening" in html
    assert "Jouw niveau" in html
    assert "schaal 11" in html
    assert "jouw niveau</span>" in html
    assert "Hanteert correct taalgebruik in brieven" in html


def test_my_function_without_a_function_is_a_friendly_page(client, org, login, seeded):
    login(org.employee)
    response = client.get("/functies/mijn-functie")
    assert response.status_code == 200
    assert "<h1>Mijn functie</h1>" in response.text
    assert "HR heeft nog geen functie aan je gekoppeld" in response.text


# --- HR corrections ----------------------------------------------------------------------------


def function_form(title="Accountmanager", family_id="", new_family="", name="", scale="11"):
    return {
        "title": title,
        "family_id": family_id,
        "new_family": new_family,
        "levels-0-name": name,
        "levels-0-scale": scale,
    }


def test_hr_renames_a_function_corrects_its_level_and_puts_it_in_a_new_family(
    app, client, org, login, seeded
):
    login(org.hr)
    response = client.post(
        f"/functies/{seeded.function}/bewerken",
        data=function_form(new_family="Klant en Contact", name="Senior", scale="12"),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/functies/{seeded.function}"
    with app.app_context():
        function = db.session.get(JobFunction, seeded.function)
        assert function.title == "Accountmanager"
        assert function.family.name == "Klant en Contact"
        assert (function.levels[0].name, function.levels[0].scale) == ("Senior", "12")
    actions = audit_actions(app)
    assert (
        "function_renamed",
        "JobFunction",
        {"title": ["Accountmanager dienstverlening", "Accountmanager"]},
    ) in actions
    assert (
        "function_family_set",
        "JobFunction",
        {"family": ["Dienstverlening", "Klant en Contact"]},
    ) in actions
    assert ("function_family_created", "FunctionFamily", {"name": [None, "Klant en Contact"]}) in (
        actions
    )
    assert (
        "function_level_corrected",
        "FunctionLevel",
        {"name": ["", "Senior"], "scale": ["11", "12"]},
    ) in actions
    with app.app_context():
        actors = set(db.session.scalars(select(AuditEvent.actor_id)))
        assert actors == {None, org.hr}  # None: the seed's import from the command line
    assert (
        "De functie Accountmanager is opgeslagen." in client.get(response.headers["Location"]).text
    )


def test_hr_picks_an_existing_family_or_none(app, client, org, login, seeded):
    with app.app_context():
        family = FunctionFamily(name="Beleid en Advies")
        db.session.add(family)
        db.session.commit()
        family_id = family.id
    login(org.hr)
    url = f"/functies/{seeded.function}/bewerken"
    client.post(
        url, data=function_form(title="Accountmanager dienstverlening", family_id=family_id)
    )
    with app.app_context():
        assert db.session.get(JobFunction, seeded.function).family_id == family_id
    client.post(url, data=function_form(title="Accountmanager dienstverlening"))
    with app.app_context():
        assert db.session.get(JobFunction, seeded.function).family_id is None


def test_a_typed_family_that_exists_is_reused(app, client, org, login, seeded):
    login(org.hr)
    client.post(
        f"/functies/{seeded.function}/bewerken",
        data=function_form(title="Accountmanager dienstverlening", new_family=" dienstverlening "),
    )
    assert count_rows(app, FunctionFamily) == 1


def test_saving_an_unchanged_function_records_nothing(app, client, org, login, seeded):
    with app.app_context():
        family_id = db.session.get(JobFunction, seeded.function).family_id
    login(org.hr)
    response = client.post(
        f"/functies/{seeded.function}/bewerken",
        data=function_form(title="Accountmanager dienstverlening", family_id=family_id),
        follow_redirects=True,
    )
    assert "Er was niets gewijzigd." in response.text
    assert audit_actions(app) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (function_form(title=""), "Vul de titel van de functie in."),
        (function_form(scale="19"), "Vul een schaal van 1 tot en met 18 in"),
        (function_form(scale="elf"), "Vul een schaal van 1 tot en met 18 in"),
        (function_form(family_id=str(MISSING)), "Kies een functiefamilie uit de lijst."),
        ({"title": "Accountmanager"}, "Het formulier is onvolledig"),
    ],
)
def test_invalid_function_correction_is_refused_with_a_message(
    app, client, org, login, seeded, data, message
):
    login(org.hr)
    response = client.post(f"/functies/{seeded.function}/bewerken", data=data)
    assert response.status_code == 200
    assert message in response.text
    assert html_page.select(html_page.page(response), ".error-summary")
    with app.app_context():
        function = db.session.get(JobFunction, seeded.function)
        assert function.title == "Accountmanager dienstverlening"
        assert function.levels[0].scale == "11"
    assert audit_actions(app) == []


def test_hr_names_a_competency(app, client, org, login, seeded):
    with app.app_context():
        db.session.get(Competency, seeded.competency).name = None
        db.session.commit()
    login(org.hr)
    url = f"/functies/competenties/{seeded.competency}/bewerken"
    form = client.get(url).text
    assert "Ideeën en informatie helder op schrift stellen" in form
    response = client.post(url, data={"name": "  Schriftelijk   communiceren "})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/functies/competenties/{seeded.competency}"
    with app.app_context():
        assert db.session.get(Competency, seeded.competency).name == "Schriftelijk communiceren"
    assert audit_actions(app) == [
        ("competency_named", "Competency", {"name": [None, "Schriftelijk communiceren"]})
    ]


def test_competency_names_are_unique(app, client, org, login, seeded):
    login(org.hr)
    response = client.post(
        f"/functies/competenties/{seeded.competency}/bewerken", data={"name": "klantgerichtheid"}
    )
    assert response.status_code == 200
    assert "Er is al een competentie met de naam ‘klantgerichtheid’." in response.text
    with app.app_context():
        assert db.session.get(Competency, seeded.competency).name == seeded.competency_names[0]
    assert audit_actions(app) == []


def test_competency_name_is_required(client, org, login, seeded):
    login(org.hr)
    response = client.post(
        f"/functies/competenties/{seeded.competency}/bewerken", data={"name": ""}
    )
    assert response.status_code == 200
    assert "Vul de naam van de competentie in." in response.text


# --- web import --------------------------------------------------------------------------------


def upload(client, *files: tuple[bytes, str]):
    data = {"files": [(io.BytesIO(content), name) for content, name in files]}
    return client.post("/functies/importeren", data=data)


def token_of(html: str) -> str:
    found = re.search(r'name="token" type="hidden" value="([^"]+)"', html)
    assert found is not None, "no confirmation form"
    return found.group(1)


def test_upload_of_a_real_document_shows_its_warnings_and_stores_nothing_yet(
    app, client, org, login
):
    login(org.hr)
    response = upload(client, (SEED.read_bytes(), SEED.name))
    assert response.status_code == 200
    html = response.text
    assert "nieuw" in html
    assert "11" in [
        html_page.text(cell) for cell in html_page.select(html_page.page(html), "td.number")
    ]
    assert "Regel 1: de functie heeft geen titel" in html
    assert "Regel 166: competentie 1 heeft geen naam" in html
    assert "Regel 310: niveaurij &#39;110&#39; gelezen als schaal 11" in html
    assert "Import bevestigen" in html
    token = token_of(html)
    assert staged(app)[token] == {SEED.name: SEED.read_bytes()}
    assert count_rows(app, JobFunction) == 0


def test_upload_with_its_sidecar_is_completed_by_it(app, client, org, login):
    login(org.hr)
    sidecar = SEED.with_suffix(".toml")
    html = upload(client, (SEED.read_bytes(), SEED.name), (sidecar.read_bytes(), sidecar.name)).text
    assert "heeft geen titel" not in html
    assert "heeft geen naam" not in html
    client.post("/functies/importeren/bevestigen", data={"token": token_of(html)})
    with app.app_context():
        assert db.session.scalar(select(JobFunction.title)) == "Accountmanager dienstverlening"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"hello", "hallo.txt", "hallo.txt, regel 1: geen enkele bekende kop gevonden"),
        (PNG, "scan.txt", "scan.txt, regel 1: ongeldige byte 0x89"),
        (b"", "leeg.txt", "leeg.txt, regel 1: het document is leeg"),
    ],
)
def test_upload_of_a_non_document_shows_a_clear_error_and_stores_nothing(
    app, client, org, login, content, name, message
):
    login(org.hr)
    response = upload(client, (content, name))
    assert response.status_code == 200
    html = response.text
    assert "niet als functiebeschrijving te lezen" in html
    assert message in html
    assert "fout" in html
    assert "Import bevestigen" not in html
    assert "Er is niets te importeren." in html
    assert count_rows(app, JobFunction) == 0
    assert staged(app) == {}


@pytest.mark.parametrize(
    ("uploads", "message"),
    [
        (
            [(PNG, "scan.png")],
            "‘scan.png’ is geen functiebeschrijving (.txt) of bijbestand (.toml).",
        ),
        ([(b"title = 'x'", "los.toml")], "Bijbestand ‘los.toml’ hoort bij geen van de gekozen"),
        ([], "Kies minstens één functiebeschrijving (.txt)."),
    ],
)
def test_upload_of_other_files_is_refused_by_the_form(app, client, org, login, uploads, message):
    login(org.hr)
    response = upload(client, *uploads)
    assert response.status_code == 200
    assert html_page.select(html_page.page(response), ".error-summary")
    assert message in response.text
    assert staged(app) == {}


def test_upload_file_names_are_reduced_to_safe_ones(app, client, org, login):
    login(org.hr)
    html = upload(client, (SEED.read_bytes(), "../../evil dir/functie.txt")).text
    stored = list(staged(app)[token_of(html)])
    assert "evil_dir_functie.txt" in stored
    assert "evil_dir_functie.txt" in html


def test_confirming_imports_every_file_that_parsed(app, client, org, login):
    login(org.hr)
    html = upload(client, (SEED.read_bytes(), SEED.name), (b"hello", "hallo.txt")).text
    assert "1 functiebeschrijving is klaar om te importeren." in html
    token = token_of(html)
    response = client.post("/functies/importeren/bevestigen", data={"token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/functies/"
    assert token not in staged(app)
    with app.app_context():
        assert db.session.scalars(select(JobFunction.source_filename)).all() == [SEED.name]
        function = db.session.scalar(select(JobFunction))
        assert len(function.result_areas) == 11
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.not_in(SECURITY_ACTIONS))
        ).all()
        assert [(e.action, e.actor_id) for e in events] == [("function_created", org.hr)]
    page = client.get("/functies/").text
    assert "Import klaar: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd." in page
    assert "hallo.txt" in page


def test_a_token_can_be_confirmed_only_once(client, org, login):
    login(org.hr)
    token = token_of(upload(client, (SEED.read_bytes(), SEED.name)).text)
    assert client.post("/functies/importeren/bevestigen", data={"token": token}).status_code == 302
    assert client.post("/functies/importeren/bevestigen", data={"token": token}).status_code == 404


@pytest.mark.parametrize("token", ["", "x" * 43, "../../etc", "..", "a/b"])
def test_unknown_or_malformed_tokens_are_404(client, org, login, token):
    login(org.hr)
    assert client.post("/functies/importeren/bevestigen", data={"token": token}).status_code == 404


def test_another_hr_users_upload_cannot_be_confirmed(app, client, org, login, make_user):
    login(org.hr)
    token = token_of(upload(client, (SEED.read_bytes(), SEED.name)).text)
    client.post("/auth/logout")
    login(org.admin)
    assert client.post("/functies/importeren/bevestigen", data={"token": token}).status_code == 404
    assert count_rows(app, JobFunction) == 0


def test_reimport_through_the_web_reports_unchanged(app, client, org, login, tmp_path):
    lone = tmp_path / "los" / SEED.name
    lone.parent.mkdir()
    shutil.copy(SEED, lone)
    with app.app_context():
        import_path(lone, actor=None)
    login(org.hr)
    html = upload(client, (SEED.read_bytes(), SEED.name)).text
    assert "ongewijzigd" in html
    client.post("/functies/importeren/bevestigen", data={"token": token_of(html)})
    assert "0 nieuw, 0 bijgewerkt, 1 ongewijzigd" in client.get("/functies/").text
    assert count_rows(app, JobFunction) == 1


# --- query counts ------------------------------------------------------------------------------


def add_functions(app, count: int, start: int = 0) -> list[int]:
    """Functions in three families (every fourth without), each with a level, a result area and
    an active holder."""
    with app.app_context():
        families = db.session.scalars(select(FunctionFamily).order_by(FunctionFamily.id)).all()
        if not families:
            families = [FunctionFamily(name=f"Familie {n}") for n in range(3)]
            db.session.add_all(families)
        made = []
        for number in range(start, start + count):
            function = JobFunction(
                title=f"Functie {number}",
                source_filename=f"functie-{number}.txt",
                content_hash="x",
                purpose="Doel.",
                family=families[number % 3] if number % 4 else None,
            )
            function.levels = [FunctionLevel(position=1, name="", scale="8")]
            function.result_areas = [
                ResultArea(position=1, core_activity="Kern", frameworks=["K"], activities=["A"])
            ]
            made.append(function)
            db.session.add(
                User(
                    name=f"Houder {number}", email=f"houder{number}@pop.example", function=function
                )
            )
        db.session.add_all(made)
        db.session.commit()
        return [function.id for function in made]


def add_competencies(app, function_id: int, count: int, start: int = 0) -> None:
    """Competencies with an indicator, a question, a tip and a goal, linked to a function."""
    with app.app_context():
        cycle = db.session.scalar(select(Cycle)) or Cycle(
            name="2030", starts_on=_date(2030, 1, 1), ends_on=_date(2030, 12, 31)
        )
        employee = db.session.scalar(select(User))
        for number in range(start, start + count):
            competency = Competency(
                name=f"Competentie {number}",
                description=f"Omschrijving {number}",
                description_key=f"key-{number}",
            )
            competency.indicators = [BehaviourIndicator(position=1, text="Doet het.")]
            competency.questions = [InterviewQuestion(position=1, text="Hoe?")]
            competency.tips = [DevelopmentTip(position=1, text=f"Tip {number}")]
            db.session.add(
                FunctionCompetency(
                    function_id=function_id, competency=competency, position=number + 1
                )
            )
            db.session.add(
                Goal(
                    employee=employee,
                    cycle=cycle,
                    competency=competency,
                    title=f"Doel {number}",
                    starts_on=_date(2030, 1, 1),
                    deadline=_date(2030, 12, 31),
                )
            )
        db.session.commit()


def queries_of(client, count_queries, url: str) -> int:
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def test_index_issues_as_many_queries_for_50_functions_as_for_2(
    app, client, org, login, count_queries
):
    add_functions(app, 2)
    login(org.hr)
    with_two = queries_of(client, count_queries, "/functies/")
    add_functions(app, 48, start=2)
    with_fifty = queries_of(client, count_queries, "/functies/")
    assert with_fifty == with_two
    assert "Functie 49" in client.get("/functies/").text


@pytest.mark.parametrize("who", ["hr", "employee"])
def test_function_page_issues_as_many_queries_for_50_competencies_as_for_2(
    app, client, org, login, count_queries, who
):
    [function_id] = add_functions(app, 1)
    add_competencies(app, function_id, 2)
    set_function(app, org.employee, function_id)
    login(getattr(org, who))
    url = f"/functies/{function_id}"
    with_two = queries_of(client, count_queries, url)
    add_competencies(app, function_id, 48, start=2)
    add_functions(app, 48, start=1)
    with app.app_context():
        for user in db.session.scalars(select(User).where(User.email.like("houder%"))):
            user.function_id = function_id
        db.session.commit()
    with_fifty = queries_of(client, count_queries, url)
    assert with_fifty == with_two
    assert "Tip 49" in client.get(url).text


def test_my_function_issues_as_many_queries_for_50_competencies_as_for_2(
    app, client, org, login, count_queries
):
    [function_id] = add_functions(app, 1)
    add_competencies(app, function_id, 2)
    set_function(app, org.employee, function_id)
    login(org.employee)
    with_two = queries_of(client, count_queries, "/functies/mijn-functie")
    add_competencies(app, function_id, 48, start=2)
    assert queries_of(client, count_queries, "/functies/mijn-functie") == with_two


def test_competency_library_issues_as_many_queries_for_50_competencies_as_for_2(
    app, client, org, login, count_queries
):
    function_ids = add_functions(app, 2)
    add_competencies(app, function_ids[0], 1)
    add_competencies(app, function_ids[1], 1, start=1)
    login(org.employee)
    with_two = queries_of(client, count_queries, "/functies/competenties")
    add_competencies(app, function_ids[0], 48, start=2)
    assert queries_of(client, count_queries, "/functies/competenties") == with_two


def _date(year: int, month: int, day: int) -> date:
    return date(year, month, day)


def test_uploads_nobody_confirmed_are_dropped_after_a_day(app, client, org, login):
    stale = "s" * 43
    with app.app_context():
        old = files.store(
            [b"Functiebeschrijving\n"],
            purpose=FilePurpose.CATALOGUE_IMPORT,
            name="oud.txt",
            content_type="text/plain",
            owner_id=org.hr,
            batch=stale,
        )
        old.created_at = utcnow() - timedelta(hours=25)
        db.session.commit()
    login(org.hr)
    token = token_of(upload(client, (SEED.read_bytes(), SEED.name)).text)
    assert stale not in staged(app)
    assert token in staged(app)
