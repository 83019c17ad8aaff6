"""A signed report is frozen: a snapshot with its digest, and a database that refuses changes."""

import importlib.util
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from pop.conversations.report_snapshot import digest_of, freeze_report, report_content, verified
from pop.extensions import db
from pop.models import (
    Agreement,
    Conversation,
    ConversationAddendum,
    ConversationKind,
    ConversationNote,
    ConversationRating,
    ConversationReport,
    ConversationStatus,
    User,
)
from pop.models import signed as signed_guard
from pop.models.signed import SignedRecordError, allow_signed_changes
from tests.conversations.factories import TODAY, add_rating

MIGRATION = (
    Path(__file__).resolve().parents[2]
    / "migrations"
    / "versions"
    / "5e1a7c9d2b40_signed_reports_are_frozen.py"
)


def _migration():
    spec = importlib.util.spec_from_file_location("signed_reports_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def held_appraisal(app, org, function_ids, make_conversation) -> int:
    """An appraisal, held and signed by the manager, with ratings, a note and an agreement."""
    competency = function_ids.competencies[0]
    indicator = function_ids.indicators[competency][1]
    conversation_id = make_conversation(
        kind=ConversationKind.APPRAISAL,
        status=ConversationStatus.HELD,
        overall_rating=4,
        overall_motivation="Sterk jaar, met goede adviezen.",
        manager_signed_at=datetime(2026, 12, 1, 18, 23),
    )
    add_rating(app, conversation_id, competency, 4)
    add_rating(app, conversation_id, competency, 3, indicator_id=indicator)
    with app.app_context():
        db.session.add(
            ConversationNote(conversation_id=conversation_id, topic="work", body="Goed.")
        )
        db.session.add(
            Agreement(conversation_id=conversation_id, what="Cursus schrijven", due_on=TODAY)
        )
        db.session.commit()
    return conversation_id


def _sign(app, conversation_id: int, response: str = "Ik zie het anders.") -> None:
    with app.app_context():
        conversation = db.session.get(Conversation, conversation_id)
        conversation.employee_response = response
        conversation.employee_signed_at = datetime(2026, 12, 1, 19, 5)
        conversation.status = ConversationStatus.SIGNED.value
        freeze_report(conversation)
        db.session.commit()


def test_the_snapshot_holds_what_both_people_saw(app, org, function_ids, held_appraisal):
    _sign(app, held_appraisal)
    competency_id = function_ids.competencies[0]
    with app.app_context():
        report = db.session.get(Conversation, held_appraisal).report
        content = report.content
        assert verified(report)
        assert len(report.digest) == 64
        assert content["employee"]["name"] == "Sanne Medewerker"
        assert content["manager"]["name"] == "Marieke Manager"
        assert content["function"]["title"] == "Beleidsmedewerker"
        first = next(c for c in content["competencies"] if c["id"] == competency_id)
        assert first["description"] == "Klantgerichtheid: omschrijving."
        assert (first["score"], first["label"]) == (4, "goed")
        assert [(i["text"], i["score"], i["label"]) for i in first["indicators"]] == [
            ("Klantgerichtheid: vraagt door.", 3, "voldoende")
        ]
        assert content["notes"] == [{"topic": "work", "body": "Goed."}]
        assert content["overall_label"] == "goed"
        assert content["overall_motivation"] == "Sterk jaar, met goede adviezen."
        assert content["agreements"][0]["what"] == "Cursus schrijven"
        assert content["employee_response"] == "Ik zie het anders."
        assert content["employee_signed_at"] == "2026-12-01T19:05:00"


def test_the_digest_changes_with_any_change_of_content(app, held_appraisal):
    with app.app_context():
        content = report_content(db.session.get(Conversation, held_appraisal))
        changed = {**content, "employee_response": content["employee_response"] + "."}
        assert digest_of(content) != digest_of(changed)
        assert digest_of(content) == digest_of(dict(reversed(list(content.items()))))


@pytest.mark.parametrize(
    "change",
    [
        lambda c: setattr(c, "overall_motivation", "Toch anders."),
        lambda c: setattr(c, "employee_response", "Later bedacht."),
        lambda c: setattr(c, "overall_rating", 1),
        lambda c: setattr(c.notes[0], "body", "Herschreven."),
        lambda c: db.session.delete(c.ratings[0]),
        lambda c: c.ratings.append(
            ConversationRating(competency_id=c.ratings[0].competency_id, score=1)
        ),
        lambda c: setattr(c.report, "digest", "0" * 64),
        lambda c: db.session.delete(c.report),
        lambda c: db.session.delete(c),
    ],
)
def test_the_orm_refuses_to_change_a_signed_conversation(app, held_appraisal, change):
    _sign(app, held_appraisal)
    with app.app_context():
        conversation = db.session.get(Conversation, held_appraisal)
        change(conversation)
        with pytest.raises(SignedRecordError):
            db.session.flush()
        db.session.rollback()
        assert db.session.get(Conversation, held_appraisal).overall_rating == 4


def test_the_guard_reads_the_stored_signature_when_the_object_was_expired(app, held_appraisal):
    _sign(app, held_appraisal)
    with app.app_context():
        conversation = db.session.get(Conversation, held_appraisal)
        db.session.expire(conversation)
        conversation.employee_signed_at = datetime(2027, 1, 1)
        with pytest.raises(SignedRecordError):
            db.session.flush()


def test_addenda_and_private_preparation_stay_possible_after_signing(app, org, held_appraisal):
    _sign(app, held_appraisal)
    with app.app_context():
        conversation = db.session.get(Conversation, held_appraisal)
        conversation.preparation_notes = "Voor volgend jaar."
        conversation.addenda.append(ConversationAddendum(author_id=org.employee, body="Erbij."))
        db.session.commit()
        assert len(conversation.addenda) == 1


def test_signing_itself_may_carry_the_zienswijze(app, held_appraisal):
    _sign(app, held_appraisal, response="Getypt op het tekenformulier.")
    with app.app_context():
        conversation = db.session.get(Conversation, held_appraisal)
        assert conversation.employee_response == "Getypt op het tekenformulier."
        assert conversation.report.content["employee_response"] == "Getypt op het tekenformulier."


def test_anonymisation_may_open_the_guard_for_one_transaction(app, held_appraisal):
    _sign(app, held_appraisal)
    with app.app_context():
        allow_signed_changes(db.session)
        conversation = db.session.get(Conversation, held_appraisal)
        conversation.employee_response = ""
        db.session.commit()
        conversation.employee_response = "weer"
        with pytest.raises(SignedRecordError):
            db.session.flush()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE conversation SET overall_motivation = 'x' WHERE id = :id",
        "UPDATE conversation SET employee_response = 'x' WHERE id = :id",
        "DELETE FROM conversation WHERE id = :id",
        "UPDATE conversation_note SET body = 'x' WHERE conversation_id = :id",
        "DELETE FROM conversation_rating WHERE conversation_id = :id",
        "INSERT INTO conversation_note (conversation_id, topic, body) VALUES (:id, 'other', 'x')",
        "UPDATE conversation_report SET digest = 'x' WHERE conversation_id = :id",
        "DELETE FROM conversation_report WHERE conversation_id = :id",
    ],
)
def test_postgresql_refuses_raw_changes_to_a_signed_conversation(app, held_appraisal, statement):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the triggers are PostgreSQL's")
    _sign(app, held_appraisal)
    with app.app_context():
        with pytest.raises(DBAPIError, match=r"is signed|signed report"):
            db.session.execute(text(statement), {"id": held_appraisal})
        db.session.rollback()
        db.session.execute(text("SET LOCAL pop.allow_signed_changes = 'on'"))
        db.session.execute(
            text("UPDATE conversation SET employee_response = '' WHERE id = :id"),
            {"id": held_appraisal},
        )
        db.session.rollback()


def test_postgresql_leaves_unsigned_conversations_free(app, held_appraisal):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the triggers are PostgreSQL's")
        db.session.execute(
            text("UPDATE conversation_note SET body = 'Beter.' WHERE conversation_id = :id"),
            {"id": held_appraisal},
        )
        db.session.commit()


def test_the_migration_snapshots_as_the_application_does(app, org, held_appraisal):
    _sign(app, held_appraisal)
    migration = _migration()
    with app.app_context():
        expected = db.session.get(Conversation, held_appraisal).report.content
        with db.engine.connect() as connection:
            assert migration.snapshot_content(connection, held_appraisal) == expected


def test_the_migration_freezes_conversations_signed_before_it(app, held_appraisal):
    migration = _migration()
    with app.app_context():
        conversation = db.session.get(Conversation, held_appraisal)
        conversation.employee_signed_at = datetime(2026, 12, 1, 19, 5)
        conversation.status = ConversationStatus.SIGNED.value
        db.session.commit()  # signed the old way, without a report
        with db.engine.begin() as connection:
            assert migration.snapshot_signed_conversations(connection) == 1
            assert migration.snapshot_signed_conversations(connection) == 0
        db.session.expire_all()
        report = db.session.get(Conversation, held_appraisal).report
        assert verified(report)
        assert report.content == report_content(db.session.get(Conversation, held_appraisal))


def test_the_migration_and_the_models_create_the_same_triggers():
    migration = _migration()
    assert migration._TRIGGERS == signed_guard.POSTGRES_TRIGGERS
    assert migration._DROP_TRIGGERS == signed_guard.POSTGRES_DROP_TRIGGERS


def test_a_report_row_is_unique_per_conversation(app, held_appraisal):
    _sign(app, held_appraisal)
    with app.app_context():
        conversation = db.session.get(Conversation, held_appraisal)
        assert freeze_report(conversation) is conversation.report
        assert db.session.scalar(select(func.count(ConversationReport.id))) == 1


def test_anonymising_who_left_scrubs_their_signed_report_too(app, org, held_appraisal):
    from pop.privacy.anonymise import anonymise

    _sign(app, held_appraisal)
    with app.app_context():
        employee = db.session.get(User, org.employee)
        employee.active = False
        employee.deactivated_at = datetime(2020, 1, 1)
        db.session.commit()
        anonymise(employee, db.session.get(User, org.hr))
        db.session.commit()
        report = db.session.get(Conversation, held_appraisal).report
        assert verified(report)
        assert report.content["employee"]["name"] == f"Geanonimiseerd {org.employee}"
        assert report.content["employee_response"] == ""
        assert report.content["notes"] == []
        assert "Sanne" not in str(report.content)
        conversation = db.session.get(Conversation, held_appraisal)
        conversation.overall_motivation = "Na het anonimiseren weer dicht."
        with pytest.raises(SignedRecordError):
            db.session.flush()


def test_the_toelichting_migration_and_the_models_create_the_same_trigger():
    path = MIGRATION.with_name("8b4d2f6a1c93_a_toelichting_per_competency.py")
    spec = importlib.util.spec_from_file_location("toelichting_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.TRIGGER == signed_guard.POSTGRES_COMPETENCY_NOTE_TRIGGER
