"""What the employee file reads of a person beside their function's text (`function_file`):
the person, their goals with check-ins and their conversations (only the columns shown), and
their competency ratings per held conversation."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import joinedload, lazyload

from pop.models import (
    CheckIn,
    Competency,
    Conversation,
    ConversationKind,
    ConversationRating,
    Cycle,
    Goal,
    JobFunction,
    User,
)
from pop.models.catalogue import competency_display_name
from pop.models.plan import goal_is_overdue
from pop.rows import rows_of
from pop.team.queries import HELD_STATUSES

# What an employee's file shows of the person beside their function's text (`function_file`):
# not the person's roles, which the file does not show; their manager's are joined in, as the
# manager is often the visitor, whose roles the page's menu reads.
PERSON_FILE = (
    lazyload(User.role_links),
    joinedload(User.department),
    joinedload(User.manager).joinedload(User.role_links),
    joinedload(User.function_level),
    joinedload(User.function).joinedload(JobFunction.family),
)


@dataclass
class GoalInFile:
    """A goal as the file shows it, with its check-ins (rows of on, progress and note) in order."""

    id: int
    title: str
    status: str
    progress: int
    deadline: date
    competency_name: str | None
    overdue: bool
    check_ins: list[Row] = field(default_factory=list)


# The goals and check-ins as rows of the columns shown (see `rows_of`): no Goal, Competency or
# CheckIn objects built for a page that only shows their text.
_GOALS = (
    select(
        Goal.id,
        Goal.title,
        Goal.status,
        Goal.progress,
        Goal.deadline,
        Competency.name.label("competency_name"),
        Competency.description.label("competency_description"),
    )
    .outerjoin(Competency, Competency.id == Goal.competency_id)
    .where(Goal.employee_id == bindparam("person_id"), Goal.cycle_id == bindparam("cycle_id"))
    .order_by(Goal.deadline, Goal.id)
)

_CHECK_INS = (
    select(CheckIn.goal_id, CheckIn.on, CheckIn.progress, CheckIn.note)
    .where(CheckIn.goal_id.in_(bindparam("goal_ids", expanding=True)))
    .order_by(CheckIn.goal_id, CheckIn.on, CheckIn.id)
)


@dataclass
class ConversationInFile:
    """A conversation as the file lists it: its cycle's and its manager's name beside its own
    columns."""

    id: int
    kind: str
    status: str
    planned_on: date
    held_on: date | None
    overall_rating: int | None
    rating_scale: list[str]
    cycle_name: str
    manager_name: str

    @property
    def is_appraisal(self) -> bool:
        return self.kind == ConversationKind.APPRAISAL.value

    @property
    def is_held(self) -> bool:
        return self.status in HELD_STATUSES


_CONVERSATIONS = (
    select(
        Conversation.id,
        Conversation.kind,
        Conversation.status,
        Conversation.planned_on,
        Conversation.held_on,
        Conversation.overall_rating,
        Conversation.rating_scale,
        Cycle.name.label("cycle_name"),
        User.name.label("manager_name"),
    )
    .join(Cycle, Cycle.id == Conversation.cycle_id)
    .join(User, User.id == Conversation.manager_id)
    .where(Conversation.employee_id == bindparam("person_id"))
    .order_by(Conversation.planned_on.desc(), Conversation.id.desc())
)


@dataclass(frozen=True)
class RatedCompetency:
    id: int
    display_name: str


_RATINGS = (
    select(
        ConversationRating.conversation_id,
        ConversationRating.score,
        Competency.id.label("competency_id"),
        Competency.name,
        Competency.description,
    )
    .join(Competency, Competency.id == ConversationRating.competency_id)
    .where(
        ConversationRating.conversation_id.in_(bindparam("conversation_ids", expanding=True)),
        ConversationRating.indicator_id.is_(None),
    )
)


def goals_with_history(person_id: int, cycle_id: int, today: date) -> list[GoalInFile]:
    """The person's goals of the cycle by deadline, each with its check-ins by day."""
    goals = [
        GoalInFile(
            row.id,
            row.title,
            row.status,
            row.progress,
            row.deadline,
            None
            if row.competency_description is None
            else competency_display_name(row.competency_name, row.competency_description),
            goal_is_overdue(row.status, row.deadline, today),
        )
        for row in rows_of(_GOALS, person_id=person_id, cycle_id=cycle_id)
    ]
    if goals:
        by_id = {goal.id: goal for goal in goals}
        for check_in in rows_of(_CHECK_INS, goal_ids=list(by_id)):
            by_id[check_in.goal_id].check_ins.append(check_in)
    return goals


def conversations_of_person(person_id: int) -> list[ConversationInFile]:
    """Every conversation with the person, newest first."""
    return [ConversationInFile(*row) for row in rows_of(_CONVERSATIONS, person_id=person_id)]


@dataclass
class RatingsOverview:
    """The person's competency ratings: a row per competency, a column per held conversation."""

    conversations: list[ConversationInFile]
    competencies: list[RatedCompetency]
    scores: dict[tuple[int, int], int]  # (competency id, conversation id) -> score


def ratings_overview(conversations: list[ConversationInFile]) -> RatingsOverview:
    held = sorted(
        (c for c in conversations if c.is_held and c.held_on),
        key=lambda c: (c.held_on, c.id),
    )
    if not held:
        return RatingsOverview([], [], {})
    rows = rows_of(_RATINGS, conversation_ids=[c.id for c in held])
    scores = {(row.competency_id, row.conversation_id): row.score for row in rows}
    competencies = sorted(
        {
            row.competency_id: RatedCompetency(
                row.competency_id, competency_display_name(row.name, row.description)
            )
            for row in rows
        }.values(),
        key=lambda c: (c.display_name.casefold(), c.id),
    )
    rated = {row.conversation_id for row in rows}
    return RatingsOverview([c for c in held if c.id in rated], competencies, scores)
