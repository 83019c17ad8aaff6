"""The employee's own toelichting per competency in a self-assessment, beside its rating.

The manager reads each one beside that competency's section of the record form once the
self-assessment is submitted; the signed report keeps them in its snapshot.
"""

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from pop.extensions import db
from pop.models.conversations import SelfAssessment

SELF_ASSESSMENT_FK = "fk_self_assessment_competency_note_self_assessment"


class SelfAssessmentNote(db.Model):
    __tablename__ = "self_assessment_competency_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Named by hand: the naming convention's name is longer than PostgreSQL's 63 characters.
    self_assessment_id: Mapped[int] = mapped_column(
        ForeignKey("self_assessment.id", name=SELF_ASSESSMENT_FK), index=True
    )
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    body: Mapped[str] = mapped_column(Text, default="")

    self_assessment: Mapped[SelfAssessment] = relationship(
        backref=backref(
            "competency_notes",
            order_by="SelfAssessmentNote.id",
            cascade="all, delete-orphan",
        )
    )

    __table_args__ = (
        UniqueConstraint(
            "self_assessment_id", "competency_id", name="uq_self_assessment_competency_note"
        ),
    )
