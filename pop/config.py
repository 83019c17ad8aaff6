"""Configuration defaults; instance/config.py and POP_* environment variables override them."""

import secrets
from pathlib import Path

DEVELOPMENT_SECRET_KEY = "development-key-not-for-production"  # noqa: S105


class Defaults:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
    ENV = "development"
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in by the factory: SQLite in instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    LOGIN_RATE_LIMIT = "5 per minute"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    PASSWORD_MIN_LENGTH = 10
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105  (an algorithm name, not a secret)
    PEOPLE_PER_PAGE = 25
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    EVIDENCE_MAX_BYTES = 5_000_000
    EVIDENCE_FOLDER: str | None = None  # default: instance/evidence
    CATALOGUE_IMPORT_FOLDER: str | None = None  # default: instance/imports


def write_instance_config(instance_path: Path) -> bool:
    """Write instance/config.py with a fresh random secret key; False when it already exists."""
    config_file = instance_path / "config.py"
    if config_file.exists():
        return False
    instance_path.mkdir(parents=True, exist_ok=True)
    config_file.write_text(
        "# Local configuration of this POP installation; keep it out of version control.\n"
        f"SECRET_KEY = {secrets.token_hex(32)!r}\n",
        encoding="utf-8",
    )
    return True
