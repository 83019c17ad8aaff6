"""While the database is away: POP's own 503 page in the user's language, JSON for machines,
Retry-After, and one log line per failure."""

import json
import time

import pytest
from sqlalchemy import func, select, text

from pop.auth.sessions import SEEN_KEY, TOKEN_KEY
from pop.extensions import db
from pop.models import Department, User
from tests.conftest import POSTGRES_URL, make_app

# Real failures, no mocks: an SQLite file in a folder that does not exist, and a PostgreSQL
# port on loopback where nothing listens.
AWAY = {
    "sqlite": "sqlite:////nonexistent-folder-of-pop-tests/pop.sqlite",
    "postgresql": "postgresql+psycopg://pop@127.0.0.1:9/pop?connect_timeout=2",
}


@pytest.fixture(params=sorted(AWAY))
def away(request, tmp_path):
    return make_app(tmp_path, SQLALCHEMY_DATABASE_URI=AWAY[request.param]).test_client()


def test_a_form_sent_while_the_database_is_away_gets_the_dutch_503_page(away):
    response = away.post("/auth/login", data={"email": "a@b.nl", "password": "x" * 12})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    page = response.get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "<h1>Even niet beschikbaar</h1>" in page
    assert "Wat je zojuist verstuurde, is niet opgeslagen." in page
    assert "Internal Server Error" not in page


def test_a_signed_in_visitor_who_chose_english_gets_it_in_english(away):
    with away.session_transaction() as session:  # a signed-in browser's session
        session.update(
            {
                "_user_id": "1",
                "_fresh": True,
                TOKEN_KEY: "a-session-token",
                SEEN_KEY: int(time.time()),
                "language": "en",
            }
        )
    response = away.get("/")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "<h1>Temporarily unavailable</h1>" in page
    assert '<a href="/">Try again</a>' in page


@pytest.mark.parametrize(
    ("path", "headers"),
    [("/readyz", {}), ("/auth/login", {"Accept": "application/json"})],
)
def test_machines_get_json(away, path, headers):
    if path == "/readyz":
        response = away.get(path, headers=headers)
    else:
        response = away.post(path, headers=headers, data={"email": "a@b.nl", "password": "x"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    assert response.json["status"] == "unavailable"
    assert response.json["database"] == "unreachable"


def test_each_failure_is_one_log_line_without_traceback(away, capsys):
    capsys.readouterr()
    away.post("/auth/login", data={"email": "a@b.nl", "password": "x" * 12})
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    record = json.loads(lines[0])
    assert record["level"] == "ERROR"
    assert record["status"] == 503
    assert record["route"] == "/auth/login"
    assert record["error"].startswith("database unavailable: OperationalError")
    assert "Traceback" not in lines[0]


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL closes a connection from its side")
def test_a_connection_the_database_closes_after_the_answer_does_not_make_it_a_500(
    app, client, capsys
):
    """PostgreSQL stopped between the view and the end of the request (the multi-node check
    saw it): the teardown's rollback fails on the dead connection, and the answer stands."""

    def answer_then_lose_the_connection():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        with db.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            for _ in range(50):
                gone = not other.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
                ).scalar()
                if gone:
                    break
                time.sleep(0.1)
        return "answered"

    def count_people():
        return str(db.session.scalar(select(func.count(User.id))))

    app.add_url_rule("/_test/lose-connection", view_func=answer_then_lose_the_connection)
    app.add_url_rule("/_test/people", view_func=count_people)
    capsys.readouterr()

    response = client.get("/_test/lose-connection")

    assert response.status_code == 200
    assert response.get_data(as_text=True) == "answered"
    warnings = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if '"WARNING"' in line
    ]
    assert [record["message"].split(":")[0] for record in warnings] == [
        "database connection lost at the end of the request"
    ]
    # The pool let the dead connection go: the next request works.
    assert client.get("/_test/people").get_data(as_text=True) == "0"


def _unavailable_total(client) -> float:
    text = client.get("/metrics").get_data(as_text=True)
    [line] = [line for line in text.splitlines() if line.startswith("pop_db_unavailable_total ")]
    return float(line.split()[1])


def test_each_503_is_counted_in_the_metrics_and_never_cached(away):
    before = _unavailable_total(away)  # /metrics itself answers without the database
    response = away.post("/auth/login", data={"email": "a@b.nl", "password": "x" * 12})
    assert response.status_code == 503
    assert response.headers["Cache-Control"] == "no-store"
    assert _unavailable_total(away) == before + 1


def _lose_the_connection() -> None:
    """The database goes away under this request: PostgreSQL ends its connection; SQLite's
    file, the test's stand-in, refuses the next statement with the same OperationalError."""
    if db.engine.dialect.name != "postgresql":
        return
    pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
    with db.engine.connect() as other:
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        for _ in range(50):
            if not other.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).scalar():
                return
            time.sleep(0.1)


def _next_statement_fails() -> None:
    postgres = db.engine.dialect.name == "postgresql"
    table = "user_account" if postgres else "pop_table_that_is_not_there"
    db.session.execute(text(f'SELECT 1 FROM "{table}"'))  # noqa: S608 (a fixed name)


def test_a_form_stored_before_the_database_went_away_is_said_to_be_stored(app, client):
    def store_then_fail():
        db.session.add(Department(name="Opgeslagen afdeling"))
        db.session.commit()
        _lose_the_connection()
        _next_statement_fails()
        return "not reached"

    app.add_url_rule("/_test/store-then-fail", view_func=store_then_fail, methods=["POST"])
    app.add_url_rule("/_test/fail", view_func=_fail_at_once, methods=["POST"])
    response = client.post("/_test/store-then-fail")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "is opgeslagen; daarna viel de verbinding met de database weg." in page
    assert "Verstuur het niet opnieuw." in page
    assert "niet opgeslagen" not in page
    with app.app_context():
        assert db.session.scalar(select(Department.name)) == "Opgeslagen afdeling"
    # A form that failed before anything was stored still says so.
    page = client.post("/_test/fail").get_data(as_text=True)
    assert "Wat je zojuist verstuurde, is niet opgeslagen." in page


def _fail_at_once():
    _lose_the_connection()
    _next_statement_fails()
    return "not reached"


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL closes a connection from its side")
def test_a_form_whose_commit_was_cut_off_is_said_to_be_uncertain(app, client):
    def cut_off_while_storing():
        db.session.add(Department(name="Misschien opgeslagen"))
        db.session.flush()
        _lose_the_connection()
        db.session.commit()
        return "not reached"

    app.add_url_rule("/_test/cut-off", view_func=cut_off_while_storing, methods=["POST"])
    response = client.post("/_test/cut-off")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Het is niet zeker of wat je zojuist verstuurde is opgeslagen" in page
