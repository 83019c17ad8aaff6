"""Read queries of the conversation pages, eager-loaded so their query count stays flat."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from pop import access
from pop.extensions import db
from pop.models import (
    Agreement,
    AuditEvent,
    Competency,
    Conversation,
    ConversationAddendum,
    ConversationRating,
    ConversationStatus,
    Goal,
    SecondAssessment,
    SelfAssessment,
    SelfAssessmentRating,
    User,
)


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


def conversation_page(conversation_id: int) -> Conversation:
    """A conversation with everything its pages show."""
    return db.session.scalar(
        select(Conversation)
        .where(Conversation.id == conversation_id)
        .options(*CONVERSATION_PAGE)
        .execution_options(populate_existing=True)
    )


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


def history(conversation_id: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.object_type == "Conversation", AuditEvent.object_id == conversation_id
            )
            .options(joinedload(AuditEvent.actor))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        )
    )


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
