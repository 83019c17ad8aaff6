"""Everything POP holds about a person, as the employee downloads it (JSON) and reads it (a
page). Only the manager's private preparation notes are left out: nobody but that manager
ever reads them."""

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from pop.extensions import db
from pop.labels import goal_status_label as status_label
from pop.labels import kind_label, rating_label
from pop.models import (
    AuditEvent,
    Conversation,
    ConversationAddendum,
    ConversationRating,
    Goal,
    GoalComment,
    Objection,
    SelfAssessment,
    User,
)
from pop.models._time import utcnow


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


# --- what POP holds about a person -------------------------------------------------------------


def personal_data(person: User) -> dict[str, Any]:
    """Everything about `person`, JSON-ready (ISO dates), in a fixed number of queries."""
    goals = db.session.scalars(
        select(Goal)
        .where(Goal.employee_id == person.id)
        .options(
            joinedload(Goal.cycle),
            joinedload(Goal.competency),
            selectinload(Goal.check_ins),
            selectinload(Goal.comments).joinedload(GoalComment.author),
        )
        .order_by(Goal.starts_on, Goal.id)
    ).all()
    conversations = db.session.scalars(
        select(Conversation)
        .where(Conversation.employee_id == person.id)
        .options(
            joinedload(Conversation.cycle),
            joinedload(Conversation.manager),
            selectinload(Conversation.notes),
            selectinload(Conversation.ratings).joinedload(ConversationRating.competency),
            selectinload(Conversation.ratings).joinedload(ConversationRating.indicator),
            selectinload(Conversation.agreements),
            selectinload(Conversation.addenda).joinedload(ConversationAddendum.author),
            selectinload(Conversation.self_assessment).selectinload(SelfAssessment.ratings),
        )
        .order_by(Conversation.planned_on, Conversation.id)
    ).all()
    objections = db.session.scalars(
        select(Objection)
        .where(Objection.employee_id == person.id)
        .options(
            joinedload(Objection.conversation).joinedload(Conversation.cycle),
            selectinload(Objection.attachments),
        )
        .order_by(Objection.lodged_at, Objection.id)
    ).all()
    events = db.session.scalars(
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.actor_id == person.id,
                and_(AuditEvent.object_type == "User", AuditEvent.object_id == person.id),
            )
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    return {
        "generated_at": _iso(utcnow().replace(microsecond=0)),
        "person": {
            "name": person.name,
            "email": person.email,
            "employee_number": person.employee_number,
            "department": person.department.name if person.department else None,
            "manager": person.manager.name if person.manager else None,
            "function": person.function.display_title if person.function else None,
            "function_level": person.function_level.label if person.function_level else None,
            "roles": sorted(role.value for role in person.roles),
            "language": person.language,
            "active": person.active,
            "created_at": _iso(person.created_at),
            "deactivated_at": _iso(person.deactivated_at),
        },
        "goals": [_goal_data(goal) for goal in goals],
        "conversations": [_conversation_data(item) for item in conversations],
        "objections": [_objection_data(item) for item in objections],
        "activity": [
            {
                "at": _iso(event.at),
                "action": event.action,
                "object_type": event.object_type,
                "object_id": event.object_id,
                "summary": event.summary,
            }
            for event in events
        ],
    }


def _goal_data(goal: Goal) -> dict[str, Any]:
    return {
        "cycle": goal.cycle.name,
        "title": goal.title,
        "competency": goal.competency.display_name if goal.competency else None,
        "specific": goal.specific,
        "measurable": goal.measurable,
        "achievable": goal.achievable,
        "realistic": goal.realistic,
        "starts_on": _iso(goal.starts_on),
        "deadline": _iso(goal.deadline),
        "status": goal.status,
        "status_label": status_label(goal.status),
        "progress": goal.progress,
        "reflection": goal.reflection,
        "stop_reason": goal.stop_reason,
        "created_at": _iso(goal.created_at),
        "check_ins": [
            {
                "on": _iso(check_in.on),
                "progress": check_in.progress,
                "note": check_in.note,
                "evidence_url": check_in.evidence_url,
                "evidence_file": check_in.evidence_name,
            }
            for check_in in goal.check_ins
        ],
        "comments": [
            {
                "at": _iso(comment.created_at),
                "author": comment.author.name if comment.author else None,
                "body": comment.body,
            }
            for comment in goal.comments
        ],
    }


def _conversation_data(conversation: Conversation) -> dict[str, Any]:
    scale = conversation.rating_scale

    def rating(item) -> dict[str, Any]:
        return {
            "competency": item.competency.display_name if item.competency else None,
            "indicator": item.indicator.text if item.indicator else None,
            "score": item.score,
            "label": rating_label(scale, item.score),
        }

    assessment = conversation.self_assessment
    return {
        "cycle": conversation.cycle.name,
        "kind": conversation.kind,
        "kind_label": kind_label(conversation.kind),
        "status": conversation.status,
        "manager": conversation.manager.name if conversation.manager else None,
        "planned_on": _iso(conversation.planned_on),
        "held_on": _iso(conversation.held_on),
        "notes": {note.topic: note.body for note in conversation.notes},
        "ratings": [rating(item) for item in conversation.ratings],
        "overall_rating": conversation.overall_rating,
        "overall_rating_label": (
            rating_label(scale, conversation.overall_rating)
            if conversation.overall_rating is not None
            else None
        ),
        "overall_motivation": conversation.overall_motivation,
        "employee_response": conversation.employee_response,
        "manager_signed_at": _iso(conversation.manager_signed_at),
        "employee_signed_at": _iso(conversation.employee_signed_at),
        "self_assessment": (
            {
                "reflection": assessment.reflection,
                "submitted_at": _iso(assessment.submitted_at),
                "ratings": [
                    {"competency_id": item.competency_id, "score": item.score}
                    for item in assessment.ratings
                ],
            }
            if assessment is not None
            else None
        ),
        "agreements": [
            {"what": item.what, "owner": item.owner, "due_on": _iso(item.due_on)}
            for item in conversation.agreements
        ],
        "addenda": [
            {
                "at": _iso(item.created_at),
                "author": item.author.name if item.author else None,
                "body": item.body,
            }
            for item in conversation.addenda
        ],
    }


def _objection_data(objection: Objection) -> dict[str, Any]:
    conversation = objection.conversation
    return {
        "cycle": conversation.cycle.name,
        "conversation_kind": conversation.kind,
        "conversation_kind_label": kind_label(conversation.kind),
        "body": objection.body,
        "status": objection.status,
        "outcome": objection.outcome,
        "motivation": objection.motivation,
        "lodged_at": _iso(objection.lodged_at),
        "decided_at": _iso(objection.decided_at),
        "attachments": [
            {"name": item.name, "content_type": item.content_type} for item in objection.attachments
        ],
    }
