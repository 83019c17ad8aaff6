"""Cycle administration beyond the plan's services: who may do it, the overview.

Opening and closing a cycle changes everyone's POP, so only HR for the whole organisation (or an
administrator) does it; HR limited to some departments sees the cycles but changes nothing.
Services flush; the caller commits.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select

from pop import audit
from pop.extensions import db
from pop.models import OPEN_STATUSES, ConversationDeadline, Cycle, Goal, User
from pop.plan import services as plan_services
from pop.plan.services import PlanError


class CycleError(PlanError):
    """A cycle rule was broken; `str(error)` is the message for the user."""


@dataclass
class CycleSummary:
    cycle: Cycle
    goals: int = 0
    unfinished: int = 0
    deadlines: dict[str, date] = field(default_factory=dict)


def cycle_overview() -> list[CycleSummary]:
    """Every cycle, newest first, with its goals counted (one GROUP BY) and its deadlines."""
    cycles = list(db.session.scalars(select(Cycle).order_by(Cycle.starts_on.desc(), Cycle.id)))
    summaries = {cycle.id: CycleSummary(cycle) for cycle in cycles}
    unfinished = case((Goal.status.in_(OPEN_STATUSES), 1), else_=0)
    for cycle_id, goals, open_goals in db.session.execute(
        select(Goal.cycle_id, func.count(Goal.id), func.sum(unfinished)).group_by(Goal.cycle_id)
    ):
        if cycle_id in summaries:
            summaries[cycle_id].goals = goals
            summaries[cycle_id].unfinished = open_goals or 0
    for deadline in db.session.scalars(
        select(ConversationDeadline).where(ConversationDeadline.department_id.is_(None))
    ):
        if deadline.cycle_id in summaries:
            summaries[deadline.cycle_id].deadlines[deadline.kind] = deadline.due_on
    return list(summaries.values())


def unfinished_goals(cycle: Cycle) -> int:
    return db.session.scalar(
        select(func.count(Goal.id)).where(Goal.cycle_id == cycle.id, Goal.status.in_(OPEN_STATUSES))
    )


def open_cycles(except_cycle: Cycle | None = None) -> list[Cycle]:
    query = select(Cycle).where(Cycle.is_open).order_by(Cycle.starts_on)
    if except_cycle is not None:
        query = query.where(Cycle.id != except_cycle.id)
    return list(db.session.scalars(query))


def open_cycle(
    name: str, starts_on: date, ends_on: date, actor: User, *, with_ratings: bool = True
) -> Cycle:
    return plan_services.open_cycle(
        name.strip(), starts_on, ends_on, actor, with_ratings=with_ratings
    )


def close_cycle(cycle: Cycle, actor: User, carry_over_to: Cycle | None) -> int:
    """Close `cycle`; its unfinished goals go on in `carry_over_to`, or stay where they are."""
    return plan_services.close_cycle(cycle, actor, carry_over_to=carry_over_to)


def set_second_assessor_required(cycle: Cycle, required: bool, actor: User) -> bool:
    """Turn the second assessor on or off for the cycle's appraisals; whether it changed."""
    if cycle.second_assessor_required == required:
        return False
    old = cycle.second_assessor_required
    cycle.second_assessor_required = required
    db.session.flush()
    audit.record(
        actor,
        "cycle_second_assessor_set",
        cycle,
        summary=cycle.name,
        changes={"second_assessor_required": [old, required]},
    )
    return True
