"""What the objection pages show, in a fixed number of queries."""

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload

from pop import access_objections
from pop.extensions import db
from pop.models import (
    Conversation,
    Department,
    Objection,
    ObjectionStatus,
    User,
)

# Everything the objection page shows: load it through access_objections with these.
OBJECTION_PAGE = (
    joinedload(Objection.employee),
    joinedload(Objection.conversation).joinedload(Conversation.manager),
    joinedload(Objection.conversation).joinedload(Conversation.second_assessment),
    joinedload(Objection.decided_by),
    joinedload(Objection.taken_up_by),
    joinedload(Objection.addendum),
    selectinload(Objection.attachments),
)


def objections_for(viewer: User) -> list[Objection]:
    """The objections the viewer sees, open ones first, newest first."""
    query = (
        access_objections.visible_objections(viewer)
        .options(
            joinedload(Objection.employee).joinedload(User.department),
            joinedload(Objection.conversation),
        )
        .order_by(
            case((Objection.status == ObjectionStatus.DECIDED.value, 1), else_=0),
            Objection.lodged_at.desc(),
            Objection.id.desc(),
        )
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class DepartmentCount:
    department: str
    lodged: int
    in_progress: int
    decided: int

    @property
    def total(self) -> int:
        return self.lodged + self.in_progress + self.decided


def counts_by_department(viewer: User) -> list[DepartmentCount]:
    """Per department of the employees, the viewer's objections by status (one GROUP BY)."""

    def status_count(status: ObjectionStatus):
        return func.sum(case((Objection.status == status.value, 1), else_=0))

    rows = db.session.execute(
        select(
            Department.id,
            Department.name,
            status_count(ObjectionStatus.LODGED),
            status_count(ObjectionStatus.IN_PROGRESS),
            status_count(ObjectionStatus.DECIDED),
        )
        .select_from(Objection)
        .join(User, User.id == Objection.employee_id)
        .outerjoin(Department, Department.id == User.department_id)
        .where(access_objections.objection_scope(viewer))
        .group_by(Department.id, Department.name)
        .order_by(Department.name, Department.id)
    )
    return [
        DepartmentCount(name or "—", lodged or 0, in_progress or 0, decided or 0)
        for _id, name, lodged, in_progress, decided in rows
    ]


def objection_of(conversation: Conversation) -> Objection | None:
    return db.session.scalar(select(Objection).where(Objection.conversation_id == conversation.id))
