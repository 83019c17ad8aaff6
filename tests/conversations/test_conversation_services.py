"""The rules of the conversation cycle, called directly: status flow, who may act, immutability."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from pop import access
from pop.conversations import services
from pop.conversations.services import ConversationError, Record
from pop.extensions import db
from pop.models import (
    Agreement,
    AgreementOwner,
    AuditEvent,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Cycle,
    Goal,
    GoalStatus,
    User,
)
from tests.conversations.factories import TODAY


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def person(user_id: int) -> User:
    return db.session.get(User, user_id)


def conversation(conversation_id: int) -> Conversation:
    return db.session.get(Conversation, conversation_id)


def audit_actions(conversation_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(
                AuditEvent.object_type == "Conversation", AuditEvent.object_id == conversation_id
            )
            .order_by(AuditEvent.id)
        )
    )


def full_record(function_ids, **overrides) -> Record:
    first, second = function_ids.competencies
    values = {
        "held_on": TODAY,
        "notes": {"goals": "Goed op weg met de doelen.", "development": "Cursus schrijven."},
        "scores": {
            (first, None): 4,
            (first, function_ids.indicators[first][0]): 3,
            (second, None): 5,
        },
        "overall_rating": 4,
        "overall_motivation": "Sterk jaar met duidelijke groei.",
    }
    values.update(overrides)
    return Record(**values)


def held(conversation_id: int, org, function_ids) -> Conversation:
    item = conversation(conversation_id)
    services.record(item, full_record(function_ids), person(org.manager))
    db.session.commit()
    return item


class TestPlanning:
    def test_manager_plans_a_conversation_with_own_report(self, ctx, org, cycle_id):
        item = services.plan_conversation(
            person(org.employee),
            db.session.get(Cycle, cycle_id),
            ConversationKind.REVIEW,
            TODAY,
            person(org.manager),
        )
        assert item.status == ConversationStatus.PLANNED
        assert item.manager_id == org.manager
        assert item.rating_scale == ["onvoldoende", "matig", "voldoende", "goed", "uitstekend"]
        assert audit_actions(item.id) == ["conversation_planned"]

    def test_manager_cannot_plan_with_another_teams_employee(self, ctx, org, cycle_id):
        with pytest.raises(ConversationError, match="eigen team"):
            services.plan_conversation(
                person(org.other_employee),
                db.session.get(Cycle, cycle_id),
                ConversationKind.REVIEW,
                TODAY,
                person(org.manager),
            )

    def test_second_conversation_of_the_same_kind_in_a_cycle_is_refused(
        self, ctx, org, cycle_id, make_conversation
    ):
        make_conversation(kind=ConversationKind.REVIEW)
        with pytest.raises(ConversationError, match="al een functioneringsgesprek"):
            services.plan_conversation(
                person(org.employee),
                db.session.get(Cycle, cycle_id),
                ConversationKind.REVIEW,
                TODAY,
                person(org.manager),
            )

    def test_date_outside_the_cycle_is_refused(self, ctx, org, cycle_id):
        with pytest.raises(ConversationError, match="binnen de cyclus"):
            services.plan_conversation(
                person(org.employee),
                db.session.get(Cycle, cycle_id),
                ConversationKind.PLANNING,
                date(TODAY.year + 1, 2, 1),
                person(org.manager),
            )

    def test_configured_rating_scale_is_copied_into_the_conversation(self, app, ctx, org, cycle_id):
        app.config["RATING_SCALE"] = ["onder de maat", "op niveau", "boven niveau"]
        item = services.plan_conversation(
            person(org.employee),
            db.session.get(Cycle, cycle_id),
            ConversationKind.APPRAISAL,
            TODAY,
            person(org.manager),
        )
        assert item.rating_scale == ["onder de maat", "op niveau", "boven niveau"]


class TestPreparation:
    def test_saving_preparation_marks_prepared_and_audit_hides_the_notes(
        self, ctx, org, make_conversation
    ):
        item = conversation(make_conversation())
        services.save_preparation(
            item, "Vragen naar de samenwerking met Pieter.", person(org.manager)
        )
        assert item.status == ConversationStatus.PREPARED
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_id == item.id))
        assert "Pieter" not in str(event.changes) + event.summary

    def test_employee_cannot_write_the_managers_preparation(self, ctx, org, make_conversation):
        item = conversation(make_conversation())
        with pytest.raises(ConversationError, match="leidinggevende"):
            services.save_preparation(item, "Mijn eigen notitie", person(org.employee))

    def test_only_the_conversations_manager_may_see_private_notes(
        self, ctx, org, make_conversation
    ):
        item = conversation(make_conversation(preparation_notes="Geheim"))
        assert access.may_see_private_notes(person(org.manager), item)
        for who in (org.employee, org.hr, org.admin, org.other_manager):
            assert not access.may_see_private_notes(person(who), item)


class TestSelfAssessment:
    def test_employee_saves_a_draft_and_then_submits(
        self, ctx, org, function_ids, make_conversation
    ):
        item = conversation(make_conversation())
        first = function_ids.competencies[0]
        indicator = function_ids.indicators[first][1]
        scores = {(first, None): 3, (first, indicator): 2}
        draft = services.save_self_assessment(
            item, person(org.employee), scores=scores, reflection=""
        )
        assert not draft.is_submitted
        services.save_self_assessment(
            item,
            person(org.employee),
            scores=scores,
            reflection="Ik wil beter luisteren.",
            submit=True,
        )
        assert item.self_assessment.is_submitted
        assert {
            (r.competency_id, r.indicator_id): r.score for r in item.self_assessment.ratings
        } == scores
        assert audit_actions(item.id) == ["self_assessment_saved", "self_assessment_submitted"]

    def test_submitted_self_assessment_cannot_change(
        self, ctx, org, function_ids, make_conversation
    ):
        item = conversation(make_conversation())
        services.save_self_assessment(
            item, person(org.employee), scores={}, reflection="Klaar.", submit=True
        )
        with pytest.raises(ConversationError, match="al ingediend"):
            services.save_self_assessment(
                item, person(org.employee), scores={}, reflection="Anders"
            )

    def test_submitting_needs_a_reflection(self, ctx, org, function_ids, make_conversation):
        item = conversation(make_conversation())
        with pytest.raises(ConversationError, match="reflectie"):
            services.save_self_assessment(
                item, person(org.employee), scores={}, reflection="  ", submit=True
            )

    def test_manager_cannot_fill_in_the_self_assessment(
        self, ctx, org, function_ids, make_conversation
    ):
        item = conversation(make_conversation())
        with pytest.raises(ConversationError, match="medewerker zelf"):
            services.save_self_assessment(item, person(org.manager), scores={}, reflection="x")

    @pytest.mark.parametrize("score", [0, 6])
    def test_score_off_the_scale_is_refused(self, ctx, org, function_ids, make_conversation, score):
        item = conversation(make_conversation())
        with pytest.raises(ConversationError, match="1 tot en met 5"):
            services.save_self_assessment(
                item,
                person(org.employee),
                scores={(function_ids.competencies[0], None): score},
                reflection="",
            )

    def test_indicator_of_another_competency_is_refused(
        self, ctx, org, function_ids, make_conversation
    ):
        first, second = function_ids.competencies
        item = conversation(make_conversation())
        with pytest.raises(ConversationError, match="competenties van de functie"):
            services.save_self_assessment(
                item,
                person(org.employee),
                scores={(first, function_ids.indicators[second][0]): 3},
                reflection="",
            )

    def test_no_self_assessment_after_the_conversation_was_held(
        self, ctx, org, function_ids, make_conversation
    ):
        item = conversation(make_conversation(status=ConversationStatus.HELD))
        with pytest.raises(ConversationError, match="al gevoerd"):
            services.save_self_assessment(item, person(org.employee), scores={}, reflection="x")


class TestRecording:
    def test_recording_marks_held_and_stores_notes_and_ratings(
        self, ctx, org, function_ids, make_conversation
    ):
        item = held(make_conversation(status=ConversationStatus.PREPARED), org, function_ids)
        assert item.status == ConversationStatus.HELD
        assert item.note_for("goals") == "Goed op weg met de doelen."
        assert len(item.ratings) == 3
        assert item.overall_rating == 4

    def test_saving_again_replaces_ratings(self, ctx, org, function_ids, make_conversation):
        item = held(make_conversation(), org, function_ids)
        first = function_ids.competencies[0]
        services.record(
            item,
            full_record(function_ids, scores={(first, None): 2}, notes={"goals": ""}),
            person(org.manager),
        )
        assert [(r.competency_id, r.indicator_id, r.score) for r in item.ratings] == [
            (first, None, 2)
        ]
        assert item.note_for("goals") == ""

    def test_employee_cannot_record(self, ctx, org, function_ids, make_conversation):
        item = conversation(make_conversation())
        with pytest.raises(ConversationError):
            services.record(item, full_record(function_ids), person(org.employee))
        assert item.status == ConversationStatus.PLANNED

    def test_conversation_cannot_be_held_in_the_future(
        self, ctx, org, function_ids, make_conversation
    ):
        item = conversation(make_conversation())
        with pytest.raises(ConversationError, match="toekomst"):
            services.record(
                item,
                full_record(function_ids, held_on=TODAY + timedelta(days=1)),
                person(org.manager),
            )

    def test_only_an_appraisal_has_an_overall_judgement(
        self, ctx, org, function_ids, make_conversation
    ):
        item = conversation(make_conversation(kind=ConversationKind.REVIEW))
        with pytest.raises(ConversationError, match="eindoordeel"):
            services.record(item, full_record(function_ids), person(org.manager))


class TestSigning:
    def test_manager_cannot_sign_before_recording(self, ctx, org, make_conversation):
        item = conversation(make_conversation())
        with pytest.raises(ConversationError, match="eerst vast"):
            services.sign_as_manager(item, person(org.manager))

    def test_appraisal_needs_overall_judgement_before_signing(
        self, ctx, org, function_ids, make_conversation
    ):
        item = conversation(make_conversation())
        services.record(
            item,
            full_record(function_ids, overall_rating=None, overall_motivation=""),
            person(org.manager),
        )
        with pytest.raises(ConversationError, match="eindoordeel met motivering"):
            services.sign_as_manager(item, person(org.manager))

    def test_manager_cannot_sign_on_behalf_of_the_employee(
        self, ctx, org, function_ids, make_conversation
    ):
        item = held(make_conversation(), org, function_ids)
        services.sign_as_manager(item, person(org.manager))
        with pytest.raises(ConversationError, match="medewerker zelf"):
            services.sign_as_employee(item, person(org.manager))
        assert item.employee_signed_at is None
        assert item.status == ConversationStatus.HELD

    def test_employee_cannot_sign_before_the_manager(
        self, ctx, org, function_ids, make_conversation
    ):
        item = held(make_conversation(), org, function_ids)
        with pytest.raises(ConversationError, match="eerst afronden"):
            services.sign_as_employee(item, person(org.employee))

    def test_employee_cannot_sign_as_the_manager(self, ctx, org, function_ids, make_conversation):
        item = held(make_conversation(), org, function_ids)
        with pytest.raises(ConversationError, match="leidinggevende van dit gesprek"):
            services.sign_as_manager(item, person(org.employee))

    def test_full_flow_ends_signed_and_every_step_is_audited(
        self, ctx, org, function_ids, make_conversation
    ):
        item = conversation(make_conversation())
        manager, employee = person(org.manager), person(org.employee)
        services.save_preparation(item, "Doorvragen op samenwerking.", manager)
        services.save_self_assessment(
            item, employee, scores={}, reflection="Goed jaar.", submit=True
        )
        services.record(item, full_record(function_ids), manager)
        services.add_agreement(
            item,
            manager,
            what="Cursus schrijven volgen",
            owner=AgreementOwner.EMPLOYEE,
            due_on=date(TODAY.year, 12, 1),
        )
        services.sign_as_manager(item, manager)
        services.respond(item, "Ik herken mij in het verslag.", employee)
        services.sign_as_employee(item, employee)
        assert item.status == ConversationStatus.SIGNED
        assert item.is_signed
        assert audit_actions(item.id) == [
            "conversation_prepared",
            "self_assessment_submitted",
            "conversation_recorded",
            "agreement_added",
            "conversation_signed_by_manager",
            "conversation_response_saved",
            "conversation_signed_by_employee",
        ]

    def test_manager_cannot_change_the_record_after_signing(
        self, ctx, org, function_ids, make_conversation
    ):
        item = held(make_conversation(), org, function_ids)
        services.sign_as_manager(item, person(org.manager))
        with pytest.raises(ConversationError, match="al ondertekend"):
            services.record(item, full_record(function_ids), person(org.manager))


class TestSignedReport:
    @pytest.fixture
    def signed(self, ctx, org, function_ids, make_conversation) -> Conversation:
        item = held(make_conversation(), org, function_ids)
        services.sign_as_manager(item, person(org.manager))
        services.sign_as_employee(item, person(org.employee))
        db.session.commit()
        return item

    def test_signed_report_refuses_edits(self, signed, org, function_ids):
        manager, employee = person(org.manager), person(org.employee)
        attempts = [
            lambda: services.record(signed, full_record(function_ids), manager),
            lambda: services.save_preparation(signed, "Nog iets", manager),
            lambda: services.add_agreement(
                signed, manager, what="Nog een afspraak", owner=AgreementOwner.BOTH, due_on=TODAY
            ),
            lambda: services.respond(signed, "Toch anders", employee),
            lambda: services.sign_as_employee(signed, employee),
        ]
        for attempt in attempts:
            with pytest.raises(ConversationError):
                attempt()
            db.session.rollback()
        db.session.refresh(signed)
        assert signed.note_for("goals") == "Goed op weg met de doelen."
        assert signed.employee_response == ""
        assert signed.agreements == []

    def test_changes_after_signing_are_dated_addenda(self, signed, org):
        addendum = services.add_addendum(
            signed, "Correctie: de cursus is in mei.", person(org.employee)
        )
        assert addendum.created_at is not None
        assert signed.addenda == [addendum]
        assert audit_actions(signed.id)[-1] == "conversation_addendum_added"

    def test_only_the_two_participants_add_addenda(self, signed, org):
        for who in (org.hr, org.colleague):
            with pytest.raises(
                ConversationError, match="Alleen de medewerker en de leidinggevende"
            ):
                services.add_addendum(signed, "Aanvulling", person(who))

    def test_no_addendum_before_both_signed(self, ctx, org, function_ids, make_conversation):
        item = held(make_conversation(), org, function_ids)
        with pytest.raises(ConversationError, match="pas als beiden"):
            services.add_addendum(item, "Te vroeg", person(org.manager))


class TestAgreements:
    def agreement(self, item: Conversation, org, **fields) -> Agreement:
        values = {
            "what": "Volgt een cursus effectief schrijven. Daarna schrijft zij de verslagen.",
            "owner": AgreementOwner.EMPLOYEE,
            "due_on": date(TODAY.year, 12, 1),
        }
        values.update(fields)
        return services.add_agreement(item, person(org.manager), **values)

    def test_agreement_becomes_a_proposed_goal_in_the_employees_pop(
        self, ctx, org, function_ids, make_conversation, cycle_id
    ):
        item = held(make_conversation(), org, function_ids)
        agreement = self.agreement(item, org, competency_id=function_ids.competencies[0])
        goal = services.agreement_to_goal(agreement, person(org.manager))
        assert goal.employee_id == org.employee
        assert goal.cycle_id == cycle_id
        assert goal.status == GoalStatus.PROPOSED
        assert goal.title == "Volgt een cursus effectief schrijven"
        assert goal.deadline == date(TODAY.year, 12, 1)
        assert goal.competency_id == function_ids.competencies[0]
        assert agreement.goal_id == goal.id
        goal_actions = db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "Goal", AuditEvent.object_id == goal.id)
            .order_by(AuditEvent.id)
        ).all()
        assert goal_actions == ["goal_created", "goal_proposed"]

    def test_agreement_becomes_a_goal_only_once(self, ctx, org, function_ids, make_conversation):
        item = held(make_conversation(), org, function_ids)
        agreement = self.agreement(item, org)
        services.agreement_to_goal(agreement, person(org.manager))
        with pytest.raises(ConversationError, match="al een doel"):
            services.agreement_to_goal(agreement, person(org.manager))

    def test_employee_cannot_turn_an_agreement_into_a_goal(
        self, ctx, org, function_ids, make_conversation
    ):
        item = held(make_conversation(), org, function_ids)
        agreement = self.agreement(item, org)
        with pytest.raises(ConversationError):
            services.agreement_to_goal(agreement, person(org.employee))
        assert db.session.scalar(select(func.count(Goal.id))) == 0

    def test_due_date_outside_the_cycle_is_refused_and_nothing_is_made(
        self, ctx, org, function_ids, make_conversation
    ):
        item = held(make_conversation(), org, function_ids)
        agreement = self.agreement(item, org, due_on=date(TODAY.year + 1, 3, 1))
        with pytest.raises(ConversationError, match="buiten de cyclus"):
            services.agreement_to_goal(agreement, person(org.manager))
        assert agreement.goal_id is None

    def test_agreement_needs_a_text(self, ctx, org, function_ids, make_conversation):
        item = conversation(make_conversation())
        with pytest.raises(ConversationError, match="Beschrijf"):
            self.agreement(item, org, what="  ")

    def test_agreement_that_became_a_goal_cannot_be_removed(
        self, ctx, org, function_ids, make_conversation
    ):
        item = held(make_conversation(), org, function_ids)
        agreement = self.agreement(item, org)
        services.agreement_to_goal(agreement, person(org.manager))
        with pytest.raises(ConversationError, match="niet meer worden verwijderd"):
            services.remove_agreement(agreement, person(org.manager))
