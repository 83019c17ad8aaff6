"""The second assessor (tweede beoordelaar): agrees a beoordeling before the employee signs.

When HR's cycle asks for one, a finalised appraisal goes to the second assessor — HR's choice
for this conversation, else the manager's own manager — before it reaches the employee. They
agree, or send it back to the manager with a comment; the manager revises and finalises again.
Services flush; the caller commits. A refusal is a ConversationError.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from pop import access, audit
from pop.conversations.rules import ConversationError
from pop.extensions import db
from pop.labels import kind_label
from pop.models import Conversation, SecondAssessment, User
from pop.models._time import utcnow
from pop.models.limits import limit
from pop.notify import Kind, notify


def is_required(conversation: Conversation) -> bool:
    """Whether this conversation goes to a second assessor before the employee signs."""
    return conversation.is_appraisal and (
        conversation.cycle.second_assessor_required or conversation.second_assessment is not None
    )


def awaits_second_assessor(conversation: Conversation) -> bool:
    """The manager finalised, the second assessor has not agreed yet: the employee waits."""
    second = conversation.second_assessment
    return (
        second is not None and conversation.manager_signed_at is not None and not (second.is_agreed)
    )


def assessor_for(conversation: Conversation) -> User | None:
    """Who assesses second: the one HR named, else the manager's own manager."""
    if conversation.second_assessment is not None:
        return conversation.second_assessment.assessor
    return conversation.manager.manager


def _require_assessor(conversation: Conversation, actor: User) -> SecondAssessment:
    if not access.is_second_assessor(actor, conversation):
        raise ConversationError(_("Alleen de tweede beoordelaar van dit gesprek kan dit doen."))
    second = conversation.second_assessment
    if conversation.is_signed:
        raise ConversationError(_("Dit verslag is al ondertekend."))
    if second.is_agreed:
        raise ConversationError(_("Je hebt dit verslag al goedgekeurd."))
    if conversation.manager_signed_at is None or second.requested_at is None:
        raise ConversationError(
            _("De leidinggevende heeft het verslag nog niet afgerond; het is nog niet aan jou.")
        )
    return second


def name_assessor(conversation: Conversation, person: User, actor: User) -> SecondAssessment:
    """HR names the second assessor of this conversation instead of the default."""
    if not access.may_name_second_assessor(actor, conversation):
        raise ConversationError(_("Alleen HR kan een tweede beoordelaar aanwijzen."))
    if not conversation.is_appraisal or not conversation.cycle.second_assessor_required:
        raise ConversationError(
            _("In deze cyclus heeft een beoordelingsgesprek geen tweede beoordelaar.")
        )
    second = conversation.second_assessment
    if conversation.is_signed or (second is not None and second.is_agreed):
        raise ConversationError(
            _("De tweede beoordelaar heeft al goedgekeurd; dat verandert niet meer.")
        )
    if person.id in (conversation.employee_id, conversation.manager_id) or not person.active:
        raise ConversationError(
            _(
                "De tweede beoordelaar is een ander dan de medewerker en de leidinggevende, "
                "met een actief account."
            )
        )
    old = second.assessor.name if second is not None else None
    if second is None:
        second = SecondAssessment(conversation=conversation, assessor_id=person.id)
        db.session.add(second)
    second.assessor_id = person.id
    second.named_by_id = actor.id
    db.session.flush()
    db.session.refresh(second, ["assessor"])
    audit.record(
        actor,
        "second_assessor_named",
        conversation,
        summary=kind_label(conversation.kind),
        changes={"second_assessor": [old, person.name]},
    )
    if second.awaits_assessor:
        notify(person, Kind.SECOND_ASSESSMENT_REQUESTED, obj=conversation, actor=actor)
    return second


def request_agreement(conversation: Conversation, actor: User) -> SecondAssessment:
    """The manager finalised: the report goes to the second assessor (in the signing flush)."""
    assessor = assessor_for(conversation)
    if assessor is None or not assessor.active:
        raise ConversationError(
            _(
                "Deze beoordeling gaat eerst naar een tweede beoordelaar, maar je hebt geen "
                "eigen leidinggevende. Vraag HR een tweede beoordelaar aan te wijzen."
            )
        )
    second = conversation.second_assessment
    if second is None:
        second = SecondAssessment(conversation=conversation, assessor_id=assessor.id)
        db.session.add(second)
    second.requested_at = utcnow()
    second.agreed_at = None
    db.session.flush()
    notify(assessor, Kind.SECOND_ASSESSMENT_REQUESTED, obj=conversation, actor=actor)
    return second


def agree(conversation: Conversation, actor: User) -> None:
    """The second assessor agrees: the employee can now respond and sign."""
    second = _require_assessor(conversation, actor)
    second.agreed_at = utcnow()
    db.session.flush()
    audit.record(
        actor, "second_assessor_agreed", conversation, summary=kind_label(conversation.kind)
    )
    notify(conversation.employee, Kind.REPORT_READY, obj=conversation, actor=conversation.manager)


def send_back(conversation: Conversation, comment: str, actor: User) -> None:
    """The second assessor sends the report back to the manager, who revises and finalises."""
    second = _require_assessor(conversation, actor)
    if not comment.strip():
        raise ConversationError(_("Schrijf erbij waarom je het verslag terugstuurt."))
    if len(comment.strip()) > (maximum := limit("second_assessment", "return_comment")):
        raise ConversationError(_("Je toelichting is langer dan %(count)d tekens.", count=maximum))
    second.requested_at = None
    second.returned_at = utcnow()
    second.return_comment = comment.strip()
    conversation.manager_signed_at = None
    db.session.flush()
    audit.record(
        actor,
        "second_assessor_sent_back",
        conversation,
        summary=kind_label(conversation.kind),
        changes={"comment": second.return_comment},
    )
    notify(
        conversation.manager,
        Kind.REPORT_SENT_BACK,
        obj=conversation,
        actor=actor,
        comment=second.return_comment,
    )


def reports_to_cosign(viewer: User, limit: int | None = None) -> list[Conversation]:
    """The reports waiting for this person's agreement as second assessor, oldest first."""
    query = (
        select(Conversation)
        .join(SecondAssessment)
        .where(
            SecondAssessment.assessor_id == viewer.id,
            SecondAssessment.requested_at.is_not(None),
            SecondAssessment.agreed_at.is_(None),
            Conversation.employee_signed_at.is_(None),
        )
        .order_by(SecondAssessment.requested_at, Conversation.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query.options(joinedload(Conversation.employee))))


@dataclass(frozen=True)
class Standing:
    """Where a conversation's second assessment stands, as its pages show it."""

    assessor: User | None
    named_by_hr: bool
    state: str  # "waiting" (for the manager), "awaiting" (the assessor's turn), "agreed"
    second: SecondAssessment | None


def standing(conversation: Conversation) -> Standing | None:
    """None when this conversation has no second assessor."""
    if not is_required(conversation):
        return None
    second = conversation.second_assessment
    if second is not None and second.is_agreed:
        state = "agreed"
    elif awaits_second_assessor(conversation):
        state = "awaiting"
    else:
        state = "waiting"
    named = second is not None and second.named_by_id is not None
    return Standing(assessor_for(conversation), named, state, second)
