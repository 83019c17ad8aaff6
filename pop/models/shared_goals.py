"""Shared goals: a goal a manager gives their team or HR a department, and each member's offer.

A shared goal reaches the people who are members when it is distributed: each gets an offer
(`SharedGoalOffer`) to adopt the goal as it stands, adapt it into their own copy, or decline it.
Whoever joins later gets nothing until the creator distributes the goal again.
"""

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._enum import allowed_values, enum_type
from pop.models._time import utcnow

if TYPE_CHECKING:
    from pop.models.org import Department, User
    from pop.models.plan import Cycle, Goal


class SharedGoal(db.Model):
    """A teamdoel (for a manager's direct reports) or afdelingsdoel (a department and below)."""

    __tablename__ = "shared_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    team_manager_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    measurable: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date]
    deadline: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    distributed_at: Mapped[datetime | None]

    __table_args__ = (
        CheckConstraint(
            "(team_manager_id IS NULL) <> (department_id IS NULL)", name="one_audience"
        ),
        CheckConstraint("deadline >= starts_on", name="dates"),
    )

    cycle: Mapped["Cycle"] = relationship()
    created_by: Mapped["User"] = relationship(foreign_keys=[created_by_id])
    team_manager: Mapped["User | None"] = relationship(foreign_keys=[team_manager_id])
    department: Mapped["Department | None"] = relationship()
    offers: Mapped[list["SharedGoalOffer"]] = relationship(
        back_populates="shared_goal", order_by="SharedGoalOffer.id"
    )


class OfferStatus(enum.StrEnum):
    OFFERED = "aangeboden"
    ADOPTED = "overgenomen"
    ADAPTED = "aangepast"
    DECLINED = "afgewezen"


class SharedGoalOffer(db.Model):
    """One member's copy of a shared goal: offered, then adopted, adapted or declined."""

    __tablename__ = "shared_goal_offer"

    id: Mapped[int] = mapped_column(primary_key=True)
    shared_goal_id: Mapped[int] = mapped_column(ForeignKey("shared_goal.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[OfferStatus] = mapped_column(
        enum_type(OfferStatus, 20), default=OfferStatus.OFFERED
    )
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id"), unique=True)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    offered_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]

    __table_args__ = (
        UniqueConstraint("shared_goal_id", "employee_id", name="uq_shared_goal_offer_member"),
        allowed_values("status", OfferStatus),
        CheckConstraint(
            "(status IN ('overgenomen', 'aangepast')) = (goal_id IS NOT NULL)", name="goal_link"
        ),
    )

    shared_goal: Mapped[SharedGoal] = relationship(back_populates="offers")
    employee: Mapped["User"] = relationship()
    goal: Mapped["Goal | None"] = relationship()

    @property
    def offer_status(self) -> OfferStatus:
        return OfferStatus(self.status)
