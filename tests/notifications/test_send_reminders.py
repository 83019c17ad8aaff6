"""`pop send-reminders` against a real SMTP server on loopback (aiosmtpd), and the outbox."""

from dataclasses import dataclass
from datetime import date, timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import (
    Cycle,
    Goal,
    GoalStatus,
    MailDigest,
    Notification,
    NotificationKind,
    ReminderLog,
    User,
)
from pop.models._time import utcnow
from pop.notifications import services
from pop.notifications.mail import Mailer
from pop.plan import services as plan_services
from tests.conftest import email_of
from tests.notifications.conftest import (
    SMTP_LOGIN,
    SMTP_PASSWORD,
    Collecting,
    _serve,
    body_text,
    free_port,
    html_text,
)

TODAY = date.today()


def propose_and_agree(app, org, make_goal) -> tuple[int, int]:
    """Sanne proposes one goal to Marieke; Marieke agrees another one of Pieter's."""
    dates = {"starts_on": TODAY, "deadline": TODAY + timedelta(days=60)}  # nothing due yet
    proposed = make_goal(org.employee, GoalStatus.CONCEPT, title="Helder schrijven", **dates)
    agreed = make_goal(org.colleague, GoalStatus.PROPOSED, title="Beter presenteren", **dates)
    with app.app_context():
        plan_services.propose(db.session.get(Goal, proposed), db.session.get(User, org.employee))
        plan_services.agree(db.session.get(Goal, agreed), db.session.get(User, org.manager))
        db.session.commit()
    return proposed, agreed


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            "emailed": db.session.scalar(
                select(func.count(Notification.id)).where(Notification.emailed_at.is_not(None))
            ),
            "digests": db.session.scalar(select(func.count(MailDigest.id))),
        }


@pytest.fixture
def send(app, runner):
    def run(*args: str, **config):
        app.config.update(config)
        return runner.invoke(args=["send-reminders", *args])

    return run


def test_the_right_people_get_the_right_digest_in_their_language(
    app, org, make_goal, send, smtp_server, set_language
):
    set_language(org.colleague, "en")
    proposed, agreed = propose_and_agree(app, org, make_goal)
    result = send(**smtp_server.config, PUBLIC_URL="https://pop.gemeente.example")
    assert result.exit_code == 0, result.output
    assert f"2 digest(s) sent to 127.0.0.1:{smtp_server.port}" in result.output

    handler = smtp_server.handler
    assert sorted(address for item in handler.received for address in item.envelope_to) == sorted(
        [email_of(app, org.manager), email_of(app, org.colleague)]
    )
    [to_manager] = handler.to(email_of(app, org.manager))
    assert to_manager["Subject"] == "POP: 1 nieuwe melding"
    assert to_manager["To"].addresses[0].display_name == "Marieke Manager"
    assert to_manager["Auto-Submitted"] == "auto-generated"
    text = body_text(to_manager)
    assert text.startswith("Beste Marieke Manager,")
    assert 'Sanne Medewerker stelt het doel "Helder schrijven" voor.' in text
    assert f"https://pop.gemeente.example/pop/doelen/{proposed}" in text
    assert "https://pop.gemeente.example/meldingen/instellingen" in text
    assert f'href="https://pop.gemeente.example/pop/doelen/{proposed}"' in html_text(to_manager)

    [to_colleague] = handler.to(email_of(app, org.colleague))
    assert to_colleague["Subject"] == "POP: 1 new notification"
    assert to_colleague["Content-Language"] == "en"
    english = body_text(to_colleague)
    assert english.startswith("Dear Pieter Collega,")
    assert 'Marieke Manager agreed your goal "Beter presenteren".' in english
    assert f"/pop/doelen/{agreed}" in english
    assert counts(app) == {"emailed": 2, "digests": 2}


def test_a_second_run_sends_nothing(app, org, make_goal, send, smtp_server):
    make_goal(org.employee, starts_on=TODAY, deadline=TODAY + timedelta(days=2))
    propose_and_agree(app, org, make_goal)
    assert send(**smtp_server.config).exit_code == 0
    first = len(smtp_server.handler.received)
    assert first == 3  # Marieke (proposal), Pieter (agreed), Sanne (deadline near)

    again = send(**smtp_server.config)
    assert again.exit_code == 0, again.output
    assert "0 new reminder(s) issued." in again.output
    assert "0 digest(s) sent" in again.output
    assert len(smtp_server.handler.received) == first


def test_each_person_gets_at_most_one_digest_per_run(app, org, make_goal, send, smtp_server):
    for number in range(3):
        make_goal(org.employee, title=f"Doel {number}", starts_on=TODAY, deadline=TODAY)
    result = send(**smtp_server.config)
    assert result.exit_code == 0, result.output
    assert "3 new reminder(s) issued." in result.output
    [message] = smtp_server.handler.to(email_of(app, org.employee))
    assert message["Subject"] == "POP: 3 nieuwe meldingen"
    assert len(smtp_server.handler.received) == 1


def test_a_refusing_smtp_server_leaves_nothing_marked_as_sent(
    app, org, make_goal, send, failing_smtp_server, smtp_server
):
    propose_and_agree(app, org, make_goal)
    result = send(**failing_smtp_server.config)
    assert result.exit_code == 1
    assert f"SMTP server 127.0.0.1:{failing_smtp_server.port} answered 451" in result.output
    assert "try again later" in result.output
    assert "0 of 2 digest(s) were sent" in result.output
    assert counts(app) == {"emailed": 0, "digests": 0}

    # Once the server takes mail again, everything goes out.
    assert send(**smtp_server.config).exit_code == 0
    assert len(smtp_server.handler.received) == 2
    assert counts(app) == {"emailed": 2, "digests": 2}


class AcceptsOneThenRefuses:
    """A server that takes the first message and then asks to try again later."""

    def __init__(self) -> None:
        self.received: list = []

    async def handle_DATA(self, server, session, envelope):
        if self.received:
            return "451 4.3.0 try again later"
        self.received.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def test_a_server_that_refuses_half_way_gets_only_the_rest_on_the_next_run(
    app, org, make_goal, send, smtp_server
):
    propose_and_agree(app, org, make_goal)
    for server in _serve(AcceptsOneThenRefuses()):
        result = send(**server.config)
    assert result.exit_code == 1
    assert "1 of 2 digest(s) were sent" in result.output
    [[first_recipient]] = server.handler.received
    assert counts(app) == {"emailed": 1, "digests": 1}  # the accepted one is marked sent

    assert send(**smtp_server.config).exit_code == 0
    [second] = smtp_server.handler.received
    assert second.envelope_to != [first_recipient]
    assert counts(app) == {"emailed": 2, "digests": 2}


def test_an_unreachable_smtp_server_is_a_clear_error(app, org, make_goal, send):
    propose_and_agree(app, org, make_goal)
    port = free_port()  # nothing listens here
    result = send(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TIMEOUT=5)
    assert result.exit_code == 1
    assert f"SMTP server 127.0.0.1:{port}" in result.output
    assert "ConnectionRefusedError" in result.output
    assert counts(app) == {"emailed": 0, "digests": 0}


def test_smtp_login_when_configured(app, org, make_goal, send, authenticating_smtp_server):
    propose_and_agree(app, org, make_goal)
    server = authenticating_smtp_server
    wrong = send(**server.config, SMTP_USERNAME=SMTP_LOGIN, SMTP_PASSWORD="fout")
    assert wrong.exit_code == 1
    assert f"SMTP server 127.0.0.1:{server.port} answered 535" in wrong.output
    assert counts(app) == {"emailed": 0, "digests": 0}

    right = send(**server.config, SMTP_USERNAME=SMTP_LOGIN, SMTP_PASSWORD=SMTP_PASSWORD)
    assert right.exit_code == 0, right.output
    assert len(server.handler.received) == 2


def test_without_smtp_the_mail_goes_to_the_outbox(app, org, make_goal, send, tmp_path):
    outbox = tmp_path / "outbox"
    propose_and_agree(app, org, make_goal)
    result = send(SMTP_HOST=None, MAIL_OUTBOX_FOLDER=str(outbox))
    assert result.exit_code == 0, result.output
    assert f"2 digest(s) sent to {outbox}" in result.output
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 2
    recipients = {
        str(
            message_from_bytes(path.read_bytes(), policy=default_policy)["To"]
            .addresses[0]
            .addr_spec
        )
        for path in files
    }
    assert recipients == {email_of(app, org.manager), email_of(app, org.colleague)}
    assert send(SMTP_HOST=None, MAIL_OUTBOX_FOLDER=str(outbox)).exit_code == 0
    assert len(list(outbox.glob("*.eml"))) == 2


def test_the_outbox_is_in_the_instance_folder_by_default(app):
    with app.app_context():
        mailer = Mailer.from_app()
    assert mailer.host is None
    assert mailer.outbox == Path(app.instance_path) / "outbox"
    assert mailer.destination == str(Path(app.instance_path) / "outbox")


def test_switched_off_kinds_and_read_notifications_are_not_mailed(
    app, org, make_goal, send, smtp_server
):
    with app.app_context():
        manager = db.session.get(User, org.manager)
        services.save_settings(
            manager,
            mailed=set(NotificationKind) - {NotificationKind.GOAL_PROPOSED},
            digest=services.DigestFrequency.DAILY,
        )
        db.session.commit()
    propose_and_agree(app, org, make_goal)
    with app.app_context():
        services.mark_all_read(db.session.get(User, org.colleague))
        db.session.commit()
    result = send(**smtp_server.config)
    assert result.exit_code == 0, result.output
    assert smtp_server.handler.received == []


def test_a_weekly_digest_waits_a_week(app, org, make_goal, send, smtp_server):
    with app.app_context():
        services.save_settings(
            db.session.get(User, org.employee),
            mailed=set(NotificationKind),
            digest=services.DigestFrequency.WEEKLY,
        )
        db.session.add(MailDigest(recipient_id=org.employee, sent_at=utcnow() - timedelta(days=3)))
        db.session.commit()
    make_goal(org.employee, starts_on=TODAY, deadline=TODAY)
    assert send(**smtp_server.config).exit_code == 0
    assert smtp_server.handler.received == []
    with app.app_context():
        db.session.execute(
            MailDigest.__table__.update().values(sent_at=utcnow() - timedelta(days=7))
        )
        db.session.commit()
    assert send(**smtp_server.config).exit_code == 0
    assert len(smtp_server.handler.to(email_of(app, org.employee))) == 1


def test_days_and_weeks_options_choose_what_is_due(app, org, make_goal, send, smtp_server):
    make_goal(org.employee, starts_on=TODAY, deadline=TODAY + timedelta(days=10))
    assert "0 new reminder(s)" in send("--days", "5", **smtp_server.config).output
    assert "1 new reminder(s)" in send("--days", "10", **smtp_server.config).output
    with app.app_context():
        assert db.session.scalar(select(func.count(ReminderLog.id))) == 1
    assert send("--weeks", "0").exit_code == 2  # refused by the option's range


def test_reminders_of_a_closed_cycle_are_not_sent(app, org, make_goal, send, smtp_server, cycle_id):
    make_goal(org.employee, starts_on=TODAY, deadline=TODAY)
    with app.app_context():
        db.session.get(Cycle, cycle_id).is_open = False
        db.session.commit()
    result = send(**smtp_server.config)
    assert "0 new reminder(s)" in result.output
    assert smtp_server.handler.received == []


def test_the_scheduled_run_opens_the_years_cycle_once(app, org, send, smtp_server):
    first = send(**smtp_server.config)
    assert first.exit_code == 0, first.output
    assert f"Opened the cycle {TODAY.year}." in first.output
    again = send(**smtp_server.config)
    assert "Opened the cycle" not in again.output
    with app.app_context():
        cycles = list(db.session.scalars(select(Cycle)))
        assert [(cycle.name, cycle.is_open) for cycle in cycles] == [(str(TODAY.year), True)]


# --- a recipient who cannot be mailed does not stop the run ------------------------------------


def _rename(app, user_id: int, name: str) -> None:
    """Write the name straight to the database, as a row from before names were checked."""
    with app.app_context():
        db.session.get(User, user_id).name = name
        db.session.commit()


def test_a_name_that_breaks_mail_headers_is_skipped_and_everybody_else_gets_mail(
    app, org, make_goal, send, smtp_server
):
    propose_and_agree(app, org, make_goal)  # digests for Marieke (first by id) and Pieter
    _rename(app, org.manager, "Marieke\r\nBcc: iedereen@pop.example")

    result = send(**smtp_server.config)

    assert result.exit_code == 1
    assert f"Skipped person {org.manager} <'{email_of(app, org.manager)}'>" in result.output
    assert "1 recipient(s) could not be mailed and were skipped" in result.output
    assert "1 digest(s) sent" in result.output
    assert len(smtp_server.handler.to(email_of(app, org.colleague))) == 1
    assert smtp_server.handler.to(email_of(app, org.manager)) == []
    assert counts(app) == {"emailed": 1, "digests": 1}  # the skipped claim was given up

    # Once HR corrects the name, the next run mails her, and only her.
    _rename(app, org.manager, "Marieke Manager")
    again = send(**smtp_server.config)
    assert again.exit_code == 0, again.output
    assert len(smtp_server.handler.to(email_of(app, org.manager))) == 1
    assert len(smtp_server.handler.received) == 2


@dataclass
class RefusesOneAddress(Collecting):
    """Accepts every message except those to one address (a mailbox that does not exist)."""

    refused: str = ""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def picky_smtp_server():
    yield from _serve(RefusesOneAddress())


def test_an_address_the_server_refuses_is_skipped_and_everybody_else_gets_mail(
    app, org, make_goal, send, picky_smtp_server
):
    propose_and_agree(app, org, make_goal)
    server = picky_smtp_server
    refused = server.handler.refused = email_of(app, org.manager)

    result = send(**server.config)

    assert result.exit_code == 1
    assert f"Skipped person {org.manager} <'{refused}'>" in result.output
    assert "550" in result.output
    assert len(server.handler.to(email_of(app, org.colleague))) == 1
    assert counts(app) == {"emailed": 1, "digests": 1}
