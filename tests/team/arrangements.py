"""Stand-in arrangements stored as they are, for tests that start from one."""

from datetime import date, timedelta

from pop.extensions import db
from pop.models import StandIn
from pop.models._time import utcnow
from tests.conversations.factories import TODAY


def arrange(
    app, manager_id: int, stand_in_id: int, starts_on: date = TODAY, days: int = 30, ended=False
) -> int:
    """A stand-in arrangement stored as it is (no service rules), `days` long; ended early."""
    with app.app_context():
        arrangement = StandIn(
            manager_id=manager_id,
            stand_in_id=stand_in_id,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=days),
            ended_at=utcnow() if ended else None,
        )
        db.session.add(arrangement)
        db.session.commit()
        return arrangement.id
