"""HR uploads a document whose competency differs from the stored one used elsewhere, reads the
difference, chooses to adopt it, looks again, and confirms. Every page is scanned with axe-core."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from pop import PROJECT_ROOT
from pop.catalogue.importer import import_path
from pop.extensions import db
from pop.models import Competency
from tests.catalogue.test_competency_versions import OTHER_TEXT, other_document

SEED = PROJECT_ROOT / "seeds" / "functions" / "000_86635a2c460ee1b5.txt"


@pytest.fixture
def app_config() -> dict:
    return {"WTF_CSRF_ENABLED": True}


def test_hr_sees_a_shared_competency_conflict_and_adopts_the_new_text(
    app, page, org, browser_login, assert_accessible, tmp_path
):
    with app.app_context():
        import_path(SEED, actor=None)
    document = tmp_path / "baliemedewerker.txt"
    document.write_bytes(other_document())
    browser_login(org.hr)
    page.goto("/functies/importeren")
    page.get_by_label("Functiebeschrijvingen").set_input_files(str(document))
    page.get_by_role("button", name="Bestanden lezen").click()

    conflict = page.get_by_role("region", name="Competentie 1: Klantgerichtheid")
    expect(conflict).to_contain_text("apart gehouden voor deze functie")
    expect(conflict).to_contain_text("Accountmanager dienstverlening")
    conflict.get_by_text("Verschil met de opgeslagen tekst").click()
    expect(conflict.get_by_text(OTHER_TEXT)).to_be_visible()
    expect(conflict.get_by_label(re.compile("^Apart houden"))).to_be_checked()
    assert_accessible(page)

    conflict.get_by_label(re.compile("^Overnemen")).check()
    page.get_by_role("button", name="Opnieuw bekijken met deze keuzes").click()
    conflict = page.get_by_role("region", name="Competentie 1: Klantgerichtheid")
    expect(conflict).to_contain_text("nieuwe versie voor elke functie die haar gebruikt")
    expect(conflict.get_by_label(re.compile("^Overnemen"))).to_be_checked()
    assert_accessible(page)

    page.get_by_role("button", name="Import bevestigen").click()
    expect(page.get_by_role("status")).to_contain_text("Import klaar: 1 nieuw")
    with app.app_context():
        texts = db.session.scalars(
            select(Competency.description).where(
                Competency.name == "Klantgerichtheid", Competency.retired_at.is_(None)
            )
        ).all()
        assert texts == [OTHER_TEXT]
