"""Privacy (AVG): everything POP holds about a person, and anonymising people who have left.

`personal_data` is what an employee downloads about themselves (as JSON and as a page). Only the
manager's private preparation notes are left out: nobody but that manager ever reads them.

`anonymise` applies once a person has been inactive for RETENTION_DAYS (default 730): their
name, e-mail address and employee number become placeholders and every free text in their own
records (goals, check-ins, comments, conversation notes, self-assessments, agreements, audit
summaries) is dropped, while statuses, dates, progress, ratings, department and function stay,
so that the organisation's figures do not change. What they wrote in other people's records (a
manager's notes about their team) stays with those records. Services flush; the caller commits.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, and_, delete, func, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from pop import audit
from pop.conversations.report_snapshot import refreeze_reports
from pop.dates import local_date
from pop.extensions import db
from pop.labels import goal_status_label as status_label
from pop.labels import kind_label, rating_label
from pop.models import (
    Agreement,
    AuditEvent,
    CheckIn,
    Conversation,
    ConversationAddendum,
    ConversationNote,
    ConversationRating,
    Goal,
    GoalComment,
    HrScope,
    SelfAssessment,
    User,
)
from pop.models._time import utcnow
from pop.models.signed import allow_signed_changes
from pop.notifications.services import forget_person
from pop.plan.evidence import discard_names

PLACEHOLDER_TEXT = "(geanonimiseerd)"
# Of the audit trail of an anonymised person's records, only these changes stay: no free text.
AUDIT_KEYS_KEPT = frozenset(
    {
        "status",
        "progress",
        "on",
        "check_in",
        "kind",
        "planned_on",
        "held_on",
        "ratings",
        "overall_rating",
        "active",
        "anonymised",
        "department_id",
        "function_id",
        "function_level_id",
        "manager_id",
        "roles",
    }
)


class PrivacyError(Exception):
    """An action the privacy rules refuse; `str(error)` is the message for the user."""


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


# --- anonymising people who left ---------------------------------------------------------------


def retention_days() -> int:
    return int(current_app.config["RETENTION_DAYS"])


def anonymisable_from(person: User) -> datetime | None:
    """When the retention period of an inactive person ends; None while they are active."""
    if person.active or person.deactivated_at is None:
        return None
    return person.deactivated_at + timedelta(days=retention_days())


def may_anonymise(person: User, now: datetime | None = None) -> bool:
    until = anonymisable_from(person)
    return not person.anonymised and until is not None and until <= (now or utcnow())


def leavers_query(scope) -> Select:
    """Inactive people not yet anonymised, within `scope` (a WHERE clause on User), oldest first."""
    return (
        select(User)
        .where(User.active.is_(False), User.anonymised.is_(False), scope)
        .order_by(User.deactivated_at.is_(None), User.deactivated_at, User.id)
    )


@dataclass
class Anonymised:
    placeholder: str
    evidence_files: list[str]


def anonymise(person: User, actor: User, now: datetime | None = None) -> Anonymised:
    """Replace who `person` was by placeholders and drop their free texts; keep the figures.

    Returns the evidence files to delete once the transaction is committed.
    """
    if person.anonymised:
        raise PrivacyError(_("%(name)s is al geanonimiseerd.", name=person.name))
    if person.active:
        raise PrivacyError(_("Alleen iemand die niet meer actief is kan worden geanonimiseerd."))
    if not may_anonymise(person, now):
        until = anonymisable_from(person)
        raise PrivacyError(
            _(
                "De bewaartermijn van %(name)s loopt tot %(date)s; pas daarna kan anonimiseren.",
                name=person.name,
                date=local_date(until) if until else "?",
            )
        )
    old_name = person.name
    placeholder = f"Geanonimiseerd {person.id}"
    goal_ids = select(Goal.id).where(Goal.employee_id == person.id).scalar_subquery()
    conversation_ids = (
        select(Conversation.id).where(Conversation.employee_id == person.id).scalar_subquery()
    )
    evidence_files = list(
        db.session.scalars(
            select(CheckIn.evidence_file).where(
                CheckIn.goal_id.in_(goal_ids), CheckIn.evidence_file.is_not(None)
            )
        )
    )
    statements = [
        update(Goal)
        .where(Goal.employee_id == person.id)
        .values(
            title=PLACEHOLDER_TEXT,
            specific="",
            measurable="",
            achievable="",
            realistic="",
            reflection=None,
            stop_reason=None,
        ),
        update(CheckIn)
        .where(CheckIn.goal_id.in_(goal_ids))
        .values(
            note="",
            evidence_url=None,
            evidence_file=None,
            evidence_name=None,
            evidence_type=None,
        ),
        delete(GoalComment).where(GoalComment.goal_id.in_(goal_ids)),
        delete(ConversationNote).where(ConversationNote.conversation_id.in_(conversation_ids)),
        update(Conversation)
        .where(Conversation.employee_id == person.id)
        .values(preparation_notes="", overall_motivation="", employee_response=""),
        update(SelfAssessment)
        .where(SelfAssessment.conversation_id.in_(conversation_ids))
        .values(reflection=""),
        update(Agreement)
        .where(Agreement.conversation_id.in_(conversation_ids))
        .values(what=PLACEHOLDER_TEXT),
        update(ConversationAddendum)
        .where(ConversationAddendum.conversation_id.in_(conversation_ids))
        .values(body=PLACEHOLDER_TEXT),
        delete(HrScope).where(HrScope.user_id == person.id),
    ]
    # The law asks to forget who left, also in what they signed: open the guard over signed
    # records for this transaction, and freeze their reports again from the scrubbed records.
    allow_signed_changes(db.session)
    signed_conversation_ids = list(db.session.scalars(select(conversation_ids)))
    for statement in statements:
        db.session.execute(statement.execution_options(synchronize_session=False))
    _scrub_audit_trail(person, goal_ids, conversation_ids, old_name, placeholder)
    forget_person(
        person.id,
        list(db.session.scalars(select(goal_ids))),
        list(db.session.scalars(select(conversation_ids))),
    )
    person.name = placeholder
    person.email = f"geanonimiseerd-{person.id}@anoniem.invalid"
    person.employee_number = None
    person.password_hash = None
    person.language = None
    person.anonymised = True
    db.session.flush()
    db.session.expire_all()  # the bulk statements above bypassed the session's objects
    refreeze_reports(signed_conversation_ids)
    audit.record(
        actor,
        "person_anonymised",
        person,
        summary=placeholder,
        changes={"anonymised": [False, True]},
    )
    return Anonymised(placeholder, evidence_files)


def _scrub_audit_trail(person, goal_ids, conversation_ids, old_name: str, placeholder: str):
    about_person = or_(
        and_(AuditEvent.object_type == "User", AuditEvent.object_id == person.id),
        and_(AuditEvent.object_type == "Goal", AuditEvent.object_id.in_(goal_ids)),
        and_(AuditEvent.object_type == "Conversation", AuditEvent.object_id.in_(conversation_ids)),
    )
    for event in db.session.scalars(select(AuditEvent).where(about_person)):
        event.summary = PLACEHOLDER_TEXT
        event.changes = {
            key: value for key, value in (event.changes or {}).items() if key in AUDIT_KEYS_KEPT
        }
    if old_name.strip():
        db.session.execute(
            update(AuditEvent)
            .where(AuditEvent.summary.contains(old_name, autoescape=True))
            .values(summary=func.replace(AuditEvent.summary, old_name, placeholder))
            .execution_options(synchronize_session=False)
        )


def discard_evidence(names: list[str]) -> None:
    """Delete the evidence files of an anonymised person (after the commit)."""
    discard_names(names)
    db.session.commit()
