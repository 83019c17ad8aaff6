"""Recording audit events; every service that changes data calls `record`."""

from datetime import date
from typing import Any

from pop.extensions import db
from pop.models import AuditEvent, User


def record(
    actor: User | None,
    action: str,
    obj: Any,
    *,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Add an audit event for `obj` to the current transaction (the caller commits)."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        summary=summary,
        changes=_plain(changes or {}),
    )
    db.session.add(event)
    return event


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields that changed, as {field: [old, new]}, JSON-friendly."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _plain(value: Any) -> Any:
    """JSON-friendly: dates as ISO text, sets sorted, anything else as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(str(item) for item in value)
    return str(value)
