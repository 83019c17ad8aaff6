"""What every page needs of the database (the user with their roles, the bell's count, whether
they stand in for a manager today) is read in one query with the user."""

from datetime import date, timedelta

from benchmarks.pages import add_baseline_page
from pop.extensions import db
from pop.models import Notification, StandIn
from tests import html

EMPTY_PAGE = "/_bench/baseline"


def bell_count(markup: str) -> str:
    counts = html.select(html.page(markup), ".notification-count")
    return html.text(counts[0]) if counts else ""


def add_unread(app, recipient_id: int, count: int) -> None:
    with app.app_context():
        for number in range(count):
            db.session.add(
                Notification(
                    recipient_id=recipient_id,
                    kind="goal_agreed",
                    object_type="Goal",
                    object_id=number + 1,
                    link="/pop/",
                    context={"title": f"Doel {number}"},
                )
            )
        db.session.commit()


def test_a_logged_in_page_reads_user_roles_and_bell_in_one_query(
    app, client, org, login, count_queries
):
    add_baseline_page(app)
    add_unread(app, org.manager, 2)
    login(org.manager)
    client.get(EMPTY_PAGE)
    with count_queries() as statements:
        page = client.get(EMPTY_PAGE)
    assert page.status_code == 200
    assert len(statements) == 1
    assert bell_count(page.text).startswith("2")
    assert "/team/" in page.text  # a manager's menu has "Mijn team"


def test_a_stand_in_gets_the_team_in_the_menu(app, client, org, login):
    add_baseline_page(app)
    with app.app_context():
        db.session.add(
            StandIn(
                manager_id=org.manager,
                stand_in_id=org.colleague,
                starts_on=date.today() - timedelta(days=1),
                ends_on=date.today() + timedelta(days=3),
                created_by_id=org.manager,
            )
        )
        db.session.commit()
    login(org.colleague)
    assert 'href="/team/"' in client.get(EMPTY_PAGE).text
    client.post("/auth/logout")
    login(org.employee)
    assert 'href="/team/"' not in client.get(EMPTY_PAGE).text


def test_the_bell_counts_down_once_notifications_are_read(app, client, org, login):
    add_unread(app, org.employee, 3)
    login(org.employee)
    assert bell_count(client.get("/pop/").text).startswith("3")
    client.post("/meldingen/gelezen")
    assert bell_count(client.get("/pop/").text) == ""
