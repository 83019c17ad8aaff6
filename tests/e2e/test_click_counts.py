"""The core journeys, counted in clicks as a person would make them (typing is not counted).

- From the start page, a development tip becomes a goal proposed to the manager in ≤ 4 clicks.
- From the start page, a manager opens a proposed goal and agrees it in 1 click.
"""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from pop.catalogue.importer import import_path
from pop.demo import FUNCTIONS_DIR
from pop.extensions import db
from pop.models import Goal, GoalStatus, JobFunction, User
from tests.conversations import factories


class Clicks:
    """Clicks through a page and counts them."""

    def __init__(self, page) -> None:
        self.page = page
        self.count = 0

    def click(self, locator) -> None:
        locator.click()
        self.count += 1
        self.page.wait_for_load_state()


def test_a_tip_becomes_a_proposed_goal_in_at_most_four_clicks(
    app, page, org, browser_login, assert_accessible
):
    factories.make_cycle(app)
    with app.app_context():
        import_path(FUNCTIONS_DIR, actor=None)
        function = db.session.scalar(select(JobFunction).order_by(JobFunction.id))
        db.session.get(User, org.employee).function_id = function.id
        db.session.commit()
    browser_login(org.employee)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")

    clicks = Clicks(page)
    clicks.click(page.get_by_role("link", name="Kies een ontwikkeltip of begin een doel"))
    assert_accessible(page)
    clicks.click(page.get_by_role("link", name=re.compile("Maak hiervan een doel")).first)
    expect(page.get_by_role("heading", name="Nieuw doel")).to_be_visible()
    # The title, "Specifiek" and the competency come from the tip; the rest is the person's own.
    assert page.get_by_label("Titel").input_value()
    page.get_by_label("Meetbaar").fill("Drie verslagen, elk besproken met mijn leidinggevende.")
    page.get_by_label("Acceptabel").fill("Heldere verslagen helpen het team en mijn loopbaan.")
    page.get_by_label("Realistisch").fill("Een uur per week; een collega leest mee.")
    if not page.get_by_label("Specifiek").input_value():
        page.get_by_label("Specifiek").fill("Ik schrijf de verslagen van ons werkoverleg zelf.")
    clicks.click(page.get_by_role("button", name=re.compile("Opslaan en voorstellen")))
    expect(page.get_by_role("status").first).to_contain_text("voorgesteld")
    assert_accessible(page)

    assert clicks.count <= 4, f"{clicks.count} clicks from the start page to a proposed goal"
    with app.app_context():
        goal = db.session.scalar(select(Goal).where(Goal.employee_id == org.employee))
        assert goal.status == GoalStatus.PROPOSED.value
        assert goal.source_tip_id is not None


def test_a_manager_agrees_a_goal_from_the_start_page_in_one_click_after_opening_it(
    app, page, org, browser_login, assert_accessible
):
    cycle_id = factories.make_cycle(app)
    goal_id = factories.make_goal(
        app, org.employee, cycle_id, GoalStatus.PROPOSED, title="Helder schrijven"
    )
    browser_login(org.manager)
    waiting = page.get_by_role("list", name="Doelen die wachten op je akkoord")
    expect(waiting).to_contain_text("Sanne Medewerker")
    assert_accessible(page)

    page.get_by_role("link", name="Helder schrijven").click()  # opening the goal
    expect(page.get_by_role("heading", level=1)).to_contain_text("Helder schrijven")
    expect(page.get_by_role("navigation", name="Kruimelpad")).to_contain_text("Mijn team")
    assert_accessible(page)

    clicks = Clicks(page)
    clicks.click(page.get_by_role("button", name=re.compile("^Akkoord")))
    expect(page.get_by_role("status").first).to_contain_text("afgesproken")
    assert clicks.count == 1
    with app.app_context():
        assert db.session.get(Goal, goal_id).status == GoalStatus.AGREED.value
