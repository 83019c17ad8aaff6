"""The whole POP journey in the browser: a tip becomes a SMART goal, agreed, worked on, closed."""

import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from pop.catalogue.importer import import_path
from pop.demo import FUNCTIONS_DIR
from pop.extensions import db
from pop.models import JobFunction, User
from tests.conversations.factories import make_cycle

PDF = b"%PDF-1.4\n% evidence\n"


def give_function(app, user_id: int) -> None:
    with app.app_context():
        import_path(FUNCTIONS_DIR, actor=None)
        function = db.session.scalar(select(JobFunction))
        db.session.get(User, user_id).function_id = function.id
        db.session.commit()


def test_tip_to_goal_agreement_check_ins_and_closing(
    app, page, org, browser_login, assert_accessible, tmp_path
):
    app.config["EVIDENCE_FOLDER"] = str(tmp_path / "evidence")
    make_cycle(app)
    give_function(app, org.employee)
    today = date.today().isoformat()

    # The employee picks a development tip from their own function.
    browser_login(org.employee)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn POP").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mijn POP")
    assert_accessible(page)
    page.get_by_role("link", name="Kies een ontwikkeltip uit mijn functie").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Maak hiervan een doel")).first.click()
    expect(page.get_by_role("heading", name="Nieuw doel")).to_be_visible()
    assert_accessible(page)

    # SMART fields: a one-word answer is refused with a clear message.
    page.get_by_label("Specifiek").fill("schrijven")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_role("alert").first).to_contain_text("Wees specifieker")
    assert_accessible(page)
    page.get_by_label("Specifiek").fill(
        "Ik schrijf de verslagen van ons werkoverleg voortaan zelf."
    )
    page.get_by_label("Meetbaar").fill("Drie verslagen, elk besproken met mijn leidinggevende.")
    page.get_by_label("Acceptabel").fill("Heldere verslagen helpen het team en mijn loopbaan.")
    page.get_by_label("Realistisch").fill("Een uur per week; een collega leest mee.")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_role("status").first).to_contain_text("opgeslagen als concept")
    goal_url = page.url
    page.get_by_role("button", name="Voorstellen aan leidinggevende").click()
    expect(page.get_by_text("voorgesteld", exact=True).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()

    # The manager sees the proposal and agrees.
    browser_login(org.manager)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn POP").click()
    proposals = page.get_by_role("table", name="Doelen die wachten op je akkoord")
    proposals.get_by_role("link").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Akkoord: doel afspreken").click()
    expect(page.get_by_role("status").first).to_contain_text("afgesproken")
    page.get_by_role("button", name="Uitloggen").click()

    # The employee logs two check-ins with evidence, then closes the goal.
    browser_login(org.employee)
    page.goto(goal_url)
    for progress, note, evidence in [
        ("40", "Eerste verslag geschreven.", {"link": "https://intranet.example/verslag-1"}),
        ("100", "Drie verslagen klaar en besproken.", {"file": PDF}),
    ]:
        page.get_by_role("link", name="Voortgang vastleggen").click()
        assert_accessible(page)
        page.get_by_label("Datum").fill(today)
        page.get_by_label("Voortgang in procenten").fill(progress)
        page.get_by_label("Wat heb je gedaan").fill(note)
        if "link" in evidence:
            page.get_by_label("Bewijs: een link").fill(evidence["link"])
        else:
            page.get_by_label("Bewijs: een bestand").set_input_files(
                {"name": "verslagen.pdf", "mimeType": "application/pdf", "buffer": evidence["file"]}
            )
        page.get_by_role("button", name="Vastleggen").click()
        expect(page.get_by_role("status").first).to_contain_text("vastgelegd")
    page.get_by_label("Terugblik").fill("Ik schrijf nu korter, en collega's lezen mijn verslagen.")
    page.get_by_role("button", name="Afronden").click()
    expect(page.get_by_role("status").first).to_contain_text("afgerond")

    # The chart and the history tell the story.
    chart = page.get_by_role("img", name="Voortgang in de tijd")
    expect(chart).to_be_visible()
    expect(page.locator("svg.chart desc")).to_contain_text("40%")
    expect(page.locator("svg.chart desc")).to_contain_text("100%")
    expect(page.get_by_role("link", name="verslagen.pdf")).to_be_visible()
    history = page.get_by_role("table", name="Wie wat wanneer veranderde")
    for action in ["doel aangemaakt", "voorgesteld aan leidinggevende", "afgesproken", "afgerond"]:
        expect(history).to_contain_text(action)
    assert_accessible(page)

    page.goto("/pop/afdrukken")
    assert_accessible(page)
