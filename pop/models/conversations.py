"""The gesprekscyclus: conversations, the employee's self-assessment, ratings, notes, agreements.

A conversation runs gepland → voorbereid → gevoerd → ondertekend. Its rating scale is copied
from the configuration when it is planned, so a later change of scale never relabels old scores.
"""

import enum
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._enum import allowed_values, enum_type
from pop.models._time import utcnow

if TYPE_CHECKING:
    from pop.models.catalogue import BehaviourIndicator, Competency
    from pop.models.org import User
    from pop.models.plan import Cycle, Goal

# A score is a point on the conversation's rating scale, counted from 1; no scale is longer.
MAX_RATING_POINTS = 10
SCORE_RANGE = f"BETWEEN 1 AND {MAX_RATING_POINTS}"
# A conversation lasts from a quarter of an hour to a working day (minutes).
MIN_DURATION, MAX_DURATION = 15, 480


class ConversationKind(enum.StrEnum):
    PLANNING = "planningsgesprek"
    REVIEW = "functioneringsgesprek"
    APPRAISAL = "beoordelingsgesprek"


class ConversationStatus(enum.StrEnum):
    PLANNED = "gepland"
    PREPARED = "voorbereid"
    HELD = "gevoerd"
    SIGNED = "ondertekend"


class AgreementOwner(enum.StrEnum):
    """Who carries out an agreement."""

    EMPLOYEE = "medewerker"
    MANAGER = "leidinggevende"
    BOTH = "samen"


class Conversation(db.Model):
    __tablename__ = "conversation"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    kind: Mapped[ConversationKind] = mapped_column(enum_type(ConversationKind, 30))
    status: Mapped[ConversationStatus] = mapped_column(
        enum_type(ConversationStatus, 20), default=ConversationStatus.PLANNED, index=True
    )
    planned_on: Mapped[date]
    # The time (wall-clock time in TIMEZONE) and place of the invitation; without a time the
    # calendar shows a whole day.
    planned_time: Mapped[time | None]
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60, server_default="60")
    location: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # RFC 5545 SEQUENCE of the calendar invitation: raised on every change of time or place.
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    held_on: Mapped[date | None]
    rating_scale: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Only the conversation's manager ever reads these.
    preparation_notes: Mapped[str] = mapped_column(Text, default="")
    overall_rating: Mapped[int | None] = mapped_column(Integer)
    overall_motivation: Mapped[str] = mapped_column(Text, default="")
    employee_response: Mapped[str] = mapped_column(Text, default="")
    manager_signed_at: Mapped[datetime | None]
    employee_signed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Bumped by every UPDATE: of two saves made at once, the second finds it changed (409).
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    employee: Mapped["User"] = relationship(foreign_keys=[employee_id])
    manager: Mapped["User"] = relationship(foreign_keys=[manager_id])
    cycle: Mapped["Cycle"] = relationship()
    notes: Mapped[list["ConversationNote"]] = relationship(
        back_populates="conversation", order_by="ConversationNote.id", cascade="all, delete-orphan"
    )
    ratings: Mapped[list["ConversationRating"]] = relationship(
        back_populates="conversation",
        order_by="ConversationRating.id",
        cascade="all, delete-orphan",
    )
    competency_notes: Mapped[list["CompetencyNote"]] = relationship(
        back_populates="conversation",
        order_by="CompetencyNote.id",
        cascade="all, delete-orphan",
    )
    agreements: Mapped[list["Agreement"]] = relationship(
        back_populates="conversation", order_by="Agreement.id", cascade="all, delete-orphan"
    )
    addenda: Mapped[list["ConversationAddendum"]] = relationship(
        back_populates="conversation",
        order_by="ConversationAddendum.id",
        cascade="all, delete-orphan",
    )
    self_assessment: Mapped["SelfAssessment | None"] = relationship(
        back_populates="conversation", cascade="all, delete-orphan"
    )
    report: Mapped["ConversationReport | None"] = relationship(back_populates="conversation")
    second_assessment: Mapped["SecondAssessment | None"] = relationship(
        back_populates="conversation", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        allowed_values("kind", ConversationKind),
        allowed_values("status", ConversationStatus),
        CheckConstraint(f"overall_rating {SCORE_RANGE}", name="overall_rating"),
    )

    @property
    def conversation_kind(self) -> ConversationKind:
        return ConversationKind(self.kind)

    @property
    def conversation_status(self) -> ConversationStatus:
        return ConversationStatus(self.status)

    @property
    def planned_end(self) -> time | None:
        """The wall-clock time the conversation ends, when it has a start time."""
        if self.planned_time is None:
            return None
        start = datetime.combine(self.planned_on, self.planned_time)
        return (start + timedelta(minutes=self.duration_minutes)).time()

    @property
    def has_ratings(self) -> bool:
        """Rated on a scale; an empty scale means without ratings (the cycle's choice)."""
        return bool(self.rating_scale)

    @property
    def is_appraisal(self) -> bool:
        return self.conversation_kind == ConversationKind.APPRAISAL

    @property
    def is_signed(self) -> bool:
        """Both have signed: the report is final, changes only as an addendum."""
        return self.employee_signed_at is not None

    @property
    def is_held(self) -> bool:
        return self.conversation_status in (ConversationStatus.HELD, ConversationStatus.SIGNED)

    def note_for(self, topic: str) -> str:
        return next((note.body for note in self.notes if note.topic == topic), "")

    def competency_note_for(self, competency_id: int) -> str:
        return next(
            (note.body for note in self.competency_notes if note.competency_id == competency_id),
            "",
        )


class ConversationNote(db.Model):
    """What was said about one topic of the conversation."""

    __tablename__ = "conversation_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    topic: Mapped[str] = mapped_column(String(30))
    body: Mapped[str] = mapped_column(Text, default="")

    conversation: Mapped[Conversation] = relationship(back_populates="notes")

    __table_args__ = (
        UniqueConstraint("conversation_id", "topic", name="uq_conversation_note_topic"),
    )


class ConversationRating(db.Model):
    """The manager's rating of a competency, or of one of its behaviour indicators."""

    __tablename__ = "conversation_rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("behaviour_indicator.id", ondelete="SET NULL")
    )
    score: Mapped[int]

    conversation: Mapped[Conversation] = relationship(back_populates="ratings")
    competency: Mapped["Competency"] = relationship()
    indicator: Mapped["BehaviourIndicator | None"] = relationship()

    __table_args__ = (CheckConstraint(f"score {SCORE_RANGE}", name="score"),)


class CompetencyNote(db.Model):
    """The manager's toelichting on one competency: why it was rated as it was."""

    __tablename__ = "conversation_competency_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    body: Mapped[str] = mapped_column(Text, default="")

    conversation: Mapped[Conversation] = relationship(back_populates="competency_notes")

    __table_args__ = (
        UniqueConstraint(
            "conversation_id", "competency_id", name="uq_conversation_competency_note"
        ),
    )


class SelfAssessment(db.Model):
    """The employee's own view before a conversation; the manager reads it once submitted."""

    __tablename__ = "self_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), unique=True)
    reflection: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    conversation: Mapped[Conversation] = relationship(back_populates="self_assessment")
    ratings: Mapped[list["SelfAssessmentRating"]] = relationship(
        back_populates="self_assessment",
        order_by="SelfAssessmentRating.id",
        cascade="all, delete-orphan",
    )

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class SelfAssessmentRating(db.Model):
    __tablename__ = "self_assessment_rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    self_assessment_id: Mapped[int] = mapped_column(ForeignKey("self_assessment.id"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("behaviour_indicator.id", ondelete="SET NULL")
    )
    score: Mapped[int]

    self_assessment: Mapped[SelfAssessment] = relationship(back_populates="ratings")
    competency: Mapped["Competency"] = relationship()
    indicator: Mapped["BehaviourIndicator | None"] = relationship()

    __table_args__ = (CheckConstraint(f"score {SCORE_RANGE}", name="score"),)


class Agreement(db.Model):
    """An agreed action: what, who, by when; it can become a goal in the employee's POP."""

    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    owner: Mapped[AgreementOwner] = mapped_column(
        enum_type(AgreementOwner, 20), default=AgreementOwner.EMPLOYEE
    )
    due_on: Mapped[date]
    competency_id: Mapped[int | None] = mapped_column(ForeignKey("competency.id"))
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="agreements")
    competency: Mapped["Competency | None"] = relationship()
    goal: Mapped["Goal | None"] = relationship()

    __table_args__ = (allowed_values("owner", AgreementOwner),)


class ConversationAddendum(db.Model):
    """A dated addition to a signed report: the report itself never changes."""

    __tablename__ = "conversation_addendum"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="addenda")
    author: Mapped["User"] = relationship()


class ConversationReport(db.Model):
    """The report as both people signed it: frozen content and its SHA-256 digest.

    Written once, when the employee signs; never changed afterwards (the guard in
    `pop.models.signed` and, on PostgreSQL, a trigger refuse it). The report page renders
    from `content`, so a later change of the catalogue or of a person's function never
    rewrites what was signed. Addenda stay dated additions beside it.
    """

    __tablename__ = "conversation_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), unique=True)
    content: Mapped[dict] = mapped_column(JSON)
    digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="report")


class SecondAssessment(db.Model):
    """The second assessor (tweede beoordelaar) of a beoordelingsgesprek, and where they stand.

    A row exists once the conversation needs one: HR named someone, or the manager finalised an
    appraisal in a cycle that asks for a second assessor (then the manager's own manager). It is
    their turn while `requested_at` is set and `agreed_at` is empty; sending the report back
    clears `requested_at` and the manager's signature, and keeps the comment.
    """

    __tablename__ = "second_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), unique=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    # HR who named the assessor; empty when it is the manager's own manager by default.
    named_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime | None]  # the manager finalised: the assessor's turn
    agreed_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]  # last sent back to the manager, with the comment
    return_comment: Mapped[str] = mapped_column(Text, default="", server_default="")

    conversation: Mapped[Conversation] = relationship(back_populates="second_assessment")
    assessor: Mapped["User"] = relationship(foreign_keys=[assessor_id])
    named_by: Mapped["User | None"] = relationship(foreign_keys=[named_by_id])

    @property
    def awaits_assessor(self) -> bool:
        return self.requested_at is not None and self.agreed_at is None

    @property
    def is_agreed(self) -> bool:
        return self.agreed_at is not None
