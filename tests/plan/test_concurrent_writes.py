"""Eight people at once on one goal, against a real `pop serve`: nothing is lost, nothing is 500.

The server runs under gunicorn (two workers, four threads each) on 127.0.0.1 against the test's
database (SQLite file, or PostgreSQL when POP_DATABASE_URL is set), so the requests really race:
in different processes, on different database connections.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from pop.extensions import db
from pop.models import CheckIn, Goal, GoalStatus
from tests.conftest import PASSWORD, email_of
from tests.plan.conftest import TODAY
from tests.served import Client, pop_serve

PARALLEL = 8


def _serve(app, tmp_path):
    with app.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
        db.engine.dispose()  # the server's processes get the database to themselves
    return pop_serve(url, tmp_path / "pop-serve.log")


def _race(clients: list[Client], send) -> list[tuple[int, int, str]]:
    """Call send(client, n) for every client at the same instant; (n, status, body) each."""
    barrier = threading.Barrier(len(clients))

    def one(n: int):
        barrier.wait()
        status, body = send(clients[n], n)
        return n, status, body

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(one, range(len(clients))))


def _logged_in_clients(app, port: int, user_id: int, form_path: str) -> list[tuple[Client, str]]:
    result = []
    for _ in range(PARALLEL):
        client = Client(port)
        client.log_in(email_of(app, user_id), PASSWORD)
        result.append((client, client.csrf_token(form_path)))
    return result


def test_eight_concurrent_check_ins_are_each_stored_or_answered_409(app, org, make_goal, tmp_path):
    goal_id = make_goal(org.employee, GoalStatus.AGREED)
    path = f"/pop/doelen/{goal_id}/voortgang"
    with _serve(app, tmp_path) as port:
        sessions = _logged_in_clients(app, port, org.employee, path)

        def check_in(client: Client, n: int):
            return client.post(
                path,
                {
                    "csrf_token": sessions[n][1],
                    "on": TODAY.isoformat(),
                    "progress": str(10 + n),
                    "note": f"Gelijktijdige voortgang nummer {n}",
                },
            )

        results = _race([client for client, _ in sessions], check_in)

    statuses = sorted(status for _, status, _ in results)
    assert set(statuses) <= {302, 409}, statuses
    with app.app_context():
        notes = db.session.scalars(select(CheckIn.note).where(CheckIn.goal_id == goal_id)).all()
        assert len(notes) == len(set(notes)), "a check-in was stored twice"
        for n, status, body in results:
            note = f"Gelijktijdige voortgang nummer {n}"
            if status == 302:
                assert note in notes
            else:
                assert note not in notes
                assert note in body, "the refused check-in's note is not shown back"
        goal = db.session.get(Goal, goal_id)
        assert goal.status == GoalStatus.IN_PROGRESS.value
        latest = db.session.scalars(
            select(CheckIn).where(CheckIn.goal_id == goal_id).order_by(CheckIn.id.desc())
        ).first()
        assert goal.progress == latest.progress


def test_eight_concurrent_edits_save_one_and_answer_the_rest_409(app, org, make_goal, tmp_path):
    goal_id = make_goal(org.employee, GoalStatus.CONCEPT)
    path = f"/pop/doelen/{goal_id}/bewerken"
    with app.app_context():
        version = db.session.get(Goal, goal_id).version
    with _serve(app, tmp_path) as port:
        sessions = _logged_in_clients(app, port, org.employee, path)

        def edit(client: Client, n: int):
            return client.post(
                path,
                {
                    "csrf_token": sessions[n][1],
                    "version": str(version),
                    "title": f"Gelijktijdige titel {n}",
                    "competency_id": "",
                    "specific": "Ik schrijf elke week een kort verslag.",
                    "measurable": "Mijn leidinggevende leest er drie van.",
                    "achievable": "Het helpt het hele team verder.",
                    "realistic": "Een uur per week is genoeg.",
                    "starts_on": f"{TODAY.year}-01-01",
                    "deadline": f"{TODAY.year}-12-31",
                },
            )

        results = _race([client for client, _ in sessions], edit)

    statuses = sorted(status for _, status, _ in results)
    assert statuses == [302] + [409] * (PARALLEL - 1), statuses
    with app.app_context():
        title = db.session.get(Goal, goal_id).title
        assert db.session.scalar(select(func.count(Goal.id))) == 1
    for n, status, body in results:
        if status == 302:
            assert title == f"Gelijktijdige titel {n}"
        else:
            assert "Sanne Medewerker heeft dit doel intussen gewijzigd" in body
            assert f"Gelijktijdige titel {n}" in body, "the losing edit's input is not kept"
