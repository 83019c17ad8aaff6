"""Configuration defaults; instance/config.py and POP_* environment variables override them."""

import secrets
from pathlib import Path

DEVELOPMENT_SECRET_KEY = "development-key-not-for-production"  # noqa: S105

# What a page may load: only this site's own files (no CDN, no inline script).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class Defaults:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
    ENV = "development"
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in by the factory: SQLite in instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # PostgreSQL connections per worker process: its threads (pop serve --threads, 4) and a
    # little overflow. A node holds workers × (DB_POOL_SIZE + DB_MAX_OVERFLOW); see the README.
    DB_POOL_SIZE = 4
    DB_MAX_OVERFLOW = 2
    BABEL_DEFAULT_LOCALE = "nl"
    # Times are stored in UTC and shown in this zone (POP_TIMEZONE).
    TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    # Failed log-ins only, per account and per client address, counted where every worker sees
    # them: the database, or Redis when RATELIMIT_STORAGE_URI is redis://… (pip install pop[redis]).
    RATELIMIT_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per 15 minutes"  # per account
    LOGIN_ADDRESS_RATE_LIMIT = "50 per 15 minutes"  # per client address
    RATELIMIT_STORAGE_URI: str | None = None
    # Reverse proxies in front of POP whose X-Forwarded-For/-Proto are believed (werkzeug ProxyFix).
    TRUSTED_PROXIES = 0
    SESSION_IDLE_MINUTES = 30
    SESSION_LIFETIME_HOURS = 12
    # Roles that must use an authenticator app (TOTP) on top of their password.
    MFA_REQUIRED_ROLES = ("hr", "admin")
    INVITATION_VALID_DAYS = 7
    PASSWORD_RESET_VALID_MINUTES = 60
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105  (an algorithm name, not a secret)
    PEOPLE_PER_PAGE = 25
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    EVIDENCE_MAX_BYTES = 5_000_000
    # Files live in the database; these are where they lived before, for the migration that
    # moves them in (default: instance/evidence and instance/imports).
    EVIDENCE_FOLDER: str | None = None
    CATALOGUE_IMPORT_FOLDER: str | None = None
    # Conversation ratings, lowest first: the labels of the points of the scale.
    RATING_SCALE = ("onvoldoende", "matig", "voldoende", "goed", "uitstekend")
    # How long after deactivation HR may anonymise a person who left (AVG).
    RETENTION_DAYS = 730
    # How many days after signing a beoordeling the employee can still lodge an objection.
    OBJECTION_DAYS = 14
    # Notifications and mail (issue 7). Without SMTP_HOST, mail is written to MAIL_OUTBOX_FOLDER.
    SMTP_HOST: str | None = None
    SMTP_PORT: int | None = None  # default: 465 with SMTP_SSL, 587 with SMTP_STARTTLS, else 25
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = False
    SMTP_SSL = False
    SMTP_TIMEOUT = 30
    MAIL_FROM = "POP <pop@localhost>"
    MAIL_OUTBOX_FOLDER: str | None = None  # default: instance/outbox
    PUBLIC_URL = "http://localhost:5000"  # how people reach POP: the base of links in mail
    REMINDER_DEADLINE_DAYS = 14  # remind of a goal's deadline this many days ahead
    REMINDER_CHECK_IN_WEEKS = 6  # remind of a goal without a check-in for this many weeks
    # Operations (issue 13): logs, metrics, what a visitor sees while the database is away.
    LOG_FORMAT = "json"  # one JSON object a line; "text" leaves Flask's plain log lines
    LOG_LEVEL = "INFO"
    DATABASE_RETRY_AFTER = 10  # seconds, in the Retry-After of the 503 answer
    METRICS_TOKEN: str | None = None  # /metrics with "Authorization: Bearer <token>"
    METRICS_ALLOWED_ADDRESSES = ("127.0.0.1", "::1")  # and from these addresses or networks
    # Single sign-on (issue 12): "local" passwords, "oidc" the organisation's account, or "both".
    AUTH_MODE = "local"
    OIDC_ISSUER: str | None = None  # its /.well-known/openid-configuration is read
    OIDC_CLIENT_ID: str | None = None
    OIDC_CLIENT_SECRET: str | None = None
    OIDC_SCOPES = "openid email profile"
    OIDC_ORGANISATION_NAME: str | None = None  # the button says "Inloggen met <name>"
    OIDC_EMAIL_CLAIM = "email"
    OIDC_NAME_CLAIM = "name"
    OIDC_EMPLOYEE_NUMBER_CLAIM = "employee_number"
    OIDC_LINK_BY = "email"  # first log-in: find the person by "email" or "employee_number"
    OIDC_CREATE_PEOPLE = False  # True: someone unknown to POP arrives as an employee
    OIDC_CLOCK_LEEWAY = 60  # seconds of clock difference allowed on the id_token's times


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
