"""Who sees and changes stand-in arrangements: the manager their own, HR those in scope.

Rules of `pop.access` for the stand-in page, apart because they are a job of their own; they
load through `pop.access` like everything else. The stand-in sees the arrangements they are
the stand-in of, but ends or changes none of them.
"""

from datetime import date

from flask import abort
from sqlalchemy import Row, Select, bindparam, or_, select
from sqlalchemy.sql.elements import ColumnElement

from pop.access import LoadOptions, allowed_or_403, may_arrange_stand_in, one_or_404, people_scope
from pop.extensions import db
from pop.models import Role, StandIn, User, UserRole
from pop.rows import rows_of


def may_open_stand_ins(viewer: User) -> bool:
    """The stand-in page is for managers (their own) and HR (the managers in scope)."""
    return viewer.is_manager or viewer.is_hr


def require_stand_in_page(viewer: User) -> None:
    """Anyone else has no such page: 404."""
    if not may_open_stand_ins(viewer):
        abort(404)


def arrangements_in_view(viewer: User) -> ColumnElement[bool]:
    """A WHERE clause on StandIn: one's own (as manager or stand-in), and HR's in scope."""
    own = (StandIn.manager_id == viewer.id) | (StandIn.stand_in_id == viewer.id)
    if not viewer.is_hr:
        return own
    return or_(own, StandIn.manager_id.in_(select(User.id).where(people_scope(viewer))))


def current_and_coming(viewer: User, today: date) -> Select:
    """The arrangements in view that have not ended: running today or starting later."""
    return (
        select(StandIn)
        .where(arrangements_in_view(viewer), StandIn.ended_at.is_(None), StandIn.ends_on > today)
        .order_by(StandIn.starts_on, StandIn.id)
    )


# Built once: the statement of `standing_in_for`.
_STANDING_IN_FOR = (
    select(StandIn.starts_on, StandIn.ends_on, User.name.label("manager_name"))
    .join(User, User.id == StandIn.manager_id)
    .where(
        StandIn.stand_in_id == bindparam("viewer_id"),
        StandIn.ended_at.is_(None),
        StandIn.ends_on > bindparam("today"),
    )
    .order_by(StandIn.starts_on, StandIn.id)
)


def standing_in_for(viewer: User, today: date) -> list[Row]:
    """The viewer's own arrangements as stand-in that have not ended, in order of start: rows
    of `manager_name`, `starts_on` and `ends_on` (running today when `starts_on <= today`)."""
    return rows_of(_STANDING_IN_FOR, viewer_id=viewer.id, today=today)


def get_arrangement_to_end_or_404(
    viewer: User, arrangement_id: int, options: LoadOptions = ()
) -> StandIn:
    """An arrangement the viewer may end: 404 out of view, 403 for the stand-in themselves."""
    query = select(StandIn).where(StandIn.id == arrangement_id, arrangements_in_view(viewer))
    arrangement = one_or_404(query, options)
    return allowed_or_403(arrangement, may_arrange_stand_in(viewer, arrangement.manager))


def may_end_which(viewer: User, arrangements: list[StandIn]) -> set[int]:
    """The ids of `arrangements` the viewer may end, asked of the database once for the list."""
    own = {item.id for item in arrangements if item.manager_id == viewer.id}
    if not viewer.is_hr:
        return own
    manager_ids = {item.manager_id for item in arrangements}
    in_scope = set(
        db.session.scalars(select(User.id).where(User.id.in_(manager_ids), people_scope(viewer)))
    )
    return own | {item.id for item in arrangements if item.manager_id in in_scope}


def managers_to_arrange_for(viewer: User) -> Select:
    """The managers the viewer may arrange a stand-in for: themselves; for HR, those in scope."""
    managers = select(User).where(
        User.active.is_(True),
        User.role_links.any(UserRole.role == Role.MANAGER.value),
    )
    if viewer.is_hr:
        return managers.where(people_scope(viewer)).order_by(User.name)
    return managers.where(User.id == viewer.id)


def stand_in_candidates() -> Select:
    """Who can be chosen as a stand-in: every active person (names are known in the organisation);
    the service refuses a member of the manager's own team."""
    return select(User.id, User.name).where(User.active.is_(True)).order_by(User.name, User.id)


def get_manager_to_arrange_for_or_404(viewer: User, manager_id: int) -> User:
    return one_or_404(managers_to_arrange_for(viewer).where(User.id == manager_id))


def get_stand_in_candidate_or_404(viewer: User, person_id: int) -> User:
    """An active person, whom a manager or HR may name as a stand-in."""
    require_stand_in_page(viewer)
    return one_or_404(select(User).where(User.id == person_id, User.active.is_(True)))
