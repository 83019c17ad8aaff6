"""Who sees and decides an objection (bezwaar): access.py's rules for them, built on it.

An objection is the employee's, HR's for the employee's department, and the second assessor's
of the beoordeling; to anyone else it does not exist (404). Only HR in scope takes it up and
decides it; the others read it (403 for deciding). A module of its own because access.py is at
the size limit.
"""

from flask import abort
from sqlalchemy import Select, select, true
from sqlalchemy.orm import Load
from sqlalchemy.sql.elements import ColumnElement

from pop import access
from pop.extensions import db
from pop.models import Conversation, Objection, ObjectionAttachment, SecondAssessment, User


def objection_scope(viewer: User) -> ColumnElement[bool]:
    """A WHERE clause on Objection: one's own, HR's people's, the second assessor's."""
    assessed = select(SecondAssessment.conversation_id).where(
        SecondAssessment.assessor_id == viewer.id
    )
    clause = (Objection.employee_id == viewer.id) | Objection.conversation_id.in_(
        assessed.scalar_subquery()
    )
    if viewer.is_hr:
        allowed = access.hr_department_ids(viewer)
        if allowed is None:
            return true()
        in_scope = select(User.id).where(User.department_id.in_(allowed)).scalar_subquery()
        clause = clause | Objection.employee_id.in_(in_scope)
    return clause


def visible_objections(viewer: User) -> Select:
    return select(Objection).where(objection_scope(viewer))


def get_objection_or_404(
    viewer: User, objection_id: int, options: tuple[Load, ...] = ()
) -> Objection:
    objection = db.session.scalar(
        visible_objections(viewer).where(Objection.id == objection_id).options(*options)
    )
    if objection is None:
        abort(404)
    return objection


def may_decide_objection(viewer: User, conversation: Conversation) -> bool:
    """HR for the employee's department takes an objection up and decides it."""
    return access.is_hr_for(viewer, conversation.employee)


def get_decidable_objection_or_404(viewer: User, objection_id: int) -> Objection:
    objection = get_objection_or_404(viewer, objection_id)
    if not may_decide_objection(viewer, objection.conversation):
        abort(403)
    return objection


def get_attachment_or_404(objection: Objection, attachment_id: int) -> ObjectionAttachment:
    """An attachment of an objection already loaded through a loader above."""
    attachment = db.session.scalar(
        select(ObjectionAttachment).where(
            ObjectionAttachment.id == attachment_id,
            ObjectionAttachment.objection_id == objection.id,
        )
    )
    if attachment is None:
        abort(404)
    return attachment
