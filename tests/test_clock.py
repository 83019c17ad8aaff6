"""The suite runs in a zone where today's date is UTC's and the day has twelve hours left."""

import os
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.clock import RUN_DAY, zone_with_the_day_ahead


@pytest.mark.parametrize("minutes", range(0, 24 * 60, 7))
def test_every_moment_of_a_utc_day_falls_early_on_the_same_date(minutes):
    now = datetime(2026, 12, 7, tzinfo=UTC) + timedelta(minutes=minutes)
    local = now.astimezone(ZoneInfo(zone_with_the_day_ahead(now)))
    assert local.date() == now.date()
    assert local.hour < 12  # twelve hours or more before local midnight
    assert local.utcoffset() <= timedelta(0)  # a naive local "now" is never ahead of UTC


def test_the_suite_runs_on_one_day_in_such_a_zone(pytestconfig):
    assert os.environ["TZ"].startswith("Etc/")
    assert time.timezone >= 0  # at or behind UTC
    assert date.today() == pytestconfig.stash[RUN_DAY]
