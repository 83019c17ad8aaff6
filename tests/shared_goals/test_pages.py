"""The shared goal pages: making one, a member's decision, and the progress across members."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import (
    Goal,
    GoalStatus,
    HrScope,
    OfferStatus,
    Role,
    SharedGoal,
    SharedGoalOffer,
    User,
)
from pop.plan.current_cycle import current_cycle
from pop.shared_goals import services
from pop.shared_goals.services import SharedGoalData
from tests.team.arrangements import arrange

YEAR = date.today().year


@pytest.fixture
def cycle_id(app) -> int:
    with app.app_context():
        cycle = current_cycle()
        db.session.commit()
        return cycle.id


def form(**overrides) -> dict:
    values = {
        "audience": "team",
        "title": "Klanttevredenheid omhoog",
        "description": "Elk teamlid belt drie klanten na afloop van hun aanvraag.",
        "measurable": "Een 8 gemiddeld in de klantpeiling.",
        "starts_on": f"{YEAR}-01-01",
        "deadline": f"{YEAR}-12-31",
    }
    values.update(overrides)
    return values


def make_team_goal(app, manager_id: int, cycle_id: int, title: str = "Samen sneller") -> int:
    with app.app_context():
        from pop.models import Cycle

        cycle = db.session.get(Cycle, cycle_id)
        manager = db.session.get(User, manager_id)
        shared = services.create_team_goal(
            cycle,
            SharedGoalData(
                title=title,
                description="Aanvragen binnen vijf dagen afhandelen.",
                measurable="",
                starts_on=date(YEAR, 1, 1),
                deadline=date(YEAR, 12, 31),
            ),
            manager,
        )
        services.distribute(shared, manager)
        db.session.commit()
        return shared.id


def offer_id(app, shared_id: int, employee_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(SharedGoalOffer.id).where(
                SharedGoalOffer.shared_goal_id == shared_id,
                SharedGoalOffer.employee_id == employee_id,
            )
        )


def offer_state(app, offer: int) -> tuple[str, int | None]:
    with app.app_context():
        found = db.session.get(SharedGoalOffer, offer)
        return found.status, found.goal_id


def test_a_manager_makes_a_team_goal_and_each_direct_report_is_offered_it(
    app, client, login, org, cycle_id
):
    login(org.manager)
    page = client.get("/gedeelde-doelen/nieuw")
    assert page.status_code == 200
    assert "Mijn team" in page.text
    response = client.post("/gedeelde-doelen/nieuw", data=form(), follow_redirects=True)
    assert response.status_code == 200
    assert "Het doel is aangeboden aan 2 medewerkers." in response.text
    assert "Sanne Medewerker" in response.text
    assert "Pieter Collega" in response.text
    with app.app_context():
        shared = db.session.scalar(select(SharedGoal))
        assert shared.team_manager_id == org.manager
        assert {offer.employee_id for offer in shared.offers} == {org.employee, org.colleague}


def test_an_invalid_goal_keeps_what_was_typed_and_stores_nothing(app, client, login, org, cycle_id):
    login(org.manager)
    response = client.post(
        "/gedeelde-doelen/nieuw",
        data=form(title="Mijn eigen titel", deadline=f"{YEAR}-01-01", starts_on=f"{YEAR}-03-01"),
    )
    assert response.status_code == 200
    assert "De deadline moet na de startdatum liggen." in response.text
    assert 'value="Mijn eigen titel"' in response.text
    assert "Elk teamlid belt drie klanten" in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count(SharedGoal.id))) == 0


def test_hr_makes_a_goal_for_a_department_in_scope_and_not_for_another(
    app, client, login, org, cycle_id, make_user
):
    scoped = make_user("Sacha Deel-HR", roles={Role.HR}, hr_organisation_wide=False)
    with app.app_context():
        db.session.add(HrScope(user_id=scoped, department_id=org.department_b))
        db.session.commit()
    login(scoped)
    outside = form(audience=f"afdeling-{org.department_a}")
    response = client.post("/gedeelde-doelen/nieuw", data=outside)
    assert response.status_code == 200
    assert "Dienstverlening" not in response.text  # not offered as a choice
    with app.app_context():
        assert db.session.scalar(select(func.count(SharedGoal.id))) == 0
    inside = form(audience=f"afdeling-{org.department_b}")
    response = client.post("/gedeelde-doelen/nieuw", data=inside, follow_redirects=True)
    assert "Het doel is aangeboden aan 2 medewerkers." in response.text  # Karim and Lotte
    with app.app_context():
        shared = db.session.scalar(select(SharedGoal))
        assert shared.department_id == org.department_b
        assert {offer.employee_id for offer in shared.offers} == {
            org.other_manager,
            org.other_employee,
        }


def test_an_employee_has_no_shared_goal_pages_to_make_one(client, login, org, cycle_id):
    login(org.employee)
    assert client.get("/gedeelde-doelen/").status_code == 404
    assert client.post("/gedeelde-doelen/nieuw", data=form()).status_code == 404


def test_the_member_finds_the_offer_on_mijn_pop_and_adopts_it(app, client, login, org, cycle_id):
    shared = make_team_goal(app, org.manager, cycle_id)
    offer = offer_id(app, shared, org.employee)
    login(org.employee)
    pop = client.get("/pop/")
    assert f"/gedeelde-doelen/aanbod/{offer}" in pop.text
    assert "Samen sneller" in pop.text
    response = client.post(f"/gedeelde-doelen/aanbod/{offer}/overnemen", follow_redirects=True)
    assert "Je hebt het doel overgenomen" in response.text
    status, goal_id = offer_state(app, offer)
    assert status == OfferStatus.ADOPTED.value
    with app.app_context():
        assert db.session.get(Goal, goal_id).status == GoalStatus.AGREED.value
    assert f"/gedeelde-doelen/aanbod/{offer}" not in client.get("/pop/").text
    again = client.post(f"/gedeelde-doelen/aanbod/{offer}/overnemen", follow_redirects=True)
    assert "Over dit gedeelde doel heb je al besloten." in again.text
    with app.app_context():
        assert db.session.scalar(select(func.count(Goal.id))) == 1


def test_the_member_adapts_the_goal_into_their_own_proposed_copy(app, client, login, org, cycle_id):
    shared = make_team_goal(app, org.manager, cycle_id)
    offer = offer_id(app, shared, org.colleague)
    login(org.colleague)
    page = client.get(f"/gedeelde-doelen/aanbod/{offer}/aanpassen")
    assert 'value="Samen sneller"' in page.text
    too_short = client.post(
        f"/gedeelde-doelen/aanbod/{offer}/aanpassen",
        data={
            "title": "Samen sneller, op mijn manier",
            "specific": "kort",
            "measurable": "Negen van de tien aanvragen binnen vijf dagen.",
            "achievable": "Klanten wachten nu te lang op ons.",
            "realistic": "Een uur per week voor de wachtrij.",
            "starts_on": f"{YEAR}-01-01",
            "deadline": f"{YEAR}-12-31",
        },
    )
    assert too_short.status_code == 200
    assert 'value="Samen sneller, op mijn manier"' in too_short.text
    assert offer_state(app, offer) == (OfferStatus.OFFERED.value, None)
    response = client.post(
        f"/gedeelde-doelen/aanbod/{offer}/aanpassen",
        data={
            "title": "Samen sneller, op mijn manier",
            "specific": "Ik handel de aanvragen van mijn wijk binnen vijf dagen af.",
            "measurable": "Negen van de tien aanvragen binnen vijf dagen.",
            "achievable": "Klanten wachten nu te lang op ons.",
            "realistic": "Een uur per week voor de wachtrij.",
            "starts_on": f"{YEAR}-01-01",
            "deadline": f"{YEAR}-12-31",
        },
        follow_redirects=True,
    )
    assert "Je eigen versie van het doel is voorgesteld" in response.text
    status, goal_id = offer_state(app, offer)
    assert status == OfferStatus.ADAPTED.value
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        assert (goal.title, goal.status) == ("Samen sneller, op mijn manier", "voorgesteld")


def test_declining_needs_a_reason_and_the_creator_reads_it(app, client, login, org, cycle_id):
    shared = make_team_goal(app, org.manager, cycle_id)
    offer = offer_id(app, shared, org.employee)
    login(org.employee)
    response = client.post(f"/gedeelde-doelen/aanbod/{offer}/afwijzen", data={"reason": " "})
    assert response.status_code == 200
    assert "Zeg kort waarom je dit doel niet overneemt." in response.text
    assert offer_state(app, offer) == (OfferStatus.OFFERED.value, None)
    client.post(
        f"/gedeelde-doelen/aanbod/{offer}/afwijzen", data={"reason": "Ik werk niet met klanten."}
    )
    assert offer_state(app, offer)[0] == OfferStatus.DECLINED.value
    client.post("/auth/logout")
    login(org.manager)
    page = client.get(f"/gedeelde-doelen/{shared}")
    assert "Ik werk niet met klanten." in page.text
    assert "0 van 2 overgenomen" in page.text
    assert "1 afgewezen" in page.text


def test_the_team_view_and_the_hr_dashboard_show_the_progress(app, client, login, org, cycle_id):
    shared = make_team_goal(app, org.manager, cycle_id)
    with app.app_context():
        employee = db.session.get(User, org.employee)
        offer = db.session.get(SharedGoalOffer, offer_id(app, shared, org.employee))
        goal = services.adopt(offer, employee)
        goal.progress = 60
        db.session.commit()
    login(org.manager)
    team = client.get("/team/")
    assert "Teamdoelen" in team.text
    assert "Samen sneller" in team.text
    assert "1 van 2 overgenomen" in team.text
    assert "60%" in team.text
    client.post("/auth/logout")
    login(org.hr)
    board = client.get("/hr/overzicht")
    assert "Team- en afdelingsdoelen" in board.text
    assert "Samen sneller" in board.text
    assert "1 van 2 overgenomen" in board.text
    client.post("/auth/logout")
    login(org.other_manager)
    assert "Samen sneller" not in client.get("/team/").text


def test_the_creator_offers_the_goal_to_who_joined_since(
    app, client, login, org, cycle_id, make_user
):
    shared = make_team_goal(app, org.manager, cycle_id)
    newcomer = make_user("Nieuwe Collega", manager_id=org.manager, department_id=org.department_a)
    login(org.manager)
    response = client.post(f"/gedeelde-doelen/{shared}/verspreiden", follow_redirects=True)
    assert "aangeboden aan 1 nieuwe medewerker" in response.text
    assert offer_id(app, shared, newcomer) is not None
    response = client.post(f"/gedeelde-doelen/{shared}/verspreiden", follow_redirects=True)
    assert "heeft dit doel al gekregen" in response.text


class TestQueryCounts:
    """The list pages load in a fixed number of queries: 2 rows and 50 rows alike."""

    def count(self, client, count_queries, url) -> int:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    def test_the_list_and_the_team_view(self, app, client, login, org, cycle_id, count_queries):
        for number in range(2):
            make_team_goal(app, org.manager, cycle_id, title=f"Doel {number}")
        login(org.manager)
        two = [self.count(client, count_queries, url) for url in ("/gedeelde-doelen/", "/team/")]
        for number in range(2, 50):
            make_team_goal(app, org.manager, cycle_id, title=f"Doel {number}")
        fifty = [self.count(client, count_queries, url) for url in ("/gedeelde-doelen/", "/team/")]
        assert two == fifty

    def test_the_hr_dashboard(self, app, client, login, org, cycle_id, count_queries):
        for number in range(2):
            make_team_goal(app, org.manager, cycle_id, title=f"Doel {number}")
        login(org.hr)
        client.get("/hr/overzicht")  # the department list is read once, then cached
        two = self.count(client, count_queries, "/hr/overzicht")
        for number in range(2, 50):
            make_team_goal(app, org.manager, cycle_id, title=f"Doel {number}")
        assert self.count(client, count_queries, "/hr/overzicht") == two

    def test_a_goals_members(self, app, client, login, org, cycle_id, count_queries, make_user):
        shared = make_team_goal(app, org.manager, cycle_id)
        login(org.manager)
        two = self.count(client, count_queries, f"/gedeelde-doelen/{shared}")
        for number in range(48):
            make_user(f"Lid {number}", manager_id=org.manager, department_id=org.department_a)
        client.post(f"/gedeelde-doelen/{shared}/verspreiden")
        with app.app_context():
            for offer in db.session.scalars(select(SharedGoalOffer)):
                services.adopt(offer, offer.employee)
            db.session.commit()
        assert self.count(client, count_queries, f"/gedeelde-doelen/{shared}") == two

    def test_mijn_pop_with_its_offers(self, app, client, login, org, cycle_id, count_queries):
        for number in range(2):
            make_team_goal(app, org.manager, cycle_id, title=f"Doel {number}")
        login(org.employee)
        two = self.count(client, count_queries, "/pop/")
        for number in range(2, 50):
            make_team_goal(app, org.manager, cycle_id, title=f"Doel {number}")
        assert self.count(client, count_queries, "/pop/") == two


def test_a_stand_in_makes_a_team_goal_for_the_team_they_stand_in_for(
    app, client, login, org, cycle_id, make_user
):
    vera = make_user("Vera Vervanger", department_id=org.department_b)
    arrange(app, org.manager, vera, date.today() - timedelta(days=1), days=10)
    login(vera)
    assert "Nieuw teamdoel" in client.get("/team/").text
    page = client.get("/gedeelde-doelen/nieuw")
    assert page.status_code == 200
    assert "Team van Marieke Manager (je bent vervanger)" in page.text
    assert "Mijn team (mijn directe medewerkers)" not in page.text
    response = client.post(
        "/gedeelde-doelen/nieuw",
        data=form(audience=f"team-{org.manager}"),
        follow_redirects=True,
    )
    assert "Het doel is aangeboden aan 2 medewerkers." in response.text
    with app.app_context():
        shared = db.session.scalar(select(SharedGoal))
        assert (shared.team_manager_id, shared.created_by_id) == (org.manager, vera)
    # Another manager's team is no choice: the form says so and nothing more is stored.
    response = client.post(
        "/gedeelde-doelen/nieuw", data=form(audience=f"team-{org.other_manager}")
    )
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count(SharedGoal.id))) == 1
