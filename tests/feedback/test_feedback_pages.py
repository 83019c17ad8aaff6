"""The feedback pages through the test client: asking by search, answering, who sees what."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import FeedbackRequest, FeedbackStatus, User
from tests.conversations.factories import TODAY


def ask_url(conversation_id: int) -> str:
    return f"/gesprekken/{conversation_id}/feedback"


def make_requests(app, conversation_id, requester_id, giver_ids, *, anonymous=True, days=14):
    with app.app_context():
        for giver_id in giver_ids:
            db.session.add(
                FeedbackRequest(
                    conversation_id=conversation_id,
                    requester_id=requester_id,
                    giver_id=giver_id,
                    anonymous=anonymous,
                    expires_on=TODAY + timedelta(days=days),
                )
            )
        db.session.commit()
        return list(
            db.session.scalars(
                select(FeedbackRequest.id)
                .where(FeedbackRequest.conversation_id == conversation_id)
                .order_by(FeedbackRequest.id)
            )
        )


def answer_form(app, function_ids, score: str, comment: str) -> dict:
    indicator = function_ids.indicators[function_ids.competencies[0]][0]
    return {f"score_{indicator}": score, f"comment_{indicator}": comment, "comment": ""}


@pytest.fixture
def conversation_id(make_conversation, function_ids) -> int:
    return make_conversation()


def test_the_employee_finds_colleagues_by_search_and_asks_them(
    app, client, login, org, conversation_id, colleagues
):
    login(org.employee)
    page = client.get(ask_url(conversation_id))
    assert page.status_code == 200
    assert "Pieter Collega" not in page.text  # nobody is listed before a search
    found = client.get(ask_url(conversation_id), query_string={"q": "pieter"})
    assert "Pieter Collega" in found.text
    assert "Sanne Medewerker (" not in found.text  # not oneself
    response = client.post(
        ask_url(conversation_id) + "?q=pieter",
        data={
            "givers": [str(org.colleague)],
            "expires_on": (TODAY + timedelta(days=7)).isoformat(),
            "anonymous": "y",
            "message": "Graag je blik op de samenwerking.",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        request = db.session.scalar(select(FeedbackRequest))
        assert (request.giver_id, request.anonymous, request.requester_id) == (
            org.colleague,
            True,
            org.employee,
        )
    again = client.get(ask_url(conversation_id), query_string={"q": "pieter"})
    assert 'name="givers"' not in again.text  # already asked: no longer offered


def test_a_request_without_colleague_or_with_a_past_date_is_refused_in_words(
    app, client, login, org, conversation_id
):
    login(org.employee)
    response = client.post(
        ask_url(conversation_id) + "?q=pieter",
        data={"expires_on": (TODAY - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200
    assert "Kies ten minste één collega." in response.text
    assert "De uiterste datum ligt in het verleden" in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count(FeedbackRequest.id))) == 0


def test_the_giver_answers_once_from_their_list(
    app, client, login, org, conversation_id, colleagues, function_ids
):
    [request_id] = make_requests(app, conversation_id, org.employee, [org.colleague])
    login(org.colleague)
    listing = client.get("/feedback")
    assert "Sanne Medewerker" in listing.text
    assert client.get(f"/feedback/{request_id}").status_code == 200
    response = client.post(
        f"/feedback/{request_id}", data=answer_form(app, function_ids, "4", "Luistert goed.")
    )
    assert response.status_code == 302
    again = client.post(f"/feedback/{request_id}", data=answer_form(app, function_ids, "1", ""))
    assert again.status_code == 200
    with app.app_context():
        request = db.session.get(FeedbackRequest, request_id)
        assert request.feedback_status == FeedbackStatus.ANSWERED
        assert [rating.score for rating in request.ratings] == [4]


def test_an_expired_request_says_so_and_refuses_the_answer(
    app, client, login, org, conversation_id, function_ids
):
    [request_id] = make_requests(app, conversation_id, org.employee, [org.colleague], days=-1)
    login(org.colleague)
    page = client.get(f"/feedback/{request_id}")
    assert "verlopen op" in page.text
    assert 'name="comment"' not in page.text
    response = client.post(f"/feedback/{request_id}", data=answer_form(app, function_ids, "3", ""))
    assert "Dit verzoek is verlopen op" in response.text
    with app.app_context():
        assert db.session.get(FeedbackRequest, request_id).feedback_status == FeedbackStatus.OPEN


def _answer_all(app, client, login, request_ids, givers, function_ids, comments):
    for request_id, giver, comment in zip(request_ids, givers, comments, strict=True):
        login(giver)
        response = client.post(
            f"/feedback/{request_id}", data=answer_form(app, function_ids, "4", comment)
        )
        assert response.status_code == 302
        client.post("/auth/logout")


def test_the_manager_sees_nothing_of_two_anonymous_answers_in_the_preparation(
    app, client, login, org, conversation_id, colleagues, function_ids
):
    ids = make_requests(app, conversation_id, org.employee, colleagues[:3])
    _answer_all(app, client, login, ids[:2], colleagues[:2], function_ids, ["Eén", "Twee"])
    login(org.manager)
    page = client.get(f"/gesprekken/{conversation_id}/voorbereiden")
    assert "Feedback van collega" in page.text
    assert "er wordt nog niets getoond" in page.text
    assert "Eén" not in page.text
    assert "Twee" not in page.text


def test_the_manager_sees_the_aggregate_of_three_anonymous_answers_without_names(
    app, client, login, org, conversation_id, colleagues, function_ids
):
    ids = make_requests(app, conversation_id, org.employee, colleagues[:3])
    _answer_all(app, client, login, ids, colleagues[:3], function_ids, ["Zeker", "Altijd", ""])
    login(org.manager)
    page = client.get(f"/gesprekken/{conversation_id}/voorbereiden")
    assert "Anoniem, samengevat" in page.text
    assert page.text.index("Altijd") < page.text.index("Zeker")  # sorted, not as answered
    with app.app_context():
        names = [db.session.get(User, giver).name for giver in colleagues[:3]]
    assert not any(name in page.text for name in names)


def test_the_employee_sees_feedback_only_after_the_conversation(
    app, client, login, org, conversation_id, colleagues, function_ids
):
    ids = make_requests(app, conversation_id, org.manager, colleagues[:1], anonymous=False)
    _answer_all(app, client, login, ids, colleagues[:1], function_ids, ["Sterk in overleg"])
    login(org.employee)
    before = client.get(ask_url(conversation_id))
    assert "Je ziet de feedback na het gesprek." in before.text
    assert "Sterk in overleg" not in before.text
    with app.app_context():
        from pop.models import Conversation, ConversationStatus

        db.session.get(Conversation, conversation_id).status = ConversationStatus.HELD
        db.session.commit()
    after = client.get(ask_url(conversation_id))
    assert "Sterk in overleg" in after.text


def test_hr_sees_that_requests_exist_not_what_they_say(
    app, client, login, org, conversation_id, colleagues, function_ids
):
    ids = make_requests(app, conversation_id, org.manager, colleagues[:1], anonymous=False)
    _answer_all(app, client, login, ids, colleagues[:1], function_ids, ["Sterk in overleg"])
    login(org.hr)
    page = client.get(ask_url(conversation_id))
    assert page.status_code == 200
    assert "1 collega is om feedback gevraagd. Geantwoord: 1." in page.text
    assert "Sterk in overleg" not in page.text
    assert client.post(ask_url(conversation_id), data={}).status_code == 403


def test_the_giver_cannot_open_someone_elses_request(app, client, login, org, conversation_id):
    [request_id] = make_requests(app, conversation_id, org.employee, [org.colleague])
    login(org.other_employee)
    assert client.get(f"/feedback/{request_id}").status_code == 404
    assert client.post(f"/feedback/{request_id}", data={}).status_code == 404


def test_the_requester_withdraws_an_open_request(app, client, login, org, conversation_id):
    [request_id] = make_requests(app, conversation_id, org.employee, [org.colleague])
    login(org.employee)
    response = client.post(f"{ask_url(conversation_id)}/{request_id}/intrekken")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(FeedbackRequest, request_id).status == FeedbackStatus.WITHDRAWN


class TestQueryCounts:
    """The list pages load in a fixed number of queries: 2 rows and 50 rows alike."""

    def count(self, client, count_queries, url) -> int:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    def givers(self, make_user, org, number):
        return [make_user(f"Gever {index}") for index in range(number)]

    def test_the_givers_list(
        self, app, client, login, org, make_user, make_conversation, function_ids, count_queries
    ):
        giver = make_user("Gerda Gever")
        people = self.givers(make_user, org, 50)
        for index, person in enumerate(people):
            with app.app_context():
                db.session.get(User, person).manager_id = org.manager
                db.session.commit()
            conversation = make_conversation(employee_id=person)
            make_requests(app, conversation, person, [giver])
            if index == 1:
                login(giver)
                two = self.count(client, count_queries, "/feedback")
        fifty = self.count(client, count_queries, "/feedback")
        assert two == fifty

    def test_a_conversations_feedback_page(
        self, app, client, login, org, make_user, conversation_id, count_queries
    ):
        people = self.givers(make_user, org, 50)
        make_requests(app, conversation_id, org.manager, people[:2])
        login(org.manager)
        two = self.count(client, count_queries, ask_url(conversation_id))
        make_requests(app, conversation_id, org.manager, people[2:])
        fifty = self.count(client, count_queries, ask_url(conversation_id))
        assert two == fifty
