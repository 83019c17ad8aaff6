"""`pop send-reminders`: for cron or the timer. Issues what has become due, mails each digest.

It also opens the calendar year's cycle when none holds today (pages never do: a GET never
writes). Run it as often as you like, on every node at once: one run takes the job's lock and the
others say so and stop; what was reminded of or mailed is recorded, so nothing goes out twice.
When the mail server fails, the command stops, exits with status 1 and says why; what that server
did not accept stays unsent for the next run. A recipient who cannot be mailed (the server refuses
the address, or the name cannot go in a mail header) is skipped and logged, everybody else still
gets their mail, and the command exits with status 1 at the end, naming whom it skipped.
"""

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from pop.extensions import db
from pop.jobs.lock import JobBusy, exclusive
from pop.jobs.runs import recorded_run
from pop.notifications import job
from pop.notifications.mail import Mailer
from pop.plan import current_cycle as plan_current_cycle

JOB_NAME = "send-reminders"


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
    try:
        with (
            recorded_run(JOB_NAME),
            exclusive(JOB_NAME) as lease,
            Mailer.from_app() as mailer,
        ):
            _open_the_years_cycle()
            outcome = job.run(
                date.today(),
                days=days,
                weeks=weeks,
                mailer=mailer,
                lease=lease,
                progress=click.echo,
            )
    except JobBusy:
        click.echo("Another run of send-reminders is busy; this one did nothing.")
        return
    except job.DigestsFailed as failure:
        raise click.ClickException(
            f"Sending mail failed: {failure}. {failure.sent} of {failure.total} digest(s) were "
            "sent before; the others are not marked as sent and go out on the next run."
        ) from failure
    click.echo(f"{outcome.sent} digest(s) sent to {mailer.destination}.")
    if outcome.skipped:
        for line in outcome.skipped:
            click.echo(f"Skipped {line}", err=True)
        raise click.ClickException(
            f"{len(outcome.skipped)} recipient(s) could not be mailed and were skipped (listed "
            "above); correct their name or address and the next run mails them."
        )


def _open_the_years_cycle() -> None:
    if plan_current_cycle.find_current_cycle() is None:
        cycle = plan_current_cycle.current_cycle()
        db.session.commit()
        click.echo(f"Opened the cycle {cycle.name}.")
