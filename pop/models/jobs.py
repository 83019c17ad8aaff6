"""Scheduled jobs: leases that let one run work while the others stand aside, and runs.

On PostgreSQL the job lock is an advisory lock and this table stays empty; on SQLite, which has
no such locks, a row here says who holds a job and until when (a crashed holder's lease runs out).
"""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from pop.extensions import db
from pop.models._time import utcnow


class JobLease(db.Model):
    __tablename__ = "job_lease"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime]


class JobRun(db.Model):
    """One run of a scheduled job on one node: for /metrics and for whoever asks what ran."""

    __tablename__ = "job_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    node: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # ok, failed, or skipped (another run held the job)
    outcome: Mapped[str] = mapped_column(String(10), default="running")
    detail: Mapped[str] = mapped_column(String(500), default="")
