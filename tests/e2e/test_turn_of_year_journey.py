"""The turn of the year, in the browser: HR closes this year's cycle and opens the next; Sanne
lands in the new cycle, reads the closed one back without being able to change it, and
continues an open goal in the new cycle."""

import re
from datetime import date

from playwright.sync_api import expect

from pop.models import GoalStatus
from tests.conversations.factories import make_cycle, make_goal
from tests.e2e.test_every_page_accessible import sideways_overflow

YEAR = date.today().year
NEXT = YEAR + 1
CLOSED_MESSAGE = f"De cyclus {YEAR} is gesloten: voortgang kan er niet meer bij."


def test_the_turn_of_the_year(app, page, org, browser_login, assert_accessible):
    cycle = make_cycle(app)
    goal = make_goal(
        app, org.employee, cycle, GoalStatus.IN_PROGRESS, title="Verslagen schrijven", progress=40
    )
    make_goal(app, org.employee, cycle, GoalStatus.DONE, title="Cursus afgerond", progress=100)
    too_wide: list[str] = []

    def check(page) -> None:
        assert_accessible(page)
        too_wide.extend(sideways_overflow(page))

    # HR closes this year's cycle, leaving the unfinished goals where they are, and opens the next.
    browser_login(org.hr)
    page.goto("/hr/cycli")
    check(page)
    page.get_by_role("link", name=f"{YEAR} sluiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Cyclus {YEAR} sluiten")
    check(page)
    page.get_by_label("Laten staan in deze cyclus (ze gaan niet mee)").check()
    page.get_by_role("button", name="Cyclus sluiten").click()
    expect(page.get_by_role("status").first).to_contain_text(f"De cyclus {YEAR} is gesloten.")
    check(page)
    page.get_by_role("link", name="Nieuwe cyclus openen").click()
    check(page)
    page.get_by_label("Naam").fill(str(NEXT))
    page.get_by_label("Begindatum").fill(f"{NEXT}-01-01")
    page.get_by_label("Einddatum").fill(f"{NEXT}-12-31")
    page.get_by_role("button", name=re.compile("openen", re.IGNORECASE)).click()
    expect(page.get_by_role("status").first).to_contain_text(f"De cyclus {NEXT} is geopend.")
    check(page)

    # Sanne lands in the new cycle, with a way back to the closed one.
    page.context.clear_cookies()
    browser_login(org.employee)
    page.goto("/pop/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"cyclus {NEXT}")
    expect(page.get_by_role("link", name="Nieuw doel")).to_be_visible()
    check(page)
    page.get_by_role("link", name=f"Mijn POP van cyclus {YEAR}").click()

    # The closed cycle is read back: no new goals, no progress.
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"cyclus {YEAR}")
    expect(page.get_by_role("heading", name="Deze cyclus is gesloten")).to_be_visible()
    expect(page.get_by_role("link", name="Nieuw doel")).to_have_count(0)
    expect(page.get_by_role("link", name=f"Naar je POP van cyclus {NEXT}")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Verslagen schrijven").click()
    expect(page.get_by_role("heading", name=f"De cyclus {YEAR} is gesloten")).to_be_visible()
    expect(page.get_by_role("link", name="Voortgang vastleggen")).to_have_count(0)
    expect(page.get_by_role("link", name="Wijzigen")).to_have_count(0)
    check(page)
    goal_url = page.url

    # A check-in through an old link is refused with a message that says why.
    page.goto(f"/pop/doelen/{goal}/voortgang")
    expect(page.get_by_role("alert").first).to_contain_text(CLOSED_MESSAGE)
    assert page.url == goal_url
    check(page)

    # The open goal continues in the new cycle, once.
    page.get_by_role("button", name="Voortzetten in de nieuwe cyclus").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"Het doel loopt verder in cyclus {NEXT}."
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verslagen schrijven")
    check(page)
    page.goto("/pop/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"cyclus {NEXT}")
    expect(page.get_by_role("link", name="Verslagen schrijven")).to_be_visible()
    expect(page.get_by_role("link", name="Cursus afgerond")).to_have_count(0)
    check(page)
    page.goto(goal_url)
    expect(page.get_by_role("link", name=f"Het doel loopt verder in cyclus {NEXT}")).to_be_visible()
    expect(page.get_by_role("button", name="Voortzetten in de nieuwe cyclus")).to_have_count(0)
    check(page)
    assert not too_wide, "\n".join(too_wide)
