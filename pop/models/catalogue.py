"""The function catalogue: functions, their result areas and levels, and the shared competencies."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._time import utcnow
from pop.text import shorten

# An unnamed competency is shown by the start of its description, this long at most.
DISPLAY_NAME_LIMIT = 60


class FunctionFamily(db.Model):
    __tablename__ = "function_family"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    functions: Mapped[list["JobFunction"]] = relationship(back_populates="family")


class JobFunction(db.Model):
    __tablename__ = "job_function"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str | None] = mapped_column(String(300))
    purpose: Mapped[str] = mapped_column(Text, default="")
    family_id: Mapped[int | None] = mapped_column(ForeignKey("function_family.id"), index=True)
    source_filename: Mapped[str] = mapped_column(String(300), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    family: Mapped[FunctionFamily | None] = relationship(back_populates="functions")
    result_areas: Mapped[list["ResultArea"]] = relationship(
        back_populates="function", order_by="ResultArea.position", cascade="all, delete-orphan"
    )
    competency_links: Mapped[list["FunctionCompetency"]] = relationship(
        back_populates="function",
        order_by="FunctionCompetency.position",
        cascade="all, delete-orphan",
    )
    levels: Mapped[list["FunctionLevel"]] = relationship(
        back_populates="function", order_by="FunctionLevel.position", cascade="all, delete-orphan"
    )

    @property
    def display_title(self) -> str:
        return self.title or self.source_filename


class ResultArea(db.Model):
    __tablename__ = "result_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    function_id: Mapped[int] = mapped_column(ForeignKey("job_function.id"), index=True)
    position: Mapped[int]
    core_activity: Mapped[str] = mapped_column(Text)
    frameworks: Mapped[list[str]] = mapped_column(JSON, default=list)
    result: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[list[str]] = mapped_column(JSON, default=list)

    function: Mapped[JobFunction] = relationship(back_populates="result_areas")


class Competency(db.Model):
    __tablename__ = "competency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text)
    # The whitespace- and case-folded description: how unnamed competencies are recognised.
    description_key: Mapped[str] = mapped_column(String(64), unique=True)

    function_links: Mapped[list["FunctionCompetency"]] = relationship(back_populates="competency")
    indicators: Mapped[list["BehaviourIndicator"]] = relationship(
        back_populates="competency",
        order_by="BehaviourIndicator.position",
        cascade="all, delete-orphan",
    )
    questions: Mapped[list["InterviewQuestion"]] = relationship(
        back_populates="competency",
        order_by="InterviewQuestion.position",
        cascade="all, delete-orphan",
    )
    tips: Mapped[list["DevelopmentTip"]] = relationship(
        back_populates="competency",
        order_by="DevelopmentTip.position",
        cascade="all, delete-orphan",
    )

    @property
    def display_name(self) -> str:
        return self.name or shorten(self.description, DISPLAY_NAME_LIMIT)


class FunctionCompetency(db.Model):
    __tablename__ = "function_competency"

    function_id: Mapped[int] = mapped_column(ForeignKey("job_function.id"), primary_key=True)
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competency.id"), primary_key=True, index=True
    )
    position: Mapped[int]

    function: Mapped[JobFunction] = relationship(back_populates="competency_links")
    competency: Mapped[Competency] = relationship(back_populates="function_links")


class _CompetencyItem:
    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)


class BehaviourIndicator(_CompetencyItem, db.Model):
    __tablename__ = "behaviour_indicator"

    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    competency: Mapped[Competency] = relationship(back_populates="indicators")


class InterviewQuestion(_CompetencyItem, db.Model):
    __tablename__ = "interview_question"

    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    competency: Mapped[Competency] = relationship(back_populates="questions")


class DevelopmentTip(_CompetencyItem, db.Model):
    __tablename__ = "development_tip"

    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    competency: Mapped[Competency] = relationship(back_populates="tips")


class FunctionLevel(db.Model):
    __tablename__ = "function_level"

    id: Mapped[int] = mapped_column(primary_key=True)
    function_id: Mapped[int] = mapped_column(ForeignKey("job_function.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(100), default="")
    scale: Mapped[str] = mapped_column(String(20))

    function: Mapped[JobFunction] = relationship(back_populates="levels")

    __table_args__ = (UniqueConstraint("function_id", "position", name="uq_function_level_pos"),)

    @property
    def label(self) -> str:
        return f"{self.name} (schaal {self.scale})" if self.name else f"schaal {self.scale}"
