"""Colleague feedback in a cycle without ratings: comments only, and a posted score is refused."""

from sqlalchemy import func, select

from pop.extensions import db
from pop.models import FeedbackRating, FeedbackRequest
from tests.feedback.test_feedback_pages import answer_form, make_requests


def test_the_answer_form_has_comments_only_and_refuses_a_posted_score(
    app, client, login, org, make_conversation, function_ids, colleagues
):
    conversation_id = make_conversation(rating_scale=[])
    [request_id] = make_requests(app, conversation_id, org.employee, [org.colleague])
    indicator = function_ids.indicators[function_ids.competencies[0]][0]
    login(org.colleague)
    page = client.get(f"/feedback/{request_id}").text
    assert 'name="score_' not in page
    assert f'name="comment_{indicator}"' in page
    refused = client.post(
        f"/feedback/{request_id}", data=answer_form(app, function_ids, "4", "Luistert goed.")
    )
    assert refused.status_code == 200
    assert "In deze cyclus worden geen oordelen gegeven." in refused.text
    with app.app_context():
        assert db.session.scalar(select(func.count(FeedbackRating.id))) == 0
        assert not db.session.get(FeedbackRequest, request_id).is_answered
    answered = client.post(
        f"/feedback/{request_id}", data=answer_form(app, function_ids, "", "Luistert goed.")
    )
    assert answered.status_code == 302
    with app.app_context():
        rating = db.session.scalar(select(FeedbackRating))
        assert (rating.score, rating.comment) == (None, "Luistert goed.")
