"""Password rules, in the spirit of NIST 800-63B: length and no obvious choices, no composition."""

from flask import current_app
from flask_babel import gettext as _

COMMON_PASSWORDS = frozenset(
    {
        "wachtwoord",
        "wachtwoord1",
        "welkom01",
        "welkom123",
        "password",
        "password1",
        "1234567890",
        "qwertyuiop",
        "0123456789",
        "letmein123",
        "iloveyou12",
        "azertyuiop",
    }
)


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """What is wrong with `password`, as messages in the user's language (empty when fine)."""
    problems = []
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        problems.append(_("Kies een wachtwoord van minstens %(count)d tekens.", count=minimum))
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) <= 2:
        problems.append(_("Dit wachtwoord is te makkelijk te raden."))
    personal = {part for part in (email.lower(), email.lower().split("@")[0], name.lower()) if part}
    if any(part and part in lowered for part in personal):
        problems.append(_("Gebruik niet uw naam of e-mailadres in uw wachtwoord."))
    return problems
