"""The suite's day does not end while it runs.

Test modules take today's date when they are collected (`TODAY = date.today()`), and the app
asks `date.today()` again at every request, so a run that passed midnight compared two days
and failed (seen on CI: the HR dashboard's overdue goals, the feedback count, the stand-ins).
Before the tests are collected, the local zone is set to one in which the day has at least
twelve hours left: the date stays UTC's own, and local time is at most twelve hours behind UTC,
so a naive local "now" is never ahead of it. Servers and browsers that the tests start inherit
the zone; the PostgreSQL of `scripts/with-postgres.sh` keeps UTC, as the app's timestamps do.
"""

import os
import time
from datetime import UTC, date, datetime

import pytest

RUN_DAY = pytest.StashKey[date]()  # the day the suite runs on, in the config's stash


def zone_with_the_day_ahead(now: datetime) -> str:
    """A fixed-offset zone in which `now` (in UTC) falls early on the same date."""
    hours_behind = min(now.astimezone(UTC).hour, 12)
    # POSIX zone names count the other way: "Etc/GMT+5" is five hours behind UTC.
    return f"Etc/GMT+{hours_behind}" if hours_behind else "Etc/UTC"


def keep_the_day() -> date:
    """Set this process's zone (and its children's); the day the suite runs on."""
    os.environ["TZ"] = zone_with_the_day_ahead(datetime.now(UTC))
    time.tzset()
    return date.today()
