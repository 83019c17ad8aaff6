"""For pages of any area that show the current cycle."""

from pop.extensions import db
from pop.models import Cycle
from pop.plan import services


def current_cycle_for_page() -> Cycle:
    """The current cycle; commits only when the calendar year's cycle had to be created, so
    that a page does not expire (and reload) everything it loaded before."""
    cycle = services.find_current_cycle()
    if cycle is None:
        cycle = services.current_cycle()
        db.session.commit()
    return cycle
