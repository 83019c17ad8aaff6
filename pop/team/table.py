"""The team view's table in words: each row's cells worked out once, in Python.

A team of forty has a goals summary, three conversation cells and a handful of links per
person. Worked out in the template, each of them is a chain of calls through Jinja's context
(a label looked up, a state asked, a date formatted, a link built), which cost most of the
page's time; here the words every row repeats are translated once per table, and the template
only writes what it is given. The HTML is the same.
"""

from dataclasses import dataclass
from datetime import date

from pop.dates import local_date
from pop.labels import goal_status_label, kind_label
from pop.models import ConversationKind, GoalStatus
from pop.row_urls import row_url
from pop.team.queries import HELD, TeamRow
from pop.translation import gettext as _


@dataclass(frozen=True)
class ConversationCell:
    """A kind of conversation for one person: held, planned (`url` to its page) or missing
    (`plan_url` to plan it)."""

    title: str  # the kind, capitalised: "Planningsgesprek"
    url: str | None = None
    held: bool = False
    planned: str = ""  # "gepland 4 december 2026"
    plan_url: str | None = None
    plan_hidden: str = ""  # what the plan link is for: "planningsgesprek met Bram Mulder"


@dataclass(frozen=True)
class TableRow:
    """What a row of the team table shows; `row` keeps the figures it was made from."""

    row: TeamRow
    person_url: str
    goals: str  # "2 voorgesteld, 1 bezig", or "0"
    last_check_in: str  # the day, or "—"
    conversations: list[ConversationCell]


def table_rows(rows: list[TeamRow]) -> list[TableRow]:
    """The rows' cells in the reader's language, in the rows' order."""
    statuses = [(status.value, goal_status_label(status.value)) for status in GoalStatus]
    kinds = [(kind.value, kind_label(kind.value)) for kind in ConversationKind]
    return [_table_row(row, statuses, kinds) for row in rows]


def _table_row(
    row: TeamRow, statuses: list[tuple[str, str]], kinds: list[tuple[str, str]]
) -> TableRow:
    by_status = row.goals_by_status
    goals = ", ".join(
        f"{by_status[status]} {word}" for status, word in statuses if by_status.get(status)
    )
    return TableRow(
        row=row,
        person_url=row_url("team.person", person_id=row.person.id),
        goals=goals if row.goal_count else "0",
        last_check_in=local_date(row.last_check_in) if row.last_check_in else "—",
        conversations=[_conversation_cell(row, kind, word) for kind, word in kinds],
    )


def _conversation_cell(row: TeamRow, kind: str, word: str) -> ConversationCell:
    title = word.capitalize()  # as Jinja's `capitalize` writes it
    conversation = row.conversations.get(kind)
    if conversation is None:
        return ConversationCell(
            title,
            plan_url=row_url("conversations.new", medewerker=row.person.id, soort=kind),
            plan_hidden=_("%(kind)s met %(name)s", kind=word, name=row.person.name),
        )
    url = row_url("conversations.conversation", conversation_id=conversation.id)
    if row.conversation_state(kind) == HELD:
        return ConversationCell(title, url, held=True)
    return ConversationCell(title, url, planned=_planned(conversation.planned_on))


def _planned(day: date) -> str:
    return _("gepland %(date)s", date=local_date(day))
