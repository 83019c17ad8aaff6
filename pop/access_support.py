"""What access.py builds its rules from: loading one row or 404 (or 403), role gates, and HR's
departments (a recursive query over the department tree, computed once per request).

None of this says who may do what; `pop.access` does, and views load through it alone (it
re-exports what views and services use from here).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, wraps
from typing import Any, TypeVar

from flask import abort, g, has_request_context
from flask_login import current_user, login_required
from sqlalchemy import ScalarSelect, Select, bindparam, func, select
from sqlalchemy.orm.interfaces import ORMOption

from pop.extensions import db
from pop.models import Cycle, Department, HrScope, Role, StandIn, User

LoadOptions = Sequence[ORMOption]
T = TypeVar("T")


def one_or_404(query: Select, options: LoadOptions = ()):
    """The single row of `query` loaded with `options` (so a view loads it once), else 404."""
    return _scalar_or_404(_with_options(query, options))


def _with_options(query: Select, options: LoadOptions) -> Select:
    if options:
        # An object already in the session would otherwise keep what it had loaded before.
        query = query.options(*options).execution_options(populate_existing=True)
    return query


def _scalar_or_404(query: Select, parameters: dict | None = None):
    found = db.session.scalar(query, parameters)
    if found is None:
        abort(404)
    return found


# A kind of viewer, as the scopes branch on it: (is HR, for the whole organisation, leads a team).
ScopeKind = tuple[bool, bool, bool]


@dataclass(frozen=True)
class ScopeTerms:
    """What the scopes of `pop.access` read of a viewer. `scope_terms` gives the viewer's values;
    `bound_terms` the same terms as bound parameters, for a statement built once per kind of
    viewer (`kind`) and run with `scope_values`. The scopes branch on the kind alone, so the
    two give the same rule."""

    is_hr: bool
    organisation_wide: bool  # HR for everyone: an administrator, or the explicit grant
    leads_a_team: bool
    viewer_id: Any
    led: Any  # the managers whose team the viewer leads today, themselves included
    departments: Any  # HR's departments (none for anyone else, unused when organisation-wide)

    @property
    def kind(self) -> ScopeKind:
        return (self.is_hr, self.organisation_wide, self.leads_a_team)


def scope_terms(viewer: User) -> ScopeTerms:
    departments = hr_department_ids(viewer)
    return ScopeTerms(
        is_hr=viewer.is_hr,
        organisation_wide=viewer.is_hr and departments is None,
        leads_a_team=leads_a_team(viewer),
        viewer_id=viewer.id,
        led=acting_manager_ids(viewer),
        departments=departments or frozenset(),
    )


def bound_terms(kind: ScopeKind) -> ScopeTerms:
    return ScopeTerms(
        *kind,
        viewer_id=bindparam("scope_viewer_id"),
        led=bindparam("scope_led", expanding=True),
        departments=bindparam("scope_departments", expanding=True),
    )


def scope_values(terms: ScopeTerms) -> dict:
    return {
        "scope_viewer_id": terms.viewer_id,
        "scope_led": sorted(terms.led),
        "scope_departments": sorted(terms.departments),
    }


def scoped_one_or_404(
    build: Callable[[ScopeTerms], Select], viewer: User, options: LoadOptions = (), **values
):
    """The single row of the statement `build` makes from the viewer's scope, else 404; as
    `one_or_404`, with the statement built once per kind of viewer and `options` instead of
    once per request (building and keying a statement with its loader options cost more than
    running it), and the viewer's values as its parameters."""
    terms = scope_terms(viewer)
    statement = _scoped_statement(build, terms.kind, tuple(options))
    return _scalar_or_404(statement, {**scope_values(terms), **values})


@lru_cache(maxsize=256)
def _scoped_statement(
    build: Callable[[ScopeTerms], Select], kind: ScopeKind, options: LoadOptions
) -> Select:
    return _with_options(build(bound_terms(kind)), options)


def allowed_or_403(found: T, allowed: bool) -> T:
    """`found`, when the viewer may do what they asked; else 403 (they may see it, so no 404)."""
    if not allowed:
        abort(403)
    return found


def get_cycle_or_404(viewer: User, cycle_id: int) -> Cycle:
    """A cycle: the organisation's calendar, which everyone logged in reads (a past POP)."""
    return one_or_404(select(Cycle).where(Cycle.id == cycle_id))


def roles_required(*roles: Role) -> Callable:
    """Coarse gate for a whole page: users without one of `roles` get 404."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(404)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def department_subtree_ids(root_ids: list[int]) -> set[int]:
    """The given departments and everything below them, in one recursive query."""
    if not root_ids:
        return set()
    tree = select(Department.id).where(Department.id.in_(root_ids)).cte(recursive=True)
    tree = tree.union_all(select(Department.id).where(Department.parent_id == tree.c.id))
    return set(db.session.scalars(select(tree.c.id)))


def hr_department_ids(viewer: User) -> set[int] | None:
    """Departments `viewer` may see as HR; None means the whole organisation.

    Fails closed: someone who is not HR gets the empty set. Computed once per request.
    """
    if not viewer.is_hr:
        return set()
    if viewer.is_admin:
        return None
    if not has_request_context():
        return _hr_scope_of(viewer)
    cache = g.setdefault("hr_department_ids", {})
    if viewer.id not in cache:
        cache[viewer.id] = _hr_scope_of(viewer)
    return cache[viewer.id]


def _hr_scope_of(viewer: User) -> set[int] | None:
    """Departments set by an administrator narrow HR; without them only the explicit
    organisation-wide grant opens everything, and no grant opens nothing (fail closed)."""
    roots = list(
        db.session.scalars(select(HrScope.department_id).where(HrScope.user_id == viewer.id))
    )
    if roots:
        return department_subtree_ids(roots)
    return None if viewer.hr_organisation_wide else set()


def acting_manager_ids(viewer: User, on: date | None = None) -> frozenset[int]:
    """The managers whose team `viewer` leads on `on` (today): themselves, and every manager
    they stand in for that day (from the start date up to, not including, the end date).

    Computed once per request for today; a day given explicitly is asked of the database.
    """
    if on is not None or not has_request_context():
        return _acting_for(viewer, on or date.today())
    cache = g.setdefault("acting_manager_ids", {})
    if viewer.id not in cache:
        cache[viewer.id] = _acting_for(viewer, date.today())
    return cache[viewer.id]


def standing_in_today(user_id, today=None) -> ScalarSelect:
    """How many managers `user_id` (a column or a value) stands in for `today` (by default the
    date of today; a bound parameter in a statement built once): a column of the query that
    loads the logged-in user, so that most requests need no query of their own."""
    today = date.today() if today is None else today
    return (
        select(func.count(StandIn.id))
        .where(
            StandIn.stand_in_id == user_id,
            StandIn.ended_at.is_(None),
            StandIn.starts_on <= today,
            StandIn.ends_on > today,
        )
        .scalar_subquery()
    )


def remember_standing_in(viewer: User, count: int) -> None:
    """Keep for this request that `viewer` stands in for no one today (as standing_in_today
    counted): acting_manager_ids then needs no query. Someone standing in is asked as before."""
    if count == 0 and has_request_context():
        g.setdefault("acting_manager_ids", {})[viewer.id] = frozenset({viewer.id})


def _acting_for(viewer: User, day: date) -> frozenset[int]:
    absent = db.session.scalars(
        select(StandIn.manager_id).where(
            StandIn.stand_in_id == viewer.id,
            StandIn.ended_at.is_(None),
            StandIn.starts_on <= day,
            StandIn.ends_on > day,
        )
    )
    return frozenset({viewer.id, *absent})


def leads_a_team(viewer: User) -> bool:
    """A manager, or someone standing in for one today: who has a "Mijn team"."""
    return viewer.is_manager or len(acting_manager_ids(viewer)) > 1


def team_lead_required(view: Callable) -> Callable:
    """Gate for the team pages: managers and today's stand-ins; anyone else gets 404."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not leads_a_team(current_user):
            abort(404)
        return view(*args, **kwargs)

    return wrapped
