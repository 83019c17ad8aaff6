"""The windows of HR's cycle calendar in a person's calendar feed: all-day events spanning each
window, for the employee their own window and for a manager the windows of their team.

Each window's UID never changes and its SEQUENCE is the window's calendar sequence, which rises
when HR moves it, so that a calendar replaces the earlier version.
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from pop.conversations.cycles.windows import person_windows
from pop.extensions import db
from pop.labels import kind_label
from pop.models import ConversationDeadline, Cycle, Role, User, UserRole
from pop.notifications.mail import absolute_url
from pop.notify import app_path

if TYPE_CHECKING:
    from icalendar import Event


def windows_for(user: User) -> list[tuple[ConversationDeadline, bool]]:
    """The windows of the open cycles that apply to `user` themselves (as an employee) or to
    the employees they manage; with each, whether it is the user's own. Two queries."""
    windows = person_windows(select(Cycle.id).where(Cycle.is_open))
    employees = select(UserRole.user_id).where(UserRole.role == Role.EMPLOYEE.value)
    rows = db.session.execute(
        select(windows.c.window_id, User.id == user.id)
        .join(windows, windows.c.user_id == User.id)
        .where(
            User.id.in_(employees),
            (User.id == user.id)
            | ((User.manager_id == user.id) & User.active.is_(True) & User.anonymised.is_(False)),
        )
        .distinct()
    ).all()
    own = {window_id for window_id, is_own in rows if is_own}
    ids = sorted({window_id for window_id, _is_own in rows})
    found = db.session.scalars(
        select(ConversationDeadline)
        .where(ConversationDeadline.id.in_(ids))
        .options(joinedload(ConversationDeadline.department))
        .order_by(ConversationDeadline.opens_on, ConversationDeadline.id)
    )
    return [(window, window.id in own) for window in found]


def _summary(window: ConversationDeadline, own: bool) -> str:
    kind = kind_label(window.kind)
    if own:
        return _("Periode voor je %(kind)s", kind=kind)
    if window.department is not None:
        return _(
            "Periode voor het %(kind)s in %(department)s",
            kind=kind,
            department=window.department.name,
        )
    return _("Periode voor het %(kind)s van je team", kind=kind)


def window_event(window: ConversationDeadline, own: bool, stamp: datetime, domain: str) -> "Event":
    from icalendar import Event

    event = Event()
    event.add("uid", f"pop-window-{window.id}@{domain}")
    event.add("dtstamp", stamp)
    event.add("sequence", window.calendar_sequence)
    event.add("dtstart", window.opens_on)
    event.add("dtend", window.due_on + timedelta(days=1))  # DTEND of a whole day is exclusive
    event.add("transp", "TRANSPARENT")
    event.add("summary", _summary(window, own))
    event.add("url", absolute_url(app_path("main.home")))
    event.add("categories", ["POP"])
    return event
