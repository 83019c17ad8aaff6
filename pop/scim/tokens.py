"""The bearer tokens of SCIM: made by an administrator, shown once, kept as a SHA-256 hash.

A token is 256 random bits, so a fast hash is enough: nobody can guess their way back to it.
Every function only flushes; the caller commits.
"""

import hashlib
import secrets
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from pop import audit
from pop.extensions import db
from pop.models import ScimToken, User
from pop.models._time import utcnow

TOKEN_PREFIX = "pop_scim_"  # noqa: S105  (a recognisable prefix, not a secret)
NAME_MAX = 100


class TokenError(ValueError):
    """A token cannot be made or revoked as asked; the message says why, in Dutch."""


@dataclass
class NewToken:
    token: ScimToken
    secret: str  # the only moment the secret exists outside the directory that receives it


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def active_token_named(name: str) -> ScimToken | None:
    return db.session.scalar(
        select(ScimToken).where(ScimToken.name == name.strip(), ScimToken.revoked_at.is_(None))
    )


def create_token(actor: User | None, name: str) -> NewToken:
    name = " ".join(name.split())
    if not name:
        raise TokenError(_("Geef het token een naam, bijvoorbeeld ‘Entra ID’."))
    if len(name) > NAME_MAX:
        raise TokenError(_("Deze naam is te lang (hoogstens %(max)d tekens).", max=NAME_MAX))
    if active_token_named(name) is not None:
        raise TokenError(
            _("Er is al een geldig token met de naam ‘%(name)s’. Trek dat eerst in.", name=name)
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ScimToken(
        name=name,
        token_hash=hash_secret(secret),
        created_by_id=actor.id if actor is not None else None,
    )
    db.session.add(token)
    db.session.flush()
    audit.record(actor, "scim_token_created", token, summary=f"SCIM-token ‘{name}’ aangemaakt")
    return NewToken(token=token, secret=secret)


def revoke_token(actor: User | None, token: ScimToken) -> bool:
    """False when the token was already revoked."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    db.session.flush()
    audit.record(
        actor, "scim_token_revoked", token, summary=f"SCIM-token ‘{token.name}’ ingetrokken"
    )
    return True


def token_for_secret(secret: str | None) -> ScimToken | None:
    """The valid token with this secret, or None."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    return db.session.scalar(
        select(ScimToken).where(
            ScimToken.token_hash == hash_secret(secret), ScimToken.revoked_at.is_(None)
        )
    )


def all_tokens() -> list[ScimToken]:
    return list(
        db.session.scalars(
            select(ScimToken).order_by(ScimToken.revoked_at.is_not(None), ScimToken.name)
        )
    )
