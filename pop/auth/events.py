"""Security events in the audit log: log-ins, failures, log-outs, passwords, second factors."""

from flask import has_request_context, request

from pop.extensions import db
from pop.models import AuditEvent, User

SECURITY_ACTIONS = (
    "login",
    "login_failed",
    "login_throttled",
    "logout",
    "password_changed",
    "password_reset",
    "password_reset_requested",
    "password_reset_by_admin",
    "invitation_sent",
    "invitation_accepted",
    "mfa_enrolled",
    "mfa_removed",
    "mfa_failed",
    "recovery_code_used",
    "recovery_codes_renewed",
    "roles_changed",
    "hr_scope_changed",
    "sessions_ended",
)


def security_event(
    action: str,
    person: User | None,
    *,
    actor: User | None = None,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Record `action` about `person` (None: an address without an account); the caller commits.

    The actor is the person themselves unless someone else (an administrator, HR) acted.
    """
    details = dict(changes or {})
    if has_request_context():
        details.setdefault("address", request.remote_addr or "")
    acting = actor if actor is not None else person
    event = AuditEvent(
        actor_id=acting.id if acting is not None else None,
        action=action,
        object_type="User",
        object_id=person.id if person is not None else None,
        summary=summary,
        changes=details,
    )
    db.session.add(event)
    return event
