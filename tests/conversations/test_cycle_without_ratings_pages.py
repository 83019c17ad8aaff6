"""The pages of a conversation in a cycle without ratings: forms without rating fields, a refused
post that still carries them, and a signed report and PDF with notes and agreements only."""

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import (
    Conversation,
    ConversationKind,
    ConversationRating,
    ConversationReport,
    ConversationStatus,
    Cycle,
    SelfAssessment,
)
from tests.conversations.factories import TODAY

NOTE = "We bespraken hoe het overleg met de wijk loopt."
NO_RATINGS = "In deze cyclus worden geen oordelen gegeven."


@pytest.fixture
def unrated_cycle(app, cycle_id) -> int:
    with app.app_context():
        db.session.get(Cycle, cycle_id).with_ratings = False
        db.session.commit()
    return cycle_id


@pytest.fixture
def appraisal(make_conversation, unrated_cycle, function_ids) -> int:
    return make_conversation(rating_scale=[], kind=ConversationKind.APPRAISAL)


def stored(app, conversation_id: int) -> Conversation:
    with app.app_context():
        item = db.session.get(Conversation, conversation_id)
        db.session.expunge(item)
        return item


def ratings_stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(ConversationRating.id)))


class TestForms:
    def test_the_record_form_has_no_rating_groups_and_no_eindoordeel(
        self, client, org, login, function_ids, appraisal
    ):
        login(org.manager)
        page = client.get(f"/gesprekken/{appraisal}/vastleggen").text
        assert 'name="rating_' not in page
        assert 'name="overall_rating"' not in page
        assert "Eindoordeel" not in page
        assert f'name="motivation_{function_ids.competencies[0]}"' in page
        assert "Een competentie is klaar als ze een toelichting heeft." in page

    def test_a_record_post_carrying_ratings_is_refused_whole(
        self, app, client, org, login, function_ids, appraisal
    ):
        first = function_ids.competencies[0]
        login(org.manager)
        response = client.post(
            f"/gesprekken/{appraisal}/vastleggen",
            data={"held_on": TODAY.isoformat(), "note_goals": NOTE, f"rating_{first}": "4"},
        )
        assert response.status_code == 200
        assert NO_RATINGS in response.text
        conversation = stored(app, appraisal)
        assert conversation.status == ConversationStatus.PLANNED
        assert conversation.held_on is None
        assert ratings_stored(app) == 0

    def test_an_eindoordeel_posted_is_refused_too(self, app, client, org, login, appraisal):
        login(org.manager)
        response = client.post(
            f"/gesprekken/{appraisal}/vastleggen",
            data={"held_on": TODAY.isoformat(), "note_goals": NOTE, "overall_rating": "3"},
        )
        assert response.status_code == 200
        assert stored(app, appraisal).overall_rating is None
        assert stored(app, appraisal).status == ConversationStatus.PLANNED

    def test_the_self_assessment_has_notes_but_no_ratings_and_refuses_posted_ones(
        self, app, client, org, login, function_ids, appraisal
    ):
        first = function_ids.competencies[0]
        login(org.employee)
        page = client.get(f"/gesprekken/{appraisal}/zelfevaluatie").text
        assert 'name="rating_' not in page
        assert f'name="self_note_{first}"' in page
        response = client.post(
            f"/gesprekken/{appraisal}/zelfevaluatie",
            data={f"rating_{first}": "2", "reflection": "Mijn jaar.", "hand_in": "1"},
        )
        assert response.status_code == 200
        assert NO_RATINGS in response.text
        with app.app_context():
            assert db.session.scalar(select(func.count(SelfAssessment.id))) == 0


class TestSignedReport:
    def test_held_and_signed_without_ratings_the_report_and_pdf_show_none(
        self, app, client, org, login, function_ids, appraisal
    ):
        first = function_ids.competencies[0]
        login(org.manager)
        response = client.post(
            f"/gesprekken/{appraisal}/vastleggen",
            data={
                "held_on": TODAY.isoformat(),
                "note_goals": NOTE,
                f"motivation_{first}": "Luistert goed naar bewoners.",
            },
        )
        assert response.status_code == 302
        client.post(
            f"/gesprekken/{appraisal}/afspraken",
            data={
                "what": "Volgt een training gespreksvoering",
                "owner": "medewerker",
                "due_on": date(TODAY.year, 12, 1).isoformat(),
            },
        )
        client.post(f"/gesprekken/{appraisal}/ondertekenen")
        client.post("/auth/logout")
        login(org.employee)
        client.post(f"/gesprekken/{appraisal}/voor-gezien")
        assert stored(app, appraisal).status == ConversationStatus.SIGNED
        with app.app_context():
            report = db.session.scalar(select(ConversationReport))
            assert report.content["rating_scale"] == []

        page = client.get(f"/gesprekken/{appraisal}/verslag").text
        for present in (NOTE, "Luistert goed naar bewoners.", "Volgt een training", NO_RATINGS):
            assert present in page
        for absent in ("Eindoordeel", "Beoordeling per competentie", "geen oordeel"):
            assert absent not in page
        conversation_page = client.get(f"/gesprekken/{appraisal}").text
        assert "Eindoordeel" not in conversation_page

        pdf = client.get(f"/gesprekken/{appraisal}/verslag.pdf")
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
        assert "Volgt een training" in text
        assert "Eindoordeel" not in text
        assert "Beoordeling per competentie" not in text


class TestCycleAdministration:
    def test_hr_opens_a_cycle_without_ratings_through_the_form(self, app, client, org, login):
        login(org.hr)
        form = client.get("/hr/cycli/nieuw").text
        assert 'name="without_ratings"' in form
        response = client.post(
            "/hr/cycli/nieuw",
            data={
                "name": "2031",
                "starts_on": "2031-01-01",
                "ends_on": "2031-12-31",
                "without_ratings": "y",
            },
        )
        assert response.status_code == 302
        with app.app_context():
            assert (
                db.session.scalar(select(Cycle).where(Cycle.name == "2031")).with_ratings is False
            )

    def test_hr_turns_ratings_off_while_nothing_is_rated(
        self, app, client, org, login, cycle_id, make_conversation
    ):
        conversation_id = make_conversation()
        login(org.hr)
        response = client.post(
            f"/hr/cycli/{cycle_id}/oordelen", data={"without_ratings": "y"}, follow_redirects=True
        )
        assert "De instelling voor" in response.text
        assert stored(app, conversation_id).rating_scale == []

    def test_the_page_says_why_once_a_conversation_is_signed_and_a_post_is_refused(
        self, app, client, org, login, unrated_cycle, make_conversation
    ):
        from datetime import datetime

        conversation_id = make_conversation(
            rating_scale=[], status=ConversationStatus.HELD, manager_signed_at=datetime(2026, 11, 2)
        )
        login(org.hr)
        page = client.get(f"/hr/cycli/{unrated_cycle}/oordelen").text
        assert "al een gesprek ondertekend" in page
        assert 'name="without_ratings"' not in page
        response = client.post(
            f"/hr/cycli/{unrated_cycle}/oordelen", data={}, follow_redirects=True
        )
        assert "al een gesprek ondertekend" in response.text
        with app.app_context():
            assert db.session.get(Cycle, unrated_cycle).with_ratings is False
        assert stored(app, conversation_id).rating_scale == []


class TestSecondAssessor:
    def test_the_second_assessor_is_asked_about_the_report_not_an_eindoordeel(
        self, app, client, org, login, make_user, function_ids, unrated_cycle, make_conversation
    ):
        from pop.models import Role, User

        director = make_user(
            "Dirk Directeur", roles={Role.MANAGER, Role.EMPLOYEE}, department_id=org.department_a
        )
        with app.app_context():
            db.session.get(User, org.manager).manager_id = director
            db.session.get(Cycle, unrated_cycle).second_assessor_required = True
            db.session.commit()
        conversation_id = make_conversation(rating_scale=[], status=ConversationStatus.HELD)
        login(org.manager)
        client.post(f"/gesprekken/{conversation_id}/ondertekenen")
        assert stored(app, conversation_id).manager_signed_at is not None
        client.post("/auth/logout")
        login(director)
        page = client.get(f"/gesprekken/{conversation_id}/tweede-beoordelaar").text
        assert "Ben je het eens met het verslag? In deze cyclus worden geen oordelen" in page
        assert "eindoordeel" not in page.lower()
        report = client.get(f"/gesprekken/{conversation_id}/verslag").text
        assert "Eindoordeel" not in report
        assert NO_RATINGS in report
