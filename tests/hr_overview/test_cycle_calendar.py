"""A cycle's calendar: windows per conversation kind for the cycle and per department, which
override the cycle's for the department and its subtree; set by HR, checked, audited."""

from datetime import date

import pytest
from sqlalchemy import func, select

from pop.conversations.cycles import calendar
from pop.conversations.cycles.services import CycleError
from pop.conversations.cycles.windows import person_windows, windows_by_department
from pop.extensions import db
from pop.models import AuditEvent, ConversationDeadline, Cycle, Department, User
from tests.hr_overview.conftest import TODAY

YEAR = TODAY.year
PLANNING, REVIEW, APPRAISAL = "planningsgesprek", "functioneringsgesprek", "beoordelingsgesprek"


def _windows(app, cycle_id: int) -> dict[tuple[int | None, str], tuple[date, date]]:
    with app.app_context():
        return {
            (window.department_id, window.kind): (window.opens_on, window.due_on)
            for window in db.session.scalars(
                select(ConversationDeadline).where(ConversationDeadline.cycle_id == cycle_id)
            )
        }


def _audited(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _cycle_form(**dates: tuple[date, date] | None) -> dict[str, str]:
    data = {}
    for kind in ("planning", "review", "appraisal"):
        opens_on, due_on = dates.get(kind) or ("", "")
        data[f"{kind}_opens_on"] = opens_on and opens_on.isoformat()
        data[f"{kind}_due_on"] = due_on and due_on.isoformat()
    return data


def test_hr_sets_and_removes_the_cycles_windows_per_kind(app, client, login, catalogue, hr_user):
    login(hr_user)
    url = f"/hr/cycli/{catalogue.cycle_id}/kalender"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        data=_cycle_form(
            planning=(date(YEAR, 1, 15), date(YEAR, 3, 1)),
            review=(date(YEAR, 6, 1), date(YEAR, 9, 1)),
        ),
    )
    assert response.status_code == 302
    assert _windows(app, catalogue.cycle_id) == {
        (None, PLANNING): (date(YEAR, 1, 15), date(YEAR, 3, 1)),
        (None, REVIEW): (date(YEAR, 6, 1), date(YEAR, 9, 1)),
    }
    (event,) = _audited(app, "conversation_windows_set")
    assert set(event.changes) == {PLANNING, REVIEW, APPRAISAL}
    page = client.get(url).get_data(as_text=True)
    assert f'value="{date(YEAR, 6, 1).isoformat()}"' in page


def test_the_old_address_of_the_deadlines_leads_to_the_calendar(client, login, catalogue, hr_user):
    login(hr_user)
    response = client.get(f"/hr/cycli/{catalogue.cycle_id}/termijnen")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/hr/cycli/{catalogue.cycle_id}/kalender")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nl", "De einddatum mag niet voor de begindatum liggen."),
        ("en", "The end date cannot be before the start date."),
    ],
)
def test_a_window_that_ends_before_it_opens_is_refused_and_nothing_is_stored(
    app, client, login, catalogue, hr_user, language, message
):
    with app.app_context():
        db.session.get(User, hr_user).language = language
        db.session.commit()
    before = _windows(app, catalogue.cycle_id)
    login(hr_user)
    response = client.post(
        f"/hr/cycli/{catalogue.cycle_id}/kalender",
        data=_cycle_form(
            planning=(date(YEAR, 2, 1), date(YEAR, 3, 1)),
            review=(date(YEAR, 9, 1), date(YEAR, 6, 1)),
        ),
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _windows(app, catalogue.cycle_id) == before
    assert _audited(app, "conversation_windows_set") == []


def test_a_window_with_one_date_is_refused(app, client, login, catalogue, hr_user):
    login(hr_user)
    response = client.post(
        f"/hr/cycli/{catalogue.cycle_id}/kalender",
        data={**_cycle_form(), "review_opens_on": date(YEAR, 6, 1).isoformat()},
    )
    assert response.status_code == 200
    assert "beide datums in, of laat beide leeg" in response.get_data(as_text=True)


def test_a_window_outside_the_cycle_is_refused_and_nothing_is_stored(
    app, client, login, catalogue, hr_user
):
    before = _windows(app, catalogue.cycle_id)
    login(hr_user)
    response = client.post(
        f"/hr/cycli/{catalogue.cycle_id}/kalender",
        data=_cycle_form(
            planning=(date(YEAR, 2, 1), date(YEAR, 3, 1)),
            appraisal=(date(YEAR, 11, 1), date(YEAR + 1, 1, 31)),
        ),
    )
    assert response.status_code == 200
    assert "moet binnen de cyclus" in response.get_data(as_text=True)
    assert _windows(app, catalogue.cycle_id) == before


def test_hr_gives_a_department_its_own_window_and_takes_it_away(
    app, client, login, catalogue, hr_user
):
    social = catalogue.departments["Sociaal Domein"]
    login(hr_user)
    url = f"/hr/cycli/{catalogue.cycle_id}/kalender/afdeling"
    form = {
        "department_id": social,
        "kind": REVIEW,
        "opens_on": date(YEAR, 5, 1).isoformat(),
        "due_on": date(YEAR, 5, 31).isoformat(),
    }
    assert client.post(url, data=form).status_code == 302
    assert _windows(app, catalogue.cycle_id)[(social, REVIEW)] == (
        date(YEAR, 5, 1),
        date(YEAR, 5, 31),
    )
    page = client.get(f"/hr/cycli/{catalogue.cycle_id}/kalender").get_data(as_text=True)
    assert "Gemeente › Sociaal Domein" in page
    with app.app_context():
        window_id = db.session.scalar(
            select(ConversationDeadline.id).where(ConversationDeadline.department_id == social)
        )
    response = client.post(
        f"/hr/cycli/{catalogue.cycle_id}/kalender/afdeling/{window_id}/verwijderen"
    )
    assert response.status_code == 302
    assert (social, REVIEW) not in _windows(app, catalogue.cycle_id)
    assert [event.summary for event in _audited(app, "department_window_removed")] == [
        f"{YEAR} · Sociaal Domein"
    ]


def test_a_department_window_outside_the_cycle_is_refused_on_the_page(
    app, client, login, catalogue, hr_user
):
    login(hr_user)
    response = client.post(
        f"/hr/cycli/{catalogue.cycle_id}/kalender/afdeling",
        data={
            "department_id": catalogue.departments["Jeugd"],
            "kind": PLANNING,
            "opens_on": date(YEAR - 1, 12, 1).isoformat(),
            "due_on": date(YEAR, 1, 31).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "moet binnen de cyclus" in response.get_data(as_text=True)
    assert all(department is None for department, _kind in _windows(app, catalogue.cycle_id))


def test_moving_a_department_window_raises_its_sequence_and_an_unchanged_one_is_not_audited(
    app, catalogue, hr_user
):
    with app.app_context():
        cycle = db.session.get(Cycle, catalogue.cycle_id)
        actor = db.session.get(User, hr_user)
        youth = db.session.get(Department, catalogue.departments["Jeugd"])
        first = calendar.set_department_window(
            cycle, youth, REVIEW, date(YEAR, 4, 1), date(YEAR, 4, 30), actor
        )
        assert (first.created, first.changed, first.window.calendar_sequence) == (True, True, 0)
        moved = calendar.set_department_window(
            cycle, youth, REVIEW, date(YEAR, 4, 1), date(YEAR, 5, 15), actor
        )
        assert (moved.created, moved.changed) == (False, True)
        assert moved.window.id == first.window.id
        assert moved.window.calendar_sequence == 1
        same = calendar.set_department_window(
            cycle, youth, REVIEW, date(YEAR, 4, 1), date(YEAR, 5, 15), actor
        )
        assert same.changed is False
        assert same.window.calendar_sequence == 1
        db.session.commit()
        events = db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "department_window_set")
        )
    assert events == 2


@pytest.mark.parametrize(
    ("opens_on", "due_on", "message"),
    [
        (date(YEAR, 5, 2), date(YEAR, 5, 1), "moet eindigen op of na de dag waarop ze begint"),
        (date(YEAR, 12, 1), date(YEAR + 1, 1, 10), "moet binnen de cyclus"),
        (None, date(YEAR, 5, 1), "zowel de begin- als de einddatum"),
    ],
)
def test_the_service_refuses_a_department_window_it_cannot_hold(
    app, catalogue, hr_user, opens_on, due_on, message
):
    with app.app_context():
        cycle = db.session.get(Cycle, catalogue.cycle_id)
        youth = db.session.get(Department, catalogue.departments["Jeugd"])
        with pytest.raises(CycleError, match=message):
            calendar.set_department_window(
                cycle, youth, REVIEW, opens_on, due_on, db.session.get(User, hr_user)
            )
        assert (
            db.session.scalar(
                select(func.count(ConversationDeadline.id)).where(
                    ConversationDeadline.department_id.is_not(None)
                )
            )
            == 0
        )


def test_the_service_refuses_to_remove_the_cycles_own_window_as_a_departments(
    app, catalogue, hr_user
):
    with app.app_context():
        own = db.session.scalar(
            select(ConversationDeadline).where(ConversationDeadline.department_id.is_(None))
        )
        with pytest.raises(CycleError):
            calendar.remove_department_window(own, db.session.get(User, hr_user))


def test_the_nearest_department_window_applies_else_the_cycles(app, catalogue, make_user):
    """Sociaal Domein has its own review window, Jeugd below it a nearer one; Wmo inherits
    Sociaal Domein's; Ruimte and people without a department follow the cycle's."""
    departments = catalogue.departments
    people = {
        name: make_user(name, department_id=departments.get(name))
        for name in ("Jeugd", "Wmo", "Ruimte", "Zonder afdeling")
    }
    with app.app_context():
        cycle_id = catalogue.cycle_id
        db.session.add_all(
            [
                ConversationDeadline(
                    cycle_id=cycle_id,
                    kind=REVIEW,
                    opens_on=date(YEAR, 6, 1),
                    due_on=date(YEAR, 9, 30),
                ),
                ConversationDeadline(
                    cycle_id=cycle_id,
                    department_id=departments["Sociaal Domein"],
                    kind=REVIEW,
                    opens_on=date(YEAR, 5, 1),
                    due_on=date(YEAR, 5, 31),
                ),
                ConversationDeadline(
                    cycle_id=cycle_id,
                    department_id=departments["Jeugd"],
                    kind=REVIEW,
                    opens_on=date(YEAR, 3, 1),
                    due_on=date(YEAR, 3, 31),
                ),
            ]
        )
        db.session.commit()
        windows = person_windows([cycle_id])
        rows = db.session.execute(
            select(windows.c.user_id, windows.c.opens_on, windows.c.due_on).where(
                windows.c.kind == REVIEW, windows.c.user_id.in_(people.values())
            )
        ).all()
        general, by_department = windows_by_department(cycle_id)
    by_person = {user_id: (opens_on, due_on) for user_id, opens_on, due_on in rows}
    assert by_person == {
        people["Jeugd"]: (date(YEAR, 3, 1), date(YEAR, 3, 31)),
        people["Wmo"]: (date(YEAR, 5, 1), date(YEAR, 5, 31)),
        people["Ruimte"]: (date(YEAR, 6, 1), date(YEAR, 9, 30)),
        people["Zonder afdeling"]: (date(YEAR, 6, 1), date(YEAR, 9, 30)),
    }
    assert general[REVIEW].due_on == date(YEAR, 9, 30)
    assert (
        by_department[(departments["Wmo"], REVIEW)].department_id == departments["Sociaal Domein"]
    )
    assert (departments["Ruimte"], REVIEW) not in by_department


def _add_departments_with_windows(app, catalogue, numbers: range) -> None:
    with app.app_context():
        root = catalogue.departments["Gemeente"]
        for number in numbers:
            department = Department(name=f"Team {number:02d}", parent_id=root)
            db.session.add(department)
            db.session.flush()
            db.session.add(
                ConversationDeadline(
                    cycle_id=catalogue.cycle_id,
                    department_id=department.id,
                    kind=REVIEW,
                    opens_on=date(YEAR, 4, 1),
                    due_on=date(YEAR, 4, 30),
                )
            )
        db.session.commit()


def test_the_calendar_page_takes_as_many_queries_for_50_departments_as_for_2(
    app, client, login, count_queries, catalogue, hr_user
):
    login(hr_user)
    url = f"/hr/cycli/{catalogue.cycle_id}/kalender"
    counts = []
    for numbers in (range(2), range(2, 50)):
        _add_departments_with_windows(app, catalogue, numbers)
        with count_queries() as statements:
            page = client.get(url).get_data(as_text=True)
        assert page.count("Gemeente › Team ") >= 2 * numbers.stop  # the table and the choices
        counts.append(len(statements))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("department", "message"),
    [("", "Kies een afdeling."), ("987654", "Kies een afdeling uit de lijst.")],
)
def test_a_department_window_without_a_known_department_is_refused_in_dutch(
    app, client, login, catalogue, hr_user, department, message
):
    login(hr_user)
    response = client.post(
        f"/hr/cycli/{catalogue.cycle_id}/kalender/afdeling",
        data={
            "department_id": department,
            "kind": REVIEW,
            "opens_on": date(YEAR, 5, 1).isoformat(),
            "due_on": date(YEAR, 5, 31).isoformat(),
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert "Invalid" not in page
    assert "Not a valid" not in page
    assert all(department is None for department, _kind in _windows(app, catalogue.cycle_id))


def test_the_audit_log_shows_the_calendars_changes(app, client, login, catalogue, hr_user):
    login(hr_user)
    client.post(
        f"/hr/cycli/{catalogue.cycle_id}/kalender",
        data=_cycle_form(review=(date(YEAR, 6, 1), date(YEAR, 9, 1))),
    )
    client.post(
        f"/hr/cycli/{catalogue.cycle_id}/kalender/afdeling",
        data={
            "department_id": catalogue.departments["Jeugd"],
            "kind": REVIEW,
            "opens_on": date(YEAR, 5, 1).isoformat(),
            "due_on": date(YEAR, 5, 31).isoformat(),
        },
    )
    response = client.get("/hr/auditlog")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "periodes voor gesprekken vastgesteld" in page
    assert "periode voor een afdeling vastgesteld" in page
