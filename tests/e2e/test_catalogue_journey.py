"""HR imports the seed through the browser, reviews and completes it; an employee reads their
function. Every page reached is scanned with axe-core."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from pop import PROJECT_ROOT
from pop.extensions import db
from pop.models import JobFunction, User

SEED = PROJECT_ROOT / "seeds" / "functions" / "000_86635a2c460ee1b5.txt"


@pytest.fixture
def app_config(tmp_path) -> dict:
    return {"WTF_CSRF_ENABLED": True, "CATALOGUE_IMPORT_FOLDER": str(tmp_path / "imports")}


def give_function(app, user_id: int) -> None:
    with app.app_context():
        function = db.session.scalar(select(JobFunction))
        user = db.session.get(User, user_id)
        user.function_id = function.id
        user.function_level_id = function.levels[0].id
        db.session.commit()


def test_hr_imports_reviews_and_completes_a_function_then_an_employee_reads_it(
    app, page, org, browser_login, assert_accessible
):
    browser_login(org.hr)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Functies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Functies")
    assert_accessible(page)

    page.get_by_role("link", name="Functiebeschrijvingen importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Functiebeschrijvingen importeren")
    assert_accessible(page)
    page.get_by_label("Functiebeschrijvingen").set_input_files(str(SEED))
    page.get_by_role("button", name="Bestanden lezen").click()

    expect(page.get_by_role("heading", name="Controleer wat POP gelezen heeft")).to_be_visible()
    expect(page.get_by_text("competentie 1 heeft geen naam").first).to_be_visible()
    expect(page.get_by_text("de functie heeft geen titel")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(SEED.name))
    expect(row).to_contain_text("nieuw")
    assert_accessible(page)
    page.get_by_role("button", name="Import bevestigen").click()

    expect(page).to_have_url(re.compile(r"/functies/$"))
    expect(page.get_by_role("status")).to_contain_text("Import klaar: 1 nieuw")
    assert_accessible(page)

    page.get_by_role("link", name=SEED.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SEED.name)
    expect(page.get_by_role("heading", name="Resultaatgebieden")).to_be_visible()
    expect(page.get_by_text("Wensen/eisen van de klant", exact=True).first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Functie bewerken").click()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Accountmanager dienstverlening")
    page.get_by_label("Of een nieuwe functiefamilie").fill("Dienstverlening")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accountmanager dienstverlening")
    expect(page.get_by_role("status")).to_contain_text("is opgeslagen")
    assert_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Competenties"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Competenties")
    assert_accessible(page)
    library = page.get_by_role("table", name="Competentiebibliotheek")
    library.get_by_role("row").nth(1).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ideeën en informatie helder")
    assert_accessible(page)

    page.get_by_role("link", name="Naam bewerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Competentie bewerken")
    assert_accessible(page)
    page.get_by_label("Naam", exact=True).fill("Schriftelijke uitdrukkingsvaardigheid")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Schriftelijke uitdrukkingsvaardigheid"
    )
    expect(page.get_by_role("status")).to_contain_text("Schriftelijke uitdrukkingsvaardigheid")
    assert_accessible(page)

    give_function(app, org.employee)
    page.get_by_role("button", name="Uitloggen").click()
    browser_login(org.employee)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Mijn functie"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn functie")
    expect(page.get_by_text("Accountmanager dienstverlening").first).to_be_visible()
    expect(page.get_by_role("link", name="Schriftelijke uitdrukkingsvaardigheid")).to_be_visible()
    expect(page.get_by_text("schaal 11")).to_be_visible()
    assert_accessible(page)


def test_an_upload_that_is_not_a_function_description_is_refused_accessibly(
    page, org, browser_login, assert_accessible, tmp_path
):
    not_a_document = tmp_path / "foto.txt"
    not_a_document.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    browser_login(org.hr)
    page.goto("/functies/importeren")
    page.get_by_label("Functiebeschrijvingen").set_input_files(str(not_a_document))
    page.get_by_role("button", name="Bestanden lezen").click()
    expect(page.get_by_text("foto.txt, regel 1: ongeldige byte 0x89")).to_be_visible()
    expect(page.get_by_role("button", name="Import bevestigen")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Functiebeschrijvingen").set_input_files([])
    page.get_by_role("button", name="Bestanden lezen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies minstens één functiebeschrijving")
    assert_accessible(page)


def test_employee_without_a_function_gets_a_friendly_page(
    page, org, browser_login, assert_accessible
):
    browser_login(org.employee)
    page.goto("/functies/mijn-functie")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn functie")
    expect(page.get_by_text("HR heeft nog geen functie aan je gekoppeld")).to_be_visible()
    assert_accessible(page)
