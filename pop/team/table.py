"""The team view's table body, written in Python: a `<tr>` per person, in the rows' order.

A team of forty has ten cells, three conversations and four links per person. Written by Jinja,
each of them is a chain of calls (a look-up through the context, an attribute, an escape, a
macro), and the rows cost more than the rest of the page; here the words every row repeats are
translated once per table, each link is filled into a URL built once per table, each value is
escaped once, and the row is one format string. The HTML is the same as the template's was, and
`templates/team/index.html` keeps the page around it: caption, headers, filters.
"""

from collections.abc import Iterator
from typing import NamedTuple

from markupsafe import Markup, escape

from pop.catalogue_text import catalogue_text
from pop.charts import progress_bar
from pop.dates import local_date
from pop.labels import goal_status_label, kind_label
from pop.models import ConversationKind, GoalStatus
from pop.row_urls import row_url_maker
from pop.team.queries import HELD, MISSING, TeamRow
from pop.translation import gettext as _

_ROW = """
    <tr>
      <th scope="row"><a href="{person_url}">{name}</a></th>
      <td class="team-function" data-label="{label_function}">{function}</td>
      <td data-label="{label_goals}">{goals}
      </td>
      <td data-label="{label_progress}">{progress}</td>
      <td class="number" data-label="{label_overdue}">{overdue}</td>
      <td class="number" data-label="{label_awaiting}">{awaiting}</td>
      <td data-label="{label_check_in}">{check_in}</td>
      <td class="team-conversations" data-label="{label_conversations}">
        <ul class="plain-list">{conversations}
        </ul>
      </td>
    </tr>"""

_HELD = """
          <li>
            <a href="{url}">{title}<span class="visually-hidden"> {name}</span></a>:
            <span class="tag state-held">{held}</span>
          </li>"""

_PLANNED = """
          <li>
            <a href="{url}">{title}<span class="visually-hidden"> {name}</span></a>:
            <span class="tag state-planned">{planned}</span>
          </li>"""

_MISSING = """
          <li>
            {title}: <span class="tag state-missing">{missing}</span>
            <a href="{url}">{plan}<span class="visually-hidden"> {plan_hidden}</span></a>
          </li>"""


class _KindCells(NamedTuple):
    """A kind of conversation in the table: its value and word, and its cells' templates."""

    kind: str
    word: str  # "planningsgesprek"
    held: str
    planned: str
    missing: str


def _fill(template: str, **constants: object) -> str:
    """`template` with the table's `constants` (escaped) in their places, the per-row
    placeholders left for `str.format`."""
    for name, value in constants.items():
        text = str(escape(value)).replace("{", "{{").replace("}", "}}")
        template = template.replace("{" + name + "}", text)
    return template


class _Table:
    """What every row of one table shares: its words in the reader's language, translated and
    escaped once, already in the row's and each kind of conversation's templates; and its
    links, each endpoint's URL built once and filled in per row."""

    def __init__(self) -> None:
        self.row = _fill(
            _ROW,
            label_function=_("Functie"),
            label_goals=_("Doelen"),
            label_progress=_("Gemiddelde voortgang"),
            label_overdue=_("Verlopen"),
            label_awaiting=_("Wacht op akkoord"),
            label_check_in=_("Laatste voortgang"),
            label_conversations=_("Gesprekken deze cyclus"),
        )
        self.statuses = [(status.value, goal_status_label(status.value)) for status in GoalStatus]
        # Per kind of conversation, its cells' templates: the title is the kind's word
        # capitalised (as Jinja's `capitalize` writes it).
        self.kinds: list[_KindCells] = []
        for kind in ConversationKind:
            word = kind_label(kind.value)
            title = word.capitalize()
            self.kinds.append(
                _KindCells(
                    kind.value,
                    word,
                    held=_fill(_HELD, title=title, held=_("gevoerd")),
                    planned=_fill(_PLANNED, title=title),
                    missing=_fill(_MISSING, title=title, missing=_("ontbreekt"), plan=_("plannen")),
                )
            )
        # Messages with their placeholders still in them, filled in per row.
        self.planned_on = _("gepland %(date)s")
        self.plan_for = _("%(kind)s met %(name)s")
        self.person_url = row_url_maker("team.person", "person_id")
        self.conversation_url = row_url_maker("conversations.conversation", "conversation_id")
        self.plan_url = row_url_maker("conversations.new", "medewerker", "soort")


def table_body(rows: list[TeamRow]) -> Markup:
    """The rows of the team table (the inside of its `<tbody>`) in the reader's language."""
    table = _Table()
    return Markup("".join(_row(row, table) for row in rows))  # noqa: S704  (escaped below)


def _row(row: TeamRow, table: _Table) -> str:
    person = row.person
    name = escape(person.name)
    progress = row.average_progress
    return table.row.format(
        person_url=escape(table.person_url(person.id)),
        name=name,
        function=catalogue_text(row.function_title) or "—",
        goals=escape(_goals(row, table)),
        progress=progress_bar(progress) if progress is not None else "—",
        overdue=f'<strong class="overdue">{row.overdue}</strong>' if row.overdue else "0",
        awaiting=row.awaiting,
        check_in=escape(local_date(row.last_check_in)) if row.last_check_in else "—",
        conversations="".join(_conversations(row, name, table)),
    )


def _goals(row: TeamRow, table: _Table) -> str:
    """How many goals in each status: "2 voorgesteld, 1 bezig", or "0"."""
    if not row.goal_count:
        return "0"
    by_status = row.goals_by_status
    return ", ".join(
        f"{by_status[status]} {word}" for status, word in table.statuses if by_status.get(status)
    )


def _conversations(row: TeamRow, name: Markup, table: _Table) -> Iterator[str]:
    """Each kind of conversation for the person: held or planned (a link to it), or missing
    (a link to plan it)."""
    for kind, word, held, planned, missing in table.kinds:
        state = row.conversation_state(kind)
        if state == MISSING:
            hidden = table.plan_for % {"kind": word, "name": row.person.name}
            url = table.plan_url(row.person.id, kind)
            yield missing.format(url=escape(url), plan_hidden=escape(hidden))
            continue
        conversation = row.conversations[kind]
        url = escape(table.conversation_url(conversation.id))
        if state == HELD:
            yield held.format(url=url, name=name)
        else:
            day = table.planned_on % {"date": local_date(conversation.planned_on)}
            yield planned.format(url=url, name=name, planned=escape(day))
