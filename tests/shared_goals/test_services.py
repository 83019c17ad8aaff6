"""Every shared-goal flow, allowed and refused, called on the services directly."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from pop.extensions import db
from pop.models import (
    AuditEvent,
    Cycle,
    Department,
    Goal,
    GoalStatus,
    HrScope,
    Notification,
    NotificationKind,
    OfferStatus,
    SharedGoal,
    SharedGoalOffer,
    StandIn,
    User,
)
from pop.models._time import utcnow
from pop.plan.services import GoalData
from pop.shared_goals import services
from pop.shared_goals.services import SharedGoalData, SharedGoalError

YEAR = date.today().year


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def cycle(app, ctx) -> Cycle:
    cycle = Cycle(name=str(YEAR), starts_on=date(YEAR, 1, 1), ends_on=date(YEAR, 12, 31))
    db.session.add(cycle)
    db.session.commit()
    return cycle


def user(user_id: int) -> User:
    return db.session.get(User, user_id)


def data(**overrides) -> SharedGoalData:
    values = {
        "title": "Klanttevredenheid omhoog",
        "description": "Elk teamlid belt drie klanten na afloop van hun aanvraag.",
        "measurable": "Een 8 gemiddeld in de klantpeiling.",
        "starts_on": date(YEAR, 2, 1),
        "deadline": date(YEAR, 11, 30),
    }
    values.update(overrides)
    return SharedGoalData(**values)


def team_goal(cycle, org) -> SharedGoal:
    shared = services.create_team_goal(cycle, data(), user(org.manager))
    services.distribute(shared, user(org.manager))
    db.session.commit()
    return shared


def offer_of(shared: SharedGoal, employee_id: int) -> SharedGoalOffer:
    return db.session.scalar(
        select(SharedGoalOffer).where(
            SharedGoalOffer.shared_goal_id == shared.id,
            SharedGoalOffer.employee_id == employee_id,
        )
    )


def actions(obj) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == type(obj).__name__, AuditEvent.object_id == obj.id)
            .order_by(AuditEvent.id)
        )
    )


def test_a_team_goal_is_offered_to_each_direct_report_and_no_one_else(org, cycle):
    shared = team_goal(cycle, org)
    offered = {offer.employee_id for offer in shared.offers}
    assert offered == {org.employee, org.colleague}
    assert all(offer.offer_status == OfferStatus.OFFERED for offer in shared.offers)
    assert actions(shared) == ["shared_goal_created", "shared_goal_distributed"]


def test_an_employee_cannot_make_a_team_goal(org, cycle):
    with pytest.raises(SharedGoalError):
        services.create_team_goal(cycle, data(), user(org.employee))
    assert db.session.scalar(select(SharedGoal)) is None


def test_a_department_goal_reaches_the_subdepartments(org, cycle, make_department, make_user):
    below = make_department("Klantcontact", org.department_a)
    deep = make_user("Dirk Diep", manager_id=org.manager, department_id=below)
    department = db.session.get(Department, org.department_a)
    shared = services.create_department_goal(cycle, department, data(), user(org.hr))
    services.distribute(shared, user(org.hr))
    offered = {offer.employee_id for offer in shared.offers}
    assert offered == {org.manager, org.employee, org.colleague, deep}


def test_hr_outside_the_department_cannot_make_its_goal(org, cycle, make_user):
    narrow_hr = make_user("Nina HR", roles={"hr", "employee"}, hr_organisation_wide=False)
    db.session.add(HrScope(user_id=narrow_hr, department_id=org.department_b))
    db.session.commit()
    department = db.session.get(Department, org.department_a)
    with pytest.raises(SharedGoalError):
        services.create_department_goal(cycle, department, data(), user(narrow_hr))
    with pytest.raises(SharedGoalError):
        services.create_department_goal(cycle, department, data(), user(org.manager))


@pytest.mark.parametrize(
    "dates",
    [
        {"starts_on": date(YEAR, 5, 1), "deadline": date(YEAR, 4, 1)},
        {"starts_on": date(YEAR, 5, 1), "deadline": date(YEAR + 1, 2, 1)},
    ],
)
def test_a_shared_goal_must_fit_inside_the_cycle(org, cycle, dates):
    with pytest.raises(SharedGoalError):
        services.create_team_goal(cycle, data(**dates), user(org.manager))


def test_no_shared_goal_in_a_closed_cycle(org, cycle):
    cycle.is_open = False
    with pytest.raises(SharedGoalError):
        services.create_team_goal(cycle, data(), user(org.manager))


def test_adopting_makes_an_agreed_goal_linked_to_the_shared_goal(org, cycle):
    shared = team_goal(cycle, org)
    offer = offer_of(shared, org.employee)
    goal = services.adopt(offer, user(org.employee))
    db.session.commit()
    assert offer.offer_status == OfferStatus.ADOPTED
    assert offer.goal_id == goal.id
    assert goal.goal_status == GoalStatus.AGREED
    assert (goal.title, goal.deadline) == (shared.title, shared.deadline)
    assert "shared_goal_adopted" in actions(offer)


def test_adapting_keeps_the_link_and_proposes_the_own_copy(org, cycle):
    shared = team_goal(cycle, org)
    offer = offer_of(shared, org.colleague)
    own = GoalData(
        title="Klanten nabellen in mijn wijk",
        specific="Ik bel vijf klanten per maand na.",
        measurable="Vijftig gesprekken voor november.",
        achievable="",
        realistic="",
        starts_on=date(YEAR, 3, 1),
        deadline=date(YEAR, 11, 1),
    )
    goal = services.adapt(offer, own, user(org.colleague))
    db.session.commit()
    assert offer.offer_status == OfferStatus.ADAPTED
    assert offer.goal_id == goal.id
    assert goal.title == "Klanten nabellen in mijn wijk"
    assert goal.goal_status == GoalStatus.PROPOSED


def test_declining_needs_a_reason_and_makes_no_goal(org, cycle):
    shared = team_goal(cycle, org)
    offer = offer_of(shared, org.employee)
    with pytest.raises(SharedGoalError):
        services.decline(offer, user(org.employee), "  ")
    services.decline(offer, user(org.employee), "Ik werk niet met klanten.")
    db.session.commit()
    assert offer.offer_status == OfferStatus.DECLINED
    assert offer.goal_id is None
    assert db.session.scalar(select(Goal)) is None


def test_only_the_member_decides_and_only_once(org, cycle):
    shared = team_goal(cycle, org)
    offer = offer_of(shared, org.employee)
    for someone in (org.colleague, org.manager, org.hr):
        with pytest.raises(SharedGoalError):
            services.adopt(offer, user(someone))
    services.adopt(offer, user(org.employee))
    with pytest.raises(SharedGoalError):
        services.adopt(offer, user(org.employee))
    with pytest.raises(SharedGoalError):
        services.decline(offer, user(org.employee), "Toch niet.")


def test_a_new_member_gets_the_goal_only_when_it_is_distributed_again(org, cycle, make_user):
    shared = team_goal(cycle, org)
    newcomer = make_user("Nieuwe Collega", manager_id=org.manager, department_id=org.department_a)
    assert offer_of(shared, newcomer) is None
    again = services.distribute(shared, user(org.manager))
    assert [offer.employee_id for offer in again] == [newcomer]
    assert len(shared.offers) == 3


def test_only_the_creator_distributes(org, cycle):
    shared = services.create_team_goal(cycle, data(), user(org.manager))
    with pytest.raises(SharedGoalError):
        services.distribute(shared, user(org.other_manager))


def test_each_member_is_told_of_the_offer_and_the_creator_is_not(org, cycle):
    shared = team_goal(cycle, org)
    told = db.session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.SHARED_GOAL_OFFERED.value)
    ).all()
    assert {note.recipient_id for note in told} == {org.employee, org.colleague}
    assert all(note.context["title"] == shared.title for note in told)
    offers = {offer.employee_id: offer.id for offer in shared.offers}
    assert {note.link for note in told} == {
        f"/gedeelde-doelen/aanbod/{offers[org.employee]}",
        f"/gedeelde-doelen/aanbod/{offers[org.colleague]}",
    }


def test_progress_counts_adopted_declined_done_and_the_mean(org, cycle, make_user):
    from pop.shared_goals.queries import progress_of

    third = make_user("Derde Lid", manager_id=org.manager, department_id=org.department_a)
    shared = team_goal(cycle, org)
    assert progress_of([shared.id])[shared.id].average_progress is None
    first = services.adopt(offer_of(shared, org.employee), user(org.employee))
    second = services.adopt(offer_of(shared, org.colleague), user(org.colleague))
    services.decline(offer_of(shared, third), user(third), "Niet mijn werk.")
    first.progress, first.status = 100, GoalStatus.DONE.value
    second.progress = 40
    db.session.commit()
    figures = progress_of([shared.id])[shared.id]
    assert (figures.offered, figures.adopted, figures.declined, figures.done) == (3, 2, 1, 1)
    assert figures.average_progress == 70


def test_texts_longer_than_their_limit_get_a_message_and_nothing_is_stored(org, cycle):
    with pytest.raises(SharedGoalError, match="langer dan 2000 tekens"):
        services.create_team_goal(cycle, data(description="x" * 2_001), user(org.manager))
    with pytest.raises(SharedGoalError, match="langer dan 2000 tekens"):
        services.create_team_goal(cycle, data(measurable="x" * 2_001), user(org.manager))
    db.session.rollback()
    assert db.session.scalar(select(SharedGoal)) is None
    shared = team_goal(cycle, org)
    offer = offer_of(shared, org.employee)
    with pytest.raises(SharedGoalError, match="langer dan 2000 tekens"):
        services.decline(offer, user(org.employee), "x" * 2_001)
    db.session.rollback()
    assert offer_of(shared, org.employee).offer_status == OfferStatus.OFFERED


def _stand_in_for_the_manager(org, make_user, starts_in_days: int = -1, days: int = 10) -> User:
    """Vera stands in for Marieke: from `starts_in_days` from today, for `days` days."""
    vera = make_user("Vera Vervanger", department_id=org.department_b)
    db.session.add(
        StandIn(
            manager_id=org.manager,
            stand_in_id=vera,
            starts_on=date.today() + timedelta(days=starts_in_days),
            ends_on=date.today() + timedelta(days=starts_in_days + days),
        )
    )
    db.session.commit()
    return user(vera)


def test_a_stand_in_makes_a_team_goal_for_the_team_in_their_own_name(org, cycle, make_user):
    vera = _stand_in_for_the_manager(org, make_user)
    shared = services.create_team_goal(cycle, data(), vera, user(org.manager))
    offers = services.distribute(shared, vera)
    db.session.commit()
    assert (shared.team_manager_id, shared.created_by_id) == (org.manager, vera.id)
    assert {offer.employee_id for offer in offers} == {org.employee, org.colleague}
    created = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "shared_goal_created", AuditEvent.object_id == shared.id
        )
    )
    assert created.actor_id == vera.id


def test_a_stand_in_has_no_team_of_their_own_nor_another_managers(org, cycle, make_user):
    vera = _stand_in_for_the_manager(org, make_user)
    with pytest.raises(SharedGoalError, match="vervanger"):
        services.create_team_goal(cycle, data(), vera)
    with pytest.raises(SharedGoalError):
        services.create_team_goal(cycle, data(), vera, user(org.other_manager))
    assert db.session.scalar(select(SharedGoal)) is None


@pytest.mark.parametrize(
    ("starts_in_days", "days"), [(-10, 10), (1, 10)], ids=["ended", "not yet begun"]
)
def test_outside_the_period_a_stand_in_cannot_make_a_team_goal(
    org, cycle, make_user, starts_in_days, days
):
    vera = _stand_in_for_the_manager(org, make_user, starts_in_days, days)
    with pytest.raises(SharedGoalError):
        services.create_team_goal(cycle, data(), vera, user(org.manager))
    assert db.session.scalar(select(SharedGoal)) is None


def test_after_the_period_the_stand_in_no_longer_offers_their_team_goal_again(
    org, cycle, make_user
):
    vera = _stand_in_for_the_manager(org, make_user)
    shared = services.create_team_goal(cycle, data(), vera, user(org.manager))
    db.session.commit()
    arrangement = db.session.scalar(select(StandIn))
    arrangement.ended_at = utcnow()
    db.session.commit()
    with pytest.raises(SharedGoalError):
        services.distribute(shared, vera)
