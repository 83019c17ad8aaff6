"""Making notifications, reading them, and each user's mail and calendar settings.

Notifications are made by `pop.notify.notify`, which the plan's and the conversations' services
call inside their transaction; this module is the notifications area's own side of them.
"""

import secrets

from flask import g, has_request_context
from sqlalchemy import ScalarSelect, Select, delete, func, or_, select, update
from sqlalchemy.orm import joinedload

from pop.extensions import db
from pop.models import (
    CalendarToken,
    DigestFrequency,
    MailDigest,
    Notification,
    NotificationPreference,
    NotificationSettings,
    ReminderLog,
    User,
)
from pop.models._time import utcnow
from pop.notify import Kind

# --- reading and marking ----------------------------------------------------------------------


def unread_count(user_id: int) -> int:
    return db.session.scalar(select(unread_count_of(user_id)))


def unread_count_of(user_id) -> ScalarSelect:
    """The unread notifications of `user_id` (a column or a value), as a scalar subquery: the
    query that loads the logged-in user reads the bell's count with it."""
    return (
        select(func.count(Notification.id))
        .where(Notification.recipient_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def remember_unread_count(count: int) -> None:
    """The bell's count for this request, read with the user; forgotten when marked read."""
    if has_request_context():
        g.unread_notifications = count


def _forget_unread_count() -> None:
    if has_request_context():
        g.pop("unread_notifications", None)


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
        _forget_unread_count()


def mark_all_read(user: User) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    _forget_unread_count()
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


def forget_people(person_ids: list[int], goal_ids: Select, conversation_ids: Select) -> None:
    """For anonymisation: drop these people's notifications and settings, and every
    notification about their goals and conversations (those hold titles and names); the ids of
    those are given as queries."""
    db.session.execute(
        delete(Notification).where(
            or_(
                Notification.recipient_id.in_(person_ids),
                (Notification.object_type == "Goal") & Notification.object_id.in_(goal_ids),
                (Notification.object_type == "Conversation")
                & Notification.object_id.in_(conversation_ids),
            )
        )
    )
    for model, column in (
        (NotificationPreference, NotificationPreference.user_id),
        (NotificationSettings, NotificationSettings.user_id),
        (CalendarToken, CalendarToken.user_id),
        (ReminderLog, ReminderLog.recipient_id),
        (MailDigest, MailDigest.recipient_id),
    ):
        db.session.execute(delete(model).where(column.in_(person_ids)))
    db.session.execute(
        update(Notification)
        .where(Notification.actor_id.in_(person_ids))
        .values(actor_id=None)
        .execution_options(synchronize_session=False)
    )
