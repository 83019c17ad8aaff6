"""The screens people use every week, at 1280 and at 375 CSS pixels: a screenshot of each (kept as
a test artefact), axe-core on each, and no sideways scrolling (scrollWidth ≤ the window's width).

Screenshots go to test-artifacts/screenshots/ (gitignored), or to POP_SCREENSHOT_DIR.
"""

import os
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import select

from pop.catalogue.importer import import_path
from pop.demo import FUNCTIONS_DIR
from pop.extensions import db
from pop.models import ConversationStatus, GoalStatus, JobFunction, User
from tests.conversations import factories

WIDTHS = (1280, 375)
SCREENSHOTS = Path(
    os.environ.get("POP_SCREENSHOT_DIR")
    or Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
)

# name: (who looks, the page)
SCREENS = {
    "start-employee": ("employee", "/"),
    "start-manager": ("manager", "/"),
    "start-hr": ("hr", "/"),
    "start-admin": ("admin", "/"),
    "team": ("manager", "/team/"),
    "appraisal-form": ("manager", "/gesprekken/{appraisal}/vastleggen"),
    "goal": ("employee", "/pop/doelen/{goal}"),
    "goal-proposed-manager": ("manager", "/pop/doelen/{proposal}"),
    "tip-picker": ("employee", "/pop/tips"),
    "hr-dashboard": ("hr", "/hr/overzicht"),
}


@pytest.fixture
def year_of_work(app, org) -> dict[str, int]:
    """A cycle, the seed function for the team, goals in several states and an appraisal."""
    cycle_id = factories.make_cycle(app)
    with app.app_context():
        import_path(FUNCTIONS_DIR, actor=None)
        function = db.session.scalar(select(JobFunction).order_by(JobFunction.id))
        for person in (org.employee, org.colleague):
            db.session.get(User, person).function_id = function.id
        db.session.commit()
    goal = factories.make_goal(
        app,
        org.employee,
        cycle_id,
        GoalStatus.IN_PROGRESS,
        check_ins=3,
        title="Helder schrijven in verslagen van het werkoverleg",
    )
    factories.make_goal(app, org.employee, cycle_id, GoalStatus.CONCEPT, title="Presenteren")
    proposal = factories.make_goal(
        app, org.colleague, cycle_id, GoalStatus.PROPOSED, title="Beter plannen"
    )
    appraisal = factories.make_conversation(
        app,
        org.employee,
        org.manager,
        cycle_id,
        status=ConversationStatus.PREPARED,
        planned_on=date.today(),
        planned_time=time(10, 0),
        location="Stadhuis, kamer 4.12",
    )
    return {"goal": goal, "proposal": proposal, "appraisal": appraisal}


def too_wide(page, width: int) -> str | None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    return f"{page.url} is {scroll_width} px wide at {width} px" if scroll_width > width else None


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_at_desktop_and_phone_width(
    page, org, year_of_work, browser_login, assert_accessible, name
):
    who, template = SCREENS[name]
    browser_login(getattr(org, who))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(template.format(**year_of_work))
        assert response.status == 200, f"{name} as {who}"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        assert_accessible(page)
        problems.append(too_wide(page, width))
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems)
    for width in WIDTHS:
        assert (SCREENSHOTS / f"{name}-{width}.png").stat().st_size > 0


def test_hr_dashboard_shows_its_key_figures_on_one_screen_before_the_charts(
    page, org, year_of_work, browser_login
):
    browser_login(org.hr)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/hr/overzicht")
    figures = page.locator("dl.key-figures")
    box = figures.bounding_box()
    assert box["y"] + box["height"] <= 800, box
    first_chart = page.locator('svg[role="img"]').first
    assert first_chart.bounding_box()["y"] > box["y"] + box["height"]
    # Each chart's table is folded away beneath it, and opens with its summary.
    table = page.get_by_role("table", name="Medewerkers naar stand van hun POP")
    assert not table.is_visible()
    page.locator("summary", has_text="Tabel bij deze grafiek").first.click()
    assert table.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "hr-dashboard-1280x800.png"))
