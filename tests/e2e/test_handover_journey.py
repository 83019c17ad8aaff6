"""A manager handover mid-cycle, in the browser: Marieke prepares Sanne's functioneringsgesprek,
HR gives Sanne another manager, Karim finds the planned conversation and Sanne's open goals but
not Marieke's notes, and Marieke keeps her notes; both were told."""

import re

from playwright.sync_api import expect

from pop.models import ConversationKind, GoalStatus
from tests.conversations.factories import make_conversation, make_cycle, make_goal
from tests.e2e.test_every_page_accessible import sideways_overflow

NOTES = "Doorvragen over de werkdruk sinds de reorganisatie."


def test_a_manager_handover_mid_cycle(app, page, org, browser_login, assert_accessible):
    cycle = make_cycle(app)
    conversation = make_conversation(app, org.employee, org.manager, cycle, ConversationKind.REVIEW)
    make_goal(app, org.employee, cycle, GoalStatus.PROPOSED, title="Beter plannen")
    make_goal(app, org.employee, cycle, GoalStatus.IN_PROGRESS, title="Verslagen schrijven")
    too_wide: list[str] = []

    def check(page) -> None:
        assert_accessible(page)
        too_wide.extend(sideways_overflow(page))

    def switch_to(user_id: int) -> None:
        page.context.clear_cookies()
        browser_login(user_id)

    # Marieke prepares the conversation with notes only she reads.
    browser_login(org.manager)
    page.goto(f"/gesprekken/{conversation}/voorbereiden")
    check(page)
    page.get_by_label("Mijn voorbereiding (alleen voor mij zichtbaar)").fill(NOTES)
    page.get_by_role("button", name="Voorbereiding opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Je voorbereiding is opgeslagen.")
    expect(page.get_by_text(NOTES)).to_be_visible()

    # HR gives Sanne Karim as her manager.
    switch_to(org.hr)
    page.goto(f"/hr/medewerkers/{org.employee}")
    check(page)
    page.get_by_label("Leidinggevende", exact=True).select_option(str(org.other_manager))
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("status").first).to_be_visible()
    check(page)
    # HR sees that Marieke's preparation exists, not what it says.
    page.goto(f"/gesprekken/{conversation}")
    kept = page.get_by_role("region", name="Voorbereiding van een vorige leidinggevende")
    expect(kept).to_contain_text("Marieke Manager had dit gesprek voorbereid")
    expect(page.get_by_text(NOTES)).to_have_count(0)
    check(page)

    # Karim is told, and finds Sanne, her open goals and the planned conversation.
    switch_to(org.other_manager)
    page.goto("/meldingen/")
    expect(page.get_by_role("main")).to_contain_text(
        "Sanne Medewerker heeft nu jou als leidinggevende, in plaats van Marieke Manager. "
        "1 gepland gesprek gaat naar je over. 1 doel wacht op je akkoord."
    )
    expect(page.get_by_role("main")).to_contain_text(
        'Sanne Medewerker stelt het doel "Beter plannen" voor.'
    )
    check(page)
    page.get_by_role("link", name=re.compile("heeft nu jou als leidinggevende")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sanne Medewerker")
    expect(page.get_by_role("main")).to_contain_text("Beter plannen")
    expect(page.get_by_role("main")).to_contain_text("Verslagen schrijven")
    check(page)
    page.goto("/team/")
    expect(page.get_by_role("main")).to_contain_text("Sanne Medewerker")
    check(page)
    page.goto(f"/gesprekken/{conversation}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sanne Medewerker")
    expect(page.get_by_text(NOTES)).to_have_count(0)
    check(page)
    page.goto(f"/gesprekken/{conversation}/voorbereiden")
    expect(page.get_by_label("Mijn voorbereiding (alleen voor mij zichtbaar)")).to_have_value("")
    check(page)

    # Marieke is told too; her notes are kept for her, and Sanne has left her team view.
    switch_to(org.manager)
    page.goto("/meldingen/")
    expect(page.get_by_role("main")).to_contain_text(
        "Sanne Medewerker heeft nu Karim Manager als leidinggevende."
    )
    page.get_by_role("link", name=re.compile("heeft nu Karim Manager")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaarde voorbereiding")
    expect(page.get_by_role("main")).to_contain_text(NOTES)
    expect(page.get_by_role("main")).to_contain_text("Karim Manager")
    check(page)
    page.goto("/team/")
    expect(page.get_by_role("main")).not_to_contain_text("Sanne Medewerker")
    assert page.goto(f"/gesprekken/{conversation}").status == 404
    assert not too_wide, "\n".join(too_wide)
