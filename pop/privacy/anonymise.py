"""Privacy (AVG): everything POP holds about a person, and anonymising people who have left.

`personal_data` is what an employee downloads about themselves (as JSON and as a page). Only the
manager's private preparation notes are left out: nobody but that manager ever reads them.

`anonymise` applies once a person has been inactive for RETENTION_DAYS (default 730): their
name, e-mail address and employee number become placeholders and every free text in their own
records (goals, check-ins, comments, conversation notes, self-assessments, agreements,
objections with HR's motivation and their attachments, audit summaries) is dropped, while
statuses, dates, progress, ratings, department and function stay, so that the organisation's
figures do not change. What they wrote in other people's records (a
manager's notes about their team) stays with those records. Services flush; the caller commits.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, case, delete, select, union_all, update

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
    KeptPreparationNotes,
    Objection,
    ObjectionAttachment,
    SelfAssessment,
    User,
)
from pop.models._time import utcnow
from pop.models.signed import allow_signed_changes
from pop.notifications.services import forget_people
from pop.plan.evidence import discard_names
from pop.refusal import Refused

PLACEHOLDER_TEXT = "(geanonimiseerd)"
# People per batch of `anonymise_leavers`, and rows per fetch of the pass over the audit log.
BATCH_SIZE = 500
SCAN_ROWS = 5000
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


class PrivacyError(Refused):
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
    placeholders, evidence_files = anonymise_batch([person], actor)
    if person.id not in placeholders:  # someone else anonymised them a moment ago
        raise PrivacyError(_("%(name)s is al geanonimiseerd.", name=person.name))
    return Anonymised(placeholders[person.id], evidence_files)


def anonymise_leavers(
    actor: User | None, now: datetime | None = None, batch_size: int = BATCH_SIZE
) -> tuple[int, list[str]]:
    """Anonymise everyone whose retention period has ended, `batch_size` people per batch,
    committing each batch and deleting its evidence files after the commit.

    Returns how many people were anonymised and the evidence files that were deleted."""
    limit = (now or utcnow()) - timedelta(days=retention_days())
    due = (
        select(User.id)
        .where(
            User.active.is_(False),
            User.anonymised.is_(False),
            User.deactivated_at.is_not(None),
            User.deactivated_at <= limit,
        )
        .order_by(User.id)
    )
    done, files = 0, []
    while ids := list(db.session.scalars(due.limit(batch_size))):
        people = list(db.session.scalars(select(User).where(User.id.in_(ids))))
        _, evidence_files = anonymise_batch(people, actor)
        db.session.commit()
        discard_evidence(evidence_files)
        done += len(people)
        files += evidence_files
    return done, files


def anonymise_batch(people: list[User], actor: User | None) -> tuple[dict[int, str], list[str]]:
    """Anonymise these people (checked by the caller) in a fixed number of set-based statements.

    Only who is not anonymised yet when the batch claims them is anonymised: two requests at
    once do it once. Returns each anonymised person's placeholder name by id, and the evidence
    files to delete once the transaction is committed."""
    names = {person.id: person.name for person in people}
    claimed = db.session.execute(
        update(User)
        .where(User.id.in_(list(names)), User.anonymised.is_(False))
        .values(anonymised=True)
        .returning(User.id)
        .execution_options(synchronize_session=False)
    )
    person_ids = sorted(claimed.scalars())
    if not person_ids:
        return {}, []
    old_names = {person_id: names[person_id] for person_id in person_ids}
    placeholders = {person_id: f"Geanonimiseerd {person_id}" for person_id in person_ids}
    goal_ids = select(Goal.id).where(Goal.employee_id.in_(person_ids))
    conversation_ids = select(Conversation.id).where(Conversation.employee_id.in_(person_ids))
    objection_ids = select(Objection.id).where(Objection.employee_id.in_(person_ids))
    # The files of their check-ins and of their objections' attachments, in one statement.
    evidence_files = list(
        db.session.scalars(
            union_all(
                select(CheckIn.evidence_file).where(
                    CheckIn.goal_id.in_(goal_ids), CheckIn.evidence_file.is_not(None)
                ),
                select(ObjectionAttachment.stored_name).where(
                    ObjectionAttachment.objection_id.in_(objection_ids)
                ),
            )
        )
    )
    statements = [
        update(Goal)
        .where(Goal.employee_id.in_(person_ids))
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
        delete(KeptPreparationNotes).where(
            KeptPreparationNotes.conversation_id.in_(conversation_ids)
        ),
        update(Conversation)
        .where(Conversation.employee_id.in_(person_ids))
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
        # The objection keeps its status, outcome and dates; HR's motivation is about them too.
        update(Objection)
        .where(Objection.employee_id.in_(person_ids))
        .values(
            body=PLACEHOLDER_TEXT,
            motivation=case((Objection.motivation == "", ""), else_=PLACEHOLDER_TEXT),
        ),
        delete(ObjectionAttachment).where(ObjectionAttachment.objection_id.in_(objection_ids)),
        delete(HrScope).where(HrScope.user_id.in_(person_ids)),
    ]
    # The law asks to forget who left, also in what they signed: open the guard over signed
    # records for this transaction, and freeze their reports again from the scrubbed records.
    allow_signed_changes(db.session)
    db.session.flush()
    signed_conversation_ids = list(db.session.scalars(conversation_ids))
    for statement in statements:
        db.session.execute(statement.execution_options(synchronize_session=False))
    _scrub_audit_trail(person_ids, goal_ids, conversation_ids, old_names, placeholders)
    forget_people(person_ids, goal_ids, conversation_ids)
    people = User.__table__
    db.session.execute(
        people.update()
        .where(people.c.id == bindparam("person_id"))
        .values(
            name=bindparam("placeholder"),
            email=bindparam("placeholder_email"),
            employee_number=None,
            password_hash=None,
            language=None,
            anonymised=True,
        ),
        [
            {
                "person_id": person_id,
                "placeholder": placeholder,
                "placeholder_email": f"geanonimiseerd-{person_id}@anoniem.invalid",
            }
            for person_id, placeholder in placeholders.items()
        ],
    )
    db.session.expire_all()  # the bulk statements above bypassed the session's objects
    refreeze_reports(signed_conversation_ids)
    audit.record_many(
        actor,
        [
            ("person_anonymised", "User", person_id, placeholder, {"anonymised": [False, True]})
            for person_id, placeholder in placeholders.items()
        ],
    )
    return placeholders, evidence_files


def _scrub_audit_trail(
    person_ids: list[int],
    goal_ids: Select,
    conversation_ids: Select,
    old_names: dict[int, str],
    placeholders: dict[int, str],
) -> None:
    """Drop the free text of the events about these people and their records (found through
    the subject index), and replace their names in every other event's summary: one pass over
    the summaries for the whole batch."""
    subjects = (
        ("User", AuditEvent.object_id.in_(person_ids)),
        ("Goal", AuditEvent.object_id.in_(goal_ids)),
        ("Conversation", AuditEvent.object_id.in_(conversation_ids)),
    )
    kept_changes = []
    for object_type, ids in subjects:
        about = (AuditEvent.object_type == object_type, ids)
        for event_id, changes in db.session.execute(
            select(AuditEvent.id, AuditEvent.changes).where(*about)
        ):
            kept = {key: value for key, value in (changes or {}).items() if key in AUDIT_KEYS_KEPT}
            if kept != changes:
                kept_changes.append({"event_id": event_id, "kept": kept})
        db.session.execute(
            update(AuditEvent)
            .where(*about)
            .values(summary=PLACEHOLDER_TEXT)
            .execution_options(synchronize_session=False)
        )
    events = AuditEvent.__table__
    if kept_changes:
        db.session.execute(
            events.update()
            .where(events.c.id == bindparam("event_id"))
            .values(changes=bindparam("kept")),
            kept_changes,
        )
    replacement = {
        old_names[person_id]: placeholder
        for person_id, placeholder in placeholders.items()
        if old_names[person_id].strip()
    }
    if not replacement:
        return
    names = re.compile(_any_of(replacement))
    renamed = []
    summaries = db.session.execute(
        select(events.c.id, events.c.summary).execution_options(yield_per=SCAN_ROWS)
    )
    for event_id, summary in summaries:
        if summary and names.search(summary):
            renamed.append(
                {
                    "event_id": event_id,
                    "renamed": names.sub(lambda found: replacement[found.group(0)], summary),
                }
            )
    if renamed:
        db.session.execute(
            events.update()
            .where(events.c.id == bindparam("event_id"))
            .values(summary=bindparam("renamed")),
            renamed,
        )


def _any_of(words) -> str:
    """A regular expression that finds any of `words`, the longest where one starts another.

    Built as a trie ("Jan (?:Jansen(?:-de Vries)?|Smit)"), so that each position of a text is
    tried against a few first letters rather than against every word in turn."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


def discard_evidence(names: list[str]) -> None:
    """Delete the evidence files of an anonymised person (after the commit)."""
    discard_names(names)
    db.session.commit()
