"""A toelichting per competency: stored with the record, kept on a failed or conflicting save,
shown on the report and in its PDF, and frozen with the signed report."""

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from pop.conversations import services
from pop.conversations.report_snapshot import report_content
from pop.conversations.services import ConversationError
from pop.extensions import db
from pop.models import AuditEvent, CompetencyNote, Conversation, ConversationStatus, User
from pop.models.signed import SignedRecordError
from tests.conversations.factories import TODAY
from tests.conversations.test_conversation_services import full_record

WHY = "Vraagt klanten steeds door; dat zag ik in drie overleggen."


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def _record(conversation_id, org, function_ids, notes):
    item = db.session.get(Conversation, conversation_id)
    services.record(
        item,
        full_record(function_ids, competency_notes=notes),
        db.session.get(User, org.manager),
    )
    db.session.commit()
    return item


class TestService:
    def test_a_toelichting_is_stored_per_competency_and_audited(
        self, ctx, org, function_ids, make_conversation
    ):
        first, second = function_ids.competencies
        item = _record(make_conversation(), org, function_ids, {first: f"  {WHY} ", second: ""})
        assert item.competency_note_for(first) == WHY
        assert item.competency_note_for(second) == ""
        assert len(item.competency_notes) == 1
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "conversation_recorded")
        ).one()
        assert event.changes["competency_notes"] == [first]

    def test_saving_again_changes_and_clears_the_toelichting(
        self, ctx, org, function_ids, make_conversation
    ):
        first, _second = function_ids.competencies
        conversation_id = make_conversation()
        _record(conversation_id, org, function_ids, {first: WHY})
        item = _record(conversation_id, org, function_ids, {first: "Anders gezegd."})
        assert item.competency_note_for(first) == "Anders gezegd."
        item = _record(conversation_id, org, function_ids, {first: ""})
        assert item.competency_note_for(first) == ""
        assert report_content(item)["competencies"][0].get("motivation") is None

    def test_a_toelichting_on_a_competency_outside_the_function_is_refused(
        self, ctx, org, function_ids, make_conversation
    ):
        item = db.session.get(Conversation, make_conversation())
        with pytest.raises(ConversationError, match="competentie van de functie"):
            services.record(
                item,
                full_record(function_ids, competency_notes={999_999: WHY}),
                db.session.get(User, org.manager),
            )
        db.session.rollback()
        assert db.session.scalar(select(func.count(CompetencyNote.id))) == 0
        assert db.session.get(Conversation, item.id).status != ConversationStatus.HELD

    def test_the_signed_report_keeps_the_toelichting_and_refuses_changes(
        self, ctx, org, function_ids, make_conversation
    ):
        first, _second = function_ids.competencies
        item = _record(make_conversation(), org, function_ids, {first: WHY})
        services.sign_as_manager(item, db.session.get(User, org.manager))
        services.sign_as_employee(item, db.session.get(User, org.employee))
        db.session.commit()
        frozen = {c["id"]: c for c in item.report.content["competencies"]}
        assert frozen[first]["motivation"] == WHY
        item.competency_notes[0].body = "Achteraf anders."
        with pytest.raises(SignedRecordError):
            db.session.flush()
        db.session.rollback()


class TestPages:
    def _form(self, function_ids, **extra):
        first = function_ids.competencies[0]
        return {
            "held_on": TODAY.isoformat(),
            f"rating_{first}": "4",
            f"motivation_{first}": WHY,
            "overall_rating": "4",
            "overall_motivation": "Een sterk jaar.",
            "version": "1",
            **extra,
        }

    def test_the_form_has_a_section_per_competency_an_overview_and_the_judgement_last(
        self, client, org, login, function_ids, make_conversation
    ):
        first, second = function_ids.competencies
        conversation_id = make_conversation()
        login(org.manager)
        page = client.get(f"/gesprekken/{conversation_id}/vastleggen").text
        for competency in (first, second):
            assert f'href="#competency-{competency}"' in page
            assert f'name="motivation_{competency}"' in page
        assert page.count('<details class="indicators"') == 2  # one per competency
        assert page.index(f'name="rating_{first}_') > page.index('<details class="indicators"')
        assert page.index('name="overall_rating"') > page.rindex(f'name="motivation_{second}"')
        assert "nog niet ingevuld" in page

    def test_an_invalid_save_keeps_what_was_typed(
        self, app, client, org, login, function_ids, make_conversation
    ):
        conversation_id = make_conversation()
        login(org.manager)
        response = client.post(
            f"/gesprekken/{conversation_id}/vastleggen",
            data=self._form(function_ids, held_on="2999-01-01"),
        )
        assert response.status_code == 200
        assert "toekomst" in response.text
        assert WHY in response.text
        with app.app_context():
            assert db.session.scalar(select(func.count(CompetencyNote.id))) == 0

    def test_a_conflicting_save_keeps_what_was_typed_409(
        self, app, client, org, login, function_ids, make_conversation
    ):
        first, _second = function_ids.competencies
        conversation_id = make_conversation()
        login(org.manager)
        url = f"/gesprekken/{conversation_id}/vastleggen"
        assert client.post(url, data=self._form(function_ids)).status_code == 302
        stale = client.post(url, data=self._form(function_ids, **{f"motivation_{first}": "Laat."}))
        assert stale.status_code == 409
        assert "Laat." in stale.text
        with app.app_context():
            assert db.session.get(Conversation, conversation_id).competency_note_for(first) == WHY

    def test_the_saved_toelichting_is_on_the_form_the_report_and_the_pdf(
        self, client, org, login, function_ids, make_conversation
    ):
        conversation_id = make_conversation()
        login(org.manager)
        client.post(f"/gesprekken/{conversation_id}/vastleggen", data=self._form(function_ids))
        form = client.get(f"/gesprekken/{conversation_id}/vastleggen").text
        assert WHY in form
        assert "klaar" in form
        assert WHY in client.get(f"/gesprekken/{conversation_id}/verslag").text
        pdf = client.get(f"/gesprekken/{conversation_id}/verslag.pdf")
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
        assert "Vraagt klanten steeds door" in " ".join(text.split())
