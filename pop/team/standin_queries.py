"""What the stand-in page reads: the arrangements in view, with both names."""

from datetime import date

from sqlalchemy.orm import joinedload

from pop import access_standins
from pop.extensions import db
from pop.models import StandIn, User

# Both names of every row in the one query that loads the list.
NAMES = (joinedload(StandIn.manager), joinedload(StandIn.stand_in))


def current_and_coming(viewer: User, today: date) -> list[StandIn]:
    """The arrangements the viewer sees that run today or start later, in order of start."""
    return list(
        db.session.scalars(access_standins.current_and_coming(viewer, today).options(*NAMES))
    )
