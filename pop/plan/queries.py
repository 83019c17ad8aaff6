"""Read queries of the plan pages, eager-loaded so their query count does not grow with rows."""

from collections.abc import Collection
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from pop.extensions import db
from pop.models import (
    AuditEvent,
    Competency,
    Cycle,
    FunctionCompetency,
    Goal,
    GoalComment,
    GoalStatus,
    User,
)


def goals_of(employee_id: int, cycle_id: int) -> list[Goal]:
    return list(
        db.session.scalars(
            select(Goal)
            .where(Goal.employee_id == employee_id, Goal.cycle_id == cycle_id)
            .options(joinedload(Goal.competency))
            .order_by(Goal.deadline, Goal.id)
        )
    )


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


# What a goal's page shows: load the goal through access with these.
GOAL_PAGE = (
    joinedload(Goal.employee).joinedload(User.manager),
    joinedload(Goal.competency),
    joinedload(Goal.cycle),
    joinedload(Goal.source_tip),
    selectinload(Goal.check_ins),
    selectinload(Goal.comments).joinedload(GoalComment.author),
)


def history(goal_id: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == "Goal", AuditEvent.object_id == goal_id)
            .options(joinedload(AuditEvent.actor))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        )
    )


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


def continued_goal_ids(goal_ids: list[int]) -> set[int]:
    """Which of these goals were continued in a later cycle (in one query)."""
    if not goal_ids:
        return set()
    return set(
        db.session.scalars(
            select(Goal.carried_over_from_id).where(Goal.carried_over_from_id.in_(goal_ids))
        )
    )


def earlier_cycles_of(employee_id: int, cycle: Cycle) -> list[Cycle]:
    """The other cycles in which the employee has goals, newest first: their POP to look back."""
    has_goals = select(Goal.id).where(Goal.employee_id == employee_id, Goal.cycle_id == Cycle.id)
    return list(
        db.session.scalars(
            select(Cycle)
            .where(Cycle.id != cycle.id, has_goals.exists())
            .order_by(Cycle.starts_on.desc())
        )
    )
