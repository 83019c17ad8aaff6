"""Digests for `pop send-reminders`: who is due one, claiming it before it is sent, marking it sent.

A digest is claimed first (a MailDigest row in state 'sending' with its Message-ID, and its
notifications pointing at it) and committed; only then is it handed to the mail server, and
marked sent after. Another run never mails a claimed notification; a digest left 'sending' by a
run that died is sent again with the same Message-ID, so it is neither lost nor shown twice.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, exists, func, select, update
from sqlalchemy.orm import joinedload

from pop.extensions import db
from pop.models import (
    DigestFrequency,
    DigestStatus,
    MailDigest,
    Notification,
    NotificationPreference,
    NotificationSettings,
    User,
)
from pop.models._time import utcnow

# Notifications older than this are not mailed any more (they stay in the app).
DIGEST_LOOKBACK = timedelta(days=14)
# Some slack for a cron job that does not start at exactly the same minute every day.
DIGEST_INTERVALS = {
    DigestFrequency.DAILY: timedelta(hours=20),
    DigestFrequency.WEEKLY: timedelta(days=7) - timedelta(hours=4),
}


# Bulk UPDATEs and DELETEs here do not look for the rows' objects in the session: matching them
# walks the whole identity map per statement (a run's time grew with the square of its batch),
# and nothing reads those attributes after the statement but the next batch, freshly loaded.
_NO_SYNC = {"synchronize_session": False}


@dataclass
class Digest:
    """The mail one person gets in this run."""

    recipient: User
    notifications: list[Notification]
    message_id: str = ""
    id: int | None = None


def _mailable(now: datetime):
    """Unread, unmailed, unclaimed, recent notifications of a kind their recipient wants mailed."""
    switched_off = exists().where(
        NotificationPreference.user_id == Notification.recipient_id,
        NotificationPreference.kind == Notification.kind,
        NotificationPreference.email.is_(False),
    )
    return and_(
        Notification.emailed_at.is_(None),
        Notification.read_at.is_(None),
        Notification.digest_id.is_(None),
        Notification.created_at >= now - DIGEST_LOOKBACK,
        User.active.is_(True),
        User.anonymised.is_(False),
        ~switched_off,
    )


def due_recipient_ids(now: datetime | None = None) -> list[int]:
    """Everyone with something to mail whose daily or weekly digest is due, in id order."""
    now = now or utcnow()
    candidates = db.session.scalars(
        select(Notification.recipient_id)
        .join(User, User.id == Notification.recipient_id)
        .where(_mailable(now))
        .distinct()
        .order_by(Notification.recipient_id)
    ).all()
    if not candidates:
        return []
    # Whole tables, not IN (…): tens of thousands of recipients exceed a query's parameters.
    frequency = dict(
        db.session.execute(
            select(NotificationSettings.user_id, NotificationSettings.digest).where(
                NotificationSettings.digest != DigestFrequency.DAILY.value
            )
        ).all()
    )
    last_sent = dict(
        db.session.execute(
            select(MailDigest.recipient_id, func.max(MailDigest.sent_at))
            .where(
                MailDigest.status == DigestStatus.SENT.value,
                MailDigest.sent_at >= now - DIGEST_INTERVALS[DigestFrequency.WEEKLY],
            )
            .group_by(MailDigest.recipient_id)
        ).all()
    )

    def due(user_id: int) -> bool:
        interval = DIGEST_INTERVALS[DigestFrequency(frequency.get(user_id, "daily"))]
        return user_id not in last_sent or now - last_sent[user_id] >= interval

    return [user_id for user_id in candidates if due(user_id)]


def claim(recipient_ids: list[int], message_id, now: datetime | None = None) -> list[Digest]:
    """Claim one digest per recipient (flushes); `message_id()` makes each its Message-ID."""
    now = now or utcnow()
    notifications = db.session.scalars(
        select(Notification)
        .join(User, User.id == Notification.recipient_id)
        .where(Notification.recipient_id.in_(recipient_ids), _mailable(now))
        .options(joinedload(Notification.recipient), joinedload(Notification.actor))
        .order_by(Notification.recipient_id, Notification.created_at, Notification.id)
    ).all()
    digests: dict[int, Digest] = {}
    for notification in notifications:
        digest = digests.setdefault(
            notification.recipient_id, Digest(notification.recipient, [], message_id())
        )
        digest.notifications.append(notification)
    rows = {
        user_id: MailDigest(
            recipient_id=user_id,
            sent_at=now,
            item_count=len(digest.notifications),
            message_id=digest.message_id[:255],
            status=DigestStatus.SENDING.value,
        )
        for user_id, digest in digests.items()
    }
    db.session.add_all(rows.values())
    db.session.flush()
    claimed = []
    for user_id, digest in digests.items():
        digest.id = rows[user_id].id
        claimed.extend(
            {"id": notification.id, "digest_id": digest.id} for notification in digest.notifications
        )
    if claimed:
        db.session.execute(update(Notification), claimed, execution_options=_NO_SYNC)
    return list(digests.values())


def unfinished() -> list[Digest]:
    """Digests a run claimed but did not mark sent (it died): to send again, same Message-ID."""
    rows = db.session.scalars(
        select(MailDigest)
        .where(MailDigest.status == DigestStatus.SENDING.value)
        .order_by(MailDigest.id)
    ).all()
    if not rows:
        return []
    notifications = db.session.scalars(
        select(Notification)
        .where(Notification.digest_id.in_([row.id for row in rows]))
        .options(joinedload(Notification.recipient), joinedload(Notification.actor))
        .order_by(Notification.created_at, Notification.id)
    ).all()
    by_digest: dict[int, list[Notification]] = {}
    for notification in notifications:
        by_digest.setdefault(notification.digest_id, []).append(notification)
    digests = []
    for row in rows:
        items = by_digest.get(row.id, [])
        if items:
            digests.append(Digest(items[0].recipient, items, row.message_id, row.id))
        else:  # everything in it was read or removed meanwhile
            db.session.delete(row)
    return digests


def mark_sent(sent: list[Digest], now: datetime | None = None) -> None:
    """Record that these digests went out: their notifications are not mailed again."""
    ids = [digest.id for digest in sent if digest.id is not None]
    if not ids:
        return
    now = now or utcnow()
    db.session.execute(
        update(Notification).where(Notification.digest_id.in_(ids)).values(emailed_at=now),
        execution_options=_NO_SYNC,
    )
    db.session.execute(
        update(MailDigest)
        .where(MailDigest.id.in_(ids))
        .values(status=DigestStatus.SENT.value, sent_at=now),
        execution_options=_NO_SYNC,
    )


def release(digests: list[Digest]) -> None:
    """Give up claims that were not sent, so that the next run mails them afresh."""
    ids = [digest.id for digest in digests if digest.id is not None]
    if not ids:
        return
    db.session.execute(
        update(Notification).where(Notification.digest_id.in_(ids)).values(digest_id=None),
        execution_options=_NO_SYNC,
    )
    db.session.execute(delete(MailDigest).where(MailDigest.id.in_(ids)), execution_options=_NO_SYNC)
