"""A cycle without ratings ("het goede gesprek"): its conversations are planned with an empty
scale, refuse every rating, and HR's choice changes only while it changes no recorded judgement."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from pop.conversations import services
from pop.conversations.cycles import services as cycles
from pop.conversations.cycles.ratings import RatingsChoiceError, set_with_ratings
from pop.conversations.services import ConversationError, Record
from pop.extensions import db
from pop.labels import DEFAULT_RATING_SCALE
from pop.models import (
    AuditEvent,
    Conversation,
    ConversationKind,
    ConversationRating,
    ConversationStatus,
    Cycle,
    SelfAssessment,
    SelfAssessmentRating,
    User,
)
from tests.conversations.factories import TODAY, add_rating


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def unrated_cycle(app, cycle_id) -> int:
    with app.app_context():
        db.session.get(Cycle, cycle_id).with_ratings = False
        db.session.commit()
    return cycle_id


def person(user_id: int) -> User:
    return db.session.get(User, user_id)


def scale_of(conversation_id: int) -> list[str]:
    return db.session.get(Conversation, conversation_id).rating_scale


def record(function_ids, **overrides) -> Record:
    first = function_ids.competencies[0]
    values = {
        "held_on": TODAY,
        "notes": {"goals": "Goed op weg met de doelen."},
        "scores": {},
        "competency_notes": {first: "Luistert goed naar bewoners."},
    }
    values.update(overrides)
    return Record(**values)


class TestOpeningAndPlanning:
    def test_hr_opens_a_cycle_without_ratings_and_it_is_audited(self, ctx, org):
        cycle = cycles.open_cycle(
            "2031", TODAY.replace(year=2031, month=1, day=1),
            TODAY.replace(year=2031, month=12, day=31), person(org.hr), with_ratings=False,
        )  # fmt: skip
        db.session.commit()
        assert db.session.get(Cycle, cycle.id).with_ratings is False
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "cycle_opened")
        ).one()
        assert event.changes == {"with_ratings": False}

    def test_a_conversation_planned_in_it_has_an_empty_scale(self, ctx, org, unrated_cycle):
        item = services.plan_conversation(
            person(org.employee), db.session.get(Cycle, unrated_cycle),
            ConversationKind.APPRAISAL, TODAY, person(org.manager),
        )  # fmt: skip
        assert item.rating_scale == []
        assert not item.has_ratings

    def test_a_rated_cycle_copies_the_configured_scale(self, ctx, org, cycle_id):
        item = services.plan_conversation(
            person(org.employee), db.session.get(Cycle, cycle_id),
            ConversationKind.REVIEW, TODAY, person(org.manager),
        )  # fmt: skip
        assert item.rating_scale == list(DEFAULT_RATING_SCALE)


class TestRecordingWithoutRatings:
    @pytest.fixture
    def appraisal(self, make_conversation, unrated_cycle, function_ids) -> int:
        return make_conversation(rating_scale=[])

    def test_notes_and_competency_notes_are_stored_and_it_is_held(
        self, ctx, org, function_ids, appraisal
    ):
        item = db.session.get(Conversation, appraisal)
        services.record(item, record(function_ids), person(org.manager))
        db.session.commit()
        item = db.session.get(Conversation, appraisal)
        assert item.status == ConversationStatus.HELD
        assert item.note_for("goals") == "Goed op weg met de doelen."
        assert item.competency_note_for(function_ids.competencies[0])
        assert item.ratings == []
        assert item.overall_rating is None

    @pytest.mark.parametrize(
        "ratings",
        [
            {"scores": "competency"},
            {"overall_rating": 3},
            {"overall_motivation": "Een sterk jaar."},
        ],
    )
    def test_a_record_carrying_a_rating_is_refused_and_nothing_is_stored(
        self, ctx, org, function_ids, appraisal, ratings
    ):
        if ratings.get("scores") == "competency":
            ratings = {"scores": {(function_ids.competencies[0], None): 4}}
        item = db.session.get(Conversation, appraisal)
        with pytest.raises(ConversationError, match="geen oordelen"):
            services.record(item, record(function_ids, **ratings), person(org.manager))
        db.session.rollback()
        item = db.session.get(Conversation, appraisal)
        assert item.status == ConversationStatus.PLANNED
        assert item.notes == []
        assert item.competency_notes == []
        assert db.session.scalar(select(func.count(ConversationRating.id))) == 0

    def test_a_self_assessment_with_a_score_is_refused(self, ctx, org, function_ids, appraisal):
        first = function_ids.competencies[0]
        item = db.session.get(Conversation, appraisal)
        with pytest.raises(ConversationError, match="geen oordelen"):
            services.save_self_assessment(
                item, person(org.employee), scores={(first, None): 3}, reflection="Mijn jaar.",
                submit=True,
            )  # fmt: skip
        db.session.rollback()
        assert db.session.scalar(select(func.count(SelfAssessment.id))) == 0

    def test_a_self_assessment_without_scores_is_handed_in(self, ctx, org, function_ids, appraisal):
        item = db.session.get(Conversation, appraisal)
        services.save_self_assessment(
            item, person(org.employee), scores={}, reflection="Mijn jaar.", submit=True,
            competency_notes={function_ids.competencies[0]: "Ik luister goed."},
        )  # fmt: skip
        db.session.commit()
        assert db.session.get(Conversation, appraisal).self_assessment.is_submitted


class TestChangingTheChoice:
    def test_turning_ratings_off_empties_every_scale_of_the_cycle(
        self, ctx, org, cycle_id, make_conversation
    ):
        first, second = make_conversation(), make_conversation(employee_id=org.colleague)
        cycle = db.session.get(Cycle, cycle_id)
        assert set_with_ratings(cycle, False, person(org.hr)) is True
        db.session.commit()
        assert scale_of(first) == []
        assert scale_of(second) == []
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "cycle_ratings_set")
        ).one()
        assert event.changes == {"with_ratings": [True, False], "conversations": 2}

    def test_turning_them_on_again_gives_the_configured_scale(
        self, ctx, org, unrated_cycle, make_conversation
    ):
        conversation_id = make_conversation(rating_scale=[])
        set_with_ratings(db.session.get(Cycle, unrated_cycle), True, person(org.hr))
        db.session.commit()
        assert scale_of(conversation_id) == list(DEFAULT_RATING_SCALE)

    def test_the_same_choice_changes_nothing(self, ctx, org, cycle_id):
        assert set_with_ratings(db.session.get(Cycle, cycle_id), True, person(org.hr)) is False

    def test_refused_once_a_manager_rated_a_competency(
        self, app, ctx, org, cycle_id, function_ids, make_conversation
    ):
        conversation_id = make_conversation(status=ConversationStatus.HELD)
        add_rating(app, conversation_id, function_ids.competencies[0], 4)
        with pytest.raises(RatingsChoiceError, match="al oordelen gegeven"):
            set_with_ratings(db.session.get(Cycle, cycle_id), False, person(org.hr))
        db.session.rollback()
        assert db.session.get(Cycle, cycle_id).with_ratings is True
        assert scale_of(conversation_id) == list(DEFAULT_RATING_SCALE)

    def test_refused_once_an_eindoordeel_was_given(self, ctx, org, cycle_id, make_conversation):
        make_conversation(status=ConversationStatus.HELD, overall_rating=3)
        with pytest.raises(RatingsChoiceError):
            set_with_ratings(db.session.get(Cycle, cycle_id), False, person(org.hr))

    def test_refused_once_the_employee_scored_themselves(
        self, ctx, org, cycle_id, function_ids, make_conversation
    ):
        conversation_id = make_conversation()
        assessment = SelfAssessment(conversation_id=conversation_id, reflection="Concept")
        assessment.ratings = [
            SelfAssessmentRating(competency_id=function_ids.competencies[0], score=2)
        ]
        db.session.add(assessment)
        db.session.commit()
        with pytest.raises(RatingsChoiceError):
            set_with_ratings(db.session.get(Cycle, cycle_id), False, person(org.hr))

    @pytest.mark.parametrize("signed", ["manager_signed_at", "employee_signed_at"])
    def test_refused_both_ways_once_anyone_signed(
        self, ctx, org, unrated_cycle, make_conversation, signed
    ):
        make_conversation(
            rating_scale=[], status=ConversationStatus.HELD, **{signed: datetime(2026, 11, 2)}
        )
        with pytest.raises(RatingsChoiceError, match="ondertekend"):
            set_with_ratings(db.session.get(Cycle, unrated_cycle), True, person(org.hr))
        db.session.rollback()
        assert db.session.get(Cycle, unrated_cycle).with_ratings is False


class TestSigningWithoutRatings:
    def test_the_manager_signs_an_appraisal_without_an_eindoordeel(
        self, ctx, org, function_ids, unrated_cycle, make_conversation
    ):
        item = db.session.get(Conversation, make_conversation(rating_scale=[]))
        services.record(item, record(function_ids), person(org.manager))
        services.sign_as_manager(item, person(org.manager))
        services.sign_as_employee(item, person(org.employee))
        db.session.commit()
        assert item.status == ConversationStatus.SIGNED
        assert item.report.content["overall_rating"] is None

    def test_a_rated_appraisal_still_needs_its_eindoordeel(
        self, ctx, org, function_ids, cycle_id, make_conversation
    ):
        item = db.session.get(Conversation, make_conversation())
        services.record(item, record(function_ids), person(org.manager))
        with pytest.raises(ConversationError, match="eindoordeel"):
            services.sign_as_manager(item, person(org.manager))
