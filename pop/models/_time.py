"""Time helpers for model defaults: always callables, never a value computed at import."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
