"""Bezwaar: the employee's formal objection to a signed beoordeling, and how HR decided it.

An objection runs ingediend → in behandeling → afgehandeld; its outcome is gehandhaafd (the
judgement stands) or aangepast (it changes), always with a motivation. A changed judgement is a
dated addendum beside the frozen report (`addendum_id`), never an edit of the report itself.
"""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._enum import allowed_values, enum_type
from pop.models._time import utcnow
from pop.models.conversations import Conversation, ConversationAddendum
from pop.models.org import User


class ObjectionStatus(enum.StrEnum):
    LODGED = "ingediend"
    IN_PROGRESS = "in_behandeling"
    DECIDED = "afgehandeld"


class ObjectionOutcome(enum.StrEnum):
    UPHELD = "gehandhaafd"  # the judgement stands
    AMENDED = "aangepast"  # the judgement changes: an addendum says how


class Objection(db.Model):
    __tablename__ = "objection"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One objection per beoordeling.
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), unique=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[ObjectionStatus] = mapped_column(
        enum_type(ObjectionStatus, 20), default=ObjectionStatus.LODGED, index=True
    )
    outcome: Mapped[ObjectionOutcome | None] = mapped_column(enum_type(ObjectionOutcome, 20))
    motivation: Mapped[str] = mapped_column(Text, default="", server_default="")
    lodged_at: Mapped[datetime] = mapped_column(default=utcnow)
    taken_up_at: Mapped[datetime | None]
    taken_up_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    addendum_id: Mapped[int | None] = mapped_column(ForeignKey("conversation_addendum.id"))
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    conversation: Mapped[Conversation] = relationship()
    employee: Mapped[User] = relationship(foreign_keys=[employee_id])
    taken_up_by: Mapped[User | None] = relationship(foreign_keys=[taken_up_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    addendum: Mapped[ConversationAddendum | None] = relationship()
    attachments: Mapped[list["ObjectionAttachment"]] = relationship(
        back_populates="objection", order_by="ObjectionAttachment.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        allowed_values("status", ObjectionStatus),
        allowed_values("outcome", ObjectionOutcome),
    )

    @property
    def objection_status(self) -> ObjectionStatus:
        return ObjectionStatus(self.status)

    @property
    def is_decided(self) -> bool:
        return self.objection_status == ObjectionStatus.DECIDED


class ObjectionAttachment(db.Model):
    """A file sent with an objection, kept in the evidence store (`pop.files`)."""

    __tablename__ = "objection_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    objection_id: Mapped[int] = mapped_column(ForeignKey("objection.id"), index=True)
    stored_name: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))

    objection: Mapped[Objection] = relationship(back_populates="attachments")
