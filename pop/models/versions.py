"""Version stamps: a row per cached kind of data, given a new random token by each change.

A process that caches what it read (the department tree, say) keys its cache on the stamp, read
from the database with one primary-key lookup, so that a change made on any node is seen by all.
A flush that adds, changes or deletes a department bumps `department`; so does a bulk statement
on the table (just before its transaction commits).
"""

import secrets

from sqlalchemy import String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from pop.extensions import db
from pop.models._statements import before_commit_after_bulk, dialect_insert
from pop.models.org import Department

DEPARTMENTS = "department"


class VersionStamp(db.Model):
    __tablename__ = "version_stamp"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    # Random, not a counter: two databases (a test's, a restored backup's) never share a version.
    version: Mapped[str] = mapped_column(String(32))


def current_version(name: str) -> str | None:
    """The stamp's version now (None when it has never been bumped)."""
    return db.session.scalar(select(VersionStamp.version).where(VersionStamp.name == name))


def bump(session: Session, name: str) -> None:
    connection = session.connection()
    table = VersionStamp.__table__
    statement = dialect_insert(connection, table).values(name=name, version=secrets.token_hex(16))
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.name], set_={"version": statement.excluded.version}
    )
    connection.execute(statement)


@event.listens_for(Session, "after_flush")
def _bump_after_flush(session: Session, flush_context) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(instance, Department) for instance in changed):
        bump(session, DEPARTMENTS)


before_commit_after_bulk([Department.__tablename__], lambda session: bump(session, DEPARTMENTS))
