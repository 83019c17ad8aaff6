"""What a reminder is, and how `pop send-reminders` reads what is due a window of ids at a time.

reminders.py (goals and conversations) and feedback_due.py (feedback requests) build on it.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import InstrumentedAttribute

from pop.extensions import db
from pop.models import ConversationStatus, NotificationKind

Kind = NotificationKind

NOT_HELD = (ConversationStatus.PLANNED.value, ConversationStatus.PREPARED.value)
# Something planned or asked this recently was announced by its own notification.
JUST_PLANNED = timedelta(days=2)
# Ids per window query: large enough for few round trips, small enough for little memory.
PAGE_SIZE = 1000


@dataclass
class Due:
    """A reminder one person should get about one object."""

    recipient_id: int
    kind: Kind
    object_type: str
    object_id: int
    occurrence: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[int, str, str, int, str]:
        kind = self.kind.value
        return (self.recipient_id, kind, self.object_type, self.object_id, self.occurrence)


def reachable(person: Any) -> Any:
    return and_(person.active.is_(True), person.anonymised.is_(False))


def id_windows(query: Select, key: InstrumentedAttribute, size: int) -> Iterator[list[Any]]:
    """The rows of `query` a window of `size` consecutive ids of `key` (a primary key) at a time.

    Each window is a query of its own, bounded on both sides, so it reads only its own rows
    whichever index the planner picks (with `key > last LIMIT n` SQLite took the status index
    and sorted every remaining active goal for each page), and the caller may commit between
    windows. A window holds at most `size` rows.
    """
    low = db.session.scalar(select(func.min(key)))
    high = db.session.scalar(select(func.max(key)))
    if low is None or high is None:
        return
    start = low - 1
    while start < high:
        rows = db.session.execute(query.where(key > start, key <= start + size).order_by(key)).all()
        if rows:
            yield rows
        start += size
