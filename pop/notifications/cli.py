"""`pop send-reminders`: for cron. Issues what has become due and mails each person one digest.

Run it as often as you like: what was reminded of or mailed is recorded, so nothing goes out
twice. When the mail server fails, the command stops, exits with status 1 and says why; what
that server did not accept stays unsent for the next run.
"""

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from pop.extensions import db
from pop.notifications import reminders
from pop.notifications.mail import Mailer, MailError, build_digest


@click.command("send-reminders")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Remind of goal deadlines this many days ahead (default: REMINDER_DEADLINE_DAYS, 14).",
)
@click.option(
    "--weeks",
    type=click.IntRange(min=1),
    default=None,
    help="Remind of goals without a check-in for this many weeks "
    "(default: REMINDER_CHECK_IN_WEEKS, 6).",
)
@with_appcontext
def send_reminders_command(days: int | None, weeks: int | None) -> None:
    """Issue due reminders and mail every person their digest (at most one per run)."""
    config = current_app.config
    days = config["REMINDER_DEADLINE_DAYS"] if days is None else days
    weeks = config["REMINDER_CHECK_IN_WEEKS"] if weeks is None else weeks

    due = reminders.due_reminders(date.today(), days=days, weeks=weeks)
    issued = reminders.issue(due)
    db.session.commit()
    click.echo(f"{len(issued)} new reminder(s) issued.")

    digests = reminders.pending_digests()
    sent = 0
    with Mailer.from_app() as mailer:
        for digest in digests:
            message = build_digest(digest)
            try:
                mailer.send(message)
            except MailError as error:
                db.session.rollback()
                raise click.ClickException(
                    f"Sending mail failed: {error}. {sent} of {len(digests)} digest(s) were "
                    "sent before; the others are not marked as sent and go out on the next run."
                ) from error
            # Each accepted message is recorded at once: a later failure must not resend it.
            reminders.mark_sent(digest, str(message["Message-ID"]))
            db.session.commit()
            sent += 1
    click.echo(f"{sent} digest(s) sent to {mailer.destination}.")
