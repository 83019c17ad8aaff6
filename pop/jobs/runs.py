"""A row in job_run per run of a scheduled job: ok, failed, or skipped because another held it."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import insert, update

from pop.extensions import db
from pop.jobs.lock import JobBusy
from pop.models import JobRun
from pop.models._time import utcnow


@contextmanager
def recorded_run(name: str) -> Iterator[None]:
    """Record the block as one run of job `name`, on a connection of its own."""
    with db.engine.begin() as connection:
        run_id = connection.execute(
            insert(JobRun)
            .values(name=name, node=socket.gethostname()[:200], started_at=utcnow())
            .returning(JobRun.id)
        ).scalar_one()
    outcome, detail = "failed", ""
    try:
        yield
        outcome = "ok"
    except JobBusy:
        outcome, detail = "skipped", "another run held the job"
        raise
    except BaseException as error:
        detail = f"{error.__class__.__name__}: {error}"[:500]
        raise
    finally:
        with db.engine.begin() as connection:
            connection.execute(
                update(JobRun)
                .where(JobRun.id == run_id)
                .values(finished_at=utcnow(), outcome=outcome, detail=detail)
            )
