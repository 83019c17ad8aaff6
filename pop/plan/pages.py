"""For pages of any area that show the current cycle.

A page never opens a cycle (a GET never writes): the year's cycle is opened on purpose, by
`pop setup`, the scheduled `pop send-reminders` or HR. Until then such a page says so.
"""

from pop.models import Cycle
from pop.plan import services


class NoCurrentCycle(Exception):
    """No open cycle holds today, and the calendar year has none either."""


def current_cycle_for_page() -> Cycle:
    """The current cycle; raises `NoCurrentCycle` (a page that says so) when there is none."""
    cycle = services.find_current_cycle()
    if cycle is None:
        raise NoCurrentCycle
    return cycle
