"""A feedback round with three anonymous colleagues, in the browser: the employee asks three
colleagues before a review, each finds the request from the start page and answers, and the
manager sees the answers only as an aggregate, and only once the third has answered."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from pop.models import ConversationKind
from tests.conversations.factories import TODAY, make_conversation, make_cycle, make_function
from tests.e2e.test_every_page_accessible import sideways_overflow

COMMENTS = ("Luistert echt naar klanten.", "Vraagt goed door.", "Neemt de tijd voor uitleg.")


def test_a_feedback_round_with_three_anonymous_colleagues(
    app, page, org, make_user, browser_login, assert_accessible
):
    cycle_id = make_cycle(app)
    make_function(app, [org.employee])
    third = make_user("Ahmed Adviseur", department_id=org.department_b)
    conversation = make_conversation(
        app,
        org.employee,
        org.manager,
        cycle_id,
        kind=ConversationKind.REVIEW,
        planned_on=TODAY + timedelta(days=20),
    )
    feedback_url = f"/gesprekken/{conversation}/feedback"
    givers = [
        (org.colleague, "Pieter Collega"),
        (org.other_employee, "Lotte Anderteam"),
        (third, "Ahmed Adviseur"),
    ]
    too_wide: list[str] = []

    def check() -> None:
        assert_accessible(page)
        too_wide.extend(sideways_overflow(page))

    def switch_to(user_id: int) -> None:
        page.context.clear_cookies()
        browser_login(user_id)

    # Sanne asks three colleagues, anonymously, from her conversation.
    browser_login(org.employee)
    page.goto(feedback_url)
    check()
    page.get_by_label("Collega zoeken").fill("pop.example")
    page.get_by_role("button", name="Zoeken").click()
    check()
    for _giver, name in givers:
        page.get_by_label(re.compile(f"^{name}")).check()
    page.get_by_label(re.compile("^Anoniem")).check()
    page.get_by_role("button", name="Feedback vragen").click()
    expect(page.get_by_role("status").first).to_contain_text("3 collega's om feedback gevraagd")
    check()

    def manager_sees() -> None:
        switch_to(org.manager)
        page.goto(feedback_url)
        check()

    for number, ((giver, _name), comment) in enumerate(zip(givers, COMMENTS, strict=True), 1):
        # Each colleague finds the request on the start page and answers it.
        switch_to(giver)
        page.get_by_role("link", name="1 collega wacht op je feedback").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Feedback gevraagd")
        check()
        page.get_by_role("link", name="Sanne Medewerker").click()
        expect(page.get_by_text("Dit verzoek is anoniem")).to_be_visible()
        check()
        groups = page.locator("fieldset.rating")
        for index in range(groups.count()):
            groups.nth(index).get_by_label("4 · goed").check()
        page.get_by_label(re.compile("^Toelichting bij")).first.fill(comment)
        page.get_by_role("button", name="Feedback versturen").click()
        expect(page.get_by_role("status").first).to_contain_text("je feedback is verstuurd")
        check()
        expect(page.get_by_role("link", name=re.compile("wacht op je feedback"))).to_have_count(0)

        if number == 2:
            # Two anonymous answers: the manager is told why nothing is shown yet.
            manager_sees()
            expect(page.get_by_text("Er hebben er nu 2 geantwoord")).to_be_visible()
            expect(page.get_by_role("columnheader", name="Anoniem, samengevat")).to_have_count(0)
            for text in COMMENTS:
                expect(page.get_by_text(text)).to_have_count(0)

    # After the third, the aggregate: counts per point and the comments, and no names beside them.
    manager_sees()
    expect(page.get_by_text("Geantwoord: 3")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Anoniem, samengevat").first).to_be_visible()
    expect(page.get_by_text("goed: 3").first).to_be_visible()
    for text in COMMENTS:
        expect(page.get_by_text(text)).to_be_visible()
    expect(page.get_by_role("columnheader", name="Op naam")).to_have_count(0)

    # Sanne herself sees that feedback came in, and that she reads it after the conversation.
    switch_to(org.employee)
    page.goto(feedback_url)
    expect(page.get_by_text("Je ziet de feedback na het gesprek.")).to_be_visible()
    for text in COMMENTS:
        expect(page.get_by_text(text)).to_have_count(0)
    check()
    assert not too_wide, "\n".join(too_wide)
