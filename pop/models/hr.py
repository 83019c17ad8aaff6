"""HR's administration of a cycle: by when each kind of conversation should have been held."""

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._enum import allowed_values, enum_type
from pop.models.conversations import ConversationKind

if TYPE_CHECKING:
    from pop.models.plan import Cycle


class ConversationDeadline(db.Model):
    """The date by which every employee should have had a conversation of one kind in a cycle."""

    __tablename__ = "conversation_deadline"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    kind: Mapped[ConversationKind] = mapped_column(enum_type(ConversationKind, 30))
    due_on: Mapped[date]

    cycle: Mapped["Cycle"] = relationship()

    __table_args__ = (
        UniqueConstraint("cycle_id", "kind", name="uq_conversation_deadline_cycle_kind"),
        allowed_values("kind", ConversationKind),
    )
