"""A cycle without ratings in the browser: HR opens it, a beoordelingsgesprek is prepared, held
and signed with notes and agreements only, and nowhere asks for or shows a rating.

Every page the journey reaches is scanned with axe-core.
"""

import io
import re
from datetime import date

from playwright.sync_api import expect
from pypdf import PdfReader

from pop.extensions import db
from pop.models import Conversation, ConversationRating, Cycle
from tests.conversations.factories import TODAY, make_function

COMPETENCY = "Klantgerichtheid (Beleidsmedewerker)"
NO_RATINGS = "In deze cyclus worden geen oordelen gegeven."


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def test_a_conversation_held_and_signed_in_a_cycle_without_ratings(
    app, page, org, browser_login, assert_accessible
):
    make_function(app, [org.employee])
    year = TODAY.year

    # HR opens the cycle and chooses: no ratings.
    browser_login(org.hr)
    page.goto("/hr/cycli/nieuw")
    assert_accessible(page)
    page.get_by_label("Naam").fill(str(year))
    page.get_by_label("Begindatum").fill(date(year, 1, 1).isoformat())
    page.get_by_label("Einddatum").fill(date(year, 12, 31).isoformat())
    page.get_by_label("Gesprekken zonder oordelen (het goede gesprek)").check()
    page.get_by_role("button", name="Cyclus openen").click()
    expect(page.get_by_role("status")).to_contain_text(f"De cyclus {year} is geopend.")
    expect(page.get_by_role("link", name=f"Oordelen in {year}: uit")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Oordelen in {year}: uit").click()
    expect(page.get_by_label("Gesprekken zonder oordelen (het goede gesprek)")).to_be_checked()
    assert_accessible(page)
    log_out(page)

    # The manager plans the beoordelingsgesprek.
    browser_login(org.manager)
    page.goto("/gesprekken/nieuw")
    page.get_by_label("Medewerker").select_option(str(org.employee))
    page.get_by_role("group", name="Soort gesprek").get_by_label("beoordelingsgesprek").check()
    page.get_by_label("Datum").fill(TODAY.isoformat())
    page.get_by_role("button", name="Plannen").click()
    expect(page.get_by_role("status")).to_contain_text("Het gesprek is gepland.")
    conversation_url = page.url
    assert_accessible(page)
    log_out(page)

    # The employee writes a self-assessment: notes per competency, no ratings.
    browser_login(org.employee)
    page.goto(conversation_url)
    page.get_by_role("link", name="Zelfevaluatie invullen").click()
    expect(page.get_by_role("radio")).to_have_count(0)
    expect(page.get_by_text(NO_RATINGS)).to_be_visible()
    assert_accessible(page)
    page.get_by_label(f"Toelichting bij {COMPETENCY}").fill("Ik luister goed naar bewoners.")
    page.get_by_label("Reflectie").fill("Een leerzaam jaar in de wijk.")
    page.get_by_role("button", name="Indienen bij mijn leidinggevende").click()
    expect(page.get_by_role("status")).to_contain_text("ingediend")
    assert_accessible(page)
    log_out(page)

    # The manager records the conversation without ratings, agrees an action and signs.
    browser_login(org.manager)
    page.goto(conversation_url)
    page.get_by_role("link", name="Gesprek vastleggen").click()
    expect(page.get_by_role("radio")).to_have_count(0)
    expect(page.get_by_role("heading", name="Eindoordeel")).to_have_count(0)
    expect(page.get_by_text("Ik luister goed naar bewoners.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Doelen en voortgang").fill("De doelen liggen op schema.")
    page.get_by_label(f"Toelichting bij {COMPETENCY}").fill("Vraagt bewoners steeds door.")
    page.get_by_role("button", name="Verslag opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Het gesprek is vastgelegd.")
    expect(page.get_by_text(NO_RATINGS)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Wat is er afgesproken?").fill("Volgt de training gespreksvoering")
    page.get_by_label("Uiterlijk klaar op").fill(date(year, 12, 1).isoformat())
    page.get_by_role("button", name="Afspraak toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("De afspraak is toegevoegd.")
    page.get_by_role("button", name="Afronden en ondertekenen").click()
    expect(page.get_by_role("status")).to_contain_text("Je hebt het verslag ondertekend.")
    assert_accessible(page)
    log_out(page)

    # The employee signs "voor gezien"; the report and its PDF hold no rating.
    browser_login(org.employee)
    page.goto(conversation_url)
    page.get_by_role("button", name="Voor gezien tekenen").click()
    expect(page.get_by_role("status")).to_contain_text("voor gezien getekend")
    assert_accessible(page)
    page.get_by_role("link", name="Verslag afdrukken").click()
    expect(page.get_by_text("Vraagt bewoners steeds door.")).to_be_visible()
    expect(page.get_by_text("Volgt de training gespreksvoering")).to_be_visible()
    expect(page.get_by_text(NO_RATINGS)).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("^(Eindoordeel|Beoordeling per competentie)$"))
    ).to_have_count(0)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als PDF").click()
    pdf = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    text = " ".join("".join(p.extract_text() for p in pdf.pages).split())
    assert "Volgt de training gespreksvoering" in text
    assert "Eindoordeel" not in text
    log_out(page)

    with app.app_context():
        conversation = db.session.scalar(db.select(Conversation))
        assert conversation.is_signed
        assert conversation.report.content["rating_scale"] == []
        assert db.session.scalar(db.select(db.func.count(ConversationRating.id))) == 0
        cycle_id = db.session.scalar(db.select(Cycle.id).where(Cycle.name == str(year)))

    # HR's dashboard says the cycle has no ratings instead of an empty chart; the choice is fixed.
    browser_login(org.hr)
    page.goto(f"/hr/overzicht?cycle={cycle_id}")
    expect(
        page.get_by_text(
            "Deze cyclus werkt zonder oordelen: er zijn geen eindoordelen om te tonen."
        )
    ).to_be_visible()
    assert_accessible(page)
    page.goto(f"/hr/cycli/{cycle_id}/oordelen")
    expect(page.get_by_text("al een gesprek ondertekend")).to_be_visible()
    assert_accessible(page)
