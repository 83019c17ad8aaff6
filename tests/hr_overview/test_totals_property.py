"""After any sequence of changes, the maintained totals equal a recomputation from the base tables.

Hypothesis generates sequences of changes to goals, check-ins, conversations, people (moves,
leavers, new people, roles, functions) and cycles, made through the ORM as the services make
them (and one bulk UPDATE, as the imports do), committed in a few transactions; then the job
runs, and every stored row (cells, departments, the organisation) and every function's holder
count must be what a recomputation from scratch says.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update

from pop.extensions import db
from pop.hr.totals_figures import recompute, rows_of
from pop.hr.totals_refresh import refresh
from pop.models import (
    CheckIn,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Cycle,
    FunctionHolderCount,
    Goal,
    GoalStatus,
    HrTotal,
    HrTotalStale,
    HrTotalState,
    Role,
    User,
)
from pop.models.totals import GRAIN_ORGANISATION, NONE
from tests.hr_overview.conftest import TODAY, generate, make_catalogue

OPERATIONS = [
    "add_goal",
    "change_goal",
    "delete_goal",
    "move_goal_to_other_cycle",
    "add_check_in",
    "delete_check_in",
    "add_conversation",
    "change_conversation",
    "move_person",
    "deactivate_person",
    "reactivate_person",
    "new_person",
    "change_function",
    "drop_employee_role",
    "add_employee_role",
]
# Changes that make a whole cycle, or everything, stale: rarer, or they would hide the rest.
WHOLESALE = ["move_cycle_end", "new_cycle", "bulk_progress"]

NUMBERS = itertools.count(1)  # unique names across examples
numbers = st.integers(0, 10_000)
step = st.one_of(
    *[st.tuples(st.sampled_from(OPERATIONS), numbers, numbers)] * 8,
    st.tuples(st.sampled_from(WHOLESALE), numbers, numbers),
)


def _pick(session_ids: list[int], number: int) -> int | None:
    return session_ids[number % len(session_ids)] if session_ids else None


def _ids(model) -> list[int]:
    return list(db.session.scalars(select(model.id).order_by(model.id)))


def apply(operation: str, a: int, b: int, catalogue, numbers: Iterator[int]) -> None:
    """One change, made as a service makes it (objects through the session, then flushed)."""
    session = db.session
    cycles = _ids(Cycle)
    people = _ids(User)
    departments = list(catalogue.departments.values())
    statuses = list(GoalStatus)
    if operation == "add_goal" and people:
        session.add(
            Goal(
                employee_id=_pick(people, a),
                cycle_id=_pick(cycles, b),
                competency_id=_pick([*catalogue.competencies, None], a + b),
                title=f"Doel {a}",
                starts_on=TODAY - timedelta(days=60),
                deadline=TODAY + timedelta(days=(b % 61) - 30),
                status=statuses[b % len(statuses)],
                progress=a % 101,
            )
        )
    elif operation in ("change_goal", "delete_goal", "move_goal_to_other_cycle"):
        goal = session.get(Goal, _pick(_ids(Goal), a) or 0)
        if goal is None:
            return
        if operation == "delete_goal":
            session.delete(goal)
        elif operation == "move_goal_to_other_cycle":
            goal.cycle_id = _pick(cycles, b)
        else:
            goal.status = statuses[b % len(statuses)]
            goal.progress = b % 101
            goal.deadline = TODAY + timedelta(days=(a % 61) - 30)
            goal.competency_id = _pick([*catalogue.competencies, None], b)
    elif operation == "add_check_in":
        goal = session.get(Goal, _pick(_ids(Goal), a) or 0)
        if goal is not None:
            check_in = CheckIn(
                goal_id=goal.id,
                author_id=goal.employee_id,
                on=TODAY - timedelta(days=b % 70),
                progress=b % 101,
            )
            if a % 2:
                goal.check_ins.append(check_in)  # through the goal, as the plan's service does
            else:
                session.add(check_in)
    elif operation == "delete_check_in":
        check_in = session.get(CheckIn, _pick(_ids(CheckIn), a) or 0)
        if check_in is not None:
            session.delete(check_in)
    elif operation == "add_conversation" and people:
        kinds, conversation_statuses = list(ConversationKind), list(ConversationStatus)
        status = conversation_statuses[b % 3]  # planned, prepared or held: never signed here
        session.add(
            Conversation(
                employee_id=_pick(people, a),
                manager_id=_pick(people, b),
                cycle_id=_pick(cycles, a + b),
                kind=kinds[a % len(kinds)],
                status=status,
                planned_on=TODAY,
                overall_rating=(b % 5) + 1 if status == ConversationStatus.HELD else None,
            )
        )
    elif operation == "change_conversation":
        conversation = session.get(Conversation, _pick(_ids(Conversation), a) or 0)
        if conversation is not None and conversation.employee_signed_at is None:
            conversation.status = list(ConversationStatus)[b % 4]
            conversation.overall_rating = (b % 5) + 1 if b % 3 else None
    elif operation in ("move_person", "deactivate_person", "reactivate_person", "change_function"):
        person = session.get(User, _pick(people, a) or 0)
        if person is None:
            return
        if operation == "move_person":
            person.department_id = _pick([*departments, None], b)
        elif operation == "change_function":
            function_id = _pick([*catalogue.functions.values(), None], b)
            person.function_id = function_id
            levels = catalogue.levels.get(function_id, [])
            person.function_level_id = levels[a % len(levels)][0] if levels else None
        else:
            person.active = operation == "reactivate_person"
    elif operation == "new_person":
        number = next(numbers)
        function_id = _pick([*catalogue.functions.values(), None], b)
        levels = catalogue.levels.get(function_id, [])
        session.add(
            User(
                name=f"Nieuw {number}",
                email=f"nieuw.{number}@property.example",
                department_id=_pick([*departments, None], a),
                function_id=function_id,
                function_level_id=levels[b % len(levels)][0] if levels else None,
                roles={Role.EMPLOYEE},
            )
        )
    elif operation in ("drop_employee_role", "add_employee_role"):
        person = session.get(User, _pick(people, a) or 0)
        if person is None:
            return
        roles = set(person.roles)
        if operation == "drop_employee_role":
            roles.discard(Role.EMPLOYEE)
        else:
            roles.add(Role.EMPLOYEE)
        person.roles = roles
    elif operation == "move_cycle_end":
        cycle = session.get(Cycle, _pick(cycles, a))
        cycle.ends_on = TODAY - timedelta(days=b % 40) if b % 2 else date(TODAY.year, 12, 31)
    elif operation == "new_cycle":
        session.add(
            Cycle(
                name=f"Extra {next(numbers)}",
                starts_on=TODAY - timedelta(days=100),
                ends_on=TODAY + timedelta(days=100),
            )
        )
    elif operation == "bulk_progress":
        session.execute(
            update(Goal).where(Goal.id % 7 == a % 7).values(progress=b % 101),
            execution_options={"synchronize_session": False},
        )
    session.flush()


def stored() -> dict[tuple, int]:
    rows = db.session.execute(
        select(
            HrTotal.cycle_id,
            HrTotal.grain,
            HrTotal.department_id,
            HrTotal.function_id,
            HrTotal.level_id,
            HrTotal.figure,
            HrTotal.key,
            HrTotal.value,
        )
    ).all()
    found: dict[tuple, int] = {}
    for row in rows:
        assert tuple(row[:-1]) not in found, f"a total stored twice: {row}"
        found[tuple(row[:-1])] = row[-1]
    return {key: value for key, value in found.items() if value}


def recomputed(today: date) -> dict[tuple, int]:
    expected: dict[tuple, int] = {}
    for cycle in db.session.scalars(select(Cycle)):
        organisation: dict[tuple, int] = defaultdict(int)
        for row in rows_of(cycle.id, recompute(cycle, None, today)):
            key = (
                row["cycle_id"],
                row["grain"],
                row["department_id"],
                row["function_id"],
                row["level_id"],
                row["figure"],
                row["key"],
            )
            expected[key] = row["value"]
            if row["grain"] == 1:
                organisation[
                    (cycle.id, GRAIN_ORGANISATION, NONE, NONE, NONE, row["figure"], row["key"])
                ] += row["value"]
        expected.update(organisation)
    return {key: value for key, value in expected.items() if value}


def holder_counts() -> tuple[dict[int, int], dict[int, int]]:
    kept = dict(
        db.session.execute(
            select(FunctionHolderCount.function_id, FunctionHolderCount.holders).where(
                FunctionHolderCount.holders != 0
            )
        ).all()
    )
    counted = dict(
        db.session.execute(
            select(User.function_id, func.count(User.id))
            .where(User.function_id.is_not(None), User.active.is_(True))
            .group_by(User.function_id)
        ).all()
    )
    return kept, counted


@pytest.fixture
def organisation(app):
    catalogue = make_catalogue(app)
    generate(app, catalogue, 40, goals_per_employee=2)
    return catalogue


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(transactions=st.lists(st.lists(step, min_size=1, max_size=3), min_size=1, max_size=3))
def test_every_maintained_total_equals_a_recomputation_from_the_base_tables(
    app, organisation, transactions
):
    with app.app_context():
        # Each example starts from totals computed whole, so that a failure is its own.
        db.session.execute(delete(HrTotalState))
        refresh()
        db.session.commit()
        for steps in transactions:
            for operation, a, b in steps:
                apply(operation, a, b, organisation, NUMBERS)
            db.session.commit()
            kept, counted = holder_counts()
            assert kept == counted  # kept in the same transaction, without a job
            refresh()
            db.session.commit()
            assert db.session.scalar(select(func.count(HrTotalStale.id))) == 0
            assert stored() == recomputed(date.today()), steps
            db.session.remove()


def test_a_change_marks_only_its_department_stale(app, organisation):
    with app.app_context():
        refresh()
        db.session.commit()
        goal = db.session.scalar(select(Goal).where(Goal.cycle_id == organisation.cycle_id))
        goal.progress = (goal.progress + 1) % 101
        db.session.commit()
        outcome = refresh()
        db.session.commit()
        assert (outcome.cycles, outcome.departments) == (1, 1)
        assert stored() == recomputed(date.today())


def test_the_job_command_computes_the_cycles_without_totals(app, runner, organisation):
    with app.app_context():
        db.session.execute(delete(HrTotal))
        db.session.execute(delete(HrTotalState))
        db.session.commit()
    result = runner.invoke(args=["refresh-hr-totals"])
    assert result.exit_code == 0, result.output
    assert "Totals brought up to date: 2 cycle(s)" in result.output
    with app.app_context():
        assert stored() == recomputed(date.today())
    again = runner.invoke(args=["refresh-hr-totals"])
    assert "Totals brought up to date: 0 cycle(s)" in again.output


def test_a_check_in_added_or_deleted_on_its_own_reaches_the_totals(app, organisation):
    with app.app_context():
        goal = db.session.scalar(
            select(Goal).where(Goal.cycle_id == organisation.cycle_id).order_by(Goal.id)
        )
        db.session.add(CheckIn(goal_id=goal.id, author_id=goal.employee_id, on=TODAY, progress=5))
        db.session.commit()
        refresh()
        db.session.commit()
        assert stored() == recomputed(date.today())
        db.session.remove()
        check_in = db.session.scalar(select(CheckIn).order_by(CheckIn.id.desc()))
        db.session.delete(check_in)
        db.session.commit()
        refresh()
        db.session.commit()
        assert stored() == recomputed(date.today())
