"""Shared fixtures: a fresh database per test, a small organisation, log-in and query counting."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlalchemy import event, text

from pop import create_app
from pop.extensions import db
from pop.models import Department, Role, User
from pop.passwords import hash_password
from tests.clock import RUN_DAY, keep_the_day

POSTGRES_URL = os.environ.get("POP_DATABASE_URL")


def pytest_configure(config):
    # Before the test modules are collected and take today's date (see tests/clock.py).
    config.stash[RUN_DAY] = keep_the_day()


PASSWORD = "test-password-42"


def _database_url(tmp_path) -> str:
    return POSTGRES_URL or f"sqlite:///{tmp_path / 'pop-test.sqlite'}"


def _truncate_all() -> None:
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    # Tests of the migrations leave Alembic's revision behind; the next test's schema has none.
    db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.session.commit()


@pytest.fixture(scope="session", autouse=True)
def _fresh_postgres_schema() -> None:
    """On PostgreSQL, build the schema from scratch once per run."""
    if not POSTGRES_URL:
        return
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": POSTGRES_URL})
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()


def make_app(tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path),
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "RATELIMIT_ENABLED": False,
        # Tests that are about the second factor ask for it; the others log in with a password.
        "MFA_REQUIRED_ROLES": (),
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change the app's configuration."""
    return {}


@pytest.fixture
def app(tmp_path, app_config):
    app = make_app(tmp_path, **app_config)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if POSTGRES_URL:
            _truncate_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user and return their id."""
    counter = iter(range(1, 10_000))

    def make(
        name: str | None = None,
        *,
        roles: set[Role] = frozenset({Role.EMPLOYEE}),
        manager_id: int | None = None,
        department_id: int | None = None,
        email: str | None = None,
        password: str = PASSWORD,
        active: bool = True,
        hr_organisation_wide: bool | None = None,
    ) -> int:
        number = next(counter)
        name = name or f"Persoon {number}"
        with app.app_context():
            user = User(
                name=name,
                email=email or f"{name.lower().replace(' ', '.')}.{number}@pop.example",
                employee_number=f"E{number:05d}",
                manager_id=manager_id,
                department_id=department_id,
                active=active,
                # HR for the whole organisation unless a test narrows it with HrScope rows.
                hr_organisation_wide=(
                    Role.HR in roles if hr_organisation_wide is None else hr_organisation_wide
                ),
            )
            user.roles = set(roles)
            user.password_hash = hash_password(password)
            db.session.add(user)
            db.session.commit()
            return user.id

    return make


@pytest.fixture
def make_department(app):
    def make(name: str, parent_id: int | None = None) -> int:
        with app.app_context():
            department = Department(name=name, parent_id=parent_id)
            db.session.add(department)
            db.session.commit()
            return department.id

    return make


@dataclass
class Org:
    """Ids of a small organisation: two teams, HR and an admin."""

    department_a: int
    department_b: int
    hr: int
    admin: int
    manager: int
    employee: int
    colleague: int
    other_manager: int
    other_employee: int


@pytest.fixture
def org(make_user, make_department) -> Org:
    root = make_department("Gemeente")
    department_a = make_department("Dienstverlening", root)
    department_b = make_department("Sociaal Domein", root)
    manager = make_user(
        "Marieke Manager", roles={Role.MANAGER, Role.EMPLOYEE}, department_id=department_a
    )
    other_manager = make_user(
        "Karim Manager", roles={Role.MANAGER, Role.EMPLOYEE}, department_id=department_b
    )
    return Org(
        department_a=department_a,
        department_b=department_b,
        hr=make_user("Hanna HR", roles={Role.HR, Role.EMPLOYEE}, department_id=root),
        admin=make_user("Bram Beheer", roles={Role.ADMIN}, department_id=root),
        manager=manager,
        employee=make_user("Sanne Medewerker", manager_id=manager, department_id=department_a),
        colleague=make_user("Pieter Collega", manager_id=manager, department_id=department_a),
        other_manager=other_manager,
        other_employee=make_user(
            "Lotte Anderteam", manager_id=other_manager, department_id=department_b
        ),
    )


def email_of(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email


@pytest.fixture
def login(app, client):
    """Log the test client in as the user with this id."""

    def do_login(user_id: int, password: str = PASSWORD):
        response = client.post(
            "/auth/login", data={"email": email_of(app, user_id), "password": password}
        )
        assert response.status_code == 302, "log-in failed"
        return response

    return do_login


@contextmanager
def _counting(engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def count_queries(app):
    """`with count_queries() as statements:` collects the SQL a block runs."""

    def counter():
        with app.app_context():
            engine = db.engine
        return _counting(engine)

    return counter
