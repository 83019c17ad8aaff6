"""The history table (`pop.audit_history`) writes what the Jinja macro it replaced wrote.

The macro is kept, as it was in `templates/_macros.html`, in `tests/reference/` as the
reference: for events with and without changes, a system actor, names and values that need
escaping, competencies named by id, statuses, days and an empty history, in both languages.
"""

from collections import namedtuple
from datetime import datetime
from pathlib import Path

import pytest
from flask_babel import force_locale

from pop.audit_history import audit_history
from pop.extensions import db
from pop.models import Competency

Event = namedtuple("Event", "at action actor_name object_type object_id changes")

REFERENCE_MACRO = (Path(__file__).parent / "reference" / "audit_history_macro.html").read_text()


@pytest.fixture
def events(app):
    with app.app_context():
        competency = Competency(
            name="Samenwerken <& co>", description="Samen werken.", description_key="samenwerken"
        )
        db.session.add(competency)
        db.session.commit()
        competency_id = competency.id
    return [
        Event(datetime(2026, 3, 4, 9, 5), "goal_created", "Sanne <b>de Boer</b>", "Goal", 1, {}),
        Event(
            datetime(2026, 3, 5, 23, 30),
            "goal_changed",
            None,
            "Goal",
            1,
            {
                "title": ["Oud & <i>nieuw</i>", "Nieuw"],
                "competency_id": [None, competency_id],
                "status": ["proposed", "agreed"],
                "deadline": "2026-12-31",
                "progress": [10, 40],
                "notes": ["a", "b"],
            },
        ),
        Event(datetime(2026, 6, 1, 12, 0), "an_unknown_action", "Pieter", "Goal", 1, None),
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("show_changes", [True, False])
def test_the_table_is_the_macros_html(app, events, language, show_changes):
    with app.test_request_context(), force_locale(language):
        reference = app.jinja_env.from_string(REFERENCE_MACRO).module.audit_history
        for shown in (events, events[:1], []):
            expected = str(reference(shown, show_changes=show_changes))
            assert str(audit_history(shown, show_changes)) == expected


def test_names_and_values_are_escaped(app, events):
    with app.test_request_context():
        html = str(audit_history(events))
    assert "Sanne &lt;b&gt;de Boer&lt;/b&gt;" in html
    assert "Samenwerken &lt;&amp; co&gt;" in html
    assert "<b>" not in html
    assert "<i>" not in html
