"""Making notifications, reading them, and each user's mail and calendar settings.

`notify` is called by the plan's and the conversations' services inside their transaction: it
adds and flushes, the caller commits. This module imports only the models, so every service can
call it without an import cycle.
"""

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import joinedload
from werkzeug.routing import BuildError

from pop.extensions import db
from pop.models import (
    CalendarToken,
    Conversation,
    ConversationDeadline,
    DigestFrequency,
    Goal,
    MailDigest,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
    ReminderLog,
    User,
)
from pop.models._time import utcnow

Kind = NotificationKind

# Where a notification leads: (endpoint, name of the id argument) per kind, else per object type.
_LINK_BY_KIND: dict[Kind, tuple[str, str | None]] = {
    Kind.SELF_ASSESSMENT_REQUESTED: ("conversations.self_assessment", "conversation_id"),
    Kind.CONVERSATIONS_TO_PLAN: ("team.index", None),
}
_LINK_BY_TYPE: dict[str, tuple[str, str | None]] = {
    "Goal": ("plan.goal", "goal_id"),
    "Conversation": ("conversations.conversation", "conversation_id"),
}

# A goal sent back carries the manager's comment: the separate "comment added" is then noise.
_SUPERSEDED_COMMENT_WINDOW = timedelta(minutes=1)


# --- making notifications -------------------------------------------------------------------


def notify(
    recipient: User | None,
    kind: Kind,
    *,
    obj: Any,
    actor: User | None = None,
    link: str | None = None,
    **context: Any,
) -> Notification | None:
    """Tell `recipient` that `kind` happened to `obj`. Nobody is told about their own action."""
    if recipient is None or not recipient.active or recipient.anonymised:
        return None
    if actor is not None and actor.id == recipient.id:
        return None
    kind = Kind(kind)
    if kind == Kind.GOAL_SENT_BACK:
        _drop_superseded_comment(recipient, obj, actor)
    notification = Notification(
        recipient_id=recipient.id,
        kind=kind.value,
        actor_id=actor.id if actor is not None else None,
        object_type=type(obj).__name__,
        object_id=obj.id,
        link=link if link is not None else link_for(kind, type(obj).__name__, obj.id),
        context=plain({**subject_context(obj), **context}),
    )
    db.session.add(notification)
    db.session.flush()
    return notification


def _drop_superseded_comment(recipient: User, obj: Any, actor: User | None) -> None:
    db.session.execute(
        delete(Notification).where(
            Notification.recipient_id == recipient.id,
            Notification.kind == Kind.COMMENT_ADDED.value,
            Notification.object_type == type(obj).__name__,
            Notification.object_id == obj.id,
            Notification.actor_id == (actor.id if actor is not None else None),
            Notification.read_at.is_(None),
            Notification.emailed_at.is_(None),
            Notification.created_at >= utcnow() - _SUPERSEDED_COMMENT_WINDOW,
        )
    )


def subject_context(obj: Any) -> dict[str, Any]:
    """What a notification's text needs to know of its object, copied at the time."""
    if isinstance(obj, Goal):
        return {"title": obj.title, "deadline": obj.deadline}
    if isinstance(obj, Conversation):
        return {
            "kind": obj.kind,
            "date": obj.held_on or obj.planned_on,
            "employee": obj.employee.name,
            "manager": obj.manager.name,
            "employee_id": obj.employee_id,
            "manager_id": obj.manager_id,
        }
    if isinstance(obj, ConversationDeadline):
        return {"kind": obj.kind, "date": obj.due_on}
    return {}


def link_for(kind: Kind, object_type: str, object_id: int | None) -> str:
    """The path (without the application's root) that a notification leads to."""
    target = _LINK_BY_KIND.get(kind) or _LINK_BY_TYPE.get(object_type)
    if target is None:
        return ""
    endpoint, argument = target
    return app_path(endpoint, **({argument: object_id} if argument else {}))


def app_path(endpoint: str, **values: Any) -> str:
    """url_for without a request: services and the reminder command build links too."""
    try:
        return current_app.url_map.bind("localhost").build(endpoint, values)
    except BuildError:
        return ""


def plain(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-friendly: dates as ISO text, long text shortened."""
    result: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, str) and len(value) > 500:
            value = value[:499] + "…"
        result[key] = value
    return result


# --- reading and marking ----------------------------------------------------------------------


def unread_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.recipient_id == user_id, Notification.read_at.is_(None)
        )
    )


def notifications_of(user_id: int) -> Select:
    """A user's notifications, newest first, with what their text needs."""
    return (
        select(Notification)
        .where(Notification.recipient_id == user_id)
        .options(joinedload(Notification.actor))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user: User) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount


# --- mail settings ----------------------------------------------------------------------------


def mailed_kinds(user_id: int) -> set[Kind]:
    """The kinds this user gets by mail: every kind unless switched off."""
    off = set(
        db.session.scalars(
            select(NotificationPreference.kind).where(
                NotificationPreference.user_id == user_id, NotificationPreference.email.is_(False)
            )
        )
    )
    return {kind for kind in Kind if kind.value not in off}


def digest_frequency(user_id: int) -> DigestFrequency:
    settings = db.session.get(NotificationSettings, user_id)
    return DigestFrequency(settings.digest) if settings else DigestFrequency.DAILY


def save_settings(
    user: User, *, mailed: set[Kind], digest: DigestFrequency, shown: set[Kind] | None = None
) -> None:
    """Save which kinds are mailed, of those the form showed (all by default), and how often."""
    existing = {
        preference.kind: preference
        for preference in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    for kind in Kind if shown is None else shown:
        preference = existing.get(kind.value)
        if preference is None:
            preference = NotificationPreference(user_id=user.id, kind=kind.value)
            db.session.add(preference)
        preference.email = kind in mailed
    settings = db.session.get(NotificationSettings, user.id)
    if settings is None:
        settings = NotificationSettings(user_id=user.id)
        db.session.add(settings)
    settings.digest = DigestFrequency(digest).value
    db.session.flush()


# --- the calendar feed's secret -------------------------------------------------------------


def calendar_token(user: User) -> CalendarToken:
    """The user's feed token, made on first use."""
    token = db.session.get(CalendarToken, user.id)
    if token is None:
        token = CalendarToken(user_id=user.id, token=secrets.token_urlsafe(32))
        db.session.add(token)
        db.session.flush()
    return token


def renew_calendar_token(user: User) -> CalendarToken:
    """A new secret: the old feed URL stops working at once."""
    token = calendar_token(user)
    token.token = secrets.token_urlsafe(32)
    token.created_at = utcnow()
    db.session.flush()
    return token


def user_for_calendar_token(token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(User)
        .join(CalendarToken, CalendarToken.user_id == User.id)
        .where(CalendarToken.token == token, User.active, User.anonymised.is_(False))
    )


# --- privacy --------------------------------------------------------------------------------


def forget_person(person_id: int, goal_ids: list[int], conversation_ids: list[int]) -> None:
    """For anonymisation: drop the person's notifications and settings, and every notification
    about their goals and conversations (those hold titles and names)."""
    about = [Notification.recipient_id == person_id]
    if goal_ids:
        about.append((Notification.object_type == "Goal") & Notification.object_id.in_(goal_ids))
    if conversation_ids:
        about.append(
            (Notification.object_type == "Conversation")
            & Notification.object_id.in_(conversation_ids)
        )
    db.session.execute(delete(Notification).where(or_(*about)))
    for model, column in (
        (NotificationPreference, NotificationPreference.user_id),
        (NotificationSettings, NotificationSettings.user_id),
        (CalendarToken, CalendarToken.user_id),
        (ReminderLog, ReminderLog.recipient_id),
        (MailDigest, MailDigest.recipient_id),
    ):
        db.session.execute(delete(model).where(column == person_id))
    db.session.execute(
        update(Notification).where(Notification.actor_id == person_id).values(actor_id=None)
    )
