"""The second factor: an authenticator app (TOTP, RFC 6238) and single-use recovery codes.

The enrolment QR code is drawn on the server as inline SVG: the secret never leaves POP for a
chart service. A code counts once: the time step of the last accepted code is kept.
"""

import hashlib
import secrets
import time

import pyotp
from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy import delete, select

from pop.extensions import db
from pop.models import RecoveryCode, TotpState, User
from pop.models._time import utcnow

ISSUER = "POP"
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy by hand


def required_for(user: User) -> bool:
    """Whether `user`'s roles oblige them to use a second factor (POP_MFA_REQUIRED_ROLES)."""
    required = {str(role) for role in current_app.config.get("MFA_REQUIRED_ROLES") or ()}
    return any(str(role) in required for role in user.roles)


def state_of(user: User) -> TotpState | None:
    return db.session.get(TotpState, user.id)


def is_enrolled(user: User) -> bool:
    state = state_of(user)
    return state is not None and state.confirmed_at is not None


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_svg(uri: str, label: str) -> Markup:
    """The enrolment QR code as an accessible inline SVG image."""
    import segno  # here: only the enrolment page draws a QR code

    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff", title=label)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S704  (segno's own markup)


def _accept_code(state: TotpState, code: str) -> bool:
    digits = "".join(code.split())
    if not (digits.isdigit() and len(digits) == 6):
        return False
    totp = pyotp.TOTP(state.secret)
    now = time.time()
    for offset in (-1, 0, 1):  # one step of clock drift either way
        step = totp.timecode(now) + offset
        if state.last_step is not None and step <= state.last_step:
            continue
        if secrets.compare_digest(totp.generate_otp(step), digits):
            state.last_step = step
            return True
    return False


def enrol(user: User, secret: str, code: str) -> list[str] | None:
    """Store the app once a first code from it is right: the new recovery codes, else None.

    Until then the secret lives only in the person's own session, so showing the QR code
    writes nothing.
    """
    if is_enrolled(user):
        return None
    state = state_of(user) or TotpState(user_id=user.id, secret=secret)
    state.secret = secret
    state.last_step = None
    if not _accept_code(state, code):
        return None
    state.confirmed_at = utcnow()
    db.session.add(state)
    return new_recovery_codes(user)


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh recovery codes (the old ones stop working); shown once, stored as hashes."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_code(raw)))
    return codes


def verify(user: User, code: str) -> str | None:
    """Check a code at log-in: 'totp' or 'recovery_code' when accepted, else None."""
    state = state_of(user)
    if state is None or state.confirmed_at is None:
        return None
    if _accept_code(state, code):
        return "totp"
    recovery = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_code(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if recovery is None:
        return None
    recovery.used_at = utcnow()
    return "recovery_code"


def remaining_recovery_codes(user: User) -> int:
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )


def remove(user: User) -> bool:
    """Remove the app and the recovery codes; False when there was nothing to remove."""
    state = state_of(user)
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    if state is None:
        return False
    db.session.delete(state)
    return state.confirmed_at is not None
