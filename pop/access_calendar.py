"""Who keeps a cycle's calendar: HR for the whole organisation (and administrators), like the
opening and closing of the cycle; HR limited to some departments may see that there is one,
but changes nothing (403). Rules of `pop.access` for the calendar pages, apart because
access.py is full; they load through `pop.access` like everything else.
"""

from sqlalchemy import select

from pop.access import allowed_or_403, get_cycle_or_404, may_administer_cycles, one_or_404
from pop.models import ConversationDeadline, Cycle, Department, User


def get_calendar_cycle_or_404(viewer: User, cycle_id: int) -> Cycle:
    """The cycle whose calendar `viewer` keeps: 404 when there is none, 403 for limited HR."""
    return allowed_or_403(get_cycle_or_404(viewer, cycle_id), may_administer_cycles(viewer))


def get_department_window_or_404(
    viewer: User, cycle: Cycle, window_id: int
) -> ConversationDeadline:
    """A department's own window of `cycle` (never the cycle's own): 404 when it is another's."""
    window = one_or_404(
        select(ConversationDeadline).where(
            ConversationDeadline.id == window_id,
            ConversationDeadline.cycle_id == cycle.id,
            ConversationDeadline.department_id.is_not(None),
        )
    )
    return allowed_or_403(window, may_administer_cycles(viewer))


def get_department_or_404(viewer: User, department_id: int) -> Department:
    """A department to give a window: any, for the HR who keeps the calendar."""
    department = one_or_404(select(Department).where(Department.id == department_id))
    return allowed_or_403(department, may_administer_cycles(viewer))
