"""Calendar files: a user's private feed of goal deadlines, conversations and the windows of
the cycle calendar (`window_events`), and one conversation as an invitation (RFC 5546 iTIP:
METHOD:REQUEST, or METHOD:CANCEL when called off).

A conversation with a time is an event from its start to its end in the configured time zone
(TIMEZONE, Europe/Amsterdam), with that zone as a VTIMEZONE so that Outlook and Google Calendar
place it right; without a time it is a whole day. Its UID never changes and its SEQUENCE rises
with every change of time or place, so a calendar replaces the earlier invitation.
"""

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from pop.dates import local_zone
from pop.extensions import db
from pop.labels import kind_label
from pop.models import OPEN_STATUSES, Conversation, Cycle, Goal, User
from pop.notifications.mail import absolute_url
from pop.notifications.window_events import window_event, windows_for
from pop.notify import app_path

if TYPE_CHECKING:  # icalendar is imported by the worker that writes a calendar, when it does
    from icalendar import Calendar, Event, vCalAddress


def _domain() -> str:
    return urlsplit(str(current_app.config.get("PUBLIC_URL") or "")).hostname or "pop.localhost"


def _calendar(name: str, method: str = "PUBLISH") -> "Calendar":
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//POP//Persoonlijk ontwikkelingsplan//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    return calendar


def _whole_day(event: "Event", day) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")


def goal_event(goal: Goal, stamp: datetime) -> "Event":
    from icalendar import Event

    url = absolute_url(app_path("plan.goal", goal_id=goal.id))
    event = Event()
    event.add("uid", f"pop-goal-{goal.id}@{_domain()}")
    event.add("dtstamp", stamp)
    _whole_day(event, goal.deadline)
    event.add("summary", _("Deadline: %(title)s", title=goal.title))
    event.add("description", f"{goal.specific}\n\n{url}".strip())
    event.add("url", url)
    event.add("last-modified", goal.updated_at.replace(tzinfo=UTC))
    event.add("categories", ["POP"])
    return event


def _person(address: str, name: str, *, attendee: bool = False) -> "vCalAddress":
    from icalendar import vCalAddress

    person = vCalAddress(f"mailto:{address}")
    person.params["cn"] = name
    if attendee:
        person.params["cutype"] = "INDIVIDUAL"
        person.params["role"] = "REQ-PARTICIPANT"
        person.params["partstat"] = "NEEDS-ACTION"
        person.params["rsvp"] = "TRUE"
    return person


def conversation_start(conversation: Conversation) -> datetime | date:
    """When the conversation starts: a moment in the configured zone, or a whole day."""
    day = conversation.held_on or conversation.planned_on
    if conversation.planned_time is None:
        return day
    return datetime.combine(day, conversation.planned_time, tzinfo=local_zone())


def _when(event: "Event", conversation: Conversation) -> None:
    start = conversation_start(conversation)
    if not isinstance(start, datetime):
        _whole_day(event, start)
        return
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=conversation.duration_minutes))
    event.add("transp", "OPAQUE")


def conversation_event(
    conversation: Conversation, viewer: User, stamp: datetime, *, cancelled: bool = False
) -> "Event":
    from icalendar import Event

    if viewer.id == conversation.employee_id:
        with_whom = conversation.manager.name
    elif viewer.id == conversation.manager_id:
        with_whom = conversation.employee.name
    else:  # HR downloading someone else's conversation
        with_whom = f"{conversation.employee.name} ({conversation.manager.name})"
    url = absolute_url(app_path("conversations.conversation", conversation_id=conversation.id))
    event = Event()
    event.add("uid", f"pop-conversation-{conversation.id}@{_domain()}")
    event.add("dtstamp", stamp)
    event.add("sequence", conversation.calendar_sequence)
    _when(event, conversation)
    event.add(
        "summary",
        _(
            "%(kind)s met %(name)s",
            kind=kind_label(conversation.kind).capitalize(),
            name=with_whom,
        ),
    )
    if conversation.location:
        event.add("location", conversation.location)
    event.add("description", url)
    event.add("url", url)
    event.add("last-modified", conversation.updated_at.replace(tzinfo=UTC))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _person(conversation.manager.email, conversation.manager.name))
    event.add(
        "attendee",
        _person(conversation.employee.email, conversation.employee.name, attendee=True),
    )
    event.add("categories", ["POP"])
    return event


def feed(user: User) -> bytes:
    """The user's own open goals' deadlines, the conversations they take part in, and the
    windows of the cycle calendar for them and their team."""
    stamp = datetime.now(UTC)
    goals = db.session.scalars(
        select(Goal)
        .join(Cycle, Cycle.id == Goal.cycle_id)
        .where(Goal.employee_id == user.id, Goal.status.in_(OPEN_STATUSES), Cycle.is_open)
        .order_by(Goal.deadline, Goal.id)
    )
    conversations = db.session.scalars(
        select(Conversation)
        .where(or_(Conversation.employee_id == user.id, Conversation.manager_id == user.id))
        .options(joinedload(Conversation.employee), joinedload(Conversation.manager))
        .order_by(Conversation.planned_on, Conversation.id)
    )
    with force_locale(user.language or "nl"):
        calendar = _calendar(_("POP van %(name)s", name=user.name))
        for goal in goals:
            calendar.add_component(goal_event(goal, stamp))
        for conversation in conversations:
            calendar.add_component(conversation_event(conversation, user, stamp))
        for window, own in windows_for(user):
            calendar.add_component(window_event(window, own, stamp, _domain()))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def invitation(conversation: Conversation, viewer: User, *, cancelled: bool = False) -> "Calendar":
    """One conversation as an iTIP message: REQUEST, or CANCEL when it is called off.

    Texts in the language of the moment (the request's, or a forced recipient's).
    """
    calendar = _calendar(_("POP-gesprek"), "CANCEL" if cancelled else "REQUEST")
    calendar.add_component(
        conversation_event(conversation, viewer, datetime.now(UTC), cancelled=cancelled)
    )
    calendar.add_missing_timezones()
    return calendar


def invite(conversation: Conversation, viewer: User) -> bytes:
    """One conversation as a calendar file to download, in the viewer's language."""
    return invitation(conversation, viewer).to_ical()
