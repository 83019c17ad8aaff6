"""The turn of the cycle: where people work on after a cycle closed, and continuing one goal.

HR can carry every open goal over when closing a cycle (`services.close_cycle`); a goal left
behind in the closed cycle is continued by its owner here, once, in the next open cycle.
"""

from flask_babel import gettext as _
from sqlalchemy import select

from pop.extensions import db
from pop.models import Cycle, Goal, User
from pop.plan.services import PlanError, carry_over, require_owner


def open_cycle_after(cycle: Cycle) -> Cycle | None:
    """Where people work on after `cycle`: the open cycle that starts first after it."""
    return db.session.scalar(
        select(Cycle)
        .where(Cycle.is_open, Cycle.starts_on > cycle.starts_on)
        .order_by(Cycle.starts_on)
    )


def continuation_of(goal: Goal) -> Goal | None:
    """The goal that continues `goal` in a later cycle, if it was carried over."""
    return db.session.scalar(select(Goal).where(Goal.carried_over_from_id == goal.id).limit(1))


def may_continue(goal: Goal) -> bool:
    """An open goal of a closed cycle, not yet continued, with an open cycle to go to."""
    return (
        not goal.cycle.is_open
        and not goal.goal_status.is_final
        and continuation_of(goal) is None
        and open_cycle_after(goal.cycle) is not None
    )


def continue_goal(goal: Goal, actor: User) -> Goal:
    """The owner continues an open goal of a closed cycle in the next open cycle."""
    require_owner(goal, actor)
    if goal.cycle.is_open:
        raise PlanError(
            _("Dit doel loopt in een open cyclus: het hoeft niet voortgezet te worden.")
        )
    if goal.goal_status.is_final:
        raise PlanError(_("Een afgerond of gestopt doel gaat niet mee naar een volgende cyclus."))
    if continuation_of(goal) is not None:
        raise PlanError(_("Dit doel is al voortgezet in een volgende cyclus."))
    target = open_cycle_after(goal.cycle)
    if target is None:
        raise PlanError(_("Er is nog geen nieuwe cyclus open om het doel in voort te zetten."))
    return carry_over(goal, target, actor)
