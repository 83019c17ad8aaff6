"""The bell, the list, marking read, the settings page; each user sees only their own."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from pop.extensions import db
from pop.models import (
    DigestFrequency,
    Goal,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
    User,
)
from pop.models._time import utcnow
from pop.notifications import services
from pop.notify import notify as add_notification
from tests import html


@pytest.fixture
def notify(app):
    """Give `recipient_id` a notification about a goal; returns its id."""

    def make(recipient_id: int, goal_id: int, *, actor_id: int | None = None, **fields) -> int:
        with app.app_context():
            recipient = db.session.get(User, recipient_id)
            actor = db.session.get(User, actor_id) if actor_id else None
            notification = add_notification(
                recipient,
                NotificationKind.GOAL_AGREED,
                obj=db.session.get(Goal, goal_id),
                actor=actor,
            )
            for name, value in fields.items():
                setattr(notification, name, value)
            db.session.commit()
            return notification.id

    return make


def checked(markup: str, value: str) -> bool:
    return bool(html.select(html.page(markup), f'input[value="{value}"][checked]'))


def read_at(app, notification_id: int):
    with app.app_context():
        return db.session.get(Notification, notification_id).read_at


def test_the_bell_shows_the_unread_count_to_the_logged_in_user(
    app, client, org, login, make_goal, notify
):
    goal_id = make_goal(org.employee, title="Helder schrijven")
    notify(org.employee, goal_id, actor_id=org.manager)
    notify(org.employee, goal_id, actor_id=org.manager)
    notify(org.employee, goal_id, actor_id=org.manager, read_at=utcnow())
    assert not html.select(html.page(client.get("/auth/login")), ".notification-bell")
    login(org.employee)
    page = client.get("/").get_data(as_text=True)
    count = html.one(html.page(page), ".notification-bell .notification-count")
    assert html.text(count) == "2 ongelezen"
    assert html.text(html.one(count, ".visually-hidden")) == "ongelezen"
    client.post("/auth/logout")
    login(org.colleague)
    page = client.get("/").get_data(as_text=True)
    assert html.select(html.page(page), ".notification-bell")
    assert not html.select(html.page(page), ".notification-count")


def test_the_list_shows_own_notifications_with_links(app, client, org, login, make_goal, notify):
    goal_id = make_goal(org.employee, title="Helder schrijven")
    notify(org.employee, goal_id, actor_id=org.manager)
    other_goal = make_goal(org.colleague, title="Geheim doel van Pieter")
    notify(org.colleague, other_goal, actor_id=org.manager)
    login(org.employee)
    response = client.get("/meldingen/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'Marieke Manager heeft je doel "Helder schrijven" afgesproken.' in page.replace(
        "&#34;", '"'
    )
    assert f'href="/pop/doelen/{goal_id}"' in page
    assert "Geheim doel van Pieter" not in page


def test_marking_one_as_read(app, client, org, login, make_goal, notify):
    goal_id = make_goal(org.employee)
    first = notify(org.employee, goal_id, actor_id=org.manager)
    second = notify(org.employee, goal_id, actor_id=org.manager)
    login(org.employee)
    response = client.post(f"/meldingen/{first}/gelezen")
    assert response.status_code == 302
    assert response.headers["Location"] == "/meldingen/"
    assert read_at(app, first) is not None
    assert read_at(app, second) is None
    assert "gemarkeerd als gelezen" in client.get("/meldingen/").get_data(as_text=True)


def test_marking_someone_elses_notification_is_404(app, client, org, login, make_goal, notify):
    theirs = notify(org.employee, make_goal(org.employee), actor_id=org.manager)
    login(org.admin)
    assert client.post(f"/meldingen/{theirs}/gelezen").status_code == 404
    assert client.post("/meldingen/987654/gelezen").status_code == 404
    assert read_at(app, theirs) is None


def test_marking_all_as_read_touches_only_ones_own(app, client, org, login, make_goal, notify):
    mine = [notify(org.employee, make_goal(org.employee), actor_id=org.manager) for _ in range(3)]
    theirs = notify(org.colleague, make_goal(org.colleague), actor_id=org.manager)
    login(org.employee)
    assert client.post("/meldingen/gelezen").status_code == 302
    assert all(read_at(app, notification) is not None for notification in mine)
    assert read_at(app, theirs) is None
    page = client.get("/meldingen/").get_data(as_text=True)
    assert "Alles als gelezen markeren" not in page


def test_state_changes_need_the_csrf_token(app, client, org, login, make_goal, notify):
    app.config["WTF_CSRF_ENABLED"] = True
    mine = notify(org.employee, make_goal(org.employee), actor_id=org.manager)
    app.config["WTF_CSRF_ENABLED"] = False
    login(org.employee)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/meldingen/{mine}/gelezen").status_code == 400
    assert read_at(app, mine) is None


def test_the_list_runs_the_same_queries_for_2_and_50_notifications(
    app, client, org, login, make_goal, count_queries
):
    goal_id = make_goal(org.employee)

    def fill(total: int) -> None:
        with app.app_context():
            goal = db.session.get(Goal, goal_id)
            manager = db.session.get(User, org.manager)
            employee = db.session.get(User, org.employee)
            while services.unread_count(org.employee) < total:
                add_notification(employee, NotificationKind.COMMENT_ADDED, obj=goal, actor=manager)
            db.session.commit()

    login(org.employee)
    fill(2)
    with count_queries() as few:
        assert client.get("/meldingen/").status_code == 200
    fill(50)
    with count_queries() as many:
        assert client.get("/meldingen/?page=2").status_code == 200
    assert len(many) == len(few)


def test_settings_are_shown_and_saved(app, client, org, login):
    login(org.employee)
    page = client.get("/meldingen/instellingen").get_data(as_text=True)
    assert checked(page, "goal_agreed")
    assert checked(page, "daily")
    assert "goal_proposed" not in page  # only managers decide on proposals
    mailed = ["goal_agreed", "goal_sent_back", "deadline_passed"]
    response = client.post("/meldingen/instellingen", data={"mailed": mailed, "digest": "weekly"})
    assert response.status_code == 302
    with app.app_context():
        mailed = services.mailed_kinds(org.employee)
        assert NotificationKind.DEADLINE_NEAR not in mailed
        assert {NotificationKind.GOAL_AGREED, NotificationKind.DEADLINE_PASSED} <= mailed
        # What the page does not show is left as it was.
        assert NotificationKind.GOAL_PROPOSED in mailed
        assert services.digest_frequency(org.employee) == DigestFrequency.WEEKLY
        assert db.session.get(NotificationSettings, org.employee).digest == "weekly"
    page = client.get("/meldingen/instellingen").get_data(as_text=True)
    assert not checked(page, "deadline_near")
    assert checked(page, "weekly")


def test_settings_refuse_unknown_choices(app, client, org, login):
    login(org.employee)
    response = client.post(
        "/meldingen/instellingen", data={"mailed": ["nonsense"], "digest": "hourly"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Kies alleen meldingen uit de lijst." in page
    with app.app_context():
        assert db.session.scalars(select(NotificationPreference)).all() == []


def test_nothing_shows_for_notifications_older_than_their_page(
    app, client, org, login, make_goal, notify
):
    goal_id = make_goal(org.employee)
    notify(org.employee, goal_id, actor_id=org.manager, created_at=utcnow() - timedelta(days=400))
    login(org.employee)
    assert client.get("/meldingen/?page=99").status_code == 200


def test_the_bell_costs_one_count_query_and_none_for_visitors(
    app, client, org, login, count_queries
):
    def notification_queries(url: str) -> list[str]:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return [sql for sql in statements if "FROM notification" in sql]

    assert notification_queries("/auth/login") == []
    login(org.employee)
    [count] = notification_queries("/")
    # The bell's count is a column of the query that loads the logged-in user.
    assert "count(notification.id)" in count.lower()
    assert "FROM user_account" in count
    assert len(notification_queries("/meldingen/")) == 3  # the user and bell, total, rows
