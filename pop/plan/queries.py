"""Read queries of the plan pages, eager-loaded so their query count does not grow with rows."""

from collections.abc import Collection
from itertools import groupby

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from pop.audit_labels import history_statement
from pop.extensions import db
from pop.models import (
    CheckIn,
    Competency,
    Cycle,
    FunctionCompetency,
    Goal,
    GoalComment,
    GoalStatus,
    User,
)
from pop.rows import rows_of

# Built once: the statement of `goals_of`, which every Mijn POP runs.
_GOALS_OF = (
    select(Goal)
    .where(Goal.employee_id == bindparam("employee_id"), Goal.cycle_id == bindparam("cycle_id"))
    .options(joinedload(Goal.competency))
    .order_by(Goal.deadline, Goal.id)
)


def goals_of(employee_id: int, cycle_id: int) -> list[Goal]:
    """The employee's goals in the cycle, by deadline, with their competencies."""
    parameters = {"employee_id": employee_id, "cycle_id": cycle_id}
    return list(db.session.scalars(_GOALS_OF, parameters))


def goals_with_check_ins(employee_id: int, cycle_id: int) -> list[Goal]:
    """For the printable plan and its PDF: every goal with its check-ins."""
    return list(
        db.session.scalars(
            select(Goal)
            .where(Goal.employee_id == employee_id, Goal.cycle_id == cycle_id)
            .options(joinedload(Goal.competency), selectinload(Goal.check_ins))
            .order_by(Goal.deadline, Goal.id)
        )
    )


def grouped_by_competency(goals: list[Goal]) -> list[tuple[Competency | None, list[Goal]]]:
    """Goals per competency, competencies by name, free goals last."""

    def key(goal: Goal) -> tuple[int, str, int]:
        competency = goal.competency
        if competency is None:
            return (1, "", 0)
        return (0, competency.display_name.casefold(), competency.id)

    groups = []
    for _key, items in groupby(sorted(goals, key=key), key=key):
        members = list(items)
        groups.append((members[0].competency, members))
    return groups


# What a goal's page shows of the goal itself: load it through access with these. The employee's
# roles are joined in: the employee is often the visitor, whose roles the page reads, and a load
# of their own (selectin) would cost a query and its Python time more.
GOAL_PAGE = (
    joinedload(Goal.employee).joinedload(User.role_links),
    joinedload(Goal.competency),
    joinedload(Goal.cycle),
    joinedload(Goal.source_tip),
)


_CHECK_INS = (
    select(
        CheckIn.id,
        CheckIn.on,
        CheckIn.progress,
        CheckIn.note,
        CheckIn.evidence_url,
        CheckIn.evidence_file,
        CheckIn.evidence_name,
    )
    .where(CheckIn.goal_id == bindparam("goal_id"))
    .order_by(CheckIn.on, CheckIn.id)
)

_COMMENTS = (
    select(GoalComment.body, GoalComment.created_at, User.name.label("author_name"))
    .join(User, User.id == GoalComment.author_id)
    .where(GoalComment.goal_id == bindparam("goal_id"))
    .order_by(GoalComment.id)
)

_HISTORY = history_statement("Goal", with_changes=True)


def check_ins_of(goal_id: int) -> list[Row]:
    """The goal's check-ins, oldest first, as rows of what its page shows."""
    return rows_of(_CHECK_INS, goal_id=goal_id)


def comments_of(goal_id: int) -> list[Row]:
    """The goal's comments, oldest first: their text, moment and author's name."""
    return rows_of(_COMMENTS, goal_id=goal_id)


def history(goal_id: int) -> list[Row]:
    """The goal's audit events, newest first: rows of what its history table shows (when, the
    actor's name, what and the changes), not AuditEvent objects with their actors."""
    return rows_of(_HISTORY, object_id=goal_id)


def proposed_goals_for(manager_ids: Collection[int], cycle: Cycle) -> list[Goal]:
    """Goals the reports of these managers proposed, waiting for agreement."""
    return list(
        db.session.scalars(
            select(Goal)
            .join(Goal.employee)
            .where(
                User.manager_id.in_(manager_ids),
                Goal.status == GoalStatus.PROPOSED.value,
                Goal.cycle_id == cycle.id,
            )
            .options(joinedload(Goal.employee), joinedload(Goal.competency))
            .order_by(User.name, Goal.deadline)
        )
    )


def function_competencies(function_id: int | None) -> list[Competency]:
    if function_id is None:
        return []
    return list(
        db.session.scalars(
            select(Competency)
            .join(FunctionCompetency)
            .where(FunctionCompetency.function_id == function_id)
            .order_by(FunctionCompetency.position)
        )
    )


# Built once: the statements of the two look-ups below, which every Mijn POP runs.
_CONTINUED = select(Goal.carried_over_from_id).where(
    Goal.carried_over_from_id.in_(bindparam("goal_ids", expanding=True))
)
_EARLIER_CYCLES = (
    select(Cycle.id, Cycle.name, Cycle.is_open)
    .where(
        Cycle.id != bindparam("cycle_id"),
        select(Goal.id)
        .where(Goal.employee_id == bindparam("employee_id"), Goal.cycle_id == Cycle.id)
        .exists(),
    )
    .order_by(Cycle.starts_on.desc())
)


def continued_goal_ids(goal_ids: list[int]) -> set[int]:
    """Which of these goals were continued in a later cycle (in one query)."""
    if not goal_ids:
        return set()
    return {goal_id for (goal_id,) in rows_of(_CONTINUED, goal_ids=goal_ids)}


def earlier_cycles_of(employee_id: int, cycle: Cycle) -> list[Row]:
    """The other cycles in which the employee has goals, newest first: their POP to look back.
    Rows of each cycle's `id`, `name` and `is_open`."""
    return rows_of(_EARLIER_CYCLES, employee_id=employee_id, cycle_id=cycle.id)
