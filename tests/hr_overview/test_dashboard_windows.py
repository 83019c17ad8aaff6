"""The dashboard's conversations due and late follow the window that applies to each employee:
their department's (or an ancestor's), else the cycle's; checked against an independent count."""

from datetime import timedelta

from pop.extensions import db
from pop.hr.dashboard import dashboard
from pop.hr.filter import make_filter
from pop.models import ConversationDeadline
from tests.hr_overview.conftest import TODAY, generate, subtree

REVIEW = "functioneringsgesprek"
HELD = {"gevoerd", "ondertekend"}


def _review_row(board):
    return next(row for row in board.conversations if row.kind == REVIEW)


def test_due_and_late_count_each_employee_by_their_departments_window(app, catalogue):
    generated = generate(app, catalogue, 300)
    social = catalogue.departments["Sociaal Domein"]
    with app.app_context():
        db.session.add_all(
            [
                # The cycle's review window closed long ago ...
                ConversationDeadline(
                    cycle_id=catalogue.cycle_id,
                    kind=REVIEW,
                    opens_on=catalogue.cycle_start,
                    due_on=catalogue.cycle_start + timedelta(days=30),
                ),
                # ... but Sociaal Domein (and Jeugd and Wmo below it) has one open today.
                ConversationDeadline(
                    cycle_id=catalogue.cycle_id,
                    department_id=social,
                    kind=REVIEW,
                    opens_on=max(catalogue.cycle_start, TODAY - timedelta(days=1)),
                    due_on=catalogue.cycle_end,
                ),
            ]
        )
        db.session.commit()
        board = dashboard(make_filter(cycle_id=catalogue.cycle_id, allowed_department_ids=None))
        social_board = dashboard(
            make_filter(
                cycle_id=catalogue.cycle_id, allowed_department_ids=None, department_id=social
            )
        )
    held = {
        conversation["employee_id"]
        for conversation in generated.conversations
        if conversation["cycle_id"] == catalogue.cycle_id
        and conversation["kind"] == REVIEW
        and conversation["status"] in HELD
    }
    in_social = subtree(catalogue, social)
    without = [person for person in generated.employees() if person["id"] not in held]
    due = sum(1 for person in without if person["department_id"] in in_social)
    late = len(without) - due
    assert due > 0  # both kinds of window have people behind
    assert late > 0
    row = _review_row(board)
    assert (row.due, row.late, row.departments_with_own) == (due, late, 1)
    assert row.opens_on == catalogue.cycle_start
    social_row = _review_row(social_board)
    assert (social_row.due, social_row.late) == (due, 0)


def test_no_window_no_due_or_late(app, catalogue):
    generate(app, catalogue, 20)
    with app.app_context():
        board = dashboard(make_filter(cycle_id=catalogue.cycle_id, allowed_department_ids=None))
    row = _review_row(board)
    assert (row.has_windows, row.due, row.late) == (False, 0, 0)


def test_with_only_the_cycles_window_everyone_without_a_held_conversation_is_late(app, catalogue):
    """No department has a window of its own: the organisation's own totals answer."""
    generated = generate(app, catalogue, 120)
    with app.app_context():
        db.session.add(
            ConversationDeadline(
                cycle_id=catalogue.cycle_id,
                kind=REVIEW,
                opens_on=catalogue.cycle_start,
                due_on=catalogue.cycle_start + timedelta(days=30),
            )
        )
        db.session.commit()
        board = dashboard(make_filter(cycle_id=catalogue.cycle_id, allowed_department_ids=None))
    held = {
        conversation["employee_id"]
        for conversation in generated.conversations
        if conversation["cycle_id"] == catalogue.cycle_id
        and conversation["kind"] == REVIEW
        and conversation["status"] in HELD
    }
    late = sum(1 for person in generated.employees() if person["id"] not in held)
    assert late > 0
    row = _review_row(board)
    assert (row.due, row.late, row.departments_with_own) == (0, late, 0)
