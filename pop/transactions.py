"""For views: run a service, commit, or roll back and show the user why it was refused."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import flash

from pop.concurrency import commit_with_retries
from pop.refusal import Refused

T = TypeVar("T")


@dataclass(frozen=True)
class Committed(Generic[T]):
    """What `commit_or_show` did: `ok` when the work was committed, with the work's result."""

    ok: bool
    result: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def commit_or_show(work: Callable[[], T], *, attempts: int = 1) -> Committed[T]:
    """Run `work` and commit. A refusal is rolled back and flashed as an error.

    With `attempts` above 1 a write conflict is retried on fresh data (`work` must then load what
    it changes itself); a conflict that outlasts them raises `WriteConflict` for the view.
    """
    try:
        result = commit_with_retries(work, attempts=attempts)
    except Refused as refusal:
        flash(str(refusal), "error")
        return Committed(ok=False)
    return Committed(ok=True, result=result)
