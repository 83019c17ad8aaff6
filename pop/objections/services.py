"""The rules of a bezwaar: who lodges it and until when, who decides, and what an outcome does.

Within OBJECTION_DAYS after signing a beoordeling the employee lodges one objection, with a
text and optional attachments; HR for the employee's department and the second assessor are
told. HR takes it up (ingediend → in behandeling) and decides it (afgehandeld): gehandhaafd or
aangepast, always with a motivation. Aangepast adds the motivation as a dated addendum to the
signed report, which itself never changes. Services flush; the caller commits.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from pop import access_objections, audit
from pop.conversations import services as conversation_services
from pop.extensions import db
from pop.labels import kind_label
from pop.models import (
    Conversation,
    Objection,
    ObjectionAttachment,
    ObjectionOutcome,
    ObjectionStatus,
    Role,
    User,
    UserRole,
)
from pop.models._time import utcnow
from pop.models.limits import limit
from pop.notify import Kind, app_path, notify
from pop.plan.evidence import StoredEvidence
from pop.refusal import Refused


class ObjectionError(Refused):
    """An objection rule was broken; `str(error)` is the message for the user."""


def objection_days() -> int:
    return int(current_app.config["OBJECTION_DAYS"])


def last_day_to_object(conversation: Conversation) -> date | None:
    """The last day the employee can object to this signed beoordeling; None if never."""
    if not conversation.is_appraisal or conversation.employee_signed_at is None:
        return None
    return conversation.employee_signed_at.date() + timedelta(days=objection_days())


def may_still_object(conversation: Conversation, today: date | None = None) -> bool:
    last_day = last_day_to_object(conversation)
    return last_day is not None and (today or date.today()) <= last_day


def check_lodging(conversation: Conversation, actor: User, today: date | None = None) -> None:
    """Refuses (ObjectionError) when this person cannot object to this conversation now."""
    if conversation.employee_id != actor.id:
        raise ObjectionError(_("Alleen de medewerker zelf kan bezwaar maken."))
    if not conversation.is_appraisal:
        raise ObjectionError(_("Bezwaar maken kan alleen tegen een beoordelingsgesprek."))
    if not conversation.is_signed:
        raise ObjectionError(_("Bezwaar maken kan pas als je het verslag hebt getekend."))
    if db.session.scalar(select(Objection.id).where(Objection.conversation_id == conversation.id)):
        raise ObjectionError(_("Je hebt al bezwaar gemaakt tegen deze beoordeling."))
    if not may_still_object(conversation, today or date.today()):
        raise ObjectionError(
            _(
                "De termijn voor bezwaar is verstreken: dat kon tot en met %(day)s.",
                day=last_day_to_object(conversation).isoformat(),
            )
        )


def lodge(
    conversation: Conversation,
    body: str,
    actor: User,
    attachments: Iterable[StoredEvidence] = (),
    today: date | None = None,
) -> Objection:
    """The employee objects to a signed beoordeling; HR in scope and the second assessor hear."""
    check_lodging(conversation, actor, today)
    if not body.strip():
        raise ObjectionError(_("Schrijf op waartegen je bezwaar maakt en waarom."))
    if len(body.strip()) > (maximum := limit("objection", "body")):
        raise ObjectionError(_("Je bezwaar is langer dan %(count)d tekens.", count=maximum))
    objection = Objection(conversation=conversation, employee_id=actor.id, body=body.strip())
    objection.attachments = [
        ObjectionAttachment(
            stored_name=stored.stored_name,
            name=stored.original_name,
            content_type=stored.content_type,
        )
        for stored in attachments
    ]
    db.session.add(objection)
    db.session.flush()
    audit.record(
        actor,
        "objection_lodged",
        conversation,
        summary=kind_label(conversation.kind),
        changes={"objection": objection.id, "attachments": len(objection.attachments)},
    )
    link = app_path("objections.objection", objection_id=objection.id)
    for person in _told_of_objection(conversation):
        notify(person, Kind.OBJECTION_LODGED, obj=conversation, actor=actor, link=link)
    return objection


def _told_of_objection(conversation: Conversation) -> list[User]:
    """HR for the employee's department, and the second assessor of the beoordeling."""
    hr_people = db.session.scalars(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.HR.value, User.active)
        .order_by(User.id)
    ).unique()
    told = [
        person
        for person in hr_people
        if access_objections.may_decide_objection(person, conversation)
    ]
    second = conversation.second_assessment
    if second is not None and second.assessor not in told:
        told.append(second.assessor)
    return told


def _require_decider(objection: Objection, actor: User) -> None:
    if not access_objections.may_decide_objection(actor, objection.conversation):
        raise ObjectionError(
            _("Alleen HR voor de afdeling van de medewerker beslist over een bezwaar.")
        )
    if objection.is_decided:
        raise ObjectionError(_("Over dit bezwaar is al beslist."))


def take_up(objection: Objection, actor: User) -> None:
    """HR takes the objection up: ingediend → in behandeling."""
    _require_decider(objection, actor)
    if objection.objection_status != ObjectionStatus.LODGED:
        raise ObjectionError(_("Dit bezwaar is al in behandeling."))
    objection.status = ObjectionStatus.IN_PROGRESS.value
    objection.taken_up_at = utcnow()
    objection.taken_up_by_id = actor.id
    db.session.flush()
    audit.record(
        actor,
        "objection_taken_up",
        objection.conversation,
        summary=kind_label(objection.conversation.kind),
        changes={"status": [ObjectionStatus.LODGED.value, ObjectionStatus.IN_PROGRESS.value]},
    )


def decide(objection: Objection, outcome: ObjectionOutcome, motivation: str, actor: User) -> None:
    """HR decides: gehandhaafd, or aangepast with the motivation as a dated addendum."""
    _require_decider(objection, actor)
    if objection.objection_status != ObjectionStatus.IN_PROGRESS:
        raise ObjectionError(_("Neem het bezwaar eerst in behandeling."))
    if not motivation.strip():
        raise ObjectionError(_("Motiveer de beslissing over het bezwaar."))
    if len(motivation.strip()) > (maximum := limit("objection", "motivation")):
        raise ObjectionError(_("De motivering is langer dan %(count)d tekens.", count=maximum))
    conversation = objection.conversation
    objection.status = ObjectionStatus.DECIDED.value
    objection.outcome = ObjectionOutcome(outcome).value
    objection.motivation = motivation.strip()
    objection.decided_at = utcnow()
    objection.decided_by_id = actor.id
    if objection.outcome == ObjectionOutcome.AMENDED.value:
        objection.addendum = conversation_services.add_addendum(
            conversation, objection.motivation, actor, objection_outcome=True
        )
    db.session.flush()
    audit.record(
        actor,
        "objection_decided",
        conversation,
        summary=kind_label(conversation.kind),
        changes={
            "status": [ObjectionStatus.IN_PROGRESS.value, ObjectionStatus.DECIDED.value],
            "outcome": objection.outcome,
        },
    )
    link = app_path("objections.objection", objection_id=objection.id)
    for person in (conversation.employee, conversation.manager):
        notify(
            person,
            Kind.OBJECTION_DECIDED,
            obj=conversation,
            actor=actor,
            link=link,
            outcome=objection.outcome,
        )
