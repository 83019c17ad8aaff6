"""Throttling failed log-ins, per account and per client address, in storage every worker shares.

An attempt first reserves a place under each limit and keeps it only when it fails: a correct
password gives its places back, so successful log-ins never count and an office behind one proxy
is never locked out by its own colleagues. Reserving before checking the password means that
concurrent attempts on several workers cannot together get past the limit.

Storage is the database by default; Redis when RATELIMIT_STORAGE_URI is a redis:// address.
"""

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Protocol

from flask import current_app
from sqlalchemy import delete, func, insert, select

from pop.extensions import db
from pop.models import LoginFailure
from pop.models._time import utcnow

UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
RATE_PATTERN = re.compile(
    r"^\s*(\d+)\s*(?:per|/)\s*(\d+)?\s*(second|minute|hour|day)s?\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """'10 per 15 minutes', '5 per minute', '5/hour' as a Rate."""
    match = RATE_PATTERN.match(text)
    if match is None:
        raise ValueError(f"not a rate: {text!r} (write it as '10 per 15 minutes')")
    count, amount, unit = match.groups()
    return Rate(int(count), int(amount or 1) * UNITS[unit.lower()])


class Storage(Protocol):
    def reserve(self, key: str, rate: Rate) -> tuple[object | None, float]:
        """(a reservation, 0) when under the limit, else (None, seconds until a place is free)."""

    def release(self, key: str, reservation: object) -> None:
        """Give a reserved place back."""


class DatabaseStorage:
    """One row per failed attempt; a sliding window. Runs on its own connection and commits."""

    def reserve(self, key: str, rate: Rate) -> tuple[object | None, float]:
        now = utcnow()
        window_start = now - timedelta(seconds=rate.seconds)
        with db.engine.begin() as connection:
            connection.execute(
                delete(LoginFailure).where(LoginFailure.key == key, LoginFailure.at < window_start)
            )
            row_id = connection.execute(
                insert(LoginFailure).values(key=key, at=now).returning(LoginFailure.id)
            ).scalar_one()
        # Counted after the commit: of two racing attempts the later one sees the earlier.
        with db.engine.begin() as connection:
            in_window = select(LoginFailure).where(
                LoginFailure.key == key, LoginFailure.at >= window_start
            )
            count = connection.execute(
                select(func.count()).select_from(in_window.subquery())
            ).scalar_one()
            if count <= rate.count:
                return row_id, 0.0
            connection.execute(delete(LoginFailure).where(LoginFailure.id == row_id))
            oldest = connection.execute(
                select(func.min(LoginFailure.at)).where(
                    LoginFailure.key == key, LoginFailure.at >= window_start
                )
            ).scalar_one()
        free_at = (oldest or now) + timedelta(seconds=rate.seconds)
        return None, max((free_at - now).total_seconds(), 1.0)

    def release(self, key: str, reservation: object) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(LoginFailure).where(LoginFailure.id == reservation))


class RedisStorage:
    """A counter per key that expires with its window (fixed window), changed atomically."""

    RELEASE = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end"

    def __init__(self, url: str) -> None:
        try:
            import redis
        except ImportError as error:  # pragma: no cover - depends on the installation
            raise RuntimeError(
                "RATELIMIT_STORAGE_URI points to Redis, but the redis client is not installed: "
                "pip install 'pop[redis]'."
            ) from error
        self.client = redis.Redis.from_url(url)
        self._release = self.client.register_script(self.RELEASE)

    def reserve(self, key: str, rate: Rate) -> tuple[object | None, float]:
        name = f"pop:login-failures:{key}"
        with self.client.pipeline(transaction=True) as pipe:
            pipe.set(name, 0, ex=rate.seconds, nx=True)
            pipe.incr(name)
            pipe.ttl(name)
            _, count, ttl = pipe.execute()
        if count <= rate.count:
            return name, 0.0
        self._release(keys=[name])
        return None, float(max(ttl, 1))

    def release(self, key: str, reservation: object) -> None:
        self._release(keys=[reservation])


@cache
def _redis_storage(url: str) -> RedisStorage:
    return RedisStorage(url)


def storage() -> Storage:
    url = current_app.config.get("RATELIMIT_STORAGE_URI") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return _redis_storage(url)
    return DatabaseStorage()


def check_storage_setting(url: str | None) -> None:
    """Refuse at start what would count per worker or cannot work at all."""
    if not url or url in ("database", "db"):
        return
    if url.startswith(("redis://", "rediss://", "unix://")):
        return
    raise RuntimeError(
        f"RATELIMIT_STORAGE_URI={url!r} is not supported: leave it empty to count failed "
        "log-ins in the database, or give a redis:// address (every worker must see the counts)."
    )


def account_key(email: str) -> str:
    return "account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:40]


def address_key(address: str | None) -> str:
    return "address:" + (address or "unknown")[:60]


@dataclass
class Attempt:
    """A log-in attempt holding its places under the limits until it is known to have failed."""

    refused_for: float = 0.0  # seconds until the next attempt may be made; 0 when allowed
    _held: list[tuple[str, object]] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.refused_for > 0

    @property
    def retry_minutes(self) -> int:
        return max(1, math.ceil(self.refused_for / 60))

    def succeeded(self) -> None:
        """A correct password: give the places back, successes do not count."""
        backend = storage()
        for key, reservation in self._held:
            backend.release(key, reservation)
        self._held.clear()


def begin_attempt(limits: list[tuple[str, str]]) -> Attempt:
    """Reserve a place for one attempt under each (key, rate) limit, or refuse it."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return Attempt()
    backend = storage()
    attempt = Attempt()
    for key, rate_text in limits:
        reservation, wait = backend.reserve(key, parse_rate(rate_text))
        if reservation is None:
            attempt.succeeded()  # a refused attempt does not count either
            attempt.refused_for = wait
            return attempt
        attempt._held.append((key, reservation))
    return attempt
