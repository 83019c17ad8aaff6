"""Read queries of the team view (the employee file's are `person_file`'s).

Figures per person come from a fixed set of GROUP BY queries over the whole team, so the number
of queries does not grow with the number of reports or goals.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Row, bindparam, case, func, select

from pop import access
from pop.extensions import db
from pop.models import (
    OPEN_STATUSES,
    CheckIn,
    Competency,
    Conversation,
    ConversationKind,
    ConversationRating,
    ConversationStatus,
    Cycle,
    FunctionCompetency,
    Goal,
    GoalStatus,
    JobFunction,
    User,
)
from pop.models.catalogue import function_display_title
from pop.rows import rows_of

HELD_STATUSES = (ConversationStatus.HELD.value, ConversationStatus.SIGNED.value)

# How a kind of conversation stands for a person in the cycle.
HELD, PLANNED, MISSING = "gevoerd", "gepland", "ontbreekt"


@dataclass
class LatestRating:
    score: int
    scale: list[str]
    held_on: date


@dataclass
class TeamRow:
    """One direct report in the team view: `person` is a row of their id, name and function
    id, and `conversations` hold rows of each conversation's id, kind, status and day."""

    person: Row
    function_title: str = ""
    goals_by_status: dict[str, int] = field(default_factory=dict)
    progress_total: int = 0
    progress_goals: int = 0
    overdue: int = 0
    last_check_in: date | None = None
    conversations: dict[str, Row] = field(default_factory=dict)
    goals_by_competency: dict[int, int] = field(default_factory=dict)
    latest_ratings: dict[int, LatestRating] = field(default_factory=dict)
    competency_ids: set[int] = field(default_factory=set)

    @property
    def goal_count(self) -> int:
        return sum(self.goals_by_status.values())

    @property
    def awaiting(self) -> int:
        return self.goals_by_status.get(GoalStatus.PROPOSED.value, 0)

    @property
    def average_progress(self) -> int | None:
        """Mean progress of the cycle's goals that were not stopped."""
        if not self.progress_goals:
            return None
        return round(self.progress_total / self.progress_goals)

    def conversation_state(self, kind: str) -> str:
        conversation = self.conversations.get(kind)
        if conversation is None:
            return MISSING
        return HELD if conversation.status in HELD_STATUSES else PLANNED

    @property
    def missing_conversations(self) -> int:
        return sum(1 for kind in ConversationKind if self.conversation_state(kind) == MISSING)


# A person's latest check-in on any of their goals, of any cycle.
_LAST_CHECK_IN = (
    select(func.max(CheckIn.on))
    .join(Goal, Goal.id == CheckIn.goal_id)
    .where(Goal.employee_id == User.id)
    .scalar_subquery()
)

# The team view's people and conversations as rows of what it shows (see `rows_of`): no User,
# JobFunction or Conversation objects built for forty people and their conversations.
_PEOPLE = (
    select(
        User.id,
        User.name,
        User.function_id,
        JobFunction.title.label("function_title"),
        JobFunction.source_filename.label("function_source_filename"),
        _LAST_CHECK_IN.label("last_check_in"),
    )
    .outerjoin(JobFunction, JobFunction.id == User.function_id)
    .where(User.manager_id.in_(bindparam("manager_ids", expanding=True)), User.active)
    .order_by(User.name, User.id)
)

_CONVERSATIONS = (
    select(
        Conversation.id,
        Conversation.employee_id,
        Conversation.kind,
        Conversation.status,
        Conversation.planned_on,
    )
    .where(
        Conversation.employee_id.in_(bindparam("employee_ids", expanding=True)),
        Conversation.cycle_id == bindparam("cycle_id"),
    )
    .order_by(Conversation.planned_on, Conversation.id)
)


_IN_CYCLE = (
    Goal.employee_id.in_(bindparam("employee_ids", expanding=True)),
    Goal.cycle_id == bindparam("cycle_id"),
)

# Per person and status: how many goals, their progress summed, and how many are past their
# deadline (overdue when the status is open, `goal_is_overdue`).
_GOALS_BY_STATUS = (
    select(
        Goal.employee_id,
        Goal.status,
        func.count(Goal.id),
        func.sum(Goal.progress),
        func.count(case((Goal.deadline < bindparam("today"), 1))),
    )
    .where(*_IN_CYCLE)
    .group_by(Goal.employee_id, Goal.status)
)
_OPEN_STATUS_VALUES = frozenset(status.value for status in OPEN_STATUSES)


def team_rows(manager: User, cycle: Cycle, today: date, *, matrix: bool = False) -> list[TeamRow]:
    """A row per active direct report with their figures for the cycle."""
    people = rows_of(_PEOPLE, manager_ids=list(access.acting_manager_ids(manager)))
    rows = {
        person.id: TeamRow(
            person=person,
            function_title=function_display_title(
                person.function_title, person.function_source_filename
            ),
            last_check_in=person.last_check_in,
        )
        for person in people
    }
    if not rows:
        return []
    ids = list(rows)

    for employee_id, status, count, progress, past_deadline in rows_of(
        _GOALS_BY_STATUS, employee_ids=ids, cycle_id=cycle.id, today=today
    ):
        row = rows[employee_id]
        row.goals_by_status[status] = count
        if status != GoalStatus.STOPPED.value:
            row.progress_goals += count
            row.progress_total += int(progress or 0)
        if status in _OPEN_STATUS_VALUES:
            row.overdue += past_deadline

    for conversation in rows_of(_CONVERSATIONS, employee_ids=ids, cycle_id=cycle.id):
        rows[conversation.employee_id].conversations[conversation.kind] = conversation

    if matrix:
        _fill_matrix(rows, cycle)
    return list(rows.values())


def _fill_matrix(rows: dict[int, TeamRow], cycle: Cycle) -> None:
    ids = list(rows)
    function_ids = {row.person.function_id for row in rows.values() if row.person.function_id}
    by_function: dict[int, set[int]] = defaultdict(set)
    for function_id, competency_id in db.session.execute(
        select(FunctionCompetency.function_id, FunctionCompetency.competency_id).where(
            FunctionCompetency.function_id.in_(function_ids)
        )
    ):
        by_function[function_id].add(competency_id)
    for row in rows.values():
        row.competency_ids = by_function.get(row.person.function_id, set())

    for employee_id, competency_id, count in db.session.execute(
        select(Goal.employee_id, Goal.competency_id, func.count(Goal.id))
        .where(
            Goal.employee_id.in_(ids),
            Goal.cycle_id == cycle.id,
            Goal.competency_id.is_not(None),
            Goal.status != GoalStatus.STOPPED.value,
        )
        .group_by(Goal.employee_id, Goal.competency_id)
    ):
        rows[employee_id].goals_by_competency[competency_id] = count

    # Oldest first, so the last one seen per (person, competency) is the latest rating.
    for employee_id, competency_id, score, scale, held_on in db.session.execute(
        select(
            Conversation.employee_id,
            ConversationRating.competency_id,
            ConversationRating.score,
            Conversation.rating_scale,
            Conversation.held_on,
        )
        .join(ConversationRating, ConversationRating.conversation_id == Conversation.id)
        .where(
            Conversation.employee_id.in_(ids),
            Conversation.status.in_(HELD_STATUSES),
            ConversationRating.indicator_id.is_(None),
        )
        .order_by(Conversation.held_on, Conversation.id)
    ):
        rows[employee_id].latest_ratings[competency_id] = LatestRating(score, scale, held_on)


def matrix_competencies(rows: list[TeamRow]) -> list[Competency]:
    """The matrix's columns: every competency of the team's functions, by name."""
    wanted = set().union(*(row.competency_ids for row in rows)) if rows else set()
    wanted |= {cid for row in rows for cid in row.goals_by_competency}
    wanted |= {cid for row in rows for cid in row.latest_ratings}
    if not wanted:
        return []
    competencies = db.session.scalars(select(Competency).where(Competency.id.in_(wanted))).all()
    return sorted(competencies, key=lambda c: (c.display_name.casefold(), c.id))


# --- choosing and ordering the rows of the team view ---------------------------------------------

ATTENTION_ALL, ATTENTION_OVERDUE, ATTENTION_AWAITING, ATTENTION_CONVERSATION = (
    "",
    "verlopen",
    "akkoord",
    "gesprek",
)
NEEDS_ATTENTION = {
    ATTENTION_OVERDUE: lambda row: row.overdue,
    ATTENTION_AWAITING: lambda row: row.awaiting,
    ATTENTION_CONVERSATION: lambda row: row.missing_conversations,
}

DEFAULT_SORT = "naam"
# A sort key per column; empty values sort last in either direction.
SORT_COLUMNS = {
    "naam": lambda row, today: (row.person.name.casefold(),),
    "functie": lambda row, today: (row.function_title == "", row.function_title.casefold()),
    "doelen": lambda row, today: (row.goal_count,),
    "voortgang": lambda row, today: (row.average_progress is None, row.average_progress or 0),
    "verlopen": lambda row, today: (row.overdue,),
    "akkoord": lambda row, today: (row.awaiting,),
    "voortgangsmoment": lambda row, today: (row.last_check_in is None, row.last_check_in or today),
    "gesprekken": lambda row, today: (row.missing_conversations,),
}


def select_rows(
    rows: list[TeamRow],
    *,
    search: str,
    attention: str,
    sort: str,
    descending: bool,
    today: date,
) -> list[TeamRow]:
    """The rows whose name contains `search` and that need `attention`, in the asked order
    (then by name)."""
    search = search.strip().casefold()
    if search:
        rows = [row for row in rows if search in row.person.name.casefold()]
    if attention in NEEDS_ATTENTION:
        rows = [row for row in rows if NEEDS_ATTENTION[attention](row)]
    key = SORT_COLUMNS.get(sort, SORT_COLUMNS[DEFAULT_SORT])
    return sorted(
        rows,
        key=lambda row: (*key(row, today), row.person.name.casefold()),
        reverse=descending,
    )
