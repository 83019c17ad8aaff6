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

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, and_, delete, func, or_, select, update

from pop import audit
from pop.conversations.report_snapshot import refreeze_reports
from pop.dates import local_date
from pop.extensions import db
from pop.models import (
    Agreement,
    AuditEvent,
    CheckIn,
    CompetencyNote,
    Conversation,
    ConversationAddendum,
    ConversationNote,
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
        delete(CompetencyNote).where(CompetencyNote.conversation_id.in_(conversation_ids)),
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
