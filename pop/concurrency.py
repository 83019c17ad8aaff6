"""Write conflicts between concurrent requests: recognise them, retry the work, or report them.

Two requests that change the same rows at once collide in ways that differ per backend: a
version check that finds no row (`StaleDataError`), SQLite's "database is locked", and on
PostgreSQL a serialization failure, a deadlock or a unique violation by a row the other
request inserted first. Work that can simply be done again on fresh data (a check-in, a
decision) is retried; when retries run out, or when redoing it would overwrite what the other
person saved, the caller gets `WriteConflict` and answers 409.
"""

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from pop.extensions import db

RETRY_ATTEMPTS = 6
_SQLITE_BUSY = ("database is locked", "database is busy", "database table is locked")
_POSTGRES_CONFLICT_STATES = {"40001", "40P01", "23505", "55P03"}

T = TypeVar("T")


class WriteConflict(Exception):
    """Another request changed the same data at the same moment.

    `message`, when given, is what the person whose save lost reads on the 409 page (who
    saved first, what to do); without it the page says so in general terms.
    """

    def __init__(self, detail: str = "", *, message: str | None = None):
        super().__init__(detail)
        self.message = message


def is_write_conflict(error: BaseException) -> bool:
    """Whether `error` means "someone else wrote here first", not "this input is wrong"."""
    if isinstance(error, WriteConflict | StaleDataError):
        return True
    if isinstance(error, OperationalError):
        message = str(error.orig).lower()
        if any(text in message for text in _SQLITE_BUSY):
            return True
    if isinstance(error, DBAPIError):
        state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
        if state in _POSTGRES_CONFLICT_STATES:
            return True
    return isinstance(error, IntegrityError) and "unique constraint failed" in str(error).lower()


def commit_with_retries(work: Callable[[], T], *, attempts: int = RETRY_ATTEMPTS) -> T:
    """Run `work` and commit; on a write conflict roll back and run it again on fresh data.

    `work` must load what it changes itself, so that a retry sees what the other request
    stored. Errors that are not conflicts (a refused action, a bug) pass through after a
    rollback; a conflict that outlasts the attempts becomes `WriteConflict`. With
    `attempts=1` the work is done once: for edits, where redoing would overwrite the other.
    """
    for attempt in range(1, attempts + 1):
        try:
            result = work()
            db.session.commit()
            return result
        except Exception as error:
            db.session.rollback()
            if not is_write_conflict(error):
                raise
            if attempt == attempts:
                raise WriteConflict(str(error)) from error
            time.sleep(random.uniform(0.01, 0.05) * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def conflict_with_message(work: Callable[[], T], message: Callable[[], str]) -> T:
    """Run `work` and commit once; a write conflict becomes `WriteConflict` with `message()`.

    For edits and signatures, where redoing the work would overwrite what the other person
    saved: the loser gets the 409 page with their input and a message that names who won.
    `message` is called after the rollback, so it may load the stored state.
    """
    try:
        return commit_with_retries(work, attempts=1)
    except WriteConflict as error:
        raise WriteConflict(str(error), message=message()) from error
