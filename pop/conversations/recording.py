"""The manager records the conversation that was held, and the agreements made in it.

Saving the record marks the conversation held; it can be saved again until the manager signs.
An agreement can become a goal in the employee's POP through the plan's own service.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _

from pop import access, audit
from pop.conversations.rules import (
    ConversationError,
    Scores,
    check_scores,
    key_order,
    rateable_competencies,
    require_manager,
    require_open_record,
    require_version,
)
from pop.extensions import db
from pop.labels import TOPICS, kind_label, owner_label
from pop.models import (
    Agreement,
    AgreementOwner,
    CompetencyNote,
    Conversation,
    ConversationNote,
    ConversationRating,
    ConversationStatus,
    Goal,
    GoalStatus,
    User,
)
from pop.models._time import utcnow
from pop.plan import services as plan_services
from pop.plan.services import GoalData, PlanError
from pop.text import title_from


@dataclass
class Record:
    """What the manager writes down about a conversation that was held."""

    held_on: date
    notes: dict[str, str]
    scores: Scores
    overall_rating: int | None = None
    overall_motivation: str = ""
    # The toelichting per competency, by competency id.
    competency_notes: dict[int, str] = field(default_factory=dict)


# --- recording ----------------------------------------------------------------------------------


def record(
    conversation: Conversation, data: Record, actor: User, *, expected_version: int | None = None
) -> None:
    """The manager writes down the conversation: notes per topic, ratings, the overall judgement.

    Saving the record marks the conversation held; it can be saved again until the manager signs.
    A form loaded before the conversation was saved again (`expected_version`) raises
    `WriteConflict`.
    """
    require_manager(conversation, actor)
    require_open_record(conversation)
    require_version(conversation.version, expected_version, "conversation")
    if data.held_on > date.today():
        raise ConversationError(_("Een gesprek kan niet in de toekomst zijn gevoerd."))
    if data.held_on < conversation.cycle.starts_on:
        raise ConversationError(_("De datum van het gesprek ligt voor het begin van de cyclus."))
    unknown = set(data.notes) - set(TOPICS)
    if unknown:
        raise ConversationError(_("Onbekend gespreksonderwerp: %(topic)s.", topic=min(unknown)))
    given = check_scores(conversation, data.scores)
    if data.competency_notes and set(data.competency_notes) - {
        competency.id for competency in rateable_competencies(conversation.employee)
    }:
        raise ConversationError(
            _("Een toelichting kan alleen bij een competentie van de functie horen.")
        )
    points = len(conversation.rating_scale)
    if not conversation.has_ratings and (
        data.overall_rating is not None or data.overall_motivation.strip()
    ):
        raise ConversationError(_("In deze cyclus worden geen oordelen gegeven."))
    if conversation.is_appraisal:
        if data.overall_rating is not None and not 1 <= data.overall_rating <= points:
            raise ConversationError(
                _("Een oordeel is een punt van 1 tot en met %(points)d.", points=points)
            )
    elif data.overall_rating is not None or data.overall_motivation.strip():
        raise ConversationError(_("Alleen een beoordelingsgesprek heeft een eindoordeel."))

    before = _record_snapshot(conversation)
    notes_before = {note.topic: note.body for note in conversation.notes}
    competency_notes_before = {
        note.competency_id: note.body for note in conversation.competency_notes
    }
    conversation.updated_at = utcnow()  # always an UPDATE, so its version check always runs
    conversation.held_on = data.held_on
    by_topic = {note.topic: note for note in conversation.notes}
    for topic in TOPICS:
        body = data.notes.get(topic, "").strip()
        if topic in by_topic:
            by_topic[topic].body = body
        elif body:
            conversation.notes.append(ConversationNote(topic=topic, body=body))
    _store_competency_notes(conversation, data.competency_notes)
    existing = {
        (rating.competency_id, rating.indicator_id): rating for rating in conversation.ratings
    }
    for key, rating in existing.items():
        if key not in given:
            conversation.ratings.remove(rating)
        else:
            rating.score = given[key]
    for key, score in sorted(given.items(), key=key_order):
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
    changed_competencies = sorted(
        competency_id
        for competency_id in {*competency_notes_before, *data.competency_notes}
        if competency_notes_before.get(competency_id, "")
        != conversation.competency_note_for(competency_id)
    )
    if changed_competencies:
        changes["competency_notes"] = changed_competencies
    audit.record(
        actor,
        "conversation_recorded",
        conversation,
        summary=kind_label(conversation.kind),
        changes=changes,
    )


def _store_competency_notes(conversation: Conversation, notes: dict[int, str]) -> None:
    """Keep one toelichting per competency: update, add, or empty what was cleared."""
    stored = {note.competency_id: note for note in conversation.competency_notes}
    for competency_id, body in sorted(notes.items()):
        body = body.strip()
        if competency_id in stored:
            stored[competency_id].body = body
        elif body:
            conversation.competency_notes.append(
                CompetencyNote(competency_id=competency_id, body=body)
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
    require_manager(conversation, actor)
    require_open_record(conversation)
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
    require_manager(conversation, actor)
    require_open_record(conversation)
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
    require_manager(conversation, actor)
    if agreement.goal_id is not None:
        raise ConversationError(_("Van deze afspraak is al een doel gemaakt."))
    employee = conversation.employee
    if not access.is_direct_report(actor, employee):
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
