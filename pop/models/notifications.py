"""Notifications and reminders: what someone should know, how they want it mailed, what was sent.

A notification is made in the same transaction as the change it reports (or by the reminder run
for what has become due). Mail goes out as a digest from `pop send-reminders`; `emailed_at` and
a MailDigest row record what was sent, ReminderLog what was already reminded of, so that a second
run sends nothing twice.
"""

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._enum import allowed_values, enum_type
from pop.models._time import utcnow

if TYPE_CHECKING:
    from pop.models.org import User


class NotificationKind(enum.StrEnum):
    # events, made by the services at the moment they happen
    GOAL_PROPOSED = "goal_proposed"
    GOAL_AGREED = "goal_agreed"
    GOAL_SENT_BACK = "goal_sent_back"
    COMMENT_ADDED = "comment_added"
    CONVERSATION_PLANNED = "conversation_planned"
    SELF_ASSESSMENT_SUBMITTED = "self_assessment_submitted"
    REPORT_READY = "report_ready"
    FEEDBACK_REQUESTED = "feedback_requested"
    FEEDBACK_GIVEN = "feedback_given"
    SHARED_GOAL_OFFERED = "shared_goal_offered"
    SECOND_ASSESSMENT_REQUESTED = "second_assessment_requested"
    REPORT_SENT_BACK = "report_sent_back"
    OBJECTION_LODGED = "objection_lodged"
    OBJECTION_DECIDED = "objection_decided"
    STAND_IN_ARRANGED = "stand_in_arranged"
    MANAGER_HANDED_OVER = "manager_handed_over"
    # reminders, made by `pop send-reminders` when something becomes due
    CHECK_IN_DUE = "check_in_due"
    DEADLINE_NEAR = "deadline_near"
    DEADLINE_PASSED = "deadline_passed"
    CONVERSATION_DUE = "conversation_due"
    SELF_ASSESSMENT_REQUESTED = "self_assessment_requested"
    SIGNATURE_DUE = "signature_due"
    CONVERSATIONS_TO_PLAN = "conversations_to_plan"
    FEEDBACK_DUE = "feedback_due"


class DigestFrequency(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


class Notification(db.Model):
    """Something one person should know: shown under the bell, mailed in the next digest."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind, 40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[int | None]
    link: Mapped[str] = mapped_column(String(500), default="")
    # What the text needs (a goal's title, a date), copied so the list never loads the objects.
    context: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]
    # The digest that claimed this notification before sending it: no other run mails it.
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("mail_digest.id", ondelete="SET NULL"), index=True
    )

    recipient: Mapped["User"] = relationship(foreign_keys=[recipient_id])
    actor: Mapped["User | None"] = relationship(foreign_keys=[actor_id])

    __table_args__ = (
        allowed_values("kind", NotificationKind),
        Index("ix_notification_recipient_read", "recipient_id", "read_at"),
        Index("ix_notification_object", "object_type", "object_id"),
    )

    @property
    def notification_kind(self) -> NotificationKind:
        return NotificationKind(self.kind)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(db.Model):
    """Whether one kind of notification is mailed to a user; no row means yes."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    kind: Mapped[NotificationKind] = mapped_column(
        enum_type(NotificationKind, 40), primary_key=True
    )
    email: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    __table_args__ = (allowed_values("kind", NotificationKind),)


class NotificationSettings(db.Model):
    """A user's digest frequency; no row means the default (daily)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    digest: Mapped[DigestFrequency] = mapped_column(
        enum_type(DigestFrequency, 10),
        default=DigestFrequency.DAILY,
        server_default=DigestFrequency.DAILY.value,
    )

    __table_args__ = (allowed_values("digest", DigestFrequency),)


class DigestStatus(enum.StrEnum):
    SENDING = "sending"  # claimed; a run that died before it was marked sent retries it
    SENT = "sent"


class MailDigest(db.Model):
    """One digest mail: claimed with its Message-ID before sending, then marked sent.

    A digest left 'sending' by a run that died is sent again with the same Message-ID, so that
    nothing is lost and a mail client that already has it shows it once.
    """

    __tablename__ = "mail_digest"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[DigestStatus] = mapped_column(
        enum_type(DigestStatus, 10),
        default=DigestStatus.SENT,
        server_default=DigestStatus.SENT.value,
    )

    __table_args__ = (allowed_values("status", DigestStatus),)


class ReminderLog(db.Model):
    """A reminder that was issued, once per occurrence (a deadline date, a quiet period)."""

    __tablename__ = "reminder_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[int]
    occurrence: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint(
            "recipient_id",
            "kind",
            "object_type",
            "object_id",
            "occurrence",
            name="uq_reminder_log_occurrence",
        ),
    )


class CalendarToken(db.Model):
    """The secret in the URL of a user's private calendar feed; renewing it retires the old URL."""

    __tablename__ = "calendar_token"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
