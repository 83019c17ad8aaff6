"""The calendar feed carries the cycle calendar's windows as all-day events: the employee's own
window, and for a manager the windows of their team; a moved window keeps its UID and raises
its SEQUENCE."""

from datetime import date, timedelta

from icalendar import Calendar

from pop.conversations.cycles import calendar
from pop.extensions import db
from pop.models import ConversationDeadline, Cycle, Department, User
from tests.notifications.test_calendar import make_token

REVIEW = "functioneringsgesprek"


def _windows(app, org, cycle_id, make_department) -> dict:
    """The cycle's review window in March; Balie (below Dienstverlening, where Pieter now works)
    its own in May."""
    balie = make_department("Balie", org.department_a)
    with app.app_context():
        year = db.session.get(Cycle, cycle_id).starts_on.year
        db.session.get(User, org.colleague).department_id = balie
        general = ConversationDeadline(
            cycle_id=cycle_id, kind=REVIEW, opens_on=date(year, 3, 1), due_on=date(year, 3, 31)
        )
        own = ConversationDeadline(
            cycle_id=cycle_id,
            department_id=balie,
            kind=REVIEW,
            opens_on=date(year, 5, 1),
            due_on=date(year, 5, 31),
        )
        db.session.add_all([general, own])
        db.session.commit()
        return {"year": year, "general": general.id, "balie": own.id, "balie_department": balie}


def _window_id(uid: str) -> int:
    """pop-window-<id>@<the domain of PUBLIC_URL>: the same for as long as the window exists."""
    name, _at, domain = uid.partition("@")
    assert domain
    return int(name.removeprefix("pop-window-"))


def _window_events(app, client, user_id) -> dict[int, dict]:
    feed = Calendar.from_ical(client.get(f"/meldingen/agenda/{make_token(app, user_id)}.ics").data)
    return {
        _window_id(str(event["UID"])): {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "sequence": int(event["SEQUENCE"]),
        }
        for event in feed.walk("VEVENT")
        if str(event["UID"]).startswith("pop-window-")
    }


def test_the_employee_gets_their_own_window_spanning_whole_days(
    app, client, org, cycle_id, make_department
):
    ids = _windows(app, org, cycle_id, make_department)
    year = ids["year"]
    assert _window_events(app, client, org.employee) == {
        ids["general"]: {
            "start": date(year, 3, 1),
            "end": date(year, 4, 1),  # DTEND is the day after the last
            "summary": "Periode voor je functioneringsgesprek",
            "sequence": 0,
        }
    }
    assert set(_window_events(app, client, org.colleague)) == {ids["balie"]}


def test_the_manager_gets_the_windows_of_their_team(app, client, org, cycle_id, make_department):
    ids = _windows(app, org, cycle_id, make_department)
    events = _window_events(app, client, org.manager)
    assert {uid: event["summary"] for uid, event in events.items()} == {
        # Marieke's own (Dienstverlening follows the cycle's), which is Sanne's too ...
        ids["general"]: "Periode voor je functioneringsgesprek",
        # ... and Pieter's in Balie.
        ids["balie"]: "Periode voor het functioneringsgesprek in Balie",
    }
    # Karim's team is not Balie: not his window.
    assert ids["balie"] not in _window_events(app, client, org.other_manager)


def test_a_moved_window_keeps_its_uid_and_raises_its_sequence(
    app, client, org, cycle_id, make_department
):
    ids = _windows(app, org, cycle_id, make_department)
    uid = ids["balie"]
    before = _window_events(app, client, org.colleague)[uid]
    with app.app_context():
        calendar.set_department_window(
            db.session.get(Cycle, cycle_id),
            db.session.get(Department, ids["balie_department"]),
            REVIEW,
            date(ids["year"], 5, 1),
            date(ids["year"], 6, 15),
            db.session.get(User, org.hr),
        )
        db.session.commit()
    after = _window_events(app, client, org.colleague)[uid]
    assert (before["sequence"], after["sequence"]) == (0, 1)
    assert after["end"] - before["end"] == timedelta(days=15)
