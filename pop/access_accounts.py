"""Who administers accounts: invitations and resets, the roles one may grant, SCIM tokens.

Rules of `pop.access` for the people administration and the administrators' pages, apart
because they are a job of their own; they load through `pop.access` like everything else.
"""

from flask import abort
from sqlalchemy import select

from pop.access import allowed_or_403, get_managed_person_or_404, one_or_404, roles_required
from pop.models import Role, ScimToken, User

# --- accounts --------------------------------------------------------------------------------


def get_account_or_404(viewer: User, person_id: int) -> User:
    """A person whose account (invitation, reset) the viewer manages.

    404 out of the viewer's scope; 403 for HR on an administrator's account, which only an
    administrator manages.
    """
    person = get_managed_person_or_404(viewer, person_id)
    return allowed_or_403(person, may_change_account(viewer, person))


# --- SCIM tokens -----------------------------------------------------------------------------

admin_required = roles_required(Role.ADMIN)


def get_scim_token_or_404(viewer: User, token_id: int) -> ScimToken:
    """A SCIM token; only administrators manage them (404 for everyone else)."""
    if not viewer.is_admin:
        abort(404)
    return one_or_404(select(ScimToken).where(ScimToken.id == token_id))


ALL_ROLES = frozenset(Role)


def grantable_roles(actor: User | None, person: User | None) -> frozenset[Role]:
    """The roles `actor` may give to or take from `person` (None: someone new).

    Only an administrator grants or removes the HR and admin roles (and sets HR scope); HR,
    scoped or not, grants nothing beyond employee and manager, and nothing at all on an
    administrator's account. `actor` None is the command line, which may do everything.
    """
    if actor is None or actor.is_admin:
        return ALL_ROLES
    if not actor.is_hr or (person is not None and person.is_admin):
        return frozenset()
    return frozenset({Role.EMPLOYEE, Role.MANAGER})


def may_change_account(actor: User | None, person: User) -> bool:
    """Whether `actor` may edit, (de)activate, invite or reset `person`: HR not an admin."""
    return actor is None or actor.is_admin or not person.is_admin
