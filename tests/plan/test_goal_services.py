"""Every goal status transition, allowed and refused, called on the services directly."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import (
    AuditEvent,
    CheckIn,
    Competency,
    Cycle,
    DevelopmentTip,
    Goal,
    GoalStatus,
    User,
)
from pop.plan import check_ins, current_cycle, services
from pop.plan.services import GoalConflict, GoalData, PlanError
from tests.plan.conftest import TODAY


def goal_data(**overrides) -> GoalData:
    values = {
        "title": "Helder schrijven",
        "specific": "Ik schrijf de verslagen van het teamoverleg zelf.",
        "measurable": "Drie verslagen met feedback van mijn leidinggevende.",
        "achievable": "Het team krijgt betere verslagen en ik leer schrijven.",
        "realistic": "Een uur per week; een collega leest mee.",
        "starts_on": date(TODAY.year, 1, 1),
        "deadline": date(TODAY.year, 12, 31),
    }
    values.update(overrides)
    return GoalData(**values)


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def user(user_id: int) -> User:
    return db.session.get(User, user_id)


def goal(goal_id: int) -> Goal:
    return db.session.get(Goal, goal_id)


def actions(goal_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "Goal", AuditEvent.object_id == goal_id)
            .order_by(AuditEvent.id)
        )
    )


class TestCreate:
    def test_employee_creates_a_concept_goal_in_an_open_cycle(self, ctx, org, cycle_id):
        created = services.create_goal(
            user(org.employee), db.session.get(Cycle, cycle_id), goal_data(), user(org.employee)
        )
        assert created.goal_status == GoalStatus.CONCEPT
        assert actions(created.id) == ["goal_created"]

    def test_closed_cycle_takes_no_new_goals(self, ctx, org, cycle_id):
        cycle = db.session.get(Cycle, cycle_id)
        cycle.is_open = False
        with pytest.raises(PlanError, match="gesloten"):
            services.create_goal(user(org.employee), cycle, goal_data(), user(org.employee))

    def test_deadline_must_follow_start(self, ctx, org, cycle_id):
        data = goal_data(starts_on=date(TODAY.year, 6, 1), deadline=date(TODAY.year, 5, 1))
        with pytest.raises(PlanError, match="na de startdatum"):
            services.create_goal(
                user(org.employee), db.session.get(Cycle, cycle_id), data, user(org.employee)
            )

    def test_deadline_must_lie_inside_the_cycle(self, ctx, org, cycle_id):
        data = goal_data(deadline=date(TODAY.year + 1, 2, 1))
        with pytest.raises(PlanError, match="binnen de cyclus"):
            services.create_goal(
                user(org.employee), db.session.get(Cycle, cycle_id), data, user(org.employee)
            )

    def test_title_must_be_unique_among_open_goals(self, ctx, org, cycle_id, make_goal):
        make_goal(org.employee, title="Helder schrijven")
        with pytest.raises(PlanError, match="al een lopend doel"):
            services.create_goal(
                user(org.employee),
                db.session.get(Cycle, cycle_id),
                goal_data(title="helder SCHRIJVEN"),
                user(org.employee),
            )

    def test_title_of_a_finished_goal_may_be_used_again(self, ctx, org, cycle_id, make_goal):
        make_goal(org.employee, GoalStatus.DONE, title="Helder schrijven")
        services.create_goal(
            user(org.employee), db.session.get(Cycle, cycle_id), goal_data(), user(org.employee)
        )

    def test_tip_suggestion_sets_title_competency_and_deadline_inside_cycle(
        self, ctx, cycle_id, tip_id
    ):
        tip = db.session.get(DevelopmentTip, tip_id)
        cycle = db.session.get(Cycle, cycle_id)
        suggestion = services.suggestion_for_tip(tip, cycle, today=date(TODAY.year, 11, 15))
        assert suggestion.title == "Vraag gerichte feedback op je teksten"
        assert suggestion.competency_id == tip.competency_id
        assert suggestion.deadline == date(TODAY.year, 12, 31)
        assert suggestion.measurable == ""  # the employee says how they will measure it

    def test_tip_suggestion_title_is_the_first_sentence_cut_at_a_word(self, ctx, cycle_id):
        competency = Competency(
            name="Samenwerken", description="Samen werken.", description_key="samenwerken-test"
        )
        long_tip = DevelopmentTip(
            position=1,
            text="Neem bij elk project dat je start het initiatief om met alle betrokken "
            "collega's van andere afdelingen een gezamenlijke planning te maken. Bespreek die.",
        )
        competency.tips = [long_tip]
        db.session.add(competency)
        db.session.flush()
        suggestion = services.suggestion_for_tip(long_tip, db.session.get(Cycle, cycle_id))
        assert len(suggestion.title) <= services.SUGGESTED_TITLE_LENGTH
        assert suggestion.title.endswith("…")
        stem = suggestion.title.removesuffix("…")
        assert long_tip.text.startswith(stem)
        assert long_tip.text[len(stem)] == " "  # cut between two words, not inside one
        assert "Bespreek" not in suggestion.title


class TestTransitions:
    def test_employee_proposes_concept(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee)
        services.propose(goal(goal_id), user(org.employee))
        assert goal(goal_id).goal_status == GoalStatus.PROPOSED

    @pytest.mark.parametrize(
        "status", [GoalStatus.PROPOSED, GoalStatus.AGREED, GoalStatus.DONE, GoalStatus.STOPPED]
    )
    def test_only_a_concept_can_be_proposed(self, ctx, org, make_goal, status):
        goal_id = make_goal(org.employee, status)
        with pytest.raises(PlanError):
            services.propose(goal(goal_id), user(org.employee))

    def test_manager_cannot_propose_for_the_employee(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee)
        with pytest.raises(PlanError, match="medewerker zelf"):
            services.propose(goal(goal_id), user(org.manager))

    def test_employee_without_manager_cannot_propose(self, ctx, make_user, make_goal):
        loner = make_user("Zonder Leiding")
        goal_id = make_goal(loner)
        with pytest.raises(PlanError, match="geen leidinggevende"):
            services.propose(goal(goal_id), user(loner))

    def test_manager_agrees_proposed_goal(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.PROPOSED)
        services.agree(goal(goal_id), user(org.manager))
        assert goal(goal_id).goal_status == GoalStatus.AGREED
        assert actions(goal_id) == ["goal_agreed"]

    def test_employee_cannot_mark_own_goal_agreed(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.PROPOSED)
        with pytest.raises(PlanError, match="leidinggevende"):
            services.agree(goal(goal_id), user(org.employee))
        assert goal(goal_id).goal_status == GoalStatus.PROPOSED

    def test_manager_of_another_team_cannot_agree(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.PROPOSED)
        with pytest.raises(PlanError):
            services.agree(goal(goal_id), user(org.other_manager))

    @pytest.mark.parametrize("status", [GoalStatus.CONCEPT, GoalStatus.AGREED, GoalStatus.DONE])
    def test_only_a_proposed_goal_can_be_agreed(self, ctx, org, make_goal, status):
        goal_id = make_goal(org.employee, status)
        with pytest.raises(PlanError):
            services.agree(goal(goal_id), user(org.manager))

    def test_manager_sends_back_with_a_comment(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.PROPOSED)
        services.send_back(goal(goal_id), user(org.manager), "Maak het meetbaar.")
        assert goal(goal_id).goal_status == GoalStatus.CONCEPT
        assert [c.body for c in goal(goal_id).comments] == ["Maak het meetbaar."]

    def test_sending_back_needs_a_comment(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.PROPOSED)
        with pytest.raises(PlanError, match="waarom"):
            services.send_back(goal(goal_id), user(org.manager), "  ")

    def test_editing_an_agreed_goal_sends_it_back_to_proposed(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.AGREED)
        current = goal(goal_id)
        services.update_goal(
            current,
            goal_data(title="Nieuwe titel"),
            user(org.employee),
            expected_version=current.version,
        )
        assert goal(goal_id).goal_status == GoalStatus.PROPOSED
        event_changes = db.session.scalar(
            select(AuditEvent.changes).where(AuditEvent.action == "goal_changed")
        )
        assert event_changes["title"][1] == "Nieuwe titel"
        assert event_changes["status"] == ["afgesproken", "voorgesteld"]

    def test_editing_a_concept_keeps_it_a_concept(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee)
        current = goal(goal_id)
        services.update_goal(
            current, goal_data(), user(org.employee), expected_version=current.version
        )
        assert goal(goal_id).goal_status == GoalStatus.CONCEPT

    @pytest.mark.parametrize("status", [GoalStatus.DONE, GoalStatus.STOPPED])
    def test_finished_goal_cannot_be_edited(self, ctx, org, make_goal, status):
        goal_id = make_goal(org.employee, status)
        current = goal(goal_id)
        with pytest.raises(PlanError):
            services.update_goal(
                current, goal_data(), user(org.employee), expected_version=current.version
            )

    def test_stale_version_is_a_conflict_naming_who_changed_it(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, updated_by_id=org.manager)
        current = goal(goal_id)
        with pytest.raises(GoalConflict, match="Marieke Manager"):
            services.update_goal(
                current, goal_data(), user(org.employee), expected_version=current.version - 1
            )

    def test_first_check_in_moves_agreed_to_in_progress(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.AGREED)
        check_ins.add_check_in(
            goal(goal_id), user(org.employee), on=TODAY, progress=30, note="Begonnen."
        )
        assert goal(goal_id).goal_status == GoalStatus.IN_PROGRESS
        assert goal(goal_id).progress == 30

    def test_progress_is_the_latest_check_in(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.AGREED)
        check_ins.add_check_in(goal(goal_id), user(org.employee), on=TODAY, progress=60, note="")
        check_ins.add_check_in(
            goal(goal_id), user(org.employee), on=TODAY - timedelta(days=7), progress=20, note=""
        )
        assert goal(goal_id).progress == 60

    @pytest.mark.parametrize("status", [GoalStatus.CONCEPT, GoalStatus.PROPOSED, GoalStatus.DONE])
    def test_check_in_needs_an_agreed_goal(self, ctx, org, make_goal, status):
        goal_id = make_goal(org.employee, status)
        with pytest.raises(PlanError, match="afgesproken"):
            check_ins.add_check_in(
                goal(goal_id), user(org.employee), on=TODAY, progress=10, note=""
            )
        assert db.session.scalar(select(func.count(CheckIn.id))) == 0

    def test_check_in_refuses_progress_over_100(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.AGREED)
        with pytest.raises(PlanError, match="0 tot en met 100"):
            check_ins.add_check_in(
                goal(goal_id), user(org.employee), on=TODAY, progress=101, note=""
            )

    def test_manager_cannot_check_in_for_the_employee(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.AGREED)
        with pytest.raises(PlanError):
            check_ins.add_check_in(goal(goal_id), user(org.manager), on=TODAY, progress=10, note="")

    def test_employee_completes_goal_with_reflection(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.IN_PROGRESS)
        services.complete(goal(goal_id), user(org.employee), "Ik schrijf nu korter en helderder.")
        assert goal(goal_id).goal_status == GoalStatus.DONE
        assert goal(goal_id).progress == 100

    def test_completing_needs_a_reflection(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.IN_PROGRESS)
        with pytest.raises(PlanError, match="geleerd"):
            services.complete(goal(goal_id), user(org.employee), "klaar")

    @pytest.mark.parametrize("status", [GoalStatus.CONCEPT, GoalStatus.PROPOSED])
    def test_unagreed_goal_cannot_be_completed(self, ctx, org, make_goal, status):
        goal_id = make_goal(org.employee, status)
        with pytest.raises(PlanError):
            services.complete(goal(goal_id), user(org.employee), "Ik heb veel geleerd hiervan.")

    @pytest.mark.parametrize("actor", ["employee", "manager"])
    def test_employee_or_manager_stops_a_goal_with_reason(self, ctx, org, make_goal, actor):
        goal_id = make_goal(org.employee, GoalStatus.IN_PROGRESS)
        services.stop(goal(goal_id), user(getattr(org, actor)), "Andere prioriteiten.")
        assert goal(goal_id).goal_status == GoalStatus.STOPPED
        assert goal(goal_id).stop_reason == "Andere prioriteiten."

    def test_stopping_needs_a_reason(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.IN_PROGRESS)
        with pytest.raises(PlanError, match="reden"):
            services.stop(goal(goal_id), user(org.employee), "")

    def test_hr_cannot_stop_someone_elses_goal(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.IN_PROGRESS)
        with pytest.raises(PlanError):
            services.stop(goal(goal_id), user(org.hr), "Reden genoeg.")

    def test_stopped_goal_cannot_be_stopped_again(self, ctx, org, make_goal):
        goal_id = make_goal(org.employee, GoalStatus.STOPPED)
        with pytest.raises(PlanError):
            services.stop(goal(goal_id), user(org.employee), "Nogmaals.")


class TestCycles:
    def test_current_cycle_is_created_for_the_calendar_year(self, ctx):
        cycle = current_cycle.current_cycle(date(2031, 5, 4))
        assert (cycle.name, cycle.starts_on, cycle.ends_on) == (
            "2031",
            date(2031, 1, 1),
            date(2031, 12, 31),
        )
        assert current_cycle.current_cycle(date(2031, 8, 1)).id == cycle.id

    def test_closing_carries_unfinished_goals_over(self, ctx, org, cycle_id, make_goal):
        open_goal = make_goal(org.employee, GoalStatus.IN_PROGRESS, progress=40)
        make_goal(org.employee, GoalStatus.DONE)
        old = db.session.get(Cycle, cycle_id)
        new = services.open_cycle(
            "volgend jaar",
            date(TODAY.year + 1, 1, 1),
            date(TODAY.year + 1, 12, 31),
            user(org.hr),
        )
        assert services.close_cycle(old, user(org.hr), carry_over_to=new) == 1
        copy = db.session.scalar(select(Goal).where(Goal.cycle_id == new.id))
        assert copy.carried_over_from_id == open_goal
        assert (copy.progress, copy.goal_status) == (40, GoalStatus.IN_PROGRESS)
        assert copy.deadline == date(TODAY.year + 1, 12, 31)
        assert not old.is_open

    def test_closed_cycle_cannot_be_closed_again(self, ctx, org, cycle_id):
        cycle = db.session.get(Cycle, cycle_id)
        services.close_cycle(cycle, user(org.hr))
        with pytest.raises(PlanError, match="al gesloten"):
            services.close_cycle(cycle, user(org.hr))
