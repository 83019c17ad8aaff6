"""The function catalogue: functions, their result areas and levels, and the shared competencies.

A competency is shared by every function that links it. Its text changes only when HR adopts a
new version for every function (each version is kept in `CompetencyVersion`); a document that
brings other text under the same name otherwise gets a variant of its own (`variant_of`). A list
item that something points at is retired, never deleted: `indicators`, `questions` and `tips`
hold the items on offer, `all_indicators` and the like every item ever stored.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._text import shorten
from pop.models._time import utcnow

# An unnamed competency is shown by the start of its description, this long at most.
DISPLAY_NAME_LIMIT = 60


def function_display_title(title: str | None, source_filename: str | None) -> str:
    """How a function is named on a page: its title, else the file it was imported from."""
    return title or source_filename or ""


def competency_display_name(name: str | None, description: str) -> str:
    """How a competency is named on a page: its name, else the start of its description."""
    return name or shorten(description, DISPLAY_NAME_LIMIT)


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
        return function_display_title(self.title, self.source_filename)


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


def _current_items(model: str) -> dict:
    """The relationship options of a competency's items on offer: the retired ones left out."""
    return {
        "primaryjoin": (
            f"and_(Competency.id == {model}.competency_id, {model}.retired_at.is_(None))"
        ),
        "order_by": f"{model}.position",
        "cascade": "all, delete-orphan",
        "overlaps": "competency",
    }


def _all_items(model: str) -> dict:
    return {"viewonly": True, "order_by": f"({model}.position, {model}.id)"}


class Competency(db.Model):
    __tablename__ = "competency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200), index=True)
    description: Mapped[str] = mapped_column(Text)
    # The whitespace- and case-folded description: how unnamed competencies are recognised.
    description_key: Mapped[str] = mapped_column(String(64), index=True)
    # The number of the current text; every version is kept in `versions`.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # A variant: the same name, another text, kept apart for the functions that link it.
    variant_of_id: Mapped[int | None] = mapped_column(ForeignKey("competency.id"), index=True)
    # A variant no function links any more: not offered, still shown where it is used.
    retired_at: Mapped[datetime | None]

    variant_of: Mapped["Competency | None"] = relationship(remote_side=[id])
    function_links: Mapped[list["FunctionCompetency"]] = relationship(back_populates="competency")
    indicators: Mapped[list["BehaviourIndicator"]] = relationship(
        **_current_items("BehaviourIndicator")
    )
    questions: Mapped[list["InterviewQuestion"]] = relationship(
        **_current_items("InterviewQuestion")
    )
    tips: Mapped[list["DevelopmentTip"]] = relationship(**_current_items("DevelopmentTip"))
    all_indicators: Mapped[list["BehaviourIndicator"]] = relationship(
        **_all_items("BehaviourIndicator")
    )
    all_questions: Mapped[list["InterviewQuestion"]] = relationship(
        **_all_items("InterviewQuestion")
    )
    all_tips: Mapped[list["DevelopmentTip"]] = relationship(**_all_items("DevelopmentTip"))
    versions: Mapped[list["CompetencyVersion"]] = relationship(
        back_populates="competency",
        order_by="CompetencyVersion.number",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        # One competency per name; its variants share the name.
        Index(
            "uq_competency_main_name",
            "name",
            unique=True,
            sqlite_where=text("variant_of_id IS NULL"),
            postgresql_where=text("variant_of_id IS NULL"),
        ),
    )

    @property
    def display_name(self) -> str:
        return competency_display_name(self.name, self.description)

    @property
    def is_variant(self) -> bool:
        return self.variant_of_id is not None


class CompetencyVersion(db.Model):
    """A competency's text at one time, as it was adopted: the history an import keeps."""

    __tablename__ = "competency_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    number: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
    indicators: Mapped[list[str]] = mapped_column(JSON, default=list)
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    tips: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The document that brought this text; None for texts stored before versions were kept.
    source_filename: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    competency: Mapped[Competency] = relationship(back_populates="versions")

    __table_args__ = (
        UniqueConstraint("competency_id", "number", name="uq_competency_version_number"),
    )


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
    # Set when a new version dropped the item while something pointed at it.
    retired_at: Mapped[datetime | None]

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class BehaviourIndicator(_CompetencyItem, db.Model):
    __tablename__ = "behaviour_indicator"

    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    competency: Mapped[Competency] = relationship(overlaps="indicators,all_indicators")


class InterviewQuestion(_CompetencyItem, db.Model):
    __tablename__ = "interview_question"

    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    competency: Mapped[Competency] = relationship(overlaps="questions,all_questions")


class DevelopmentTip(_CompetencyItem, db.Model):
    __tablename__ = "development_tip"

    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    competency: Mapped[Competency] = relationship(overlaps="tips,all_tips")


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
