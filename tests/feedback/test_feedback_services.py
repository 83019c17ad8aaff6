"""The rules of feedback from colleagues, called directly: asking, answering, expiring, showing."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from pop import access_feedback as access
from pop.access_feedback import FeedbackView
from pop.extensions import db
from pop.feedback import results, services
from pop.feedback.services import Answer, FeedbackError
from pop.models import (
    AuditEvent,
    Conversation,
    ConversationStatus,
    FeedbackRating,
    FeedbackRequest,
    FeedbackStatus,
    Notification,
    NotificationKind,
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


def ask(conversation_id, actor_id, giver_ids, *, anonymous=True, days=14):
    made = services.request_feedback(
        conversation(conversation_id),
        person(actor_id),
        [person(giver_id) for giver_id in giver_ids],
        expires_on=TODAY + timedelta(days=days),
        anonymous=anonymous,
        message="Hoe ervaar je de samenwerking?",
    )
    db.session.commit()
    return [request.id for request in made]


def answer(request_id, giver_id, answers, comment="", today=None):
    request = db.session.get(FeedbackRequest, request_id)
    services.give_feedback(request, person(giver_id), answers, comment=comment, today=today)
    db.session.commit()


def first_indicator(function_ids) -> int:
    return function_ids.indicators[function_ids.competencies[0]][0]


# --- asking ---------------------------------------------------------------------------------


def test_employee_asks_colleagues_inside_and_outside_the_team(
    ctx, org, function_ids, make_conversation, colleagues
):
    conversation_id = make_conversation()
    ids = ask(conversation_id, org.employee, colleagues[:2])
    requests = [db.session.get(FeedbackRequest, request_id) for request_id in ids]
    assert [r.giver_id for r in requests] == colleagues[:2]
    assert all(r.feedback_status == FeedbackStatus.OPEN and r.anonymous for r in requests)
    assert all(r.requester_id == org.employee for r in requests)
    told = db.session.scalars(
        select(Notification.recipient_id).where(
            Notification.kind == NotificationKind.FEEDBACK_REQUESTED.value
        )
    ).all()
    assert sorted(told) == sorted(colleagues[:2])
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "FeedbackRequest")
    ).all()
    assert actions == ["feedback_requested", "feedback_requested"]


def test_manager_may_ask_too(ctx, org, function_ids, make_conversation, colleagues):
    conversation_id = make_conversation()
    [request_id] = ask(conversation_id, org.manager, colleagues[:1], anonymous=False)
    assert db.session.get(FeedbackRequest, request_id).requester_id == org.manager


def test_someone_else_cannot_ask(ctx, org, function_ids, make_conversation, colleagues):
    conversation_id = make_conversation()
    for stranger in (org.colleague, org.other_manager, org.hr):
        with pytest.raises(FeedbackError, match="Alleen de medewerker en de leidinggevende"):
            ask(conversation_id, stranger, colleagues[1:2])
    assert db.session.scalar(select(db.func.count(FeedbackRequest.id))) == 0


def test_a_colleague_is_asked_once_per_conversation(
    ctx, org, function_ids, make_conversation, colleagues
):
    conversation_id = make_conversation()
    ask(conversation_id, org.employee, colleagues[:1])
    with pytest.raises(FeedbackError, match="al om feedback gevraagd"):
        ask(conversation_id, org.manager, colleagues[:2])
    db.session.rollback()
    assert db.session.scalar(select(db.func.count(FeedbackRequest.id))) == 1


def test_the_employee_cannot_ask_themselves(ctx, org, function_ids, make_conversation):
    conversation_id = make_conversation()
    with pytest.raises(FeedbackError, match="zichzelf"):
        ask(conversation_id, org.manager, [org.employee])


def test_nobody_asked_and_a_past_date_are_refused(
    ctx, org, function_ids, make_conversation, colleagues
):
    conversation_id = make_conversation()
    with pytest.raises(FeedbackError, match="ten minste één collega"):
        ask(conversation_id, org.employee, [])
    with pytest.raises(FeedbackError, match="verleden"):
        ask(conversation_id, org.employee, colleagues[:1], days=-1)


def test_no_request_after_the_conversation_was_held(
    ctx, org, function_ids, make_conversation, colleagues
):
    conversation_id = make_conversation(status=ConversationStatus.HELD)
    with pytest.raises(FeedbackError, match="al gevoerd"):
        ask(conversation_id, org.employee, colleagues[:1])


def test_a_leaver_cannot_be_asked(ctx, org, function_ids, make_conversation, make_user):
    leaver = make_user("Vera Vertrokken", active=False)
    conversation_id = make_conversation()
    with pytest.raises(FeedbackError, match="werkt hier niet meer"):
        ask(conversation_id, org.employee, [leaver])


# --- answering ------------------------------------------------------------------------------


def test_the_giver_answers_once(ctx, org, function_ids, make_conversation, colleagues):
    conversation_id = make_conversation()
    [request_id] = ask(conversation_id, org.employee, colleagues[:1], anonymous=False)
    indicator = first_indicator(function_ids)
    answer(request_id, colleagues[0], {indicator: Answer(4, "Luistert echt.")}, "Fijn.")
    request = db.session.get(FeedbackRequest, request_id)
    assert request.feedback_status == FeedbackStatus.ANSWERED
    assert [(r.indicator_id, r.score, r.comment) for r in request.ratings] == [
        (indicator, 4, "Luistert echt.")
    ]
    told = db.session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.FEEDBACK_GIVEN.value)
    )
    assert told.recipient_id == org.employee
    assert told.actor_id == colleagues[0]
    with pytest.raises(FeedbackError, match="al gegeven"):
        answer(request_id, colleagues[0], {indicator: Answer(2)})
    db.session.rollback()
    assert [r.score for r in db.session.get(FeedbackRequest, request_id).ratings] == [4]


def test_nobody_answers_someone_elses_request(
    ctx, org, function_ids, make_conversation, colleagues
):
    conversation_id = make_conversation()
    [request_id] = ask(conversation_id, org.employee, colleagues[:1])
    indicator = first_indicator(function_ids)
    for other in (colleagues[1], org.employee, org.manager):
        with pytest.raises(FeedbackError, match="niet aan jou gericht"):
            answer(request_id, other, {indicator: Answer(3)})
    db.session.rollback()
    assert db.session.get(FeedbackRequest, request_id).feedback_status == FeedbackStatus.OPEN


def test_an_expired_request_refuses_the_answer(
    ctx, org, function_ids, make_conversation, colleagues
):
    conversation_id = make_conversation()
    [request_id] = ask(conversation_id, org.employee, colleagues[:1], days=2)
    indicator = first_indicator(function_ids)
    request = db.session.get(FeedbackRequest, request_id)
    assert request.is_open(TODAY + timedelta(days=2))
    assert request.is_expired(TODAY + timedelta(days=3))
    with pytest.raises(FeedbackError, match="verlopen op"):
        answer(request_id, colleagues[0], {indicator: Answer(3)}, today=TODAY + timedelta(days=3))
    db.session.rollback()
    assert db.session.scalar(select(db.func.count(FeedbackRating.id))) == 0


def test_on_its_last_day_the_request_is_still_answered(
    ctx, org, function_ids, make_conversation, colleagues
):
    conversation_id = make_conversation()
    [request_id] = ask(conversation_id, org.employee, colleagues[:1], days=2)
    answer(
        request_id,
        colleagues[0],
        {first_indicator(function_ids): Answer(3)},
        today=TODAY + timedelta(days=2),
    )
    assert db.session.get(FeedbackRequest, request_id).is_answered


def test_a_withdrawn_request_is_not_answered(ctx, org, function_ids, make_conversation, colleagues):
    conversation_id = make_conversation()
    [request_id] = ask(conversation_id, org.employee, colleagues[:1])
    services.withdraw(db.session.get(FeedbackRequest, request_id), person(org.employee))
    db.session.commit()
    with pytest.raises(FeedbackError, match="ingetrokken"):
        answer(request_id, colleagues[0], {first_indicator(function_ids): Answer(3)})
    db.session.rollback()
    with pytest.raises(FeedbackError, match="open verzoek"):
        services.withdraw(db.session.get(FeedbackRequest, request_id), person(org.employee))


def test_an_answered_request_cannot_be_withdrawn(
    ctx, org, function_ids, make_conversation, colleagues
):
    conversation_id = make_conversation()
    [request_id] = ask(conversation_id, org.employee, colleagues[:1])
    answer(request_id, colleagues[0], {first_indicator(function_ids): Answer(3)})
    with pytest.raises(FeedbackError, match="open verzoek"):
        services.withdraw(db.session.get(FeedbackRequest, request_id), person(org.manager))
    with pytest.raises(FeedbackError, match="Alleen de medewerker"):
        services.withdraw(db.session.get(FeedbackRequest, request_id), person(colleagues[0]))


def test_points_off_the_scale_and_indicators_off_the_function_are_refused(
    ctx, org, function_ids, make_conversation, colleagues, app
):
    conversation_id = make_conversation()
    [request_id] = ask(conversation_id, org.employee, colleagues[:1])
    indicator = first_indicator(function_ids)
    with pytest.raises(FeedbackError, match="1 tot en met 5"):
        answer(request_id, colleagues[0], {indicator: Answer(6)})
    db.session.rollback()
    with pytest.raises(FeedbackError, match="gedragsindicatoren van de functie"):
        answer(request_id, colleagues[0], {indicator + 1000: Answer(3)})
    db.session.rollback()
    with pytest.raises(FeedbackError, match="ten minste bij één"):
        answer(request_id, colleagues[0], {indicator: Answer(None, "  ")})
    db.session.rollback()
    assert db.session.get(FeedbackRequest, request_id).feedback_status == FeedbackStatus.OPEN


def test_a_cycle_without_ratings_takes_only_comments(
    ctx, org, function_ids, make_conversation, colleagues
):
    conversation_id = make_conversation(rating_scale=[])
    [request_id] = ask(conversation_id, org.employee, colleagues[:1])
    indicator = first_indicator(function_ids)
    with pytest.raises(FeedbackError, match="geen oordelen"):
        answer(request_id, colleagues[0], {indicator: Answer(3)})
    db.session.rollback()
    answer(request_id, colleagues[0], {indicator: Answer(None, "Stelt goede vragen.")})
    [rating] = db.session.get(FeedbackRequest, request_id).ratings
    assert (rating.score, rating.comment) == (None, "Stelt goede vragen.")


def test_no_answer_after_the_conversation_was_held(
    ctx, org, function_ids, make_conversation, colleagues
):
    conversation_id = make_conversation()
    [request_id] = ask(conversation_id, org.employee, colleagues[:1])
    conversation(conversation_id).status = ConversationStatus.HELD
    db.session.commit()
    with pytest.raises(FeedbackError, match="al gevoerd"):
        answer(request_id, colleagues[0], {first_indicator(function_ids): Answer(3)})


# --- showing --------------------------------------------------------------------------------


def test_two_anonymous_answers_show_nothing(ctx, org, function_ids, make_conversation, colleagues):
    conversation_id = make_conversation()
    ids = ask(conversation_id, org.employee, colleagues[:3])
    indicator = first_indicator(function_ids)
    for request_id, giver, score in zip(ids[:2], colleagues[:2], (2, 4), strict=True):
        answer(request_id, giver, {indicator: Answer(score, f"Opmerking {score}")}, "Algemeen")
    shown = results.results(conversation(conversation_id))
    assert (shown.asked, shown.anonymous_answered, shown.anonymous_missing) == (3, 2, 1)
    assert not shown.anonymous_shown
    assert shown.aggregate == {}
    assert shown.anonymous_comments == []
    assert shown.named == []
    # an anonymous answer is told without its giver
    told = db.session.scalars(
        select(Notification.actor_id).where(
            Notification.kind == NotificationKind.FEEDBACK_GIVEN.value
        )
    ).all()
    assert told == [None, None]


def test_three_anonymous_answers_show_the_aggregate_without_order(
    ctx, org, function_ids, make_conversation, colleagues
):
    conversation_id = make_conversation()
    ids = ask(conversation_id, org.employee, colleagues[:3])
    indicator = first_indicator(function_ids)
    given = [(4, "Zorgvuldig"), (2, "Antwoordt laat"), (4, "")]
    for request_id, giver, (score, comment) in zip(ids, colleagues[:3], given, strict=True):
        answer(request_id, giver, {indicator: Answer(score, comment)})
    shown = results.results(conversation(conversation_id))
    assert shown.anonymous_shown
    assert shown.anonymous_answered == 3
    aggregate = shown.aggregate[indicator]
    assert aggregate.counts == [0, 1, 0, 2, 0]
    # sorted by text: not in the order the colleagues answered
    assert aggregate.comments == ["Antwoordt laat", "Zorgvuldig"]
    assert shown.named == []


def test_named_answers_are_shown_by_name_beside_the_anonymous_count(
    ctx, org, function_ids, make_conversation, colleagues
):
    conversation_id = make_conversation()
    [named] = ask(conversation_id, org.manager, colleagues[:1], anonymous=False)
    [anonymous] = ask(conversation_id, org.manager, colleagues[1:2], anonymous=True)
    indicator = first_indicator(function_ids)
    answer(named, colleagues[0], {indicator: Answer(5)})
    answer(anonymous, colleagues[1], {indicator: Answer(1, "Geheim")})
    shown = results.results(conversation(conversation_id))
    assert [request.giver_id for request in shown.named] == [colleagues[0]]
    assert shown.anonymous_answered == 1
    assert not shown.anonymous_shown


def test_withdrawn_requests_do_not_count(ctx, org, function_ids, make_conversation, colleagues):
    conversation_id = make_conversation()
    ids = ask(conversation_id, org.employee, colleagues[:2])
    services.withdraw(db.session.get(FeedbackRequest, ids[1]), person(org.employee))
    db.session.commit()
    assert results.results(conversation(conversation_id)).asked == 1


def test_the_manager_sees_feedback_before_and_the_employee_after_the_conversation(
    ctx, org, make_conversation, function_ids, colleagues
):
    planned = conversation(make_conversation())
    assert access.feedback_view(person(org.manager), planned) == FeedbackView.ANSWERS
    assert access.feedback_view(person(org.employee), planned) == FeedbackView.COUNTS
    assert access.feedback_view(person(org.hr), planned) == FeedbackView.COUNTS
    for other in (org.colleague, org.other_manager):
        assert access.feedback_view(person(other), planned) == FeedbackView.NOTHING
    held = conversation(make_conversation(status=ConversationStatus.HELD))
    assert access.feedback_view(person(org.employee), held) == FeedbackView.ANSWERS
    assert access.feedback_view(person(org.manager), held) == FeedbackView.ANSWERS
    assert access.feedback_view(person(org.hr), held) == FeedbackView.COUNTS
