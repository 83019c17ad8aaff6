"""Fixtures for notifications: a cycle, goals and conversations, and a real SMTP server."""

import email
import socket
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from pop.extensions import db
from pop.models import ConversationKind, ConversationStatus, GoalStatus, User
from tests.conversations import factories

TODAY = date.today()


@pytest.fixture
def cycle_id(app) -> int:
    return factories.make_cycle(app)


@pytest.fixture
def make_goal(app, cycle_id):
    """A goal straight in the database (any status, any dates); returns its id."""
    counter = iter(range(1, 10_000))

    def make(employee_id: int, status: GoalStatus = GoalStatus.AGREED, **fields) -> int:
        fields.setdefault("title", f"Doel {next(counter)}")
        return factories.make_goal(app, employee_id, cycle_id, status, **fields)

    return make


@pytest.fixture
def make_conversation(app, org, cycle_id):
    def make(
        employee_id: int | None = None,
        manager_id: int | None = None,
        kind: ConversationKind = ConversationKind.REVIEW,
        status: ConversationStatus = ConversationStatus.PLANNED,
        **fields,
    ) -> int:
        return factories.make_conversation(
            app,
            employee_id or org.employee,
            manager_id or org.manager,
            cycle_id,
            kind=kind,
            status=status,
            **fields,
        )

    return make


@pytest.fixture
def set_language(app):
    def set_(user_id: int, language: str | None) -> None:
        with app.app_context():
            db.session.get(User, user_id).language = language
            db.session.commit()

    return set_


# --- a real SMTP server on loopback -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    envelope_to: list[str]
    message: EmailMessage


@dataclass
class Collecting:
    """Accepts every message and keeps it."""

    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [item.message for item in self.received if address in item.envelope_to]


class TryAgainLater:
    """A server that is up but refuses every message for now."""

    async def handle_DATA(self, server, session, envelope):
        return "451 4.3.0 try again later"


@dataclass
class SmtpServer:
    handler: object
    port: int

    @property
    def config(self) -> dict:
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": self.port, "SMTP_TIMEOUT": 5}


def _serve(handler, **options):
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield SmtpServer(handler, controller.port)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server():
    yield from _serve(Collecting())


@pytest.fixture
def failing_smtp_server():
    yield from _serve(TryAgainLater())


SMTP_LOGIN, SMTP_PASSWORD = "pop", "geheim-wachtwoord"


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    valid = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        SMTP_LOGIN.encode(),
        SMTP_PASSWORD.encode(),
    )
    return AuthResult(success=valid, handled=False)


@pytest.fixture
def authenticating_smtp_server():
    """Offers AUTH (without TLS: loopback only) and accepts one login."""
    yield from _serve(Collecting(), authenticator=_authenticate, auth_require_tls=False)


def body_text(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_text(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
