"""One run at a time: `exclusive(name)` holds a job's lock, or says another run holds it.

PostgreSQL: a session-level advisory lock on a connection of its own, released when the run
ends or its connection dies. Other databases (SQLite): a lease row in `job_lease` that the
holder renews while it works and that expires when a holder crashed.
"""

import hashlib
import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import delete, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from pop.extensions import db
from pop.models import JobLease
from pop.models._time import utcnow

DEFAULT_LEASE = timedelta(minutes=10)


class JobBusy(Exception):
    """Another run holds the job; this one should do nothing."""


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_lock, the same on every node."""
    digest = hashlib.blake2b(f"pop-job:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class Lease:
    """A held job lock; `renew()` keeps a lease row alive during long work (no-op on PostgreSQL)."""

    def __init__(self, name: str, holder: str, duration: timedelta) -> None:
        self.name, self.holder, self.duration = name, holder, duration

    def renew(self) -> None:
        pass


class _RowLease(Lease):
    def renew(self) -> None:
        with db.engine.begin() as connection:
            connection.execute(
                update(JobLease)
                .where(JobLease.name == self.name, JobLease.holder == self.holder)
                .values(expires_at=utcnow() + self.duration)
            )


@contextmanager
def exclusive(name: str, *, duration: timedelta = DEFAULT_LEASE) -> Iterator[Lease]:
    """Hold job `name` for the block; JobBusy at once when another run holds it."""
    holder = holder_name()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection, _advisory_lock(connection, name):
            yield Lease(name, holder, duration)
        return
    _take_lease_row(name, holder, duration)
    try:
        yield _RowLease(name, holder, duration)
    finally:
        with db.engine.begin() as connection:
            connection.execute(
                delete(JobLease).where(JobLease.name == name, JobLease.holder == holder)
            )


@contextmanager
def _advisory_lock(connection: Connection, name: str) -> Iterator[None]:
    key = advisory_key(name)
    taken = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
    connection.commit()  # the lock belongs to the session, not to this transaction
    if not taken:
        raise JobBusy(name)
    try:
        yield
    finally:
        if not connection.invalidated:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.commit()


def _take_lease_row(name: str, holder: str, duration: timedelta) -> None:
    now = utcnow()
    statement = sqlite_insert(JobLease).values(name=name, holder=holder, expires_at=now + duration)
    statement = statement.on_conflict_do_update(
        index_elements=[JobLease.name],
        set_={"holder": holder, "expires_at": now + duration},
        where=JobLease.expires_at < now,
    )
    with db.engine.begin() as connection:
        connection.execute(statement)
        current = connection.execute(
            select(JobLease.holder).where(JobLease.name == name)
        ).scalar_one()
    if current != holder:
        raise JobBusy(name)


@contextmanager
def blocking_advisory_lock(connection: Connection, name: str) -> Iterator[None]:
    """Wait for the lock (PostgreSQL); for migrations, which every node must see finished."""
    key = advisory_key(name)
    connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
    connection.commit()
    try:
        yield
    finally:
        if not connection.invalidated:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.commit()
