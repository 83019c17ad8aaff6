"""The catalogue forms accept exactly what the columns hold, and say so when a value is longer.

Each text field's maximum is its column's length (`pop.models.limits.string_length`): one
character more is a message next to the field, in the user's language, and nothing is stored
(PostgreSQL would refuse the value with an error; SQLite would store it).
"""

import io

import pytest
from sqlalchemy import func, select
from wtforms import StringField
from wtforms.validators import Length

from pop import PROJECT_ROOT
from pop.catalogue.forms import CompetencyForm, FunctionForm, LevelForm
from pop.catalogue.importer import import_document
from pop.extensions import db
from pop.models import Competency, FunctionFamily, FunctionLevel, JobFunction
from pop.models.limits import string_length
from tests.catalogue.test_catalogue_pages import function_form, seeded
from tests.html import page, text

__all__ = ["seeded"]  # the fixture of the catalogue pages' tests

COLUMNS = {
    (FunctionForm, "title"): JobFunction.title,
    (FunctionForm, "new_family"): FunctionFamily.name,
    (LevelForm, "name"): FunctionLevel.name,
    (CompetencyForm, "name"): Competency.name,
}
NOT_FREE_TEXT = {(LevelForm, "scale")}  # a number from 1 to 18, checked as such


def _text_fields(form_class) -> list[tuple[str, object]]:
    return [
        (name, unbound)
        for name, unbound in vars(form_class).items()
        if getattr(unbound, "field_class", None) is StringField
    ]


@pytest.mark.parametrize("form_class", [FunctionForm, LevelForm, CompetencyForm])
def test_every_text_field_stops_at_its_columns_length(form_class):
    for name, unbound in _text_fields(form_class):
        if (form_class, name) in NOT_FREE_TEXT:
            continue
        assert (form_class, name) in COLUMNS, f"{form_class.__name__}.{name}: which column?"
        lengths = [
            validator.max
            for validator in unbound.kwargs.get("validators", [])
            if isinstance(validator, Length)
        ]
        assert lengths == [string_length(COLUMNS[form_class, name])], name


def _title(app, function_id: int) -> str:
    with app.app_context():
        return db.session.get(JobFunction, function_id).title


@pytest.mark.parametrize(("field", "maximum"), [("title", 300), ("new_family", 200), ("name", 100)])
def test_one_character_too_many_is_a_message_and_nothing_is_stored(
    app, client, org, login, seeded, field, maximum
):
    login(org.hr)
    before = _title(app, seeded.function)
    url = f"/functies/{seeded.function}/bewerken"

    response = client.post(url, data=function_form(**{field: "x" * (maximum + 1)}))

    assert response.status_code == 200
    assert f"Dit is te lang: hoogstens {maximum} tekens." in text(page(response))
    assert _title(app, seeded.function) == before


def test_the_longest_title_the_column_holds_is_stored(app, client, org, login, seeded):
    login(org.hr)
    longest = "Beleidsmedewerker " * 16 + "x" * 12  # 300 characters
    assert len(longest.strip()) == 300

    response = client.post(
        f"/functies/{seeded.function}/bewerken",
        data=function_form(title=longest, new_family="f" * 200, name="n" * 100),
    )

    assert response.status_code == 302
    assert _title(app, seeded.function) == longest.strip()


def test_a_too_long_competency_name_is_a_message_in_english_too(app, client, org, login, seeded):
    login(org.hr)
    client.post("/language", data={"language": "en"})

    response = client.post(
        f"/functies/competenties/{seeded.competency}/bewerken", data={"name": "k" * 201}
    )

    assert response.status_code == 200
    assert "Too long: at most 200 characters." in text(page(response))
    with app.app_context():
        assert db.session.get(Competency, seeded.competency).name != "k" * 201


# --- the import: a name longer than its column is a refused document, not a database error ----

SEED = PROJECT_ROOT / "seeds" / "functions" / "000_86635a2c460ee1b5.txt"


def _seed_with_title(title: str) -> bytes:
    text = SEED.read_text(encoding="utf-8").replace("\r\n", "\n")
    head = "Functiebeschrijving\n\nFunctiefamilie\n"
    assert text.startswith(head)
    return (f"Functiebeschrijving\n{title}\nFunctiefamilie\n" + text[len(head) :]).encode()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_imported_title_longer_than_its_column_is_refused_by_name(
    app, client, org, login, language
):
    login(org.hr)
    client.post("/language", data={"language": language})
    data = _seed_with_title("T" * 301)

    response = client.post(
        "/functies/importeren", data={"files": (io.BytesIO(data), "lange-titel.txt")}
    )

    assert response.status_code == 200
    shown = text(page(response))
    expected = {
        "nl": "lange-titel.txt: De titel is 301 tekens lang; POP bewaart er hoogstens 300.",
        "en": "The title is 301 characters long; POP stores at most 300.",
    }[language]
    assert expected in shown
    assert "varying" not in shown  # no database error
    with app.app_context():
        assert db.session.scalar(select(func.count(JobFunction.id))) == 0


def test_the_longest_imported_title_is_stored_whole(app, org):
    with app.app_context():
        summary = import_document("lang.txt", _seed_with_title("T" * 300), actor=None)
        db.session.commit()
        assert summary.error is None
        assert db.session.get(JobFunction, summary.function_id).title == "T" * 300
