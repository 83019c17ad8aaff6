"""Before the conversation: the manager plans and prepares it, the employee assesses themself."""

from dataclasses import dataclass
from datetime import date, time

from flask_babel import gettext as _
from sqlalchemy import select

from pop import access, audit
from pop.conversations.rules import (
    ConversationError,
    Scores,
    check_scores,
    key_order,
    require_employee,
    require_manager,
    require_open_record,
    require_version,
)
from pop.conversations.self_assessment_notes import store_notes
from pop.extensions import db
from pop.labels import configured_rating_scale, kind_label
from pop.models import (
    Conversation,
    ConversationKind,
    ConversationStatus,
    Cycle,
    SelfAssessment,
    SelfAssessmentRating,
    User,
)
from pop.models._time import utcnow
from pop.models.conversations import MAX_DURATION, MIN_DURATION
from pop.notify import Kind, notify, notify_team_lead

# --- planning and preparation -------------------------------------------------------------------


@dataclass(frozen=True)
class Appointment:
    """When and where: a day, optionally a start time (local) and length, and a place."""

    day: date
    start: time | None = None
    duration_minutes: int = 60
    location: str = ""

    @classmethod
    def of(cls, conversation: Conversation) -> "Appointment":
        return cls(
            conversation.planned_on,
            conversation.planned_time,
            conversation.duration_minutes,
            conversation.location,
        )


def _check_appointment(appointment: Appointment) -> None:
    if not MIN_DURATION <= appointment.duration_minutes <= MAX_DURATION:
        raise ConversationError(
            _(
                "Een gesprek duurt %(least)d tot %(most)d minuten.",
                least=MIN_DURATION,
                most=MAX_DURATION,
            )
        )


def plan_conversation(
    employee: User,
    cycle: Cycle,
    kind: ConversationKind,
    planned_on: date,
    actor: User,
    appointment: Appointment | None = None,
) -> Conversation:
    """The manager plans a conversation with one of their direct reports."""
    appointment = appointment or Appointment(planned_on)
    _check_appointment(appointment)
    if not access.is_direct_report(actor, employee):
        raise ConversationError(
            _("Je kunt alleen gesprekken plannen met medewerkers van je eigen team.")
        )
    if not cycle.is_open:
        raise ConversationError(
            _("De cyclus %(name)s is gesloten: er kunnen geen gesprekken bij.", name=cycle.name)
        )
    if not cycle.contains(planned_on):
        raise ConversationError(
            _(
                "De datum moet binnen de cyclus %(name)s vallen (%(start)s – %(end)s).",
                name=cycle.name,
                start=cycle.starts_on.isoformat(),
                end=cycle.ends_on.isoformat(),
            )
        )
    existing = db.session.scalar(
        select(Conversation.id).where(
            Conversation.employee_id == employee.id,
            Conversation.cycle_id == cycle.id,
            Conversation.kind == kind.value,
        )
    )
    if existing is not None:
        raise ConversationError(
            _(
                "Er is in deze cyclus al een %(kind)s met %(name)s.",
                kind=kind_label(kind),
                name=employee.name,
            )
        )
    conversation = Conversation(
        employee_id=employee.id,
        manager_id=actor.id,
        cycle_id=cycle.id,
        kind=kind.value,
        status=ConversationStatus.PLANNED.value,
        planned_on=planned_on,
        planned_time=appointment.start,
        duration_minutes=appointment.duration_minutes,
        location=appointment.location.strip(),
        rating_scale=scale_for(cycle),
    )
    db.session.add(conversation)
    db.session.flush()
    audit.record(
        actor,
        "conversation_planned",
        conversation,
        summary=f"{kind_label(kind)} · {employee.name}",
        changes={"kind": kind.value, "planned_on": planned_on},
    )
    notify(employee, Kind.CONVERSATION_PLANNED, obj=conversation, actor=actor)
    return conversation


def scale_for(cycle: Cycle) -> list[str]:
    """The scale a conversation of `cycle` is rated on: none in a cycle without ratings."""
    return configured_rating_scale() if cycle.with_ratings else []


def reschedule(
    conversation: Conversation,
    planned_on: date,
    actor: User,
    appointment: Appointment | None = None,
) -> bool:
    """Move a conversation; True when its time or place changed (and its invitation with it).

    Every change raises the invitation's SEQUENCE, so calendars replace the earlier one.
    """
    require_manager(conversation, actor)
    appointment = appointment or Appointment(
        planned_on, conversation.planned_time, conversation.duration_minutes, conversation.location
    )
    _check_appointment(appointment)
    if conversation.is_held:
        raise ConversationError(_("Een gevoerd gesprek kan niet meer worden verzet."))
    cycle = conversation.cycle
    if not cycle.contains(planned_on):
        raise ConversationError(
            _(
                "De datum moet binnen de cyclus %(name)s vallen (%(start)s – %(end)s).",
                name=cycle.name,
                start=cycle.starts_on.isoformat(),
                end=cycle.ends_on.isoformat(),
            )
        )
    appointment = Appointment(
        planned_on,
        appointment.start,
        appointment.duration_minutes,
        appointment.location.strip(),
    )
    before = Appointment.of(conversation)
    if before == appointment:
        return False
    changes = {
        field: [old, new]
        for field, old, new in (
            ("planned_on", before.day, appointment.day),
            ("planned_time", before.start, appointment.start),
            ("duration_minutes", before.duration_minutes, appointment.duration_minutes),
            ("location", before.location, appointment.location),
        )
        if old != new
    }
    conversation.planned_on = appointment.day
    conversation.planned_time = appointment.start
    conversation.duration_minutes = appointment.duration_minutes
    conversation.location = appointment.location
    conversation.calendar_sequence += 1
    db.session.flush()
    audit.record(
        actor,
        "conversation_rescheduled",
        conversation,
        summary=kind_label(conversation.kind),
        changes=changes,
    )
    return True


def cancel_conversation(conversation: Conversation, actor: User) -> None:
    """The manager calls off a planned conversation that nobody has worked on yet.

    Once there is a preparation, a self-assessment, a note, a rating or an agreement, it is moved
    instead: cancelling would throw away what someone wrote.
    """
    require_manager(conversation, actor)
    worked_on = (
        conversation.conversation_status != ConversationStatus.PLANNED
        or conversation.preparation_notes
        or conversation.self_assessment is not None
        or conversation.notes
        or conversation.ratings
        or conversation.agreements
    )
    if worked_on:
        raise ConversationError(
            _(
                "Aan dit gesprek is al gewerkt; het kan niet worden afgezegd. "
                "Verzet het naar een andere datum."
            )
        )
    conversation.calendar_sequence += 1
    audit.record(
        actor,
        "conversation_cancelled",
        conversation,
        summary=f"{kind_label(conversation.kind)} · {conversation.employee.name}",
        changes={"planned_on": conversation.planned_on},
    )
    db.session.delete(conversation)
    db.session.flush()


def save_preparation(conversation: Conversation, notes: str, actor: User) -> None:
    """The manager's private preparation notes; the first save marks the conversation prepared."""
    require_manager(conversation, actor)
    require_open_record(conversation)
    conversation.preparation_notes = (notes or "").strip()  # a form without the field sends None
    changes: dict = {}
    if conversation.conversation_status == ConversationStatus.PLANNED:
        conversation.status = ConversationStatus.PREPARED.value
        changes["status"] = [ConversationStatus.PLANNED.value, ConversationStatus.PREPARED.value]
    db.session.flush()
    # The notes are private: the audit says that they changed, never what they say.
    audit.record(
        actor,
        "conversation_prepared",
        conversation,
        summary=kind_label(conversation.kind),
        changes=changes,
    )


# --- the employee's self-assessment -------------------------------------------------------------


def save_self_assessment(
    conversation: Conversation,
    actor: User,
    *,
    scores: Scores,
    reflection: str,
    submit: bool = False,
    expected_version: int | None = None,
    competency_notes: dict[int, str] | None = None,
) -> SelfAssessment:
    """Save the employee's view; once submitted the manager reads it and it no longer changes.

    `expected_version` is the version the form was loaded with (0: none existed yet); a
    self-assessment saved since raises `WriteConflict`.
    """
    require_employee(conversation, actor)
    if conversation.is_held:
        raise ConversationError(
            _("Het gesprek is al gevoerd: een zelfevaluatie kan niet meer worden ingevuld.")
        )
    assessment = conversation.self_assessment
    require_version(assessment.version if assessment else 0, expected_version, "self-assessment")
    if assessment is not None and assessment.is_submitted:
        raise ConversationError(
            _("Je hebt je zelfevaluatie al ingediend: die kan niet meer worden gewijzigd.")
        )
    given = check_scores(conversation, scores)
    if submit and not reflection.strip():
        raise ConversationError(
            _("Schrijf een korte reflectie voordat je de zelfevaluatie indient.")
        )
    if assessment is None:
        assessment = SelfAssessment(conversation=conversation)
        db.session.add(assessment)
    else:
        assessment.updated_at = utcnow()  # always an UPDATE, so its version check always runs
    assessment.reflection = reflection.strip()
    assessment.ratings = [
        SelfAssessmentRating(competency_id=competency_id, indicator_id=indicator_id, score=score)
        for (competency_id, indicator_id), score in sorted(given.items(), key=key_order)
    ]
    if competency_notes is not None:
        store_notes(assessment, competency_notes)
    if submit:
        assessment.submitted_at = utcnow()
    db.session.flush()
    audit.record(
        actor,
        "self_assessment_submitted" if submit else "self_assessment_saved",
        conversation,
        summary=kind_label(conversation.kind),
        changes={"ratings": len(given)},
    )
    if submit:
        notify_team_lead(
            conversation.manager, Kind.SELF_ASSESSMENT_SUBMITTED, obj=conversation, actor=actor
        )
    return assessment
