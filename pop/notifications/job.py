"""The reminder run: issue what has become due, then claim, send and mark each digest.

It works in batches whose commits do not expire the session (so one batch's commit does not
make the next reload everything) and renews the job's lease between batches. The caller holds
the job lock (`pop.jobs.lock.exclusive`), so runs started on several nodes do the work once.
"""

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from email.errors import MessageError
from email.utils import make_msgid
from typing import TypeVar

from flask import current_app

from pop.extensions import db
from pop.jobs.lock import Lease
from pop.notifications import digests, issuing, reminders
from pop.notifications.mail import (
    Mailer,
    MailError,
    UnmailableRecipient,
    build_digest,
    sender_domain,
)

BATCH_SIZE = 500
# Accepted digests marked sent per commit.
MARK_EVERY = 50
Item = TypeVar("Item")


class DigestsFailed(Exception):
    """The mail server refused; `sent` digests went out before, the rest stays for later."""

    def __init__(self, error: MailError, sent: int, total: int) -> None:
        super().__init__(str(error))
        self.sent, self.total = sent, total


@dataclass
class Outcome:
    issued: int = 0
    sent: int = 0
    # One line per recipient no message could be made or delivered for; the run went on.
    skipped: list[str] = field(default_factory=list)


def _batches(items: Sequence[Item], size: int) -> list[Sequence[Item]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


@contextmanager
def _commits_keep_objects():
    session = db.session()
    before, session.expire_on_commit = session.expire_on_commit, False
    try:
        yield
    finally:
        session.expire_on_commit = before


def run(
    today: date,
    *,
    days: int,
    weeks: int,
    mailer: Mailer,
    lease: Lease,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str], None] = lambda line: None,
) -> Outcome:
    outcome = Outcome()
    with _commits_keep_objects():
        for page in reminders.due_pages(today, days=days, weeks=weeks, size=batch_size):
            outcome.issued += len(issuing.issue(page))
            db.session.commit()
            db.session.expunge_all()
            lease.renew()
        progress(f"{outcome.issued} new reminder(s) issued.")

        domain = sender_domain()
        retried = digests.unfinished()
        db.session.commit()
        recipients = digests.due_recipient_ids()
        total = len(retried) + len(recipients)
        outcome.sent += _send(retried, mailer, outcome, total)
        for batch in _batches(recipients, batch_size):
            claimed = digests.claim(list(batch), lambda: make_msgid("pop", domain=domain))
            db.session.commit()
            outcome.sent += _send(claimed, mailer, outcome, total)
            db.session.expunge_all()
            lease.renew()
    return outcome


def _send(claimed: list[digests.Digest], mailer: Mailer, outcome: Outcome, total: int) -> int:
    """Send claimed digests one by one and mark them sent in small groups; DigestsFailed on
    refusal, after marking what went out before it.

    A recipient whose message cannot be made (a line break in the name, from before names
    were checked) or whose address the server refuses is skipped and logged: their claim is
    given up, so the next run tries again, and everybody after them still gets their mail.
    """
    accepted: list[digests.Digest] = []
    sent = 0
    for position, digest in enumerate(claimed):
        try:
            mailer.send(build_digest(digest))
        except (UnmailableRecipient, ValueError, MessageError) as error:
            _skip(digest, error, outcome)
            digests.release([digest])
            db.session.commit()
            continue
        except MailError as error:
            db.session.rollback()
            digests.mark_sent(accepted)
            digests.release(claimed[position:])
            db.session.commit()
            raise DigestsFailed(error, outcome.sent + sent, total) from error
        accepted.append(digest)
        sent += 1
        # A commit per message would cost more than the message. Should the run die between
        # two marks, the few accepted but unmarked digests stay claimed and the next run sends
        # them again with the same Message-ID, which mail clients show once.
        if len(accepted) >= MARK_EVERY:
            digests.mark_sent(accepted)
            db.session.commit()
            accepted = []
    digests.mark_sent(accepted)
    db.session.commit()
    return sent


def _skip(digest: digests.Digest, error: Exception, outcome: Outcome) -> None:
    recipient = digest.recipient
    line = f"person {recipient.id} <{recipient.email!r}>: {error}"
    current_app.logger.warning("send-reminders skipped %s", line)
    outcome.skipped.append(line)
