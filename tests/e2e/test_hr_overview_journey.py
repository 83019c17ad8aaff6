"""HR in the browser: filter the dashboard, drill down to a list, export it; axe-core throughout."""

import pytest
from playwright.sync_api import expect

from pop.models import Role
from tests.hr_overview.conftest import generate, make_catalogue


@pytest.fixture
def hr_catalogue(app):
    return make_catalogue(app)


@pytest.fixture
def hr_adviser(make_user, hr_catalogue):
    return make_user(
        "Hanna HR", roles={Role.HR}, department_id=hr_catalogue.departments["Gemeente"]
    )


def test_hr_filters_the_dashboard_drills_down_and_exports(
    app, page, hr_catalogue, hr_adviser, browser_login, assert_accessible
):
    catalogue = hr_catalogue
    generate(app, catalogue, 150)
    browser_login(hr_adviser)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overzicht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht van de organisatie")
    expect(
        page.get_by_role("img", name="Dekking: medewerkers naar stand van hun POP")
    ).to_be_visible()
    assert_accessible(page)

    # Filter on Sociaal Domein (with Jeugd and Wmo).
    page.get_by_label("Afdeling", exact=True).select_option(label="Gemeente › Sociaal Domein")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_text("Afdeling: Gemeente › Sociaal Domein")).to_be_visible()
    assert_accessible(page)

    # Drill down: the employees without a POP in Sociaal Domein, from the table folded away
    # beneath the coverage chart.
    coverage = page.get_by_role("table", name="Medewerkers naar stand van hun POP")
    expect(coverage).to_be_hidden()
    page.locator("summary", has_text="Tabel bij deze grafiek").first.click()
    expect(coverage).to_be_visible()
    row = coverage.get_by_role("row", name="zonder doelen")
    count = row.get_by_role("link").inner_text()
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medewerkers zonder doelen")
    expect(page.get_by_text("Afdeling: Gemeente › Sociaal Domein")).to_be_visible()
    expect(page.locator("caption")).to_contain_text(f"{count} medewerker")
    assert_accessible(page)

    # Export the list.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Deze lijst als CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("pop-medewerkers-")
    lines = download.path().read_text(encoding="utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Personeelsnummer,Naam")
    assert len(lines) == int(count) + 1

    for link in ["Rapportages", "Cycli", "Auditlog", "Privacy"]:
        page.get_by_role("navigation", name="HR-overzicht").get_by_role("link", name=link).click()
        assert_accessible(page)
    for url in [
        "/hr/rapportages/functies",
        "/hr/rapportages/voortgang",
        "/hr/rapportages/gesprekken",
        "/hr/rapportages/competenties",
        "/hr/overzicht/doelen?te-laat=1",
        f"/hr/cycli/{catalogue.cycle_id}/sluiten",
        f"/hr/cycli/{catalogue.cycle_id}/kalender",
        "/hr/cycli/nieuw",
        "/mijn-gegevens",
    ]:
        page.goto(url)
        assert_accessible(page)
