"""`pop refresh-hr-totals`: for cron or the timer. Brings the HR dashboard's totals up to date.

Only what a change made stale is recomputed (and everything once a day, for the overdue goals
and the weeks of check-ins). Safe on every node at once: one run takes the job's lock, the
others say so and stop.
"""

import click
from flask.cli import with_appcontext

from pop.extensions import db
from pop.hr.totals_refresh import refresh
from pop.jobs.lock import JobBusy, exclusive
from pop.jobs.runs import recorded_run

JOB_NAME = "refresh-hr-totals"


@click.command("refresh-hr-totals")
@with_appcontext
def refresh_hr_totals_command() -> None:
    """Recompute the HR dashboard's totals where they are stale."""
    try:
        with recorded_run(JOB_NAME), exclusive(JOB_NAME):
            outcome = refresh()
            db.session.commit()
    except JobBusy:
        click.echo("Another run of refresh-hr-totals is busy; this one did nothing.")
        return
    click.echo(
        f"Totals brought up to date: {outcome.cycles} cycle(s), {outcome.rows} row(s) written."
    )
