"""HR's calendar of a cycle: when each kind of conversation should be held, for the whole
organisation or, overriding it, for a department and everything below it."""

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._enum import allowed_values, enum_type
from pop.models.conversations import ConversationKind

if TYPE_CHECKING:
    from pop.models.org import Department
    from pop.models.plan import Cycle


class ConversationDeadline(db.Model):
    """The window (from `opens_on` up to and including `due_on`) in which a conversation of one
    kind should be held in a cycle: the cycle's own when `department_id` is None, else the
    window of that department and its subtree, which overrides the cycle's there.

    `calendar_sequence` rises with every change of the dates, so that a calendar that has the
    window (its UID never changes) replaces the earlier version.
    """

    __tablename__ = "conversation_deadline"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    kind: Mapped[ConversationKind] = mapped_column(enum_type(ConversationKind, 30))
    opens_on: Mapped[date]
    due_on: Mapped[date]
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    cycle: Mapped["Cycle"] = relationship()
    department: Mapped["Department | None"] = relationship()

    __table_args__ = (
        UniqueConstraint(
            "cycle_id",
            "department_id",
            "kind",
            name="uq_conversation_deadline_cycle_department_kind",
        ),
        # NULLs are distinct in a unique constraint: the cycle's own window, once per kind.
        Index(
            "uq_conversation_deadline_cycle_kind_organisation",
            "cycle_id",
            "kind",
            unique=True,
            sqlite_where=department_id.is_(None),
            postgresql_where=department_id.is_(None),
        ),
        CheckConstraint("opens_on <= due_on", name="window_order"),
        allowed_values("kind", ConversationKind),
    )
