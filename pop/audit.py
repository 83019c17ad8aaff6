"""Recording audit events; every service that changes data calls `record`."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any

from sqlalchemy import insert

from pop import access
from pop.extensions import db
from pop.models import AuditEvent, Conversation, User

# The SCIM token on whose behalf the current request changes things (see `acting_as_token`).
_acting_token_id: ContextVar[int | None] = ContextVar("audit_acting_token_id", default=None)


@contextmanager
def acting_as_token(token_id: int) -> Iterator[None]:
    """Record every event made inside the block as made by this SCIM token, not by a person."""
    reset = _acting_token_id.set(token_id)
    try:
        yield
    finally:
        _acting_token_id.reset(reset)


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
        on_behalf_of_id=on_behalf_of(actor, obj),
        actor_token_id=_acting_token_id.get(),
        action=action,
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        summary=summary,
        changes=_plain(changes or {}),
    )
    db.session.add(event)
    return event


def record_many(actor: User | None, events: list[tuple[str, str, int, str, dict]]) -> None:
    """Add many audit events in one statement: (action, object type, object id, summary,
    changes as `diff` gives them) each, as `record` would one by one (the caller commits)."""
    if not events:
        return
    actor_id = actor.id if actor is not None else None
    token_id = _acting_token_id.get()
    db.session.execute(
        insert(AuditEvent),
        [
            {
                "actor_id": actor_id,
                "actor_token_id": token_id,
                "action": action,
                "object_type": object_type,
                "object_id": object_id,
                "summary": summary,
                "changes": changes,
            }
            for action, object_type, object_id, summary, changes in events
        ],
    )


def on_behalf_of(actor: User | None, obj: Any) -> int | None:
    """The absent manager a stand-in acts for in a change to `obj`, else None.

    The manager of a conversation, or of the employee whose goal (or check-in, comment,
    agreement) it is: when that is someone `actor` stands in for today.
    """
    if actor is None:
        return None
    absent = access.acting_manager_ids(actor) - {actor.id}
    if not absent:
        return None
    if isinstance(obj, Conversation):
        manager_id = obj.manager_id
    else:
        owner = getattr(obj, "goal", None) or getattr(obj, "conversation", None) or obj
        employee = getattr(owner, "employee", None)
        manager_id = employee.manager_id if isinstance(employee, User) else None
    return manager_id if manager_id in absent else None


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
