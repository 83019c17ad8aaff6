"""Calendar files: a user's private feed of goal deadlines and conversations, and one
conversation as an invitation to download. Events are whole days: POP plans dates, not hours."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event, vCalAddress
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from pop.extensions import db
from pop.labels import kind_label
from pop.models import OPEN_STATUSES, Conversation, Cycle, Goal, User
from pop.notifications.mail import absolute_url
from pop.notify import app_path


def _domain() -> str:
    return urlsplit(str(current_app.config.get("PUBLIC_URL") or "")).hostname or "pop.localhost"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//POP//Persoonlijk ontwikkelingsplan//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _whole_day(event: Event, day) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")


def goal_event(goal: Goal, stamp: datetime) -> Event:
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


def _person(address: str, name: str, role: str | None = None) -> vCalAddress:
    person = vCalAddress(f"mailto:{address}")
    person.params["cn"] = name
    if role:
        person.params["role"] = role
    return person


def conversation_event(conversation: Conversation, viewer: User, stamp: datetime) -> Event:
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
    _whole_day(event, conversation.held_on or conversation.planned_on)
    event.add(
        "summary",
        _(
            "%(kind)s met %(name)s",
            kind=kind_label(conversation.kind).capitalize(),
            name=with_whom,
        ),
    )
    event.add("description", url)
    event.add("url", url)
    event.add("last-modified", conversation.updated_at.replace(tzinfo=UTC))
    event.add("status", "CONFIRMED")
    event.add("organizer", _person(conversation.manager.email, conversation.manager.name))
    event.add(
        "attendee",
        _person(conversation.employee.email, conversation.employee.name, "REQ-PARTICIPANT"),
    )
    event.add("categories", ["POP"])
    return event


def feed(user: User) -> bytes:
    """The user's own open goals' deadlines and the conversations they take part in."""
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
    return calendar.to_ical()


def invite(conversation: Conversation, viewer: User) -> bytes:
    """One conversation as a calendar file, in the viewer's language (of the current request)."""
    calendar = _calendar(_("POP-gesprek"))
    calendar.add_component(conversation_event(conversation, viewer, datetime.now(UTC)))
    return calendar.to_ical()
