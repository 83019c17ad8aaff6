"""A full appraisal in the browser: plan, self-assess, record, agree a goal, sign, download.

Every page the journey reaches is scanned with axe-core.
"""

import re
from datetime import date

from playwright.sync_api import expect

from tests.conversations.factories import TODAY, make_cycle, make_function


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def open_conversation(page) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gesprekken").click()
    page.get_by_role("link", name=re.compile(r"^Beoordelingsgesprek")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beoordelingsgesprek met")


def test_full_appraisal(app, page, org, browser_login, assert_accessible, tmp_path):
    make_cycle(app)
    function = make_function(app, [org.employee, org.colleague])
    competency = "Klantgerichtheid (Beleidsmedewerker)"
    due = date(TODAY.year, 12, 31).isoformat()

    # The manager looks at the team, plans the appraisal and prepares it.
    browser_login(org.manager)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn team").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mijn team")
    assert_accessible(page)
    page.get_by_role("link", name="Matrix: medewerkers × competenties").click()
    expect(page.get_by_role("columnheader", name=competency)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Lijst").click()
    page.get_by_role("link", name="plannen beoordelingsgesprek met Sanne Medewerker").click()
    expect(page.get_by_label("Medewerker")).to_have_value(str(org.employee))
    assert_accessible(page)
    page.get_by_label("Datum").fill(TODAY.isoformat())
    page.get_by_role("button", name="Plannen").click()
    expect(page.get_by_role("status")).to_contain_text("Het gesprek is gepland.")
    assert_accessible(page)
    conversation_url = page.url

    page.get_by_role("link", name="Voorbereiden").click()
    expect(page.get_by_text("Vraag over klantgerichtheid?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Mijn voorbereiding (alleen voor mij zichtbaar)").fill(
        "Doorvragen op de samenwerking met het team."
    )
    page.get_by_role("button", name="Voorbereiding opslaan").click()
    expect(page.get_by_text("voorbereid", exact=True)).to_be_visible()

    page.get_by_role("link", name="Sanne Medewerker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sanne Medewerker")
    assert_accessible(page)
    log_out(page)

    # The employee fills in the self-assessment and submits it.
    browser_login(org.employee)
    open_conversation(page)
    expect(page.get_by_text("Doorvragen op de samenwerking")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Zelfevaluatie invullen").click()
    assert_accessible(page)
    page.get_by_role("group", name=f"Oordeel over {competency} als geheel").get_by_label(
        "3 · voldoende"
    ).check()
    page.get_by_role("group", name="Klantgerichtheid: luistert goed.").get_by_label(
        "4 · goed"
    ).check()
    page.get_by_label("Reflectie").fill("Ik wil beter doorvragen bij klanten.")
    page.get_by_role("button", name="Indienen bij mijn leidinggevende").click()
    expect(page.get_by_role("status")).to_contain_text("ingediend")
    page.get_by_role("link", name="Zelfevaluatie bekijken").click()
    expect(page.get_by_role("cell", name="goed", exact=True)).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # The manager records the conversation, an agreement that becomes a goal, and signs.
    browser_login(org.manager)
    page.goto(conversation_url)
    expect(page.get_by_text("Ik wil beter doorvragen bij klanten.")).to_be_visible()
    page.get_by_role("link", name="Voorbereiden").click()
    expect(page.get_by_text("Ik wil beter doorvragen bij klanten.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar het gesprek").click()
    page.get_by_role("link", name="Gesprek vastleggen").click()
    expect(page.get_by_text("Zelfevaluatie: voldoende")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Doelen en voortgang").fill("De doelen liggen op schema.")
    page.get_by_role("group", name=f"Oordeel over {competency} als geheel").get_by_label(
        "4 · goed"
    ).check()
    page.get_by_label(f"Toelichting bij {competency}").fill("Vraagt klanten steeds door.")
    page.get_by_role("group", name="Eindoordeel").get_by_label("4 · goed").check()
    page.get_by_label("Motivering van het eindoordeel").fill("Een sterk jaar met zichtbare groei.")
    page.get_by_role("button", name="Verslag opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Het gesprek is vastgelegd.")
    page.goto(f"{conversation_url}/verslag")
    expect(page.get_by_text("Vraagt klanten steeds door.")).to_be_visible()
    assert_accessible(page)
    page.goto(conversation_url)

    page.get_by_label("Wat is er afgesproken?").fill("Volgt de cursus klantgericht schrijven")
    page.get_by_label("Uiterlijk klaar op").fill(due)
    page.get_by_label("Competentie (optioneel)").select_option(str(function.competencies[0]))
    page.get_by_role("button", name="Afspraak toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("De afspraak is toegevoegd.")
    page.get_by_role("button", name="Maak hiervan een doel").click()
    expect(page.get_by_role("status")).to_contain_text("voorgesteld doel")
    expect(page.get_by_role("link", name="Volgt de cursus klantgericht schrijven")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Afronden en ondertekenen").click()
    expect(page.get_by_role("status")).to_contain_text("Je hebt het verslag ondertekend.")
    assert_accessible(page)
    log_out(page)

    # The employee adds a zienswijze, signs "voor gezien" and downloads the PDF.
    browser_login(org.employee)
    open_conversation(page)
    page.get_by_label("Mijn zienswijze").fill("Ik herken mij in het verslag.")
    page.get_by_role("button", name="Zienswijze opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Je zienswijze is opgeslagen.")
    page.get_by_role("button", name="Voor gezien tekenen").click()
    expect(page.get_by_role("status")).to_contain_text("voor gezien getekend")
    expect(page.get_by_text("ondertekend", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Verslag afdrukken").click()
    expect(page.get_by_text("Ik herken mij in het verslag.")).to_be_visible()
    expect(page.get_by_text("Doorvragen op de samenwerking")).to_have_count(0)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn POP").click()
    expect(page.get_by_role("link", name="Volgt de cursus klantgericht schrijven")).to_be_visible()
    log_out(page)

    # The manager reads the ratings history of the competency.
    browser_login(org.manager)
    page.goto(f"/team/medewerker/{org.employee}/competenties/{function.competencies[0]}")
    expect(page.get_by_role("img", name=f"Beoordelingen van {competency}")).to_be_visible()
    assert_accessible(page)
    page.goto("/gesprekken/")
    assert_accessible(page)


def test_hr_sees_status_and_judgement_only(app, page, org, browser_login, assert_accessible):
    from pop.models import ConversationStatus
    from tests.conversations.factories import add_rating, make_conversation

    cycle_id = make_cycle(app)
    function = make_function(app, [org.employee])
    conversation_id = make_conversation(
        app,
        org.employee,
        org.manager,
        cycle_id,
        status=ConversationStatus.HELD,
        preparation_notes="Alleen voor de leidinggevende.",
        overall_rating=3,
        overall_motivation="Op niveau gewerkt.",
    )
    add_rating(app, conversation_id, function.competencies[0], 3)
    browser_login(org.hr)
    page.goto(f"/team/medewerker/{org.employee}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sanne Medewerker")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Beoordelingsgesprek")).click()
    expect(page.get_by_text("Op niveau gewerkt.")).to_be_visible()
    expect(page.get_by_text("Alleen voor de leidinggevende.")).to_have_count(0)
    assert_accessible(page)


def test_team_view_filters_and_sorting_are_accessible(
    app, page, org, browser_login, assert_accessible
):
    make_cycle(app)
    make_function(app, [org.employee, org.colleague])
    browser_login(org.manager)
    page.goto("/team/")
    page.get_by_role("link", name=re.compile(r"^Gemiddelde voortgang")).click()
    expect(
        page.get_by_role("columnheader", name=re.compile("Gemiddelde voortgang"))
    ).to_have_attribute("aria-sort", "ascending")
    page.get_by_label("Zoek op naam").fill("sanne")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("link", name="Pieter Collega")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"/team/medewerker/{org.employee}")
    assert_accessible(page)
