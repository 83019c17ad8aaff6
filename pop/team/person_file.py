"""What the employee file reads of a person beside their function's text (`function_file`):
the person, their goals with check-ins and their conversations (only the columns shown), and
their competency ratings per held conversation."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload, load_only, selectinload

from pop.extensions import db
from pop.models import (
    CheckIn,
    Competency,
    Conversation,
    ConversationRating,
    Cycle,
    Goal,
    JobFunction,
    User,
)
from pop.team.queries import HELD_STATUSES

# What an employee's file shows of the person beside their function's text (`function_file`).
PERSON_FILE = (
    joinedload(User.department),
    joinedload(User.manager),
    joinedload(User.function_level),
    joinedload(User.function).joinedload(JobFunction.family),
)


# The columns the file shows of the goals (with their check-ins and competency) and of the
# conversations (with their cycle and manager), not every text of each.
_GOALS_SHOWN = (
    load_only(
        Goal.id,
        Goal.employee_id,
        Goal.cycle_id,
        Goal.competency_id,
        Goal.title,
        Goal.status,
        Goal.progress,
        Goal.deadline,
    ),
    joinedload(Goal.competency).load_only(Competency.id, Competency.name, Competency.description),
    selectinload(Goal.check_ins).load_only(
        CheckIn.id, CheckIn.goal_id, CheckIn.on, CheckIn.progress, CheckIn.note
    ),
)

_CONVERSATIONS_SHOWN = (
    load_only(
        Conversation.id,
        Conversation.employee_id,
        Conversation.manager_id,
        Conversation.cycle_id,
        Conversation.kind,
        Conversation.status,
        Conversation.planned_on,
        Conversation.held_on,
        Conversation.overall_rating,
        Conversation.rating_scale,
    ),
    joinedload(Conversation.cycle).load_only(Cycle.id, Cycle.name),
    # A manager's name, not their roles: no query for each manager's roles.
    joinedload(Conversation.manager).options(
        load_only(User.id, User.name), lazyload(User.role_links)
    ),
)


def goals_with_history(person_id: int, cycle_id: int) -> list[Goal]:
    return list(
        db.session.scalars(
            select(Goal)
            .where(Goal.employee_id == person_id, Goal.cycle_id == cycle_id)
            .options(*_GOALS_SHOWN)
            .order_by(Goal.deadline, Goal.id)
        )
    )


def conversations_of_person(person_id: int) -> list[Conversation]:
    """Every conversation with the person, newest first."""
    return list(
        db.session.scalars(
            select(Conversation)
            .where(Conversation.employee_id == person_id)
            .options(*_CONVERSATIONS_SHOWN)
            .order_by(Conversation.planned_on.desc(), Conversation.id.desc())
        )
    )


@dataclass
class RatingsOverview:
    """The person's competency ratings: a row per competency, a column per held conversation."""

    conversations: list[Conversation]
    competencies: list[Competency]
    scores: dict[tuple[int, int], int]  # (competency id, conversation id) -> score


def ratings_overview(conversations: list[Conversation]) -> RatingsOverview:
    held = sorted(
        (c for c in conversations if c.status in HELD_STATUSES and c.held_on),
        key=lambda c: (c.held_on, c.id),
    )
    if not held:
        return RatingsOverview([], [], {})
    rows = db.session.execute(
        select(ConversationRating.conversation_id, ConversationRating.score, Competency)
        .join(Competency, Competency.id == ConversationRating.competency_id)
        .where(
            ConversationRating.conversation_id.in_([c.id for c in held]),
            ConversationRating.indicator_id.is_(None),
        )
    ).all()
    scores = {
        (competency.id, conversation_id): score for conversation_id, score, competency in rows
    }
    competencies = sorted(
        {competency.id: competency for _cid, _score, competency in rows}.values(),
        key=lambda c: (c.display_name.casefold(), c.id),
    )
    rated = {conversation_id for conversation_id, _score, _competency in rows}
    return RatingsOverview([c for c in held if c.id in rated], competencies, scores)
