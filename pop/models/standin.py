"""A stand-in (vervanger): someone who acts as a manager for that manager's team for a period.

The period runs from `starts_on` up to, not including, `ends_on`: on the end date the manager
is back and the stand-in's rights have ended. Who may act as whose manager is decided in
`pop.access`; this table only holds the arrangement.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._time import utcnow
from pop.models.org import User


class StandIn(db.Model):
    __tablename__ = "stand_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    stand_in_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]  # exclusive: the first day the manager is back
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    ended_at: Mapped[datetime | None]  # withdrawn early; the arrangement stays on record

    manager: Mapped[User] = relationship(foreign_keys=[manager_id])
    stand_in: Mapped[User] = relationship(foreign_keys=[stand_in_id])

    __table_args__ = (
        CheckConstraint("starts_on < ends_on", name="period"),
        CheckConstraint("manager_id <> stand_in_id", name="not_self"),
    )

    def active_on(self, day: date) -> bool:
        return self.ended_at is None and self.starts_on <= day < self.ends_on
