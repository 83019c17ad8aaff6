"""Privacy (AVG): an employee's own data, and anonymising people who left."""

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from pop import audit, files
from pop.extensions import db
from pop.hr.filter import make_filter
from pop.models import (
    Agreement,
    AuditEvent,
    CheckIn,
    Conversation,
    ConversationNote,
    ConversationRating,
    FileChunk,
    FilePurpose,
    Goal,
    GoalComment,
    Objection,
    ObjectionAttachment,
    ObjectionOutcome,
    ObjectionStatus,
    Role,
    User,
)
from pop.models._time import utcnow
from pop.people import services as people_service
from pop.reports import queries as reports
from tests.hr_overview.conftest import TODAY


@pytest.fixture
def person_with_history(app, make_user, catalogue, tmp_path):
    """Sanne, with a goal, a check-in with an evidence file, a comment and a conversation."""
    manager = make_user("Marieke Manager", roles={Role.MANAGER, Role.EMPLOYEE})
    sanne = make_user(
        "Sanne Medewerker", manager_id=manager, department_id=catalogue.departments["Jeugd"]
    )
    other = make_user("Otto Ander", manager_id=manager)
    with app.app_context():
        files.store(
            [b"%PDF-1.4"],
            purpose=FilePurpose.EVIDENCE,
            name="verslag.pdf",
            content_type="application/pdf",
            token="abc123.pdf",
        )
        goal = Goal(
            employee_id=sanne,
            cycle_id=catalogue.cycle_id,
            competency_id=catalogue.competencies[0],
            title="Beter schrijven",
            specific="Ik schrijf elke week een verslag.",
            starts_on=catalogue.cycle_start,
            deadline=catalogue.cycle_end,
            status="bezig",
            progress=40,
            reflection=None,
        )
        goal.check_ins = [
            CheckIn(
                author_id=sanne,
                on=TODAY,
                progress=40,
                note="Eerste verslag over mijn gezondheid.",
                evidence_file="abc123.pdf",
                evidence_name="verslag.pdf",
            )
        ]
        goal.comments = [GoalComment(author_id=manager, body="Mooi begin, Sanne!")]
        other_goal = Goal(
            employee_id=other,
            cycle_id=catalogue.cycle_id,
            title="Otto's eigen doel",
            starts_on=catalogue.cycle_start,
            deadline=catalogue.cycle_end,
        )
        conversation = Conversation(
            employee_id=sanne,
            manager_id=manager,
            cycle_id=catalogue.cycle_id,
            kind="beoordelingsgesprek",
            status="ondertekend",
            planned_on=catalogue.cycle_start,
            held_on=catalogue.cycle_start,
            rating_scale=["onvoldoende", "matig", "voldoende", "goed", "uitstekend"],
            preparation_notes="Privé: let op verzuim.",
            overall_rating=4,
            overall_motivation="Sanne presteert goed.",
            employee_response="Ik ben het eens.",
        )
        conversation.notes = [ConversationNote(topic="work", body="Sanne werkte hard.")]
        conversation.ratings = [
            ConversationRating(competency_id=catalogue.competencies[0], score=4)
        ]
        conversation.agreements = [Agreement(what="Cursus volgen", due_on=catalogue.cycle_end)]
        files.store(
            [b"%PDF-1.4 bezwaar"],
            purpose=FilePurpose.EVIDENCE,
            name="brief.pdf",
            content_type="application/pdf",
            token="bezwaar-brief.pdf",
        )
        objection = Objection(
            conversation=conversation,
            employee_id=sanne,
            body="Mijn verzuim is verkeerd meegewogen.",
            status=ObjectionStatus.DECIDED,
            outcome=ObjectionOutcome.UPHELD,
            motivation="Het verzuim van Sanne telt niet mee; het oordeel blijft.",
            decided_at=utcnow(),
        )
        objection.attachments = [
            ObjectionAttachment(
                stored_name="bezwaar-brief.pdf", name="brief.pdf", content_type="application/pdf"
            )
        ]
        db.session.add_all([goal, other_goal, conversation, objection])
        db.session.flush()
        sanne_user = db.session.get(User, sanne)
        audit.record(
            sanne_user,
            "goal_created",
            goal,
            summary=goal.title,
            changes={"title": [None, goal.title]},
        )
        audit.record(None, "person_updated", sanne_user, summary="Sanne Medewerker gewijzigd")
        audit.record(
            db.session.get(User, manager),
            "conversation_planned",
            conversation,
            summary="beoordelingsgesprek · Sanne Medewerker",
        )
        db.session.commit()
        return {"sanne": sanne, "manager": manager, "other": other, "goal": goal.id}


def test_deactivating_starts_the_retention_period_and_reactivating_ends_it(app, make_user):
    person_id = make_user("Vera Vertrek")
    with app.app_context():
        person = db.session.get(User, person_id)
        people_service.deactivate_person(None, person)
        assert person.deactivated_at is not None
        assert abs(person.deactivated_at - utcnow()) < timedelta(minutes=1)
        people_service.reactivate_person(None, person)
        assert person.deactivated_at is None


def test_an_employee_downloads_everything_pop_holds_about_them(client, login, person_with_history):
    login(person_with_history["sanne"])
    response = client.get("/mijn-gegevens.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["person"]["name"] == "Sanne Medewerker"
    assert [goal["title"] for goal in data["goals"]] == ["Beter schrijven"]
    goal = data["goals"][0]
    assert goal["check_ins"][0]["note"] == "Eerste verslag over mijn gezondheid."
    assert goal["check_ins"][0]["on"] == TODAY.isoformat()
    assert goal["comments"][0]["body"] == "Mooi begin, Sanne!"
    conversation = data["conversations"][0]
    assert conversation["notes"] == {"work": "Sanne werkte hard."}
    assert conversation["overall_rating_label"] == "goed"
    assert conversation["agreements"][0]["what"] == "Cursus volgen"
    assert {event["action"] for event in data["activity"]} >= {"goal_created", "person_updated"}
    [objection] = data["objections"]
    assert objection["body"] == "Mijn verzuim is verkeerd meegewogen."
    assert (objection["status"], objection["outcome"]) == ("afgehandeld", "gehandhaafd")
    assert objection["motivation"] == "Het verzuim van Sanne telt niet mee; het oordeel blijft."
    assert objection["attachments"] == [{"name": "brief.pdf", "content_type": "application/pdf"}]
    assert objection["conversation_kind"] == "beoordelingsgesprek"
    text = response.get_data(as_text=True)
    assert "Privé: let op verzuim." not in text  # the manager's own preparation notes
    assert "Otto" not in text

    page = client.get("/mijn-gegevens").get_data(as_text=True)
    for expected in [
        "Beter schrijven",
        "Sanne werkte hard.",
        "Cursus volgen",
        "Mijn verzuim is verkeerd meegewogen.",
        "Het verzuim van Sanne telt niet mee; het oordeel blijft.",
        "brief.pdf",
        "gehandhaafd",
        "mijn-gegevens.json",
    ]:
        assert expected in page
    assert "Privé: let op verzuim." not in page


def test_the_header_links_to_my_data(client, login, person_with_history):
    login(person_with_history["sanne"])
    page = client.get("/").get_data(as_text=True)
    assert 'href="/mijn-gegevens"' in page


def deactivate(app, person_id: int, days_ago: int) -> None:
    with app.app_context():
        person = db.session.get(User, person_id)
        person.active = False
        person.deactivated_at = datetime.now() - timedelta(days=days_ago)
        db.session.commit()


def test_anonymising_waits_for_the_retention_period(
    app, client, login, hr_user, person_with_history
):
    sanne = person_with_history["sanne"]
    deactivate(app, sanne, days_ago=100)
    login(hr_user)
    page = client.get(f"/hr/privacy/{sanne}/anonimiseren").get_data(as_text=True)
    assert "De bewaartermijn van 730 dagen loopt tot" in page
    client.post(f"/hr/privacy/{sanne}/anonimiseren", data={"confirm": "y"})
    with app.app_context():
        assert db.session.get(User, sanne).anonymised is False
    listing = client.get("/hr/privacy").get_data(as_text=True)
    assert "Sanne Medewerker" in listing
    assert "nog binnen de bewaartermijn" in listing


def test_the_retention_period_is_configured_in_days(
    app, client, login, hr_user, person_with_history
):
    app.config["RETENTION_DAYS"] = 30
    sanne = person_with_history["sanne"]
    deactivate(app, sanne, days_ago=31)
    login(hr_user)
    page = client.get("/hr/privacy").get_data(as_text=True)
    assert "Sanne Medewerker anonimiseren" in page


def test_an_active_person_is_never_anonymised(app, client, login, hr_user, person_with_history):
    login(hr_user)
    sanne = person_with_history["sanne"]
    page = client.post(f"/hr/privacy/{sanne}/anonimiseren", data={"confirm": "y"})
    assert page.status_code == 200
    with app.app_context():
        assert db.session.get(User, sanne).anonymised is False


def test_anonymising_requires_confirmation(app, client, login, hr_user, person_with_history):
    sanne = person_with_history["sanne"]
    deactivate(app, sanne, days_ago=800)
    login(hr_user)
    response = client.post(f"/hr/privacy/{sanne}/anonimiseren", data={})
    assert "Bevestig dat je deze persoon wilt anonimiseren." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, sanne).anonymised is False


def test_anonymising_a_leaver_removes_who_they_were_but_keeps_the_figures(
    app, client, login, hr_user, catalogue, person_with_history, tmp_path
):
    sanne = person_with_history["sanne"]
    deactivate(app, sanne, days_ago=800)
    whole = make_filter(cycle_id=catalogue.cycle_id, allowed_department_ids=None)
    with app.app_context():
        development_before = reports.development_report(whole).competencies
        goals_before = db.session.scalar(select(func.count(Goal.id)))
    login(hr_user)
    response = client.post(f"/hr/privacy/{sanne}/anonimiseren", data={"confirm": "y"})
    assert response.status_code == 302
    with app.app_context():
        person = db.session.get(User, sanne)
        assert person.anonymised is True
        assert person.name == f"Geanonimiseerd {sanne}"
        assert person.email == f"geanonimiseerd-{sanne}@anoniem.invalid"
        assert person.employee_number is None
        assert person.password_hash is None
        assert person.department_id == catalogue.departments["Jeugd"]
        goal = db.session.get(Goal, person_with_history["goal"])
        assert goal.title == "(geanonimiseerd)"
        assert goal.specific == ""
        assert (goal.status, goal.progress) == ("bezig", 40)
        check_in = goal.check_ins[0]
        assert (check_in.note, check_in.evidence_file, check_in.progress) == ("", None, 40)
        assert goal.comments == []
        conversation = db.session.scalar(
            select(Conversation).where(Conversation.employee_id == sanne)
        )
        assert conversation.notes == []
        assert conversation.overall_motivation == ""
        assert conversation.employee_response == ""
        assert conversation.preparation_notes == ""
        assert conversation.overall_rating == 4
        assert [rating.score for rating in conversation.ratings] == [4]
        assert conversation.agreements[0].what == "(geanonimiseerd)"
        objection = db.session.scalar(select(Objection).where(Objection.employee_id == sanne))
        assert (objection.body, objection.motivation) == ("(geanonimiseerd)", "(geanonimiseerd)")
        assert (objection.status, objection.outcome) == ("afgehandeld", "gehandhaafd")
        assert objection.attachments == []
        # The other employee's goal is untouched.
        assert (
            db.session.scalar(
                select(Goal.title).where(Goal.employee_id == person_with_history["other"])
            )
            == "Otto's eigen doel"
        )
        summaries = list(db.session.scalars(select(AuditEvent.summary)))
        assert not any("Sanne" in summary or "Beter schrijven" in summary for summary in summaries)
        created = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "goal_created"))
        assert created.changes == {}
        assert db.session.scalar(
            select(AuditEvent.id).where(AuditEvent.action == "person_anonymised")
        )
        assert db.session.scalar(select(func.count(Goal.id))) == goals_before
        assert reports.development_report(whole).competencies == development_before
    with app.app_context():
        assert files.find("abc123.pdf", FilePurpose.EVIDENCE) is None
        assert files.find("bezwaar-brief.pdf", FilePurpose.EVIDENCE) is None
        assert db.session.scalar(select(func.count(FileChunk.file_id))) == 0
    assert "Sanne" not in client.get("/hr/privacy").get_data(as_text=True)


def test_anonymising_twice_is_refused(app, client, login, hr_user, person_with_history):
    sanne = person_with_history["sanne"]
    deactivate(app, sanne, days_ago=800)
    login(hr_user)
    client.post(f"/hr/privacy/{sanne}/anonimiseren", data={"confirm": "y"})
    page = client.get(f"/hr/privacy/{sanne}/anonimiseren").get_data(as_text=True)
    assert "Deze persoon is al geanonimiseerd." in page
    assert 'name="confirm"' not in page
