"""The preparation notes a manager wrote for a conversation that moved to a new manager.

When a person's manager changes mid-cycle, their planned conversations go to the new manager,
who starts with empty notes. What the previous manager wrote stays theirs: a row here, which
only that manager reads (`pop.access_handover`); HR sees that it exists, never its text.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._time import utcnow
from pop.models.conversations import Conversation
from pop.models.org import User


class KeptPreparationNotes(db.Model):
    __tablename__ = "kept_preparation_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    # The previous manager: the only reader of `notes`.
    manager_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    new_manager_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    kept_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship()
    manager: Mapped[User] = relationship(foreign_keys=[manager_id])
    new_manager: Mapped[User] = relationship(foreign_keys=[new_manager_id])
