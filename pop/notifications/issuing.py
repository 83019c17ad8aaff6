"""Issuing what has become due: a notification and a reminder-log entry each, exactly once.

`reminders.py` finds what is due, page by page; this module writes a page in two bulk INSERTs,
leaving out what the reminder log says was issued before (an earlier run, or the same page twice).
"""

from sqlalchemy import insert, select

from pop.extensions import db
from pop.models import Notification, ReminderLog
from pop.notifications.due import Due
from pop.notify import link_for, plain


def _already_issued(due: list[Due]) -> set[tuple[int, str, str, int, str]]:
    """The keys of `due` in the reminder log: looked up by recipient (the unique index's lead)."""
    issued: set[tuple[int, str, str, int, str]] = set()
    wanted = {item.key for item in due}
    recipients = sorted({item.recipient_id for item in due})
    objects = sorted({item.object_id for item in due})
    columns = (
        ReminderLog.recipient_id,
        ReminderLog.kind,
        ReminderLog.object_type,
        ReminderLog.object_id,
        ReminderLog.occurrence,
    )
    for start in range(0, len(recipients), 500):
        rows = db.session.execute(
            select(*columns).where(
                ReminderLog.recipient_id.in_(recipients[start : start + 500]),
                ReminderLog.object_id.in_(objects),  # a page holds at most PAGE_SIZE objects
            )
        )
        issued.update(key for key in map(tuple, rows) if key in wanted)
    return issued


def issue(due: list[Due]) -> list[Notification]:
    """A notification and a log entry for every reminder not issued before; flushes.

    Two bulk INSERTs, not a unit of work per object: the notifications come back from the
    INSERT itself (RETURNING), so the caller gets them without a query of its own.
    """
    issued = _already_issued(due)
    logs, notifications = [], []
    for item in due:
        if item.key in issued:
            continue
        issued.add(item.key)
        logs.append(
            {
                "recipient_id": item.recipient_id,
                "kind": item.kind.value,
                "object_type": item.object_type,
                "object_id": item.object_id,
                "occurrence": item.occurrence,
            }
        )
        notifications.append(
            {
                "recipient_id": item.recipient_id,
                "kind": item.kind.value,
                "object_type": item.object_type,
                "object_id": item.object_id,
                "link": link_for(item.kind, item.object_type, item.object_id),
                "context": plain(item.context),
            }
        )
    if not logs:
        return []
    db.session.execute(insert(ReminderLog), logs)
    return list(
        db.session.scalars(
            insert(Notification).returning(Notification, sort_by_parameter_order=True),
            notifications,
        )
    )
