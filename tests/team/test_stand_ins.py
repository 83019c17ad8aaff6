"""Stand-ins: who may arrange one, when the rights start and end, and what the stand-in may do."""

from datetime import timedelta

import pytest

from pop import access
from pop.audit import on_behalf_of
from pop.extensions import db
from pop.models import AuditEvent, Conversation, Goal, GoalStatus, Role, StandIn, User
from pop.plan import services as plan_services
from pop.team import standins
from pop.team.queries import team_rows
from tests.conversations.factories import TODAY, make_conversation, make_goal
from tests.team.arrangements import arrange


def _user(user_id: int) -> User:
    return db.session.get(User, user_id)


def test_hr_arranges_a_stand_in_and_it_is_audited(app, org, deputy):
    with app.app_context():
        arrangement = standins.arrange(
            _user(org.manager), _user(deputy), TODAY, TODAY + timedelta(days=30), _user(org.hr)
        )
        db.session.commit()
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "stand_in.arranged")
        ).one()
        assert event.object_id == arrangement.id
        assert event.actor_id == org.hr
        assert "Vera Vervanger vervangt Marieke Manager" in event.summary


def test_the_manager_arranges_their_own_stand_in(app, org, deputy):
    with app.app_context():
        standins.arrange(
            _user(org.manager), _user(deputy), TODAY, TODAY + timedelta(days=5), _user(org.manager)
        )


@pytest.mark.parametrize("who", ["employee", "other_manager", "colleague"])
def test_others_cannot_arrange_a_stand_in(app, org, deputy, who):
    with app.app_context(), pytest.raises(standins.StandInError, match="Alleen HR"):
        standins.arrange(
            _user(org.manager),
            _user(deputy),
            TODAY,
            TODAY + timedelta(days=5),
            _user(getattr(org, who)),
        )


def test_hr_out_of_scope_cannot_arrange_a_stand_in(app, org, deputy, make_user, make_department):
    from pop.models import HrScope

    elsewhere = make_department("Elders")
    scoped_hr = make_user("Scoped HR", roles={Role.HR}, hr_organisation_wide=False)
    with app.app_context():
        db.session.add(HrScope(user_id=scoped_hr, department_id=elsewhere))
        db.session.commit()
        with pytest.raises(standins.StandInError, match="Alleen HR"):
            standins.arrange(
                _user(org.manager),
                _user(deputy),
                TODAY,
                TODAY + timedelta(days=5),
                _user(scoped_hr),
            )


@pytest.mark.parametrize(
    ("stand_in", "starts", "ends", "message"),
    [
        ("manager", 0, 5, "niet zijn eigen vervanger"),
        ("employee", 0, 5, "lid van het team"),
        ("deputy", 5, 5, "na de begindatum"),
        ("deputy", 5, 2, "na de begindatum"),
        ("deputy", -10, 0, "in het verleden"),
    ],
)
def test_a_stand_in_arrangement_is_refused(app, org, deputy, stand_in, starts, ends, message):
    stand_in_id = deputy if stand_in == "deputy" else getattr(org, stand_in)
    with app.app_context(), pytest.raises(standins.StandInError, match=message):
        standins.arrange(
            _user(org.manager),
            _user(stand_in_id),
            TODAY + timedelta(days=starts),
            TODAY + timedelta(days=ends),
            _user(org.hr),
        )


def test_an_overlapping_stand_in_is_refused(app, org, deputy):
    with app.app_context():
        hr = _user(org.hr)
        standins.arrange(_user(org.manager), _user(deputy), TODAY, TODAY + timedelta(days=10), hr)
        with pytest.raises(standins.StandInError, match="al een vervanger"):
            standins.arrange(
                _user(org.manager),
                _user(org.other_manager),
                TODAY + timedelta(days=9),
                TODAY + timedelta(days=20),
                hr,
            )
        # Adjacent periods do not overlap: the end date is the first day of the next one.
        standins.arrange(
            _user(org.manager),
            _user(org.other_manager),
            TODAY + timedelta(days=10),
            TODAY + timedelta(days=20),
            hr,
        )


def test_an_inactive_person_cannot_stand_in(app, org, make_user):
    gone = make_user("Weg Persoon", active=False)
    with app.app_context(), pytest.raises(standins.StandInError, match="geen actief account"):
        standins.arrange(
            _user(org.manager), _user(gone), TODAY, TODAY + timedelta(days=5), _user(org.hr)
        )


def test_rights_start_on_the_start_date(app, org, deputy):
    arrange(app, org.manager, deputy, TODAY, days=3)
    with app.app_context():
        assert access.acting_manager_ids(_user(deputy)) == {deputy, org.manager}
        assert access.is_direct_report(_user(deputy), _user(org.employee))
        assert access.acting_manager_ids(_user(deputy), TODAY - timedelta(days=1)) == {deputy}


def test_no_rights_before_the_start_date(app, org, deputy):
    arrange(app, org.manager, deputy, TODAY + timedelta(days=1), days=2)
    with app.app_context():
        assert access.acting_manager_ids(_user(deputy)) == {deputy}
        assert not access.is_direct_report(_user(deputy), _user(org.employee))
        assert not access.leads_a_team(_user(deputy))


def test_rights_end_on_the_end_date(app, org, deputy):
    arrange(app, org.manager, deputy, TODAY - timedelta(days=5), days=5)
    with app.app_context():
        assert access.acting_manager_ids(_user(deputy)) == {deputy}
        assert access.acting_manager_ids(_user(deputy), TODAY - timedelta(days=1)) == {
            deputy,
            org.manager,
        }
        assert not access.can_see_person(_user(deputy), _user(org.employee))


def test_rights_end_when_the_arrangement_is_ended_early(app, org, deputy):
    with app.app_context():
        arrangement = standins.arrange(
            _user(org.manager), _user(deputy), TODAY, TODAY + timedelta(days=9), _user(org.hr)
        )
        assert access.acting_manager_ids(_user(deputy)) == {deputy, org.manager}
        standins.end(arrangement, _user(org.manager))
        assert access.acting_manager_ids(_user(deputy)) == {deputy}
        with pytest.raises(standins.StandInError, match="al beëindigd"):
            standins.end(arrangement, _user(org.manager))


def test_a_stand_in_agrees_a_goal_in_their_own_name_on_behalf_of_the_manager(
    app, org, deputy, cycle_id
):
    goal_id = make_goal(app, org.employee, cycle_id, status=GoalStatus.PROPOSED)
    arrange(app, org.manager, deputy, TODAY, days=3)
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        plan_services.agree(goal, _user(deputy))
        db.session.commit()
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "goal_agreed")
        ).one()
        assert (event.actor_id, event.on_behalf_of_id) == (deputy, org.manager)
        assert goal.goal_status == GoalStatus.AGREED


def test_the_manager_acting_themself_is_not_on_behalf_of_anyone(app, org, deputy, cycle_id):
    goal_id = make_goal(app, org.other_employee, cycle_id)
    arrange(app, org.manager, org.other_manager, TODAY, days=3)
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        assert on_behalf_of(_user(org.other_manager), goal) is None
        assert on_behalf_of(_user(org.manager), goal) is None


def test_after_the_end_date_the_stand_in_cannot_agree_goals(app, org, deputy, cycle_id):
    goal_id = make_goal(app, org.employee, cycle_id, status=GoalStatus.PROPOSED)
    arrange(app, org.manager, deputy, TODAY - timedelta(days=3), days=3)
    with app.app_context(), pytest.raises(plan_services.PlanError, match="leidinggevende"):
        plan_services.agree(db.session.get(Goal, goal_id), _user(deputy))


def test_a_stand_in_leads_the_conversations_but_not_the_private_notes(app, org, deputy, cycle_id):
    conversation_id = make_conversation(
        app, org.employee, org.manager, cycle_id, preparation_notes="Alleen voor mij."
    )
    arrange(app, org.manager, deputy, TODAY, days=3)
    with app.app_context():
        conversation = db.session.get(Conversation, conversation_id)
        viewer = _user(deputy)
        assert access.is_conversation_manager(viewer, conversation)
        assert access.may_read_report(viewer, conversation)
        assert not access.may_see_private_notes(viewer, conversation)
        assert access.may_see_private_notes(_user(org.manager), conversation)


def test_the_stand_ins_team_view_shows_the_team_they_stand_in_for(app, org, deputy, cycle_id):
    arrange(app, org.manager, deputy, TODAY, days=3)
    with app.app_context():
        from pop.models import Cycle

        rows = team_rows(_user(deputy), db.session.get(Cycle, cycle_id), TODAY)
        assert {row.person.id for row in rows} == {org.employee, org.colleague}


def test_the_stand_in_opens_mijn_team_and_loses_it_after_the_end_date(
    app, client, login, org, deputy, cycle_id
):
    login(deputy)
    assert client.get("/team/").status_code == 404
    arrange(app, org.manager, deputy, TODAY, days=3)
    response = client.get("/team/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Sanne Medewerker" in page
    assert "Pieter Collega" in page
    assert "Lotte Anderteam" not in page
    assert client.get(f"/team/medewerker/{org.employee}").status_code == 200
    with app.app_context():
        arrangement = db.session.scalars(db.select(StandIn)).one()
        arrangement.starts_on, arrangement.ends_on = TODAY - timedelta(days=3), TODAY
        db.session.commit()
    assert client.get("/team/").status_code == 404
    assert client.get(f"/team/medewerker/{org.employee}").status_code == 404
