"""Signing: the manager finalises, the employee adds a zienswijze and signs "voor gezien".

Once both have signed the report never changes: its content is frozen in the flush that signs,
and additions are dated addenda.
"""

from flask_babel import gettext as _

from pop import access, audit
from pop.conversations import second_assessor
from pop.conversations.report_snapshot import freeze_report
from pop.conversations.rules import (
    ConversationError,
    require_employee,
    require_manager,
)
from pop.extensions import db
from pop.labels import kind_label
from pop.models import (
    Conversation,
    ConversationAddendum,
    ConversationStatus,
    User,
)
from pop.models._time import utcnow
from pop.notify import Kind, notify

# --- signing ------------------------------------------------------------------------------------


def sign_as_manager(conversation: Conversation, actor: User) -> None:
    """The manager finalises the report; from now on only the employee adds to it."""
    require_manager(conversation, actor)
    if conversation.manager_signed_at is not None:
        raise ConversationError(_("Je hebt dit verslag al ondertekend."))
    if conversation.conversation_status != ConversationStatus.HELD:
        raise ConversationError(_("Leg het gesprek eerst vast voordat je het ondertekent."))
    # Without ratings (the cycle's choice) a beoordelingsgesprek has no eindoordeel to ask for.
    if (
        conversation.is_appraisal
        and conversation.has_ratings
        and (conversation.overall_rating is None or not conversation.overall_motivation.strip())
    ):
        raise ConversationError(
            _("Een beoordelingsgesprek heeft een eindoordeel met motivering nodig.")
        )
    conversation.manager_signed_at = utcnow()
    db.session.flush()
    audit.record(
        actor, "conversation_signed_by_manager", conversation, summary=kind_label(conversation.kind)
    )
    if second_assessor.is_required(conversation):  # the employee's turn comes after agreement
        second_assessor.request_agreement(conversation, actor)
    else:
        notify(conversation.employee, Kind.REPORT_READY, obj=conversation, actor=actor)


def _require_awaiting_employee(conversation: Conversation) -> None:
    if conversation.is_signed:
        raise ConversationError(_("Je hebt dit verslag al voor gezien getekend."))
    if conversation.manager_signed_at is None:
        raise ConversationError(
            _("Je leidinggevende moet het verslag eerst afronden en ondertekenen.")
        )
    if second_assessor.awaits_second_assessor(conversation):
        raise ConversationError(
            _("De tweede beoordelaar moet het verslag eerst goedkeuren; daarna kun je tekenen.")
        )


def respond(conversation: Conversation, response: str, actor: User) -> None:
    """The employee's zienswijze: their reaction to the report, before they sign."""
    require_employee(conversation, actor)
    _require_awaiting_employee(conversation)
    old = conversation.employee_response
    conversation.employee_response = response.strip()
    db.session.flush()
    audit.record(
        actor,
        "conversation_response_saved",
        conversation,
        summary=kind_label(conversation.kind),
        changes=audit.diff(
            {"employee_response": old}, {"employee_response": conversation.employee_response}
        ),
    )


def sign_as_employee(conversation: Conversation, actor: User, response: str | None = None) -> None:
    """The employee signs "voor gezien": seen, not necessarily agreed. The report is then final.

    `response` is the zienswijze as typed on the sign-off form; it is saved with the signature,
    so that what the employee typed and then signed is what the report holds. None keeps the
    zienswijze saved before.
    """
    require_employee(conversation, actor)
    _require_awaiting_employee(conversation)
    changes: dict = {"status": [ConversationStatus.HELD.value, ConversationStatus.SIGNED.value]}
    if response is not None and response.strip() != conversation.employee_response:
        changes.update(
            audit.diff(
                {"employee_response": conversation.employee_response},
                {"employee_response": response.strip()},
            )
        )
        conversation.employee_response = response.strip()
    conversation.employee_signed_at = utcnow()
    conversation.status = ConversationStatus.SIGNED.value
    # What both saw is frozen in the same flush that signs: later catalogue changes never reach it.
    freeze_report(conversation)
    db.session.flush()
    audit.record(
        actor,
        "conversation_signed_by_employee",
        conversation,
        summary=kind_label(conversation.kind),
        changes=changes,
    )


def add_addendum(
    conversation: Conversation, body: str, actor: User, *, objection_outcome: bool = False
) -> ConversationAddendum:
    """A dated addition to a signed report, by the employee or the manager; and, as the outcome
    of an objection that changes the judgement, by HR for the employee's department."""
    may_add = actor.id in (conversation.employee_id, conversation.manager_id) or (
        objection_outcome and access.is_hr_for(actor, conversation.employee)
    )
    if not may_add:
        raise ConversationError(
            _("Alleen de medewerker en de leidinggevende van dit gesprek kunnen iets aanvullen.")
        )
    if not conversation.is_signed:
        raise ConversationError(
            _("Een aanvulling kan pas als beiden hebben getekend; tot dan wijzig je het verslag.")
        )
    if not body.strip():
        raise ConversationError(_("Een aanvulling kan niet leeg zijn."))
    addendum = ConversationAddendum(
        conversation=conversation, author_id=actor.id, body=body.strip()
    )
    db.session.add(addendum)
    db.session.flush()
    audit.record(
        actor,
        "conversation_addendum_added",
        conversation,
        summary=kind_label(conversation.kind),
        changes={"addendum": addendum.id},
    )
    return addendum
