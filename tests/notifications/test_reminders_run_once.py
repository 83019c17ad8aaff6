"""`pop send-reminders` on several nodes at once: one run works, every digest goes out once."""

import os
import subprocess
import sys
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.jobs.lock import JobBusy, exclusive
from pop.models import DigestStatus, JobLease, MailDigest, Notification, NotificationKind
from pop.models._time import utcnow
from pop.notifications import digests
from tests.conftest import POSTGRES_URL, email_of
from tests.notifications.test_send_reminders import propose_and_agree


def _notify_everyone(app, user_ids: list[int]) -> None:
    with app.app_context():
        for user_id in user_ids:
            for number in range(2):
                db.session.add(
                    Notification(
                        recipient_id=user_id,
                        kind=NotificationKind.COMMENT_ADDED.value,
                        object_type="Goal",
                        object_id=number,
                        context={"title": f"Doel {number}"},
                    )
                )
        db.session.commit()


def test_a_second_run_is_told_the_job_is_busy(app):
    with app.app_context():
        with exclusive("test-job"), pytest.raises(JobBusy), exclusive("test-job"):
            pass
        with exclusive("test-job"):  # released at the end of the first
            pass


@pytest.mark.skipif(bool(POSTGRES_URL), reason="PostgreSQL uses an advisory lock, not a lease")
def test_the_lease_of_a_run_that_died_runs_out(app):
    with app.app_context():
        db.session.add(
            JobLease(name="test-job", holder="gone", expires_at=utcnow() - timedelta(seconds=1))
        )
        db.session.add(
            JobLease(name="busy-job", holder="alive", expires_at=utcnow() + timedelta(minutes=5))
        )
        db.session.commit()
        with exclusive("test-job") as lease:
            lease.renew()
        with pytest.raises(JobBusy), exclusive("busy-job"):
            pass


def test_while_another_run_holds_the_job_nothing_is_sent(app, runner, org, make_goal, smtp_server):
    propose_and_agree(app, org, make_goal)
    app.config.update(smtp_server.config)
    with app.app_context(), exclusive("send-reminders"):
        result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "Another run of send-reminders is busy; this one did nothing." in result.output
    assert smtp_server.handler.received == []
    assert runner.invoke(args=["send-reminders"]).exit_code == 0
    assert len(smtp_server.handler.received) == 2


def test_a_digest_claimed_by_a_run_that_died_goes_out_once_with_its_message_id(
    app, runner, org, make_goal, smtp_server
):
    propose_and_agree(app, org, make_goal)
    with app.app_context():
        ids = digests.due_recipient_ids()
        claimed = digests.claim(ids, iter(["<a@pop.test>", "<b@pop.test>"]).__next__)
        db.session.commit()
        assert digests.due_recipient_ids() == []  # claimed: no other run takes them
        expected = {digest.recipient.email: digest.message_id for digest in claimed}
    app.config.update(smtp_server.config)
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "2 digest(s) sent" in result.output
    received = {
        item.message["To"].addresses[0].addr_spec: item.message["Message-ID"]
        for item in smtp_server.handler.received
    }
    assert received == expected
    with app.app_context():
        statuses = db.session.scalars(select(MailDigest.status)).all()
        assert statuses == [DigestStatus.SENT.value] * 2
        assert (
            db.session.scalar(
                select(func.count(Notification.id)).where(Notification.emailed_at.is_(None))
            )
            == 0
        )
    assert runner.invoke(args=["send-reminders"]).exit_code == 0
    assert len(smtp_server.handler.received) == 2


def test_runs_started_on_two_nodes_at_once_send_every_digest_once(
    app, make_user, smtp_server, tmp_path
):
    people = [make_user() for _ in range(40)]
    _notify_everyone(app, people)
    env = {
        **os.environ,
        "POP_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "POP_INSTANCE_PATH": str(tmp_path / "instance"),
        "POP_SECRET_KEY": "test-secret",
        "POP_SMTP_HOST": "127.0.0.1",
        "POP_SMTP_PORT": str(smtp_server.port),
    }
    command = [sys.executable, "-m", "flask", "--app", "pop", "send-reminders"]
    runs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    per_recipient = Counter(
        address for item in smtp_server.handler.received for address in item.envelope_to
    )
    assert sorted(per_recipient) == sorted(email_of(app, person) for person in people)
    assert set(per_recipient.values()) == {1}
    # One run sent everything; the other found the job busy (or, started late, nothing left).
    closing = [output.strip().splitlines()[-1].split(" to ")[0] for output in outputs]
    closing.remove("40 digest(s) sent")
    assert closing[0] in (
        "0 digest(s) sent",
        "Another run of send-reminders is busy; this one did nothing.",
    )
