"""The current cycle, found in one query, is the one the rule of `find_current_cycle` names."""

import random
from datetime import date, timedelta

from pop.extensions import db
from pop.models import Cycle
from pop.plan import current_cycle

DAY = date(2026, 6, 15)
CASES = 80


def cycle_by_the_rule(cycles: list[Cycle], today: date) -> Cycle | None:
    """The rule step by step: the open cycle holding today (the latest to start), else the
    next open one, else the last open one to end, else the calendar year's."""
    open_ones = [cycle for cycle in cycles if cycle.is_open]
    for chosen, key, latest in (
        ([c for c in open_ones if c.starts_on <= today <= c.ends_on], "starts_on", True),
        ([c for c in open_ones if c.starts_on > today], "starts_on", False),
        ([c for c in open_ones if c.ends_on < today], "ends_on", True),
    ):
        if chosen:
            best = max if latest else min
            value = best(getattr(cycle, key) for cycle in chosen)
            return min((c for c in chosen if getattr(c, key) == value), key=lambda c: c.id)
    return next((cycle for cycle in cycles if cycle.name == str(today.year)), None)


def test_one_query_gives_the_cycle_of_the_rule(app):
    generator = random.Random(17)
    with app.app_context():
        for case in range(CASES):
            db.session.execute(db.delete(Cycle))
            cycles = []
            for number in range(generator.randint(0, 6)):
                starts_on = DAY + timedelta(days=generator.randint(-300, 300))
                cycles.append(
                    Cycle(
                        # Now and then the calendar year's name, for the last step of the rule.
                        name=str(DAY.year) if number == 0 and case % 3 == 0 else f"{case}-{number}",
                        starts_on=starts_on,
                        ends_on=starts_on + timedelta(days=generator.choice([0, 30, 200, 364])),
                        is_open=generator.random() < 0.7,
                    )
                )
            db.session.add_all(cycles)
            db.session.flush()
            expected = cycle_by_the_rule(cycles, DAY)
            found = current_cycle.find_current_cycle(DAY)
            assert (found and found.id) == (expected and expected.id), case
        db.session.rollback()
