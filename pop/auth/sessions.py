"""Server-side log-in sessions: started at log-in, checked on every request, ended for good.

The signed cookie carries a random token and the time of the last request. A session is valid
while its row exists (log-out, a password change, a reset or a deactivation delete rows), for at
most SESSION_LIFETIME_HOURS after log-in, and while no request has been silent for longer than
SESSION_IDLE_MINUTES. The client address plays no part, so a session survives a change of proxy.
"""

import hashlib
import secrets
import time
from datetime import date, timedelta
from functools import cache

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import Date, Select, bindparam, delete, select
from sqlalchemy.orm import joinedload

from pop import access
from pop.extensions import db
from pop.models import LoginSession, User
from pop.models._time import utcnow
from pop.notifications.services import remember_unread_count, unread_count_of

TOKEN_KEY = "_sid"  # noqa: S105  (the name of a session key, not a secret)
SEEN_KEY = "_seen"
SECOND_FACTOR_KEY = "_mfa"  # how the second factor was satisfied: "totp", "recovery_code", "idp"
PENDING_KEY = "_pending"  # a password accepted, the second factor still to come
PENDING_SECONDS = 300
KEPT_ACROSS_LOG_IN = ("language",)
# Refresh the idle clock in the cookie at most this often, so not every response sets a cookie.
SEEN_RESOLUTION_SECONDS = 30


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lifetime() -> timedelta:
    return timedelta(hours=float(current_app.config["SESSION_LIFETIME_HOURS"]))


def _idle_seconds() -> float:
    return float(current_app.config["SESSION_IDLE_MINUTES"]) * 60


def _fresh_cookie() -> None:
    kept = {key: session[key] for key in KEPT_ACROSS_LOG_IN if key in session}
    session.clear()
    session.update(kept)


def log_in(user: User, *, second_factor: str | None = None) -> None:
    """Start a new session for `user`: a fresh cookie (and so a fresh CSRF secret) and a row.

    Every way of logging in ends here. `second_factor` says how a second factor was given:
    "totp" or "recovery_code" here, "idp" for a log-in through the organisation's identity
    provider, whose own multi-factor authentication then counts.
    """
    _fresh_cookie()
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.created_at < now - _lifetime()
        )
    )
    db.session.add(LoginSession(token_hash=_hash(token), user_id=user.id, created_at=now))
    session[TOKEN_KEY] = token
    session[SEEN_KEY] = int(time.time())
    if second_factor:
        session[SECOND_FACTOR_KEY] = second_factor
    login_user(user)


def second_factor_given() -> bool:
    return bool(session.get(SECOND_FACTOR_KEY))


def mark_second_factor(how: str) -> None:
    """The person enrolled an authenticator app during this session."""
    session[SECOND_FACTOR_KEY] = how


def hold_for_second_factor(user: User, next_url: str | None) -> None:
    """The password was right; the session is not logged in until a code follows."""
    _fresh_cookie()
    session[PENDING_KEY] = {"user": user.id, "at": int(time.time()), "next": next_url or ""}


def pending_user() -> tuple[User | None, str]:
    """The person waiting to give a code, and where they were going; None when it expired."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, ""
    user = db.session.get(User, pending.get("user"))
    if user is None or not user.active:
        return None, ""
    return user, str(pending.get("next") or "")


def log_out() -> None:
    """End this session: the row goes, so every copy of the cookie is refused from now on."""
    token = session.get(TOKEN_KEY)
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))
    logout_user()
    _fresh_cookie()


def end_other_sessions(user: User) -> int:
    """End every session of `user` but the one of this request (after a password change)."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    token = session.get(TOKEN_KEY)
    if token:
        query = query.where(LoginSession.token_hash != _hash(token))
    return db.session.execute(query).rowcount


def end_all_sessions(user: User) -> int:
    """End every session of `user` (a reset by an administrator, a deactivation)."""
    return db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id)).rowcount


@cache
def _request_user_statement() -> Select:
    """One query for what every page needs: the user with their roles, the bell's count and
    whether they stand in for a manager today (the menu's "Mijn team"). Built once, with bound
    parameters: building it anew took a fifth of an empty page's time."""
    return (
        select(
            User,
            unread_count_of(User.id),
            access.standing_in_today(User.id, bindparam("today", type_=Date)),
        )
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            LoginSession.token_hash == bindparam("token_hash"),
            User.id == bindparam("user_id"),
            User.active.is_(True),
            LoginSession.created_at
            > bindparam("started_after", type_=LoginSession.created_at.type),
        )
        .options(joinedload(User.role_links))
    )


def load_user(user_id: str) -> User | None:
    """The user of this request's session, or None when the session has ended or expired."""
    token = session.get(TOKEN_KEY)
    seen = session.get(SEEN_KEY)
    now = time.time()
    if not token or not isinstance(seen, int | float) or now - seen > _idle_seconds():
        return None
    try:
        wanted = int(user_id)
    except (TypeError, ValueError):
        return None
    found = (
        db.session.execute(
            _request_user_statement(),
            {
                "token_hash": _hash(token),
                "user_id": wanted,
                "started_after": utcnow() - _lifetime(),
                "today": date.today(),
            },
        )
        .unique()
        .first()
    )
    if found is None:
        return None
    user, unread, standing_in = found
    remember_unread_count(unread)
    access.remember_standing_in(user, standing_in)
    if user is not None and now - seen >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_KEY] = int(now)
    return user
