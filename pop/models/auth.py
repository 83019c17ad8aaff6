"""Log-in state kept on the server: open sessions, failed log-ins, second factors."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._time import utcnow

if TYPE_CHECKING:
    from pop.models.org import User


class LoginSession(db.Model):
    """One signed-in browser. The cookie holds a random token; only its SHA-256 is stored.

    Deleting the row ends the session for every copy of the cookie.
    """

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped["User"] = relationship()


class LoginFailure(db.Model):
    """One failed log-in, counted against an account and against a client address."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RecoveryCode(db.Model):
    """A single-use code that stands in for the authenticator app; only its hash is stored."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class TotpState(db.Model):
    """A person's authenticator-app secret, and the last time step used (no code twice)."""

    __tablename__ = "totp_state"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None]
    last_step: Mapped[int | None] = mapped_column(Integer)
