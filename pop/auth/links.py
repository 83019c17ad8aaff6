"""Signed links for setting a password: an invitation or a reset, single-use and expiring.

A link carries the person's id and a fingerprint of their current password hash, signed with
the secret key. Setting a password changes the hash, so a link works once; it also stops
working after INVITATION_VALID_DAYS or PASSWORD_RESET_VALID_MINUTES.
"""

import hashlib
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from pop.extensions import db
from pop.models import User

SALT = "pop-password-link"
INVITATION = "invitation"
RESET = "reset"
PURPOSES = (INVITATION, RESET)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    material = f"{user.id}|{user.email.lower()}|{user.password_hash or ''}"
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def _max_age(purpose: str) -> int:
    config = current_app.config
    if purpose == INVITATION:
        return int(float(config["INVITATION_VALID_DAYS"]) * 86400)
    return int(float(config["PASSWORD_RESET_VALID_MINUTES"]) * 60)


def make_token(user: User, purpose: str) -> str:
    return _serializer().dumps({"u": user.id, "f": _fingerprint(user), "p": purpose})


@dataclass(frozen=True)
class LinkHolder:
    user: User
    purpose: str


def read_token(token: str) -> LinkHolder | None:
    """Whose link this is and what for; None when it is forged, used, expired or unknown."""
    signed, unchecked = _serializer().loads_unsafe(token)  # the purpose decides the max age
    if not signed or not isinstance(unchecked, dict) or unchecked.get("p") not in PURPOSES:
        return None
    try:
        payload = _serializer().loads(token, max_age=_max_age(unchecked["p"]))
    except BadSignature:  # expired too
        return None
    user = db.session.get(User, payload.get("u"))
    if user is None or not user.active or payload.get("f") != _fingerprint(user):
        return None
    return LinkHolder(user, payload["p"])
