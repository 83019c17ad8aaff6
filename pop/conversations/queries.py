"""Read queries of the conversation pages, eager-loaded so their query count stays flat."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, bindparam, literal, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from pop import access
from pop.audit_labels import history_statement
from pop.extensions import db
from pop.models import (
    Agreement,
    Competency,
    Conversation,
    ConversationAddendum,
    ConversationNote,
    ConversationRating,
    ConversationStatus,
    FunctionCompetency,
    Goal,
    SecondAssessment,
    SelfAssessment,
    SelfAssessmentRating,
    User,
)
from pop.models.catalogue import competency_display_name
from pop.rows import rows_of


def conversations_of(viewer: User) -> tuple[list[Conversation], list[Conversation]]:
    """The viewer's own conversations, and those they lead or that are about their team.

    Not HR's whole scope: HR reaches other people's conversations through their files.
    """
    led = access.acting_manager_ids(viewer)
    team = select(User.id).where(User.manager_id.in_(led)).scalar_subquery()
    query = (
        select(Conversation)
        .where(
            (Conversation.employee_id == viewer.id)
            | Conversation.manager_id.in_(led)
            | Conversation.employee_id.in_(team)
        )
        .options(
            joinedload(Conversation.employee),
            joinedload(Conversation.manager),
            joinedload(Conversation.cycle),
        )
        .order_by(Conversation.planned_on.desc(), Conversation.id.desc())
    )
    own, led = [], []
    for conversation in db.session.scalars(query):
        (own if conversation.employee_id == viewer.id else led).append(conversation)
    return own, led


# Everything a conversation's pages show: load the conversation through access with these.
CONVERSATION_PAGE = (
    joinedload(Conversation.employee).joinedload(User.function),
    joinedload(Conversation.manager),
    joinedload(Conversation.cycle),
    selectinload(Conversation.notes),
    selectinload(Conversation.ratings),
    selectinload(Conversation.competency_notes),
    selectinload(Conversation.agreements).joinedload(Agreement.goal),
    selectinload(Conversation.agreements).joinedload(Agreement.competency),
    selectinload(Conversation.addenda).joinedload(ConversationAddendum.author),
    joinedload(Conversation.self_assessment).selectinload(SelfAssessment.ratings),
    joinedload(Conversation.report),
    joinedload(Conversation.second_assessment).joinedload(SecondAssessment.assessor),
)


# What the conversation page shows of the conversation itself, and no more: not the frozen
# report, the motivations per competency or the employee's function, which the later stages'
# pages (CONVERSATION_PAGE) read. Its agreements, notes, scores, addenda and history come as
# rows (below): a selectin load of each would cost a query as well, and several times the
# Python time (building its IN query and the objects). The two people's roles are joined in:
# one of them is often the visitor, whose roles the page reads.
CONVERSATION_VIEW = (
    joinedload(Conversation.employee).joinedload(User.role_links),
    joinedload(Conversation.manager).joinedload(User.role_links),
    joinedload(Conversation.cycle),
    joinedload(Conversation.self_assessment),
    joinedload(Conversation.second_assessment)
    .joinedload(SecondAssessment.assessor)
    .lazyload(User.role_links),
)


def conversation_page(conversation_id: int) -> Conversation:
    """A conversation with everything its pages show."""
    return db.session.scalar(
        select(Conversation)
        .where(Conversation.id == conversation_id)
        .options(*CONVERSATION_PAGE)
        .execution_options(populate_existing=True)
    )


_RATED_COMPETENCIES = (
    select(Competency)
    .join(FunctionCompetency)
    .where(FunctionCompetency.function_id == bindparam("function_id"))
    .options(joinedload(Competency.all_indicators))
    .order_by(FunctionCompetency.position)
)


def rated_competencies(function_id: int | None) -> list[Competency]:
    """The competencies of a function with every indicator, retired ones too, in one query:
    the rows of a held conversation's ratings table (`rating_rows(..., all_indicators=False)`)."""
    if function_id is None:
        return []
    return list(db.session.scalars(_RATED_COMPETENCIES, {"function_id": function_id}).unique())


def goals_for_conversation(employee_id: int, cycle_id: int) -> list[Goal]:
    """The employee's goals of the cycle with their check-ins: what to talk about."""
    return list(
        db.session.scalars(
            select(Goal)
            .where(Goal.employee_id == employee_id, Goal.cycle_id == cycle_id)
            .options(joinedload(Goal.competency), selectinload(Goal.check_ins))
            .order_by(Goal.deadline, Goal.id)
        )
    )


# The conversation page's rows, as Core statements built once (see `rows_of`).
_AGREEMENTS = (
    select(
        Agreement.id,
        Agreement.what,
        Agreement.owner,
        Agreement.due_on,
        Competency.name,
        Competency.description,
        Goal.id,
        Goal.title,
        Goal.status,
    )
    .outerjoin(Competency, Competency.id == Agreement.competency_id)
    .outerjoin(Goal, Goal.id == Agreement.goal_id)
    .where(Agreement.conversation_id == bindparam("conversation_id"))
    .order_by(Agreement.id)
)


_HISTORY = history_statement("Conversation", with_changes=False)

_ADDENDA = (
    select(
        ConversationAddendum.body, ConversationAddendum.created_at, User.name.label("author_name")
    )
    .join(User, User.id == ConversationAddendum.author_id)
    .where(ConversationAddendum.conversation_id == bindparam("conversation_id"))
    .order_by(ConversationAddendum.id)
)

_NOTES = (
    select(ConversationNote.topic, ConversationNote.body)
    .where(ConversationNote.conversation_id == bindparam("conversation_id"))
    .order_by(ConversationNote.id)
)

_MANAGER_SCORES = select(
    literal(False).label("own"),
    ConversationRating.id,
    ConversationRating.competency_id,
    ConversationRating.indicator_id,
    ConversationRating.score,
).where(ConversationRating.conversation_id == bindparam("conversation_id"))
_SELF_SCORES = select(
    literal(True).label("own"),
    SelfAssessmentRating.id,
    SelfAssessmentRating.competency_id,
    SelfAssessmentRating.indicator_id,
    SelfAssessmentRating.score,
).where(SelfAssessmentRating.self_assessment_id == bindparam("self_assessment_id"))
_SCORES = _MANAGER_SCORES.order_by("id")
_BOTH_SCORES = union_all(_MANAGER_SCORES, _SELF_SCORES).order_by("own", "id")


def history(conversation_id: int) -> list[Row]:
    """The conversation's audit events, newest first: rows of when, the actor's name and what
    (the page shows no changes: they could tell what the report says)."""
    return rows_of(_HISTORY, object_id=conversation_id)


@dataclass(frozen=True)
class AgreementLine:
    """An agreement as the conversation page lists it, with its competency and goal."""

    id: int
    what: str
    owner: str
    due_on: date
    competency_name: str | None  # as `Competency.display_name` says it
    goal_id: int | None
    goal_title: str | None
    goal_status: str | None


def agreements_of(conversation_id: int) -> list[AgreementLine]:
    """The conversation's agreements, in the order they were made."""
    return [
        AgreementLine(
            id=row[0],
            what=row[1],
            owner=row[2],
            due_on=row[3],
            competency_name=(None if row[5] is None else competency_display_name(row[4], row[5])),
            goal_id=row[6],
            goal_title=row[7],
            goal_status=row[8],
        )
        for row in rows_of(_AGREEMENTS, conversation_id=conversation_id)
    ]


def addenda_of(conversation_id: int) -> list[Row]:
    """A signed conversation's addenda, oldest first: their text, moment and author's name."""
    return rows_of(_ADDENDA, conversation_id=conversation_id)


def notes_by_topic(conversation_id: int) -> dict[str, str]:
    """{topic: what was said} of a conversation, as `Conversation.note_for` reads its notes."""
    notes: dict[str, str] = {}
    for topic, body in rows_of(_NOTES, conversation_id=conversation_id):
        notes.setdefault(topic, body)
    return notes


def page_scores(conversation: Conversation, *, with_self_scores: bool) -> tuple[dict, dict]:
    """The scores of the conversation and, when asked, of its self-assessment, in one query:
    ({(competency id, indicator id): score}, the same of the self-assessment)."""
    assessment = conversation.self_assessment
    if with_self_scores and assessment is not None:
        rows = rows_of(
            _BOTH_SCORES, conversation_id=conversation.id, self_assessment_id=assessment.id
        )
    else:
        rows = rows_of(_SCORES, conversation_id=conversation.id)
    scores: dict = {}
    self_scores: dict = {}
    for own, _id, competency_id, indicator_id, score in rows:
        (self_scores if own else scores)[(competency_id, indicator_id)] = score
    return scores, self_scores


def scores_by_key(ratings: list[ConversationRating] | list[SelfAssessmentRating]) -> dict:
    """{(competency id, indicator id): score} of a list of ratings."""
    return {(rating.competency_id, rating.indicator_id): rating.score for rating in ratings}


@dataclass
class RatingPoint:
    """One competency rating in one held conversation: a point of the ratings history."""

    conversation_id: int
    held_on: date
    kind: str
    cycle_name: str
    score: int
    scale: list[str]


def ratings_history(employee_id: int, competency_id: int) -> list[RatingPoint]:
    """The competency's ratings (not its indicators') over every held conversation, oldest first."""
    rows = db.session.execute(
        select(Conversation, ConversationRating.score)
        .join(ConversationRating, ConversationRating.conversation_id == Conversation.id)
        .where(
            Conversation.employee_id == employee_id,
            Conversation.status.in_(
                [ConversationStatus.HELD.value, ConversationStatus.SIGNED.value]
            ),
            ConversationRating.competency_id == competency_id,
            ConversationRating.indicator_id.is_(None),
        )
        .options(joinedload(Conversation.cycle))
        .order_by(Conversation.held_on, Conversation.id)
    )
    return [
        RatingPoint(
            conversation_id=conversation.id,
            held_on=conversation.held_on,
            kind=conversation.kind,
            cycle_name=conversation.cycle.name,
            score=score,
            scale=conversation.rating_scale,
        )
        for conversation, score in rows
    ]


def competency(competency_id: int) -> Competency | None:
    return db.session.get(Competency, competency_id)
