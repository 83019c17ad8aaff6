"""For pages of any area that show the current cycle, and what a goal list says comes next.

A page never opens a cycle (a GET never writes): the year's cycle is opened on purpose, by
`pop setup`, the scheduled `pop send-reminders` or HR. Until then such a page says so.
"""

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user

from pop.models import Cycle, Goal, GoalStatus
from pop.plan import current_cycle

bp = Blueprint("plan", __name__, url_prefix="/pop")


class NoCurrentCycle(Exception):
    """No open cycle holds today, and the calendar year has none either."""


def current_cycle_for_page() -> Cycle:
    """The current cycle; raises `NoCurrentCycle` (a page that says so) when there is none."""
    cycle = current_cycle.find_current_cycle()
    if cycle is None:
        raise NoCurrentCycle
    return cycle


def next_action(goal: Goal) -> str:
    """What should happen next to this goal, from the current user's point of view."""
    status = goal.goal_status
    owner = goal.employee_id == current_user.id
    if status == GoalStatus.CONCEPT:
        return _("Maak af en stel voor aan je leidinggevende") if owner else _("Wacht op voorstel")
    if status == GoalStatus.PROPOSED:
        return _("Wacht op akkoord van de leidinggevende") if owner else _("Akkoord geven")
    if status in (GoalStatus.AGREED, GoalStatus.IN_PROGRESS):
        return _("Voortgang bijhouden") if owner else _("Volgen")
    return ""
