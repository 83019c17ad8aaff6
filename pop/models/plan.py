"""The development plan: cycles, goals with their SMART fields, check-ins and comments."""

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._enum import allowed_values, enum_type
from pop.models._time import utcnow

if TYPE_CHECKING:
    from pop.models.catalogue import Competency, DevelopmentTip
    from pop.models.org import User


class Cycle(db.Model):
    """A gesprekscyclus, usually a calendar year."""

    __tablename__ = "cycle"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    is_open: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    closed_at: Mapped[datetime | None]
    # HR's choice: a beoordelingsgesprek of this cycle is agreed by a second assessor first.
    second_assessor_required: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # HR's choice: conversations of this cycle are rated on the configured scale, or are held
    # without ratings ("het goede gesprek"); then each conversation's rating_scale is empty.
    with_ratings: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    @classmethod
    def calendar_year(cls, year: int) -> "Cycle":
        """A new open cycle for the calendar year, 1 January to 31 December, named after it."""
        return cls(
            name=str(year), starts_on=date(year, 1, 1), ends_on=date(year, 12, 31), is_open=True
        )

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class GoalStatus(enum.StrEnum):
    CONCEPT = "concept"
    PROPOSED = "voorgesteld"
    AGREED = "afgesproken"
    IN_PROGRESS = "bezig"
    DONE = "afgerond"
    STOPPED = "gestopt"

    @property
    def is_final(self) -> bool:
        return self in (GoalStatus.DONE, GoalStatus.STOPPED)


OPEN_STATUSES = tuple(status for status in GoalStatus if not status.is_final)


def goal_is_overdue(status: str, deadline: date, today: date) -> bool:
    """Whether a goal of this status and deadline is overdue on `today`: past it, and not done
    or stopped."""
    return not GoalStatus(status).is_final and deadline < today


class Goal(db.Model):
    __tablename__ = "goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    competency_id: Mapped[int | None] = mapped_column(ForeignKey("competency.id"), index=True)
    source_tip_id: Mapped[int | None] = mapped_column(
        ForeignKey("development_tip.id", ondelete="SET NULL"), index=True
    )
    # A goal is continued in a later cycle once: a unique index, so that a race is a conflict.
    carried_over_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("goal.id"), index=True, unique=True
    )
    title: Mapped[str] = mapped_column(String(300))
    specific: Mapped[str] = mapped_column(Text, default="")
    measurable: Mapped[str] = mapped_column(Text, default="")
    achievable: Mapped[str] = mapped_column(Text, default="")
    realistic: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date]
    deadline: Mapped[date]
    status: Mapped[GoalStatus] = mapped_column(
        enum_type(GoalStatus, 20), default=GoalStatus.CONCEPT, index=True
    )
    progress: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    stop_reason: Mapped[str | None] = mapped_column(Text)
    reflection: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        allowed_values("status", GoalStatus),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
    )

    employee: Mapped["User"] = relationship(foreign_keys=[employee_id])
    updated_by: Mapped["User | None"] = relationship(foreign_keys=[updated_by_id])
    cycle: Mapped[Cycle] = relationship()
    competency: Mapped["Competency | None"] = relationship()
    source_tip: Mapped["DevelopmentTip | None"] = relationship()
    check_ins: Mapped[list["CheckIn"]] = relationship(
        back_populates="goal",
        order_by="(CheckIn.on, CheckIn.id)",
        cascade="all, delete-orphan",
    )
    comments: Mapped[list["GoalComment"]] = relationship(
        back_populates="goal", order_by="GoalComment.id", cascade="all, delete-orphan"
    )

    @property
    def goal_status(self) -> GoalStatus:
        return GoalStatus(self.status)

    def is_overdue(self, today: date) -> bool:
        return goal_is_overdue(self.status, self.deadline, today)


class CheckIn(db.Model):
    """A progress update on a goal, with optional evidence (a link or an uploaded file)."""

    __tablename__ = "check_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    on: Mapped[date]
    progress: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    evidence_file: Mapped[str | None] = mapped_column(String(100), unique=True)
    evidence_name: Mapped[str | None] = mapped_column(String(255))
    evidence_type: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="check_ins")
    author: Mapped["User"] = relationship()

    __table_args__ = (CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),)


class GoalComment(db.Model):
    __tablename__ = "goal_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="comments")
    author: Mapped["User"] = relationship()
