"""HR's administration of a cycle: by when each kind of conversation should have been held."""

from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db


class ConversationDeadline(db.Model):
    """The date by which every employee should have had a conversation of one kind in a cycle."""

    __tablename__ = "conversation_deadline"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    due_on: Mapped[date]

    cycle = relationship("Cycle")

    __table_args__ = (
        UniqueConstraint("cycle_id", "kind", name="uq_conversation_deadline_cycle_kind"),
    )
