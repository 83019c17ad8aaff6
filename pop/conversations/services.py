"""The rules of the gesprekscyclus: planning, preparing, self-assessment, recording, signing.

A conversation runs gepland → voorbereid → gevoerd → ondertekend. The manager records it and
signs first; the employee may add a zienswijze and signs "voor gezien". Once both have signed
the report never changes: additions are dated addenda.

Services change objects and flush; the caller commits. A refused action raises
ConversationError with a message in the user's language, and changes nothing.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pop import audit
from pop.concurrency import WriteConflict
from pop.conversations.report_snapshot import freeze_report
from pop.extensions import db
from pop.labels import TOPICS, configured_rating_scale, kind_label, owner_label
from pop.models import (
    Agreement,
    AgreementOwner,
    Competency,
    Conversation,
    ConversationAddendum,
    ConversationKind,
    ConversationNote,
    ConversationRating,
    ConversationStatus,
    Cycle,
    FunctionCompetency,
    Goal,
    GoalStatus,
    SelfAssessment,
    SelfAssessmentRating,
    User,
)
from pop.models._time import utcnow
from pop.models.conversations import MAX_DURATION, MIN_DURATION
from pop.notify import Kind, notify
from pop.plan import services as plan_services
from pop.plan.services import GoalData, PlanError
from pop.text import title_from

# A rating is keyed by (competency id, indicator id); indicator None rates the competency itself.
RatingKey = tuple[int, int | None]
Scores = dict[RatingKey, int | None]


class ConversationError(Exception):
    """An action the rules refuse; `str(error)` is the message for the user."""


def _require_version(stored: int, expected: int | None, what: str) -> None:
    """A form loaded before someone else saved is refused: the caller answers 409."""
    if expected is not None and stored != expected:
        raise WriteConflict(f"{what}: the form was of version {expected}, stored is {stored}")


# --- what the loser of a race reads (409), naming who saved first ----------------------------


def record_conflict_message(conversation: Conversation) -> str:
    return _(
        "%(name)s heeft dit gesprek intussen opgeslagen, daarom is uw versie niet opgeslagen. "
        "Uw invoer staat hieronder: open het gesprek opnieuw, vergelijk en sla nog eens op.",
        name=conversation.manager.name,
    )


def self_assessment_conflict_message(conversation: Conversation) -> str:
    return _(
        "%(name)s heeft deze zelfevaluatie intussen opgeslagen, daarom is uw versie niet "
        "opgeslagen. Uw invoer staat hieronder: open de zelfevaluatie opnieuw en sla nog eens op.",
        name=conversation.employee.name,
    )


def signing_conflict_message(conversation: Conversation) -> str:
    return _(
        "Het verslag is op hetzelfde moment al ondertekend of gewijzigd (%(manager)s, "
        "leidinggevende; %(employee)s, medewerker). Uw ondertekening is niet opgeslagen: open "
        "het gesprek opnieuw en kijk wat er nu vastligt.",
        manager=conversation.manager.name,
        employee=conversation.employee.name,
    )


@dataclass
class Record:
    """What the manager writes down about a conversation that was held."""

    held_on: date
    notes: dict[str, str]
    scores: Scores
    overall_rating: int | None = None
    overall_motivation: str = ""


# --- who may act --------------------------------------------------------------------------------


def _require_manager(conversation: Conversation, actor: User) -> None:
    if conversation.manager_id != actor.id:
        raise ConversationError(_("Alleen de leidinggevende van dit gesprek kan dit doen."))


def _require_employee(conversation: Conversation, actor: User) -> None:
    if conversation.employee_id != actor.id:
        raise ConversationError(_("Alleen de medewerker zelf kan dit doen."))


def _require_open_record(conversation: Conversation) -> None:
    if conversation.is_signed:
        raise ConversationError(
            _(
                "Dit verslag is door beiden ondertekend en kan niet meer worden gewijzigd. "
                "Voeg zo nodig een aanvulling toe."
            )
        )
    if conversation.manager_signed_at is not None:
        raise ConversationError(
            _(
                "De leidinggevende heeft het verslag al ondertekend: "
                "het kan niet meer worden gewijzigd."
            )
        )


# --- what can be rated --------------------------------------------------------------------------


def rateable_competencies(employee: User) -> list[Competency]:
    """The competencies of the employee's function with their indicators and questions."""
    if employee.function_id is None:
        return []
    return list(
        db.session.scalars(
            select(Competency)
            .join(FunctionCompetency)
            .where(FunctionCompetency.function_id == employee.function_id)
            .options(
                selectinload(Competency.indicators),
                selectinload(Competency.all_indicators),
                selectinload(Competency.questions),
            )
            .order_by(FunctionCompetency.position)
        )
    )


def rating_keys(competencies: list[Competency]) -> set[RatingKey]:
    keys: set[RatingKey] = set()
    for competency in competencies:
        keys.add((competency.id, None))
        keys.update((competency.id, indicator.id) for indicator in competency.indicators)
    return keys


def _check_scores(conversation: Conversation, scores: Scores) -> dict[RatingKey, int]:
    """The given scores without the empty ones; refuses points off the scale or off the list."""
    allowed = rating_keys(rateable_competencies(conversation.employee))
    points = len(conversation.rating_scale)
    given = {key: score for key, score in scores.items() if score is not None}
    for key, score in given.items():
        if key not in allowed:
            raise ConversationError(
                _("Er kan alleen worden beoordeeld op de competenties van de functie.")
            )
        if not 1 <= score <= points:
            raise ConversationError(
                _("Een oordeel is een punt van 1 tot en met %(points)d.", points=points)
            )
    return given


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
    if employee.manager_id != actor.id:
        raise ConversationError(
            _("U kunt alleen gesprekken plannen met medewerkers van uw eigen team.")
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
        rating_scale=configured_rating_scale(),
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


def reschedule(
    conversation: Conversation,
    planned_on: date,
    actor: User,
    appointment: Appointment | None = None,
) -> bool:
    """Move a conversation; True when its time or place changed (and its invitation with it).

    Every change raises the invitation's SEQUENCE, so calendars replace the earlier one.
    """
    _require_manager(conversation, actor)
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
    _require_manager(conversation, actor)
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
    _require_manager(conversation, actor)
    _require_open_record(conversation)
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
) -> SelfAssessment:
    """Save the employee's view; once submitted the manager reads it and it no longer changes.

    `expected_version` is the version the form was loaded with (0: none existed yet); a
    self-assessment saved since raises `WriteConflict`.
    """
    _require_employee(conversation, actor)
    if conversation.is_held:
        raise ConversationError(
            _("Het gesprek is al gevoerd: een zelfevaluatie kan niet meer worden ingevuld.")
        )
    assessment = conversation.self_assessment
    _require_version(assessment.version if assessment else 0, expected_version, "self-assessment")
    if assessment is not None and assessment.is_submitted:
        raise ConversationError(
            _("U heeft uw zelfevaluatie al ingediend: die kan niet meer worden gewijzigd.")
        )
    given = _check_scores(conversation, scores)
    if submit and not reflection.strip():
        raise ConversationError(
            _("Schrijf een korte reflectie voordat u de zelfevaluatie indient.")
        )
    if assessment is None:
        assessment = SelfAssessment(conversation=conversation)
        db.session.add(assessment)
    else:
        assessment.updated_at = utcnow()  # always an UPDATE, so its version check always runs
    assessment.reflection = reflection.strip()
    assessment.ratings = [
        SelfAssessmentRating(competency_id=competency_id, indicator_id=indicator_id, score=score)
        for (competency_id, indicator_id), score in sorted(given.items(), key=_key_order)
    ]
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
        notify(conversation.manager, Kind.SELF_ASSESSMENT_SUBMITTED, obj=conversation, actor=actor)
    return assessment


def _key_order(item: tuple[RatingKey, int]) -> tuple[int, int]:
    (competency_id, indicator_id), _score = item
    return (competency_id, indicator_id or 0)


# --- recording ----------------------------------------------------------------------------------


def record(
    conversation: Conversation, data: Record, actor: User, *, expected_version: int | None = None
) -> None:
    """The manager writes down the conversation: notes per topic, ratings, the overall judgement.

    Saving the record marks the conversation held; it can be saved again until the manager signs.
    A form loaded before the conversation was saved again (`expected_version`) raises
    `WriteConflict`.
    """
    _require_manager(conversation, actor)
    _require_open_record(conversation)
    _require_version(conversation.version, expected_version, "conversation")
    if data.held_on > date.today():
        raise ConversationError(_("Een gesprek kan niet in de toekomst zijn gevoerd."))
    if data.held_on < conversation.cycle.starts_on:
        raise ConversationError(_("De datum van het gesprek ligt voor het begin van de cyclus."))
    unknown = set(data.notes) - set(TOPICS)
    if unknown:
        raise ConversationError(_("Onbekend gespreksonderwerp: %(topic)s.", topic=min(unknown)))
    given = _check_scores(conversation, data.scores)
    points = len(conversation.rating_scale)
    if conversation.is_appraisal:
        if data.overall_rating is not None and not 1 <= data.overall_rating <= points:
            raise ConversationError(
                _("Een oordeel is een punt van 1 tot en met %(points)d.", points=points)
            )
    elif data.overall_rating is not None or data.overall_motivation.strip():
        raise ConversationError(_("Alleen een beoordelingsgesprek heeft een eindoordeel."))

    before = _record_snapshot(conversation)
    notes_before = {note.topic: note.body for note in conversation.notes}
    conversation.updated_at = utcnow()  # always an UPDATE, so its version check always runs
    conversation.held_on = data.held_on
    by_topic = {note.topic: note for note in conversation.notes}
    for topic in TOPICS:
        body = data.notes.get(topic, "").strip()
        if topic in by_topic:
            by_topic[topic].body = body
        elif body:
            conversation.notes.append(ConversationNote(topic=topic, body=body))
    existing = {
        (rating.competency_id, rating.indicator_id): rating for rating in conversation.ratings
    }
    for key, rating in existing.items():
        if key not in given:
            conversation.ratings.remove(rating)
        else:
            rating.score = given[key]
    for key, score in sorted(given.items(), key=_key_order):
        if key not in existing:
            competency_id, indicator_id = key
            conversation.ratings.append(
                ConversationRating(
                    competency_id=competency_id, indicator_id=indicator_id, score=score
                )
            )
    conversation.overall_rating = data.overall_rating
    conversation.overall_motivation = data.overall_motivation.strip()
    if not conversation.is_held:
        conversation.status = ConversationStatus.HELD.value
    db.session.flush()
    changes = audit.diff(before, _record_snapshot(conversation))
    changed_topics = [
        topic for topic in TOPICS if notes_before.get(topic, "") != conversation.note_for(topic)
    ]
    if changed_topics:
        changes["notes"] = changed_topics
    audit.record(
        actor,
        "conversation_recorded",
        conversation,
        summary=kind_label(conversation.kind),
        changes=changes,
    )


def _record_snapshot(conversation: Conversation) -> dict:
    return {
        "status": conversation.status,
        "held_on": conversation.held_on,
        "ratings": len(conversation.ratings),
        "overall_rating": conversation.overall_rating,
        "overall_motivation": conversation.overall_motivation,
    }


# --- agreements ---------------------------------------------------------------------------------


def add_agreement(
    conversation: Conversation,
    actor: User,
    *,
    what: str,
    owner: AgreementOwner,
    due_on: date,
    competency_id: int | None = None,
) -> Agreement:
    _require_manager(conversation, actor)
    _require_open_record(conversation)
    if not what.strip():
        raise ConversationError(_("Beschrijf wat er is afgesproken."))
    if competency_id is not None and competency_id not in {
        competency.id for competency in rateable_competencies(conversation.employee)
    }:
        raise ConversationError(
            _("Een afspraak kan alleen bij een competentie van de functie horen.")
        )
    agreement = Agreement(
        conversation=conversation,
        what=what.strip(),
        owner=owner.value,
        due_on=due_on,
        competency_id=competency_id,
    )
    db.session.add(agreement)
    db.session.flush()
    audit.record(
        actor,
        "agreement_added",
        conversation,
        summary=agreement.what,
        changes={"what": agreement.what, "owner": owner.value, "due_on": due_on},
    )
    return agreement


def remove_agreement(agreement: Agreement, actor: User) -> None:
    conversation = agreement.conversation
    _require_manager(conversation, actor)
    _require_open_record(conversation)
    if agreement.goal_id is not None:
        raise ConversationError(
            _("Van deze afspraak is al een doel gemaakt: die kan niet meer worden verwijderd.")
        )
    conversation.agreements.remove(agreement)
    db.session.flush()
    audit.record(actor, "agreement_removed", conversation, summary=agreement.what)


def agreement_to_goal(agreement: Agreement, actor: User, today: date | None = None) -> Goal:
    """Turn an agreement into a goal in the employee's POP, proposed for the manager's agreement.

    The goal is made through the plan's own service; the agreement only records which goal it
    became, so this is allowed after signing too: the report's text does not change.
    """
    today = today or date.today()
    conversation = agreement.conversation
    _require_manager(conversation, actor)
    if agreement.goal_id is not None:
        raise ConversationError(_("Van deze afspraak is al een doel gemaakt."))
    employee = conversation.employee
    if employee.manager_id != actor.id:
        raise ConversationError(
            _("Alleen de huidige leidinggevende van de medewerker kan een doel voorstellen.")
        )
    cycle = conversation.cycle
    if not cycle.contains(agreement.due_on):
        raise ConversationError(
            _(
                "De afspraak loopt tot %(due)s, buiten de cyclus %(name)s: "
                "maak het doel in de volgende cyclus zelf aan.",
                due=agreement.due_on.isoformat(),
                name=cycle.name,
            )
        )
    title = title_from(agreement.what)
    if plan_services.title_in_use(employee.id, title):
        raise ConversationError(_("De medewerker heeft al een lopend doel met deze titel."))
    starts_on = max(cycle.starts_on, min(today, agreement.due_on - timedelta(days=1)))
    data = GoalData(
        title=title,
        specific=agreement.what,
        measurable=_(
            "Afgesproken in het %(kind)s van %(day)s; klaar uiterlijk %(due)s.",
            kind=kind_label(conversation.kind),
            day=(conversation.held_on or conversation.planned_on).isoformat(),
            due=agreement.due_on.isoformat(),
        ),
        achievable=_("Een afspraak uit het gesprek met mijn leidinggevende."),
        realistic=_(
            "Uitvoering door: %(who)s; uiterlijk klaar op %(due)s.",
            who=owner_label(agreement.owner),
            due=agreement.due_on.isoformat(),
        ),
        starts_on=starts_on,
        deadline=agreement.due_on,
        competency_id=agreement.competency_id,
    )
    try:
        goal = plan_services.create_goal(employee, cycle, data, actor)
    except PlanError as error:
        raise ConversationError(str(error)) from error
    # The plan's `propose` is the employee's own step; here the manager proposes the goal, so
    # the status is set here and audited the same way.
    goal.status = GoalStatus.PROPOSED.value
    db.session.flush()
    audit.record(
        actor,
        "goal_proposed",
        goal,
        summary=goal.title,
        changes={
            "status": [GoalStatus.CONCEPT.value, GoalStatus.PROPOSED.value],
            "agreement": agreement.id,
        },
    )
    agreement.goal_id = goal.id
    db.session.flush()
    audit.record(
        actor,
        "agreement_became_goal",
        conversation,
        summary=agreement.what,
        changes={"goal": goal.id},
    )
    return goal


# --- signing ------------------------------------------------------------------------------------


def sign_as_manager(conversation: Conversation, actor: User) -> None:
    """The manager finalises the report; from now on only the employee adds to it."""
    _require_manager(conversation, actor)
    if conversation.manager_signed_at is not None:
        raise ConversationError(_("U heeft dit verslag al ondertekend."))
    if conversation.conversation_status != ConversationStatus.HELD:
        raise ConversationError(_("Leg het gesprek eerst vast voordat u het ondertekent."))
    if conversation.is_appraisal and (
        conversation.overall_rating is None or not conversation.overall_motivation.strip()
    ):
        raise ConversationError(
            _("Een beoordelingsgesprek heeft een eindoordeel met motivering nodig.")
        )
    conversation.manager_signed_at = utcnow()
    db.session.flush()
    audit.record(
        actor, "conversation_signed_by_manager", conversation, summary=kind_label(conversation.kind)
    )
    notify(conversation.employee, Kind.REPORT_READY, obj=conversation, actor=actor)


def _require_awaiting_employee(conversation: Conversation) -> None:
    if conversation.is_signed:
        raise ConversationError(_("U heeft dit verslag al voor gezien getekend."))
    if conversation.manager_signed_at is None:
        raise ConversationError(
            _("Uw leidinggevende moet het verslag eerst afronden en ondertekenen.")
        )


def respond(conversation: Conversation, response: str, actor: User) -> None:
    """The employee's zienswijze: their reaction to the report, before they sign."""
    _require_employee(conversation, actor)
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
    _require_employee(conversation, actor)
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


def add_addendum(conversation: Conversation, body: str, actor: User) -> ConversationAddendum:
    """A dated addition to a signed report, by the employee or the manager."""
    if actor.id not in (conversation.employee_id, conversation.manager_id):
        raise ConversationError(
            _("Alleen de medewerker en de leidinggevende van dit gesprek kunnen iets aanvullen.")
        )
    if not conversation.is_signed:
        raise ConversationError(
            _("Een aanvulling kan pas als beiden hebben getekend; tot dan wijzigt u het verslag.")
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
