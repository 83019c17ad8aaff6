"""The second assessor: a finalised beoordeling goes to them before the employee signs."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from pop.conversations import second_assessor, services
from pop.conversations.report_snapshot import report_content, verified
from pop.conversations.services import ConversationError
from pop.extensions import db
from pop.models import (
    AuditEvent,
    Conversation,
    HrScope,
    Notification,
    NotificationKind,
    Role,
    User,
)
from pop.models._time import utcnow
from pop.models.limits import limit
from pop.notifications.reminders import unsigned_report_pages
from tests.conversations.second_assessor_setting import make_setting


@pytest.fixture
def setting(app, org, make_user, cycle_id):
    return make_setting(app, org, make_user, cycle_id)


def _get(conversation_id: int) -> Conversation:
    db.session.expire_all()
    return db.session.get(Conversation, conversation_id)


def _user(user_id: int) -> User:
    return db.session.get(User, user_id)


def _kinds_for(user_id: int) -> list[str]:
    return list(
        db.session.scalars(select(Notification.kind).where(Notification.recipient_id == user_id))
    )


def _actions(conversation_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(
                AuditEvent.object_type == "Conversation", AuditEvent.object_id == conversation_id
            )
            .order_by(AuditEvent.id)
        )
    )


def _finalise(org, setting) -> Conversation:
    conversation = _get(setting.conversation)
    services.sign_as_manager(conversation, _user(org.manager))
    db.session.commit()
    return _get(setting.conversation)


def test_a_finalised_appraisal_goes_to_the_managers_own_manager(app, org, setting):
    with app.app_context():
        conversation = _finalise(org, setting)
        second = conversation.second_assessment
        assert second.assessor_id == setting.director
        assert second.requested_at is not None
        assert second.agreed_at is None
        assert second_assessor.awaits_second_assessor(conversation)
        assert NotificationKind.SECOND_ASSESSMENT_REQUESTED.value in _kinds_for(setting.director)
        # The employee hears of it only once the second assessor agreed.
        assert NotificationKind.REPORT_READY.value not in _kinds_for(org.employee)


def test_the_employee_cannot_sign_or_respond_before_the_second_assessor_agreed(app, org, setting):
    with app.app_context():
        conversation = _finalise(org, setting)
        employee = _user(org.employee)
        with pytest.raises(ConversationError, match="tweede beoordelaar"):
            services.sign_as_employee(conversation, employee)
        with pytest.raises(ConversationError, match="tweede beoordelaar"):
            services.respond(conversation, "Ik ben het er niet mee eens.", employee)
        db.session.rollback()
        assert _get(setting.conversation).employee_signed_at is None


def test_after_agreement_the_employee_signs_and_the_report_names_both(app, org, setting):
    with app.app_context():
        conversation = _finalise(org, setting)
        second_assessor.agree(conversation, _user(setting.director))
        db.session.commit()
        assert NotificationKind.REPORT_READY.value in _kinds_for(org.employee)
        conversation = _get(setting.conversation)
        services.sign_as_employee(conversation, _user(org.employee), "Gezien.")
        db.session.commit()
        report = _get(setting.conversation).report
        assert report.content["second_assessor"]["name"] == "Dirk Directeur"
        assert report.content["second_assessor"]["agreed_at"] is not None
        assert report.content["manager_signed_at"] is not None
        assert verified(report)
        assert "second_assessor_agreed" in _actions(setting.conversation)


def test_the_second_assessor_cannot_agree_a_report_not_finalised(app, org, setting, make_user):
    hr = org.hr
    with app.app_context():
        conversation = _get(setting.conversation)
        second_assessor.name_assessor(conversation, _user(setting.director), _user(hr))
        db.session.commit()
        conversation = _get(setting.conversation)
        with pytest.raises(ConversationError, match="nog niet afgerond"):
            second_assessor.agree(conversation, _user(setting.director))
        with pytest.raises(ConversationError, match="nog niet afgerond"):
            second_assessor.send_back(conversation, "Nee.", _user(setting.director))
        db.session.rollback()
        assert _get(setting.conversation).second_assessment.agreed_at is None


def test_only_the_second_assessor_agrees(app, org, setting):
    with app.app_context():
        conversation = _finalise(org, setting)
        for someone in (org.employee, org.manager, org.hr, org.other_manager):
            with pytest.raises(ConversationError, match="Alleen de tweede beoordelaar"):
                second_assessor.agree(conversation, _user(someone))
        db.session.rollback()
        assert _get(setting.conversation).second_assessment.agreed_at is None


def test_agreeing_twice_is_refused(app, org, setting):
    with app.app_context():
        conversation = _finalise(org, setting)
        second_assessor.agree(conversation, _user(setting.director))
        db.session.commit()
        with pytest.raises(ConversationError, match="al goedgekeurd"):
            second_assessor.agree(_get(setting.conversation), _user(setting.director))


def test_sending_back_returns_the_report_to_the_manager_with_the_comment(app, org, setting):
    with app.app_context():
        conversation = _finalise(org, setting)
        second_assessor.send_back(
            conversation, "Onderbouw het eindoordeel met voorbeelden.", _user(setting.director)
        )
        db.session.commit()
        conversation = _get(setting.conversation)
        assert conversation.manager_signed_at is None
        second = conversation.second_assessment
        assert second.return_comment == "Onderbouw het eindoordeel met voorbeelden."
        assert second.requested_at is None
        assert second.returned_at is not None
        assert not second_assessor.awaits_second_assessor(conversation)
        assert NotificationKind.REPORT_SENT_BACK.value in _kinds_for(org.manager)
        assert "second_assessor_sent_back" in _actions(setting.conversation)
        # The manager revises and finalises again: back to the second assessor.
        services.sign_as_manager(conversation, _user(org.manager))
        db.session.commit()
        conversation = _get(setting.conversation)
        assert second_assessor.awaits_second_assessor(conversation)
        with pytest.raises(ConversationError):
            services.sign_as_employee(conversation, _user(org.employee))


def test_sending_back_needs_a_comment(app, org, setting):
    with app.app_context():
        conversation = _finalise(org, setting)
        with pytest.raises(ConversationError, match="waarom"):
            second_assessor.send_back(conversation, "   ", _user(setting.director))
        db.session.rollback()
        assert _get(setting.conversation).manager_signed_at is not None


def test_a_comment_over_its_limit_is_refused_and_the_report_stays_finalised(app, org, setting):
    with app.app_context():
        conversation = _finalise(org, setting)
        too_long = "x" * (limit("second_assessment", "return_comment") + 1)
        with pytest.raises(ConversationError, match="langer dan 5000 tekens"):
            second_assessor.send_back(conversation, too_long, _user(setting.director))
        db.session.rollback()
        assert _get(setting.conversation).manager_signed_at is not None


def test_hr_names_another_second_assessor(app, org, setting, make_user):
    other = make_user("Olga Overste", roles={Role.MANAGER, Role.EMPLOYEE})
    with app.app_context():
        conversation = _get(setting.conversation)
        second_assessor.name_assessor(conversation, _user(other), _user(org.hr))
        db.session.commit()
        conversation = _finalise(org, setting)
        assert conversation.second_assessment.assessor_id == other
        assert conversation.second_assessment.named_by_id == org.hr
        assert NotificationKind.SECOND_ASSESSMENT_REQUESTED.value in _kinds_for(other)
        assert NotificationKind.SECOND_ASSESSMENT_REQUESTED.value not in _kinds_for(
            setting.director
        )
        assert "second_assessor_named" in _actions(setting.conversation)


def test_hr_out_of_scope_and_others_cannot_name_a_second_assessor(app, org, setting, make_user):
    scoped = make_user(
        "Sacha Deel-HR",
        roles={Role.HR, Role.EMPLOYEE},
        department_id=org.department_b,
        hr_organisation_wide=False,
    )
    with app.app_context():
        db.session.add(HrScope(user_id=scoped, department_id=org.department_b))
        db.session.commit()
        conversation = _get(setting.conversation)
        for someone in (scoped, org.manager, org.employee, setting.director):
            with pytest.raises(ConversationError, match="Alleen HR"):
                second_assessor.name_assessor(conversation, _user(org.hr), _user(someone))
        db.session.rollback()
        assert _get(setting.conversation).second_assessment is None


def test_the_employee_or_the_manager_cannot_be_the_second_assessor(app, org, setting):
    with app.app_context():
        conversation = _get(setting.conversation)
        for person in (org.employee, org.manager):
            with pytest.raises(ConversationError, match="een ander dan"):
                second_assessor.name_assessor(conversation, _user(person), _user(org.hr))


def test_naming_is_refused_once_agreed(app, org, setting):
    with app.app_context():
        conversation = _finalise(org, setting)
        second_assessor.agree(conversation, _user(setting.director))
        db.session.commit()
        with pytest.raises(ConversationError, match="al goedgekeurd"):
            second_assessor.name_assessor(_get(setting.conversation), _user(org.hr), _user(org.hr))


def test_a_manager_without_a_manager_cannot_finalise_until_hr_names_one(app, org, setting):
    with app.app_context():
        _user(org.manager).manager_id = None
        db.session.commit()
        conversation = _get(setting.conversation)
        with pytest.raises(ConversationError, match="Vraag HR"):
            services.sign_as_manager(conversation, _user(org.manager))
        db.session.rollback()
        assert _get(setting.conversation).manager_signed_at is None


def test_a_cycle_without_second_assessor_goes_straight_to_the_employee(
    app, org, make_user, cycle_id
):
    setting = make_setting(app, org, make_user, cycle_id, required=False)
    with app.app_context():
        conversation = _finalise(org, setting)
        assert conversation.second_assessment is None
        assert NotificationKind.REPORT_READY.value in _kinds_for(org.employee)
        assert "second_assessor" not in report_content(conversation)
        services.sign_as_employee(conversation, _user(org.employee))
        db.session.commit()
        with pytest.raises(ConversationError, match="In deze cyclus"):
            second_assessor.name_assessor(
                _get(setting.conversation), _user(setting.director), _user(org.hr)
            )


def test_a_review_conversation_has_no_second_assessor(app, org, setting):
    with app.app_context():
        conversation = _get(setting.conversation)
        conversation.kind = "functioneringsgesprek"
        db.session.commit()
        conversation = _finalise(org, setting)
        assert conversation.second_assessment is None
        assert second_assessor.standing(conversation) is None


def test_the_employee_is_not_reminded_to_sign_while_the_second_assessor_has_not_agreed(
    app, org, setting
):
    def reminded(now) -> set[int]:
        return {due.recipient_id for page in unsigned_report_pages(now) for due in page}

    with app.app_context():
        conversation = _finalise(org, setting)
        later = utcnow() + timedelta(days=30)
        assert org.employee not in reminded(later)
        second_assessor.agree(conversation, _user(setting.director))
        db.session.commit()
        assert org.employee in reminded(later)
