"""The audit trail: who changed what, when."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._time import utcnow

if TYPE_CHECKING:
    from pop.models.identity import ScimToken
    from pop.models.org import User


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    # A change made by a directory over SCIM: the token it used (actor_id is then empty).
    actor_token_id: Mapped[int | None] = mapped_column(ForeignKey("scim_token.id"))
    # A stand-in acting for an absent manager: the manager (a user id) on whose behalf actor_id
    # acted. No foreign key: SQLite cannot add one to an existing table without copying it.
    on_behalf_of_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(50))
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[int | None] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped["User | None"] = relationship()
    actor_token: Mapped["ScimToken | None"] = relationship(lazy="joined")

    # The events about one object (the subject), as anonymising and the personal-data export
    # look them up: without it each looks through the whole log.
    __table_args__ = (Index("ix_audit_event_subject", "object_type", "object_id"),)
