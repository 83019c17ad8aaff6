"""The cycle people work in today: found for every page in one query, made for the year once.

Pages look it up with `find_current_cycle`; only what opens the year's cycle on purpose (`pop
setup`, `pop send-reminders`, HR) calls `current_cycle`, which creates it when there is none.
"""

from datetime import date

from sqlalchemy import Date, bindparam, case, select

from pop.extensions import db
from pop.models import Cycle

_TODAY = bindparam("today", type_=Date)
_HOLDS_TODAY = (Cycle.starts_on <= _TODAY) & (Cycle.ends_on >= _TODAY)
_STARTS_LATER = Cycle.starts_on > _TODAY
# Built once: the open cycle people work in on `today`, in one query (see find_current_cycle).
# Each sort key below is set only for its own group, so the groups come in order and each is
# sorted by its own key; the keys of the other groups are NULL, and equal, within a group.
_CURRENT_OPEN_CYCLE = (
    select(Cycle)
    .where(Cycle.is_open)
    .order_by(
        case((_HOLDS_TODAY, 0), (_STARTS_LATER, 1), else_=2),
        case((_HOLDS_TODAY, Cycle.starts_on)).desc(),  # the latest to start of those running
        case((_STARTS_LATER, Cycle.starts_on)),  # else the soonest to start
        case((Cycle.ends_on < _TODAY, Cycle.ends_on)).desc(),  # else the last to end
        Cycle.id,
    )
    .limit(1)
)


def find_current_cycle(today: date | None = None) -> Cycle | None:
    """The cycle people work in today; None when there is none at all.

    The open cycle that holds today; else the next open one (HR opened it and closed the one
    before, so people land in it before its first day); else the last open one; else the
    calendar year's cycle, closed and read-only.
    """
    today = today or date.today()
    cycle = db.session.scalar(_CURRENT_OPEN_CYCLE, {"today": today})
    if cycle is not None:
        return cycle
    return db.session.scalar(select(Cycle).where(Cycle.name == str(today.year)))


def current_cycle(today: date | None = None) -> Cycle:
    """The open cycle that holds today; the calendar year's cycle is created when none exists.

    Only what opens the year's cycle on purpose calls this (`pop setup`, `pop send-reminders`,
    HR); pages look the cycle up with `find_current_cycle` and never create one.
    """
    today = today or date.today()
    cycle = find_current_cycle(today)
    if cycle is None:
        cycle = Cycle.calendar_year(today.year)
        db.session.add(cycle)
        db.session.flush()
    return cycle
