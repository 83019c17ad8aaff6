"""Passwords: long enough, not guessable, checked offline; the same hash work for every address."""

import statistics
import time

import pytest
from sqlalchemy import select

from pop.extensions import db
from pop.models import User
from pop.passwords import _stand_in_hash, password_problems
from tests.conftest import email_of


@pytest.mark.parametrize(
    "password",
    ["Password1234", "Wachtwoord2026", "Welkom2026!!", "qwertyuiop12", "aaaaaaaaaaaaaaaa"],
)
def test_common_and_guessable_passwords_are_refused_with_a_reason(app, password):
    with app.test_request_context():
        problems = password_problems(password)
    assert problems[0] == "Dit wachtwoord is te makkelijk te raden."
    assert len(problems) >= 2, "the person is told why"


@pytest.mark.parametrize("password", ["Password123", "Welkom01!!", "kort"])
def test_short_passwords_are_refused(app, password):
    with app.test_request_context():
        assert password_problems(password) == ["Kies een wachtwoord van minstens 12 tekens."]


def test_own_name_or_address_is_refused(app):
    with app.test_request_context():
        problems = password_problems(
            "sanne.devries-2026", email="sanne.devries@gemeente.example", name="Sanne de Vries"
        )
    assert problems == ["Gebruik niet je naam of e-mailadres in je wachtwoord."]


@pytest.mark.parametrize(
    "password", ["een lange zin als wachtwoord", "paars fietspad onder de brug", "Kw8!rT2#pLm9zX"]
)
def test_long_unguessable_passwords_pass(app, password):
    with app.test_request_context():
        assert password_problems(password) == []


def test_the_messages_are_in_english_for_english_users(app):
    from flask import session

    with app.test_request_context():
        session["language"] = "en"
        problems = password_problems("Wachtwoord2026")
    assert problems[0] == "This password is too easy to guess."


class TestEqualHashWork:
    @pytest.fixture
    def app_config(self):
        # Expensive enough that the hash, not the database, decides the time of an answer.
        return {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:120000"}

    def _time(self, client, email: str) -> float:
        started = time.perf_counter()
        response = client.post("/auth/login", data={"email": email, "password": "not-it"})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        return elapsed

    def test_an_unknown_address_costs_the_same_hash_work_as_a_known_one(
        self, app, client, make_user
    ):
        known = email_of(app, make_user("Bekende Collega"))
        with app.app_context():
            stored = db.session.scalars(select(User.password_hash)).one()
            # The stand-in hash is of the same method and cost as a real one.
            stand_in = _stand_in_hash(app.config["PASSWORD_HASH_METHOD"])
            assert stand_in.split("$")[0] == stored.split("$")[0] == "pbkdf2:sha256:120000"
        unknown = "niemand@gemeente.example"
        self._time(client, known), self._time(client, unknown)  # warm up: the stand-in is made
        # Interleaved, so that a busy machine slows both alike; medians of seven.
        timings = [(self._time(client, known), self._time(client, unknown)) for _ in range(7)]
        known_time = statistics.median(pair[0] for pair in timings)
        unknown_time = statistics.median(pair[1] for pair in timings)
        assert unknown_time > 0.7 * known_time, (known_time, unknown_time)
        assert known_time > 0.7 * unknown_time, (known_time, unknown_time)
