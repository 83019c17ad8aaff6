"""The audit log viewer: filters, scope, what it hides of conversations, and its export."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pop import audit
from pop.extensions import db
from pop.models import AuditEvent, Conversation, Goal, Role, User
from tests.hr_overview.conftest import TODAY

LOG = "/hr/auditlog"


@pytest.fixture
def events(app, make_user, catalogue):
    """Events about a person in Jeugd (in scope of Sociaal Domein) and one in Ruimte."""
    youth = make_user("Yara Jeugd", department_id=catalogue.departments["Jeugd"])
    space = make_user("Ruben Ruimte", department_id=catalogue.departments["Ruimte"])
    manager = make_user("Mila Manager", roles={Role.MANAGER, Role.EMPLOYEE})
    with app.app_context():
        goal_youth = Goal(
            employee_id=youth,
            cycle_id=catalogue.cycle_id,
            title="Jeugddoel",
            starts_on=catalogue.cycle_start,
            deadline=catalogue.cycle_end,
        )
        goal_space = Goal(
            employee_id=space,
            cycle_id=catalogue.cycle_id,
            title="Ruimtedoel",
            starts_on=catalogue.cycle_start,
            deadline=catalogue.cycle_end,
        )
        conversation = Conversation(
            employee_id=youth,
            manager_id=manager,
            cycle_id=catalogue.cycle_id,
            kind="beoordelingsgesprek",
            planned_on=TODAY,
            rating_scale=["slecht", "goed"],
        )
        db.session.add_all([goal_youth, goal_space, conversation])
        db.session.flush()
        actor_youth = db.session.get(User, youth)
        actor_manager = db.session.get(User, manager)
        audit.record(actor_youth, "goal_created", goal_youth, summary="Jeugddoel")
        audit.record(db.session.get(User, space), "goal_created", goal_space, summary="Ruimtedoel")
        audit.record(
            actor_manager,
            "conversation_recorded",
            conversation,
            summary="beoordelingsgesprek",
            changes={"overall_motivation": ["", "Geheime motivering"], "overall_rating": [None, 2]},
        )
        audit.record(
            actor_manager, "agreement_added", conversation, summary="Geheime afspraak over werk"
        )
        old = audit.record(actor_youth, "password_changed", actor_youth)
        old.at = datetime.combine(TODAY - timedelta(days=40), datetime.min.time())
        db.session.commit()
        return {"youth": youth, "space": space, "manager": manager, "goal": goal_youth.id}


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_hr_reads_who_did_what_and_when(client, login, hr_user, events):
    login(hr_user)
    page = client.get(LOG).get_data(as_text=True)
    for text in ["Jeugddoel", "Ruimtedoel", "doel aangemaakt", "Yara Jeugd", "gesprek vastgelegd"]:
        assert text in page


def reader_today(app) -> date:
    """Today in the app's time zone: the days a reader filters on are local days, the log's
    moments UTC (from 23:00 UTC in winter, Amsterdam's today is UTC's tomorrow)."""
    return datetime.now(ZoneInfo(app.config["TIMEZONE"])).date()


def test_the_log_filters_by_person_action_object_and_period(app, client, login, hr_user, events):
    login(hr_user)
    by_person = rows_of(client.get(LOG + ".csv?person=ruben"))
    assert [row["Omschrijving"] for row in by_person] == ["Ruimtedoel"]
    # A person's filter finds what others did about them too: the manager's conversation events.
    about_youth = rows_of(client.get(LOG + ".csv?person=yara"))
    assert len(about_youth) == 4
    by_action = rows_of(client.get(LOG + ".csv?action=goal_created"))
    assert {row["Omschrijving"] for row in by_action} == {"Jeugddoel", "Ruimtedoel"}
    by_object = rows_of(client.get(LOG + f".csv?object_type=Goal&object_id={events['goal']}"))
    assert [row["Omschrijving"] for row in by_object] == ["Jeugddoel"]
    today = reader_today(app)
    since = (today - timedelta(days=7)).isoformat()
    recent = rows_of(client.get(LOG + f".csv?date_from={since}&date_to={today.isoformat()}"))
    # The four recent events, and HR's own log-in of just now (a security event).
    assert len(recent) == 5
    assert [(row["Door"], row["Actie"]) for row in recent].count(("Hanna HR", "ingelogd")) == 1
    older = rows_of(client.get(LOG + f".csv?date_to={(today - timedelta(days=30)).isoformat()}"))
    assert [row["Actie"] for row in older] == ["wachtwoord gewijzigd"]


def test_an_end_date_before_the_start_date_is_explained_and_not_applied(
    app, client, login, hr_user, events
):
    login(hr_user)
    page = client.get(
        LOG + f"?date_from={reader_today(app).isoformat()}&date_to={date(2000, 1, 1).isoformat()}"
    ).get_data(as_text=True)
    assert "De einddatum ligt voor de begindatum." in page
    # From today on: all but the old password change, with HR's own log-in of just now.
    assert "5 gebeurtenissen" in page


def test_hr_sees_that_a_conversation_changed_but_not_what_it_says(client, login, hr_user, events):
    login(hr_user)
    page = client.get(LOG).get_data(as_text=True)
    exported = client.get(LOG + ".csv").get_data(as_text=True)
    for text in (page, exported):
        assert "Geheime motivering" not in text
        assert "Geheime afspraak" not in text
        assert "motivering eindoordeel" in text  # which field changed is shown
        assert "eindoordeel: — → 2" in text


def test_department_scoped_hr_sees_only_events_about_its_departments(
    client, login, scoped_hr_user, events
):
    login(scoped_hr_user)
    summaries = {row["Omschrijving"] for row in rows_of(client.get(LOG + ".csv"))}
    assert "Jeugddoel" in summaries
    assert "Ruimtedoel" not in summaries
    page = client.get(LOG).get_data(as_text=True)
    assert "Ruimtedoel" not in page


def test_the_export_streams_with_iso_times(app, client, login, hr_user, events):
    login(hr_user)
    response = client.get(LOG + ".csv")
    assert response.is_streamed
    first = rows_of(response)[0]
    datetime.fromisoformat(first["Tijdstip (UTC)"])
    with app.app_context():
        assert len(rows_of(response)) == db.session.query(AuditEvent).count()
