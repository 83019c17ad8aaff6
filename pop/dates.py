"""Dates and times as people read them: in the user's language, times in the local time zone.

Times are stored in UTC (naive, as `pop.models._time.utcnow` makes them) and shown in
`TIMEZONE` (POP_TIMEZONE, default Europe/Amsterdam): "1 december 2026, 19:23" in Dutch,
"1 December 2026, 19:23" in English. Machine columns of exports keep ISO 8601; these helpers
are for what a person reads, on pages, in PDFs and in e-mail.
"""

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from flask import Flask, current_app
from flask_babel import format_date, format_datetime, get_timezone, to_user_timezone

from pop.translation import current_locale

DATE_PATTERN = "d MMMM y"
# The day as DATE_PATTERN writes it, then the time; `local_datetime` writes the two parts so.
DATETIME_PATTERN = f"{DATE_PATTERN}, HH:mm"


def local_date(value: date | datetime | str | None, empty: str = "") -> str:
    """A calendar day, or the local day of a UTC moment: "1 december 2026".

    An ISO string (as the personal-data export holds them) is read first.
    """
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    return format_day(value, DATE_PATTERN)


def format_day(day: date, pattern: str) -> str:
    """Flask-Babel's `format_date(day, pattern)` (a Babel pattern, or "medium" and the like),
    in the request's locale; the same text, each day formatted once per pattern and locale."""
    locale = current_locale()
    if locale is None:  # outside an app context: as Flask-Babel does it
        return format_date(day, pattern)
    return _formatted_day(day, pattern, locale)


@lru_cache(maxsize=4096)
def _formatted_day(day: date, pattern: str, locale: Locale) -> str:
    """A day as the locale writes it: the same day is written the same way all day long (a
    team page shows hundreds of them), so it is formatted once."""
    return babel_format_date(day, pattern, locale=locale)


def local_datetime(value: datetime | str | None, empty: str = "") -> str:
    """A stored UTC moment in local time: "1 december 2026, 19:23" (also from an ISO string)."""
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    locale = current_locale()
    if locale is None:  # outside an app context: as Flask-Babel does it
        return format_datetime(value, DATETIME_PATTERN)
    # Flask-Babel's format_datetime(value, DATETIME_PATTERN), the same text: a naive moment is
    # UTC, shown in the user's time zone; the day comes from `format_day`'s cache and the
    # time's digits ("HH:mm") are the same in every language POP has.
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    moment = moment.astimezone(get_timezone())
    return f"{_formatted_day(moment.date(), DATE_PATTERN, locale)}, {moment:%H:%M}"


def local_zone() -> ZoneInfo:
    """`TIMEZONE` as a zone to build local moments in (Flask-Babel's own is pytz's, which put
    into a `datetime` gives the zone's local mean time: +00:18 for Amsterdam)."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def utc_start_of_local_day(day: date) -> datetime:
    """The stored moment (naive UTC) at which `day` begins in the local time zone: the bound of
    a filter on days that a person chose. 8 December in Amsterdam begins at 23:00 UTC on the 7th."""
    return datetime.combine(day, time.min, local_zone()).astimezone(UTC).replace(tzinfo=None)


def local_period(start: date, end: date) -> str:
    """Two days as a range: "1 januari 2026 – 31 december 2026"."""
    return f"{local_date(start)} – {local_date(end)}"


def init_app(app: Flask) -> None:
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIMEZONE"]
    app.add_template_filter(local_date, "local_date")
    app.add_template_filter(local_datetime, "local_datetime")
    app.add_template_global(local_period, "local_period")
