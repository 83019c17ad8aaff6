"""Leases that let one run of a scheduled job work while the others stand aside (SQLite).

On PostgreSQL the job lock is an advisory lock and this table stays empty; on SQLite, which has
no such locks, a row here says who holds a job and until when (a crashed holder's lease runs out).
"""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from pop.extensions import db


class JobLease(db.Model):
    __tablename__ = "job_lease"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime]
