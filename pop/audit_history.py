"""The history table of a goal or a conversation ("Geschiedenis"), written in Python.

Written by a Jinja macro, a goal's history of a dozen events and forty changes was a chain of
template calls per cell and per change (a look-up, a filter, an escape); here the table's words
are translated once, each value is escaped once, and each row is one format string, as the team
table is written (`pop.team.table`). The HTML is the same as the macro's was.
"""

from collections.abc import Iterable

from flask import Flask
from markupsafe import Markup, escape

from pop.audit_labels import action_label, words_for
from pop.dates import local_datetime
from pop.translation import gettext as _

_HISTORY = """
<section aria-labelledby="history-title">
  <h2 id="history-title">{title}</h2>
  <div class="table-wrap">
  <table>
    <caption class="visually-hidden">{caption}</caption>
    <thead><tr><th scope="col">{when}</th><th scope="col">{who}</th>\
<th scope="col">{what}</th></tr></thead>
    <tbody>{rows}
    </tbody>
  </table>
  </div>
</section>
"""
_HISTORY_ROW = """
      <tr>
        <td>{at}</td>
        <td>{actor}</td>
        <td>{action}{changes}</td>
      </tr>"""
_NO_HISTORY = """
      <tr><td colspan="3">{nothing}</td></tr>"""


def audit_history(events: Iterable, show_changes: bool = True) -> Markup:
    """The "Geschiedenis" table of rows of `history_statement`: when, who and what, with each
    change in words when `show_changes`. Written in Python rather than as a Jinja macro, as the
    team table is (`pop.team.table`): a goal's history has dozens of changes, each a chain of
    template calls; the HTML is the same."""
    events = list(events)
    words = words_for(events if show_changes else [])
    system = escape(_("systeem"))
    rows = []
    for event in events:
        changes = ""
        if show_changes and event.changes:
            items = "".join(
                f"<li>{escape(label)}: {escape(text)}</li>"
                for label, text in words.changes(event.object_type, event.changes)
            )
            changes = f'<ul class="changes">{items}</ul>'
        actor = system if event.actor_name is None else escape(event.actor_name)
        rows.append(
            _HISTORY_ROW.format(
                at=escape(local_datetime(event.at)),
                actor=actor,
                action=escape(action_label(event.action)),
                changes=changes,
            )
        )
    return Markup(  # noqa: S704  (every value escaped above)
        _HISTORY.format(
            title=escape(_("Geschiedenis")),
            caption=escape(_("Wie wat wanneer veranderde")),
            when=escape(_("Wanneer")),
            who=escape(_("Wie")),
            what=escape(_("Wat")),
            rows="".join(rows) or _NO_HISTORY.format(nothing=escape(_("Nog niets vastgelegd."))),
        )
    )


def init_app(app: Flask) -> None:
    app.add_template_global(audit_history, "audit_history")
