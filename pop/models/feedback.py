"""Feedback from colleagues (360): a request to one colleague before a conversation, and the answer.

One request per colleague asked, so that each giver sees only what is addressed to them. The
answer is a rating per behaviour indicator on the conversation's scale (none when the cycle has
no ratings) and a comment. An anonymous request's answers are shown only as an aggregate, and
only once at least `ANONYMOUS_MINIMUM` colleagues answered; that rule is the service's.
"""

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._enum import allowed_values, enum_type
from pop.models._time import utcnow
from pop.models.conversations import SCORE_RANGE

if TYPE_CHECKING:
    from pop.models.catalogue import BehaviourIndicator, Competency
    from pop.models.conversations import Conversation
    from pop.models.org import User

# Anonymous answers are shown only when at least this many colleagues answered.
ANONYMOUS_MINIMUM = 3


class FeedbackStatus(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "beantwoord"
    WITHDRAWN = "ingetrokken"


class FeedbackRequest(db.Model):
    """One colleague asked for feedback on one conversation's competencies."""

    __tablename__ = "feedback_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    giver_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    message: Mapped[str] = mapped_column(Text, default="", server_default="")
    expires_on: Mapped[date]
    status: Mapped[FeedbackStatus] = mapped_column(
        enum_type(FeedbackStatus, 20), default=FeedbackStatus.OPEN, server_default="open"
    )
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    conversation: Mapped["Conversation"] = relationship()
    requester: Mapped["User"] = relationship(foreign_keys=[requester_id])
    giver: Mapped["User"] = relationship(foreign_keys=[giver_id])
    ratings: Mapped[list["FeedbackRating"]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="FeedbackRating.id"
    )

    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        allowed_values("status", FeedbackStatus),
        # A colleague is asked once per conversation.
        UniqueConstraint("conversation_id", "giver_id", name="uq_feedback_request_giver"),
    )

    @property
    def feedback_status(self) -> FeedbackStatus:
        return FeedbackStatus(self.status)

    @property
    def is_answered(self) -> bool:
        return self.feedback_status == FeedbackStatus.ANSWERED

    def is_expired(self, today: date) -> bool:
        """Still open after its last day: it can no longer be answered."""
        return self.feedback_status == FeedbackStatus.OPEN and today > self.expires_on

    def is_open(self, today: date) -> bool:
        return self.feedback_status == FeedbackStatus.OPEN and today <= self.expires_on


class FeedbackRating(db.Model):
    """A colleague's view of one behaviour indicator: a point on the scale and/or a comment."""

    __tablename__ = "feedback_rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_request.id", ondelete="CASCADE"), index=True
    )
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"))
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("behaviour_indicator.id", ondelete="SET NULL")
    )
    score: Mapped[int | None]
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")

    request: Mapped[FeedbackRequest] = relationship(back_populates="ratings")
    competency: Mapped["Competency"] = relationship()
    indicator: Mapped["BehaviourIndicator | None"] = relationship()

    __table_args__ = (
        CheckConstraint(f"score IS NULL OR score {SCORE_RANGE}", name="score"),
        UniqueConstraint("request_id", "indicator_id", name="uq_feedback_rating_indicator"),
    )
