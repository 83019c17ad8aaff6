"""HR in the browser keeps a cycle's calendar: the cycle's review window, then a window of its own
for Sociaal Domein, a refused one, and taking it away again; axe-core on every state."""

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from pop.extensions import db
from pop.models import ConversationDeadline, Role
from tests.hr_overview.conftest import make_catalogue


@pytest.fixture
def hr_catalogue(app):
    return make_catalogue(app)


@pytest.fixture
def hr_adviser(make_user, hr_catalogue):
    return make_user(
        "Hanna HR", roles={Role.HR}, department_id=hr_catalogue.departments["Gemeente"]
    )


def _stored(app) -> set[tuple[int | None, str, date, date]]:
    with app.app_context():
        return {
            (window.department_id, window.kind, window.opens_on, window.due_on)
            for window in db.session.scalars(select(ConversationDeadline))
        }


def test_hr_sets_a_departments_window_on_the_cycles_calendar(
    app, page, hr_catalogue, hr_adviser, browser_login, assert_accessible
):
    catalogue = hr_catalogue
    year = catalogue.cycle_start.year
    social = catalogue.departments["Sociaal Domein"]
    browser_login(hr_adviser)
    page.goto("/hr/cycli")
    page.get_by_role("link", name=f"Termijnen van {year}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kalender van {year}")
    assert_accessible(page)

    page.get_by_label("Functioneringsgesprek: van").fill(f"{year}-06-01")
    page.get_by_label("Functioneringsgesprek: tot en met").fill(f"{year}-09-30")
    page.get_by_role("button", name="Periodes opslaan").click()
    expect(page.get_by_text(f"De periodes van {year} zijn opgeslagen.")).to_be_visible()
    assert_accessible(page)

    # A window that ends before it opens is refused, with the message beside the field.
    page.get_by_label("Afdeling", exact=True).select_option(label="Gemeente › Sociaal Domein")
    page.get_by_label("Gesprek", exact=True).select_option(label="functioneringsgesprek")
    page.get_by_label("Van", exact=True).fill(f"{year}-05-31")
    page.get_by_label("Tot en met", exact=True).fill(f"{year}-05-01")
    page.get_by_role("button", name="Periode van de afdeling opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "De einddatum mag niet voor de begindatum liggen."
    )
    assert_accessible(page)
    assert not any(department == social for department, *_rest in _stored(app))

    page.get_by_label("Van", exact=True).fill(f"{year}-05-01")
    page.get_by_label("Tot en met", exact=True).fill(f"{year}-05-31")
    page.get_by_role("button", name="Periode van de afdeling opslaan").click()
    expect(
        page.get_by_text(
            "De periode voor het functioneringsgesprek van Sociaal Domein is opgeslagen."
        )
    ).to_be_visible()
    table = page.get_by_role("table", name="Afdelingen met een eigen periode")
    expect(table.get_by_role("rowheader")).to_have_text("Gemeente › Sociaal Domein")
    assert_accessible(page)
    assert (social, "functioneringsgesprek", date(year, 5, 1), date(year, 5, 31)) in _stored(app)

    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("button", name="Weghalen: functioneringsgesprek van Sociaal Domein").click()
    expect(
        page.get_by_text("Sociaal Domein volgt voor het functioneringsgesprek weer de algemene")
    ).to_be_visible()
    assert_accessible(page)
    assert not any(department == social for department, *_rest in _stored(app))
