"""The audit log as HR reads it: filtered by person, object, action and period, within scope.

HR limited to some departments sees the events about the people, goals and conversations of those
departments, and the organisation-wide events (catalogue, cycles). HR sees that a conversation
changed, never what it says: free text of conversations is left out of the log's view and export.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, true
from sqlalchemy.orm import aliased, joinedload

from pop.audit_labels import Words, action_label
from pop.dates import utc_start_of_local_day
from pop.exports import Column, Table, streamed
from pop.extensions import db
from pop.models import AuditEvent, Conversation, Goal, User

# Objects that belong to one person: visible to HR whose departments hold that person.
PERSONAL_TYPES = ("User", "Goal", "Conversation")
# Of a conversation, HR may see these fields' values; everything else is its content.
CONVERSATION_FIELDS_SHOWN = frozenset(
    {
        "status",
        "kind",
        "planned_on",
        "held_on",
        "ratings",
        "overall_rating",
        "notes",
        "owner",
        "due_on",
        "goal",
        "agreement",
        "addendum",
        "from",
        "carried",
    }
)
# Conversation events whose summary quotes the conversation itself.
CONVERSATION_CONTENT_ACTIONS = frozenset(
    {"agreement_added", "agreement_removed", "agreement_became_goal"}
)
HIDDEN = "…"
PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilter:
    person: str | None = None  # part of a name, e-mail address or employee number
    object_type: str | None = None
    object_id: int | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def _people_objects(people: Select) -> Any:
    """A WHERE clause on AuditEvent: events about these people, their goals or conversations."""
    person_ids = people.scalar_subquery()
    return or_(
        and_(AuditEvent.object_type == "User", AuditEvent.object_id.in_(person_ids)),
        and_(
            AuditEvent.object_type == "Goal",
            AuditEvent.object_id.in_(select(Goal.id).where(Goal.employee_id.in_(person_ids))),
        ),
        and_(
            AuditEvent.object_type == "Conversation",
            AuditEvent.object_id.in_(
                select(Conversation.id).where(Conversation.employee_id.in_(person_ids))
            ),
        ),
    )


def scope_clause(allowed_department_ids: set[int] | None):
    """The events HR with these departments (None: the whole organisation) may read."""
    if allowed_department_ids is None:
        return true()
    people = select(User.id).where(User.department_id.in_(sorted(allowed_department_ids)))
    return or_(AuditEvent.object_type.not_in(PERSONAL_TYPES), _people_objects(people))


def filter_clause(audit_filter: AuditFilter):
    clauses = []
    if audit_filter.person:
        search = audit_filter.person.strip().lower()
        people = select(User.id).where(
            or_(
                func.lower(User.name).contains(search, autoescape=True),
                func.lower(User.email).contains(search, autoescape=True),
                func.lower(User.employee_number).contains(search, autoescape=True),
            )
        )
        clauses.append(
            or_(AuditEvent.actor_id.in_(people.scalar_subquery()), _people_objects(people))
        )
    if audit_filter.object_type:
        clauses.append(AuditEvent.object_type == audit_filter.object_type)
    if audit_filter.object_id is not None:
        clauses.append(AuditEvent.object_id == audit_filter.object_id)
    if audit_filter.action:
        clauses.append(AuditEvent.action == audit_filter.action)
    # The days are the reader's, in the local time zone; the log's moments are UTC.
    if audit_filter.date_from is not None:
        clauses.append(AuditEvent.at >= utc_start_of_local_day(audit_filter.date_from))
    if audit_filter.date_to is not None:
        clauses.append(
            AuditEvent.at < utc_start_of_local_day(audit_filter.date_to + timedelta(days=1))
        )
    return and_(true(), *clauses)


def events_query(audit_filter: AuditFilter, allowed_department_ids: set[int] | None) -> Select:
    return (
        select(AuditEvent)
        .where(scope_clause(allowed_department_ids), filter_clause(audit_filter))
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )


def object_types() -> list[str]:
    return sorted(db.session.scalars(select(AuditEvent.object_type).distinct()))


def actions() -> list[str]:
    return sorted(db.session.scalars(select(AuditEvent.action).distinct()))


# --- what HR reads of an event -----------------------------------------------------------------


def summary_of(object_type: str, action: str, summary: str) -> str:
    if object_type == "Conversation" and action in CONVERSATION_CONTENT_ACTIONS:
        return HIDDEN
    return summary


def changes_of(
    object_type: str, changes: dict | None, words: Words | None = None
) -> list[tuple[str, str]]:
    """(field label, "old → new" or the value) per change, in words; conversation content hidden."""
    words = words or Words()
    described = []
    for (label, text), key in zip(words.changes(object_type, changes), changes or {}, strict=True):
        if object_type == "Conversation" and key not in CONVERSATION_FIELDS_SHOWN:
            described.append((label, HIDDEN))
        else:
            described.append((label, text))
    return described


AUDIT_COLUMNS = (
    Column("Tijdstip (UTC)", "Time (UTC)"),
    Column("Door", "By"),
    Column("Actie", "Action"),
    Column("Soort object", "Object type"),
    Column("Object-ID", "Object ID"),
    Column("Omschrijving", "Summary"),
    Column("Wijzigingen", "Changes"),
)


def audit_table(
    audit_filter: AuditFilter, allowed_department_ids: set[int] | None, name: str, system: str
) -> Table:
    actor = aliased(User)
    statement = (
        select(
            AuditEvent.at,
            actor.name,
            AuditEvent.action,
            AuditEvent.object_type,
            AuditEvent.object_id,
            AuditEvent.summary,
            AuditEvent.changes,
        )
        .select_from(AuditEvent)
        .outerjoin(actor, AuditEvent.actor_id == actor.id)
        .where(scope_clause(allowed_department_ids), filter_clause(audit_filter))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )

    def convert(row) -> tuple:
        at, actor_name, action, object_type, object_id, summary, changes = row
        return (
            at,
            actor_name or system,
            action_label(action),
            object_type,
            object_id,
            summary_of(object_type, action, summary),
            "; ".join(f"{label}: {text}" for label, text in changes_of(object_type, changes)),
        )

    return Table(name, AUDIT_COLUMNS, streamed(statement, convert))
