"""Account services for HR and administrators: whom to invite, and resetting an account."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from pop import access
from pop.auth import second_factor, sessions
from pop.extensions import db
from pop.models import AuditEvent, Role, User, UserRole
from pop.models._time import utcnow


def people_to_invite(actor: User) -> list[User]:
    """Active people in `actor`'s scope without a password and without a recent invitation.

    Administrators are left out unless the actor is one: HR does not act on their accounts.
    """
    since = utcnow() - timedelta(days=float(current_app.config["INVITATION_VALID_DAYS"]))
    recently_invited = select(AuditEvent.object_id).where(
        AuditEvent.action == "invitation_sent",
        AuditEvent.object_type == "User",
        AuditEvent.at >= since,
    )
    query = access.managed_people(actor).where(
        User.active.is_(True),
        User.password_hash.is_(None),
        User.id.not_in(recently_invited.scalar_subquery()),
    )
    if not actor.is_admin:
        admins = select(UserRole.user_id).where(UserRole.role == Role.ADMIN.value)
        query = query.where(User.id.not_in(admins.scalar_subquery()))
    return list(db.session.scalars(query.order_by(User.name)))


@dataclass(frozen=True)
class ResetOutcome:
    second_factor_removed: bool
    sessions_ended: int


def reset_access(person: User) -> ResetOutcome:
    """The password and second factor go and every session ends; a new password comes by mail."""
    person.password_hash = None
    removed = second_factor.remove(person)
    ended = sessions.end_all_sessions(person)
    return ResetOutcome(second_factor_removed=removed, sessions_ended=ended)
