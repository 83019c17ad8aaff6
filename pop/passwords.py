"""Password rules (NIST 800-63B): long enough and not guessable; no composition rules.

Guessability is estimated offline with zxcvbn, which knows the most common passwords, English
words, names, keyboard patterns, sequences, repeats and dates. Dutch words that people build
passwords from, and the person's own name and address, are given to it as extra dictionaries.
zxcvbn's dictionaries (some 12 MB) are loaded by the first password checked, not by every worker.
"""

import secrets
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from pop.common_words import DUTCH_PASSWORD_WORDS

MINIMUM_SCORE = 4  # zxcvbn: at least 10^10 guesses ("very unguessable")
CHECKED_LENGTH = 100  # zxcvbn's run time grows with length; the start decides guessability


def _reasons(result: dict) -> list[str]:
    reasons: list[str] = []
    for match in result["sequence"]:
        pattern = match.get("pattern")
        if pattern == "dictionary" and match.get("dictionary_name") == "passwords":
            reason = _("Het bevat een van de meest gebruikte wachtwoorden.")
        elif pattern == "dictionary":
            reason = _("Het bestaat vooral uit bekende woorden of namen.")
        elif pattern == "spatial":
            reason = _("Het bevat een toetsenbordpatroon.")
        elif pattern == "repeat":
            reason = _("Het herhaalt tekens of stukjes tekst.")
        elif pattern == "sequence":
            reason = _("Het bevat een reeks zoals abc of 123.")
        elif pattern in ("date", "regex"):
            reason = _("Het bevat een datum of jaartal.")
        else:
            continue
        if reason not in reasons:
            reasons.append(reason)
    return reasons


def password_problems(
    password: str, *, email: str = "", name: str = "", extra: tuple[str, ...] = ()
) -> list[str]:
    """What is wrong with `password`, as messages in the user's language (empty when fine)."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return [_("Kies een wachtwoord van minstens %(count)d tekens.", count=minimum)]
    lowered = password.lower()
    local_part = email.lower().split("@")[0]
    candidates = (email.lower(), local_part, name.lower(), *name.lower().split())
    personal = [part for part in candidates if len(part) >= 3]
    if any(part in lowered for part in personal):
        return [_("Gebruik niet je naam of e-mailadres in je wachtwoord.")]
    from zxcvbn import zxcvbn

    result = zxcvbn(
        password[:CHECKED_LENGTH], user_inputs=[*DUTCH_PASSWORD_WORDS, *personal, *extra]
    )
    if result["score"] >= MINIMUM_SCORE:
        return []
    return [
        _("Dit wachtwoord is te makkelijk te raden."),
        *_reasons(result),
        _("Een zin van vier of meer gewone woorden is sterk en goed te onthouden."),
    ]


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _stand_in_hash(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check `password` against `stored_hash`; without a hash, do the same work and fail.

    An unknown address, an account without a password and a known one cost the same time, so
    the answer's timing does not tell which addresses have an account.
    """
    if stored_hash:
        return check_password_hash(stored_hash, password)
    check_password_hash(_stand_in_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
    return False
