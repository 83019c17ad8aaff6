"""A team goal adopted by two members, in the browser: the manager makes it, one member adopts
it as it stands, another adapts it, and the progress shows in the team view and to HR."""

import re
from datetime import date

from playwright.sync_api import expect

from tests.conversations.factories import make_cycle
from tests.e2e.test_every_page_accessible import sideways_overflow

YEAR = date.today().year


def test_a_team_goal_adopted_by_two_members(app, page, org, browser_login, assert_accessible):
    make_cycle(app)
    too_wide: list[str] = []

    def check(page) -> None:
        assert_accessible(page)
        too_wide.extend(sideways_overflow(page))

    def switch_to(user_id: int) -> None:
        page.context.clear_cookies()
        browser_login(user_id)

    # The manager makes a goal for their team, from the team view.
    browser_login(org.manager)
    page.goto("/team/")
    expect(page.get_by_role("heading", name="Teamdoelen")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Nieuw teamdoel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw team- of afdelingsdoel")
    check(page)
    page.get_by_label("Titel").fill("Aanvragen binnen vijf dagen")
    page.get_by_role("button", name="Opslaan en aanbieden").click()
    expect(page.get_by_role("alert").first).to_contain_text("Beschrijf wat jullie samen")
    check(page)
    expect(page.get_by_label("Titel")).to_have_value("Aanvragen binnen vijf dagen")
    page.get_by_label("Wat willen we bereiken?").fill(
        "Uit de afdelingsdoelstelling: elke aanvraag is binnen vijf werkdagen afgehandeld."
    )
    page.get_by_label("Hoe zien we dat het gelukt is?").fill("Negen van de tien op tijd.")
    page.get_by_role("button", name="Opslaan en aanbieden").click()
    expect(page.get_by_role("status").first).to_contain_text("aangeboden aan 2 medewerkers")
    shared_url = page.url
    check(page)

    # Sanne finds it on Mijn POP and adopts it as it stands, then records progress.
    switch_to(org.employee)
    page.goto("/pop/")
    offers = page.get_by_role("region", name="Aangeboden door je team of afdeling")
    check(page)
    offers.get_by_role("link", name="Aanvragen binnen vijf dagen").click()
    check(page)
    page.get_by_role("button", name="Overnemen").click()
    expect(page.get_by_role("status").first).to_contain_text("Je hebt het doel overgenomen")
    check(page)
    page.get_by_role("link", name="Voortgang vastleggen").click()
    page.get_by_label("Voortgang in procenten").fill("40")
    page.get_by_label("Wat heb je gedaan").fill("De wachtrij van mijn wijk elke ochtend bekeken.")
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_role("status").first).to_contain_text("De voortgang is vastgelegd.")

    # Pieter adapts it into his own version, which goes to the manager.
    switch_to(org.colleague)
    page.goto("/pop/")
    page.get_by_role("link", name="Aanvragen binnen vijf dagen").click()
    page.get_by_role("link", name="Aanpassen").click()
    expect(page.get_by_label("Titel")).to_have_value("Aanvragen binnen vijf dagen")
    check(page)
    page.get_by_label("Titel").fill("Mijn aanvragen binnen vijf dagen")
    page.get_by_label("Acceptabel").fill("Klanten in mijn wijk wachten nu te lang.")
    page.get_by_label("Realistisch").fill("Een uur per week voor de wachtrij.")
    page.get_by_role("button", name="Opslaan en voorstellen aan je leidinggevende").click()
    expect(page.get_by_role("status").first).to_contain_text("Je eigen versie van het doel")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mijn aanvragen binnen")

    # The manager sees both members on it: taken on by two, Sanne's 40 % the mean so far.
    switch_to(org.manager)
    page.goto("/team/")
    team_goals = page.get_by_role("region", name="Hoe de teamdoelen ervoor staan")
    expect(team_goals).to_contain_text("2 van 2 overgenomen")
    expect(team_goals).to_contain_text("20%")
    check(page)
    page.goto(shared_url)
    members = page.get_by_role("region", name=re.compile("kregen dit doel aangeboden"))
    expect(members.get_by_role("row", name=re.compile("Sanne Medewerker"))).to_contain_text(
        "overgenomen"
    )
    expect(members.get_by_role("row", name=re.compile("Pieter Collega"))).to_contain_text(
        "aangepast"
    )
    check(page)

    # HR sees the same on the dashboard.
    switch_to(org.hr)
    page.goto("/hr/overzicht")
    shared = page.get_by_role("region", name="De nieuwste gedeelde doelen en hoe ze ervoor staan")
    expect(shared).to_contain_text("Aanvragen binnen vijf dagen")
    expect(shared).to_contain_text("2 van 2 overgenomen")
    check(page)
    assert not too_wide, "\n".join(too_wide)
