"""Bezwaar: lodged within the period, taken up and decided by HR in scope, an addendum when
the judgement changes, and the frozen report untouched."""

import pytest
from sqlalchemy import select

from pop.conversations import services as conversation_services
from pop.conversations.report_snapshot import verified
from pop.conversations.services import ConversationError
from pop.extensions import db
from pop.models import (
    AuditEvent,
    Conversation,
    ConversationAddendum,
    ConversationKind,
    ConversationStatus,
    HrScope,
    Notification,
    NotificationKind,
    Objection,
    ObjectionOutcome,
    ObjectionStatus,
    Role,
    User,
)
from pop.models.limits import limit
from pop.objections import services
from pop.objections.services import ObjectionError
from tests.conversations.factories import make_conversation
from tests.objections.conftest import days_after


def _user(user_id: int) -> User:
    return db.session.get(User, user_id)


def _conversation(conversation_id: int) -> Conversation:
    db.session.expire_all()
    return db.session.get(Conversation, conversation_id)


def _lodge(org, signed, today=None) -> Objection:
    objection = services.lodge(
        _conversation(signed.conversation),
        "Het eindoordeel doet geen recht aan mijn adviezen.",
        _user(org.employee),
        today=today,
    )
    db.session.commit()
    return objection


def _recipients(kind: NotificationKind) -> set[int]:
    return set(
        db.session.scalars(select(Notification.recipient_id).where(Notification.kind == kind.value))
    )


def test_the_employee_objects_and_hr_in_scope_and_the_second_assessor_are_told(
    app, org, signed, make_user
):
    scoped_elsewhere = make_user(
        "Sacha Deel-HR", roles={Role.HR, Role.EMPLOYEE}, hr_organisation_wide=False
    )
    with app.app_context():
        db.session.add(HrScope(user_id=scoped_elsewhere, department_id=org.department_b))
        db.session.commit()
        objection = _lodge(org, signed)
        assert objection.objection_status == ObjectionStatus.LODGED
        told = _recipients(NotificationKind.OBJECTION_LODGED)
        assert told == {org.hr, signed.director}
        assert db.session.scalar(
            select(AuditEvent.id).where(AuditEvent.action == "objection_lodged")
        )


def test_an_objection_on_the_last_day_is_accepted_and_the_day_after_refused(app, org, signed):
    with app.app_context():
        last_day = days_after(signed.signed_at, app.config["OBJECTION_DAYS"])
        assert services.last_day_to_object(_conversation(signed.conversation)) == last_day
        with pytest.raises(ObjectionError, match="termijn voor bezwaar is verstreken"):
            _lodge(org, signed, today=days_after(signed.signed_at, 15))
        db.session.rollback()
        assert db.session.scalar(select(Objection.id)) is None
        assert _lodge(org, signed, today=last_day).id


def test_the_period_follows_the_configuration(app, org, signed):
    app.config["OBJECTION_DAYS"] = 30
    with app.app_context():
        assert _lodge(org, signed, today=days_after(signed.signed_at, 29)).id


def test_only_the_employee_objects_and_only_once(app, org, signed):
    with app.app_context():
        for someone in (org.manager, org.hr, signed.director):
            with pytest.raises(ObjectionError, match="Alleen de medewerker"):
                services.lodge(_conversation(signed.conversation), "Nee.", _user(someone))
        db.session.rollback()
        _lodge(org, signed)
        with pytest.raises(ObjectionError, match="al bezwaar gemaakt"):
            _lodge(org, signed)


def test_no_objection_to_an_unsigned_report_or_to_a_review(app, org, signed):
    with app.app_context():
        cycle_id = _conversation(signed.conversation).cycle_id
    unsigned = make_conversation(
        app, org.employee, org.manager, cycle_id, status=ConversationStatus.HELD
    )
    review = make_conversation(
        app,
        org.employee,
        org.manager,
        cycle_id,
        kind=ConversationKind.REVIEW,
        status=ConversationStatus.SIGNED,
        employee_signed_at=signed.signed_at,
    )
    with app.app_context():
        with pytest.raises(ObjectionError, match="pas als je het verslag hebt getekend"):
            services.check_lodging(_conversation(unsigned), _user(org.employee))
        with pytest.raises(ObjectionError, match="alleen tegen een beoordelingsgesprek"):
            services.check_lodging(_conversation(review), _user(org.employee))


def test_an_empty_objection_is_refused(app, org, signed):
    with app.app_context(), pytest.raises(ObjectionError, match="Schrijf op"):
        services.lodge(_conversation(signed.conversation), "  ", _user(org.employee))


def test_an_objection_or_a_motivation_over_its_limit_is_refused_and_nothing_stored(
    app, org, signed
):
    with app.app_context():
        too_long = "x" * (limit("objection", "body") + 1)
        with pytest.raises(ObjectionError, match="langer dan 10000 tekens"):
            services.lodge(_conversation(signed.conversation), too_long, _user(org.employee))
        db.session.rollback()
        assert db.session.scalar(select(Objection.id)) is None
        objection = _lodge(org, signed)
        services.take_up(objection, _user(org.hr))
        db.session.commit()
        too_long = "x" * (limit("objection", "motivation") + 1)
        with pytest.raises(ObjectionError, match="langer dan 10000 tekens"):
            services.decide(objection, ObjectionOutcome.AMENDED, too_long, _user(org.hr))
        db.session.rollback()
        assert db.session.get(Objection, objection.id).objection_status == (
            ObjectionStatus.IN_PROGRESS
        )
        assert db.session.scalar(select(ConversationAddendum.id)) is None


def test_hr_takes_it_up_and_upholds_the_judgement(app, org, signed):
    with app.app_context():
        objection = _lodge(org, signed)
        services.take_up(objection, _user(org.hr))
        db.session.commit()
        assert objection.objection_status == ObjectionStatus.IN_PROGRESS
        services.decide(
            objection, ObjectionOutcome.UPHELD, "Het oordeel is goed onderbouwd.", _user(org.hr)
        )
        db.session.commit()
        assert objection.is_decided
        assert objection.outcome == ObjectionOutcome.UPHELD.value
        assert objection.addendum_id is None
        assert db.session.scalar(select(ConversationAddendum.id)) is None
        assert _recipients(NotificationKind.OBJECTION_DECIDED) == {org.employee, org.manager}


def test_an_amended_outcome_is_a_dated_addendum_and_the_frozen_report_is_unchanged(
    app, org, signed
):
    with app.app_context():
        report = _conversation(signed.conversation).report
        content, digest = dict(report.content), report.digest
        objection = _lodge(org, signed)
        services.take_up(objection, _user(org.hr))
        services.decide(
            objection,
            ObjectionOutcome.AMENDED,
            "Het eindoordeel wordt 'uitstekend': de adviezen waren beter dan beschreven.",
            _user(org.hr),
        )
        db.session.commit()
        conversation = _conversation(signed.conversation)
        assert conversation.report.content == content
        assert conversation.report.digest == digest
        assert verified(conversation.report)
        assert conversation.overall_rating == 4  # the judgement of the report is not edited
        [addendum] = conversation.addenda
        assert addendum.author_id == org.hr
        assert "uitstekend" in addendum.body
        assert addendum.created_at is not None
        assert db.session.get(Objection, objection.id).addendum_id == addendum.id


def test_only_hr_in_scope_decides(app, org, signed, make_user):
    scoped_elsewhere = make_user(
        "Sacha Deel-HR", roles={Role.HR, Role.EMPLOYEE}, hr_organisation_wide=False
    )
    with app.app_context():
        db.session.add(HrScope(user_id=scoped_elsewhere, department_id=org.department_b))
        db.session.commit()
        objection = _lodge(org, signed)
        for someone in (scoped_elsewhere, signed.director, org.manager, org.employee):
            with pytest.raises(ObjectionError, match="Alleen HR"):
                services.take_up(objection, _user(someone))
        services.take_up(objection, _user(org.hr))
        db.session.commit()
        for someone in (scoped_elsewhere, signed.director, org.manager, org.employee):
            with pytest.raises(ObjectionError, match="Alleen HR"):
                services.decide(objection, ObjectionOutcome.AMENDED, "Ja.", _user(someone))
        db.session.rollback()
        assert db.session.get(Objection, objection.id).objection_status == (
            ObjectionStatus.IN_PROGRESS
        )


def test_the_status_runs_in_order_and_a_decision_is_final(app, org, signed):
    with app.app_context():
        objection = _lodge(org, signed)
        with pytest.raises(ObjectionError, match="eerst in behandeling"):
            services.decide(objection, ObjectionOutcome.UPHELD, "Blijft.", _user(org.hr))
        services.take_up(objection, _user(org.hr))
        with pytest.raises(ObjectionError, match="al in behandeling"):
            services.take_up(objection, _user(org.hr))
        with pytest.raises(ObjectionError, match="Motiveer"):
            services.decide(objection, ObjectionOutcome.UPHELD, " ", _user(org.hr))
        services.decide(objection, ObjectionOutcome.UPHELD, "Blijft.", _user(org.hr))
        db.session.commit()
        with pytest.raises(ObjectionError, match="al beslist"):
            services.decide(objection, ObjectionOutcome.AMENDED, "Toch niet.", _user(org.hr))
        with pytest.raises(ObjectionError, match="al beslist"):
            services.take_up(objection, _user(org.hr))


def test_hr_cannot_add_an_addendum_outside_an_objection(app, org, signed):
    refused = pytest.raises(ConversationError, match="Alleen de medewerker en de leidinggevende")
    with app.app_context(), refused:
        conversation_services.add_addendum(
            _conversation(signed.conversation), "Aanvulling van HR.", _user(org.hr)
        )
