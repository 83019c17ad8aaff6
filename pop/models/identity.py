"""Where people come from outside POP: SCIM tokens and records, and OpenID Connect links."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._time import utcnow

if TYPE_CHECKING:
    from pop.models.org import User


class ScimToken(db.Model):
    """A bearer token with which a directory provisions people over SCIM; only its hash is kept."""

    __tablename__ = "scim_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revoked_at: Mapped[datetime | None]

    created_by: Mapped["User | None"] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ScimRecord(db.Model):
    """What the directory says about a person beyond POP's own fields: its id and last change."""

    __tablename__ = "scim_record"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped["User"] = relationship()


class OidcLink(db.Model):
    """A person's account at the organisation's OpenID Connect provider: its immutable `sub`."""

    __tablename__ = "oidc_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped["User"] = relationship()

    __table_args__ = (
        UniqueConstraint("issuer", "subject", name="uq_oidc_link_issuer_subject"),
        UniqueConstraint("user_id", "issuer", name="uq_oidc_link_user_issuer"),
    )
