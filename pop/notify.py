"""Making a notification: the one call every area's services make inside their transaction.

It sits below the areas, beside `audit.py`: the plan and the conversations tell people what
happened without importing the notifications area, which is built on top of them (its pages,
mail digests and reminders read what is made here). `notify` adds and flushes; the caller commits.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app, g, has_request_context
from sqlalchemy import delete, insert, select
from werkzeug.routing import BuildError

from pop.extensions import db
from pop.models import (
    Conversation,
    ConversationDeadline,
    Goal,
    Notification,
    NotificationKind,
    StandIn,
    User,
)
from pop.models._time import utcnow

Kind = NotificationKind

# Where a notification leads: (endpoint, name of the id argument) per kind, else per object type.
_LINK_BY_KIND: dict[Kind, tuple[str, str | None]] = {
    Kind.SELF_ASSESSMENT_REQUESTED: ("conversations.self_assessment", "conversation_id"),
    Kind.CONVERSATIONS_TO_PLAN: ("team.index", None),
    Kind.SECOND_ASSESSMENT_REQUESTED: ("conversations.second_assessment", "conversation_id"),
    Kind.FEEDBACK_DUE: ("feedback.answer", "request_id"),
}
_LINK_BY_TYPE: dict[str, tuple[str, str | None]] = {
    "Goal": ("plan.goal", "goal_id"),
    "Conversation": ("conversations.conversation", "conversation_id"),
}

# A goal sent back carries the manager's comment: the separate "comment added" is then noise.
_SUPERSEDED_COMMENT_WINDOW = timedelta(minutes=1)


def notify(
    recipient: User | None,
    kind: Kind,
    *,
    obj: Any,
    actor: User | None = None,
    link: str | None = None,
    **context: Any,
) -> Notification | None:
    """Tell `recipient` that `kind` happened to `obj`. Nobody is told about their own action."""
    if recipient is None or not recipient.active or recipient.anonymised:
        return None
    if actor is not None and actor.id == recipient.id:
        return None
    kind = Kind(kind)
    if kind == Kind.GOAL_SENT_BACK:
        _drop_superseded_comment(recipient, obj, actor)
    notification = Notification(
        recipient_id=recipient.id,
        kind=kind.value,
        actor_id=actor.id if actor is not None else None,
        object_type=type(obj).__name__,
        object_id=obj.id,
        link=link if link is not None else link_for(kind, type(obj).__name__, obj.id),
        context=plain({**subject_context(obj), **context}),
    )
    db.session.add(notification)
    db.session.flush()
    if has_request_context():  # the bell's count of this request, if read, is out of date
        g.pop("unread_notifications", None)
    return notification


@dataclass(frozen=True)
class Draft:
    """One notification of many made at once (`notify_many`)."""

    recipient: User
    kind: Kind
    object_type: str
    object_id: int
    context: dict[str, Any] = field(default_factory=dict)
    link: str | None = None
    # Whose action it reports, when not that of the one who makes the notifications.
    by: User | None = None


def notify_many(actor: User | None, drafts: list[Draft]) -> int:
    """Make these notifications in one statement, by `notify`'s rules; how many were made."""
    rows = [
        {
            "recipient_id": draft.recipient.id,
            "kind": Kind(draft.kind).value,
            "actor_id": (draft.by or actor).id if (draft.by or actor) is not None else None,
            "object_type": draft.object_type,
            "object_id": draft.object_id,
            "link": draft.link
            if draft.link is not None
            else link_for(Kind(draft.kind), draft.object_type, draft.object_id),
            "context": plain(draft.context),
        }
        for draft in drafts
        if draft.recipient.active
        and not draft.recipient.anonymised
        and ((draft.by or actor) is None or (draft.by or actor).id != draft.recipient.id)
    ]
    if rows:
        db.session.execute(insert(Notification), rows)
        if has_request_context():
            g.pop("unread_notifications", None)
    return len(rows)


def notify_team_lead(
    manager: User | None, kind: Kind, *, obj: Any, actor: User | None = None, **context: Any
) -> list[Notification]:
    """Tell a team's manager, and whoever stands in for them today, what happened in the team."""
    if manager is None:
        return []
    today = date.today()
    deputies = db.session.scalars(
        select(User)
        .join(StandIn, StandIn.stand_in_id == User.id)
        .where(
            StandIn.manager_id == manager.id,
            StandIn.ended_at.is_(None),
            StandIn.starts_on <= today,
            StandIn.ends_on > today,
        )
    )
    made = [notify(lead, kind, obj=obj, actor=actor, **context) for lead in [manager, *deputies]]
    return [notification for notification in made if notification is not None]


def _drop_superseded_comment(recipient: User, obj: Any, actor: User | None) -> None:
    db.session.execute(
        delete(Notification).where(
            Notification.recipient_id == recipient.id,
            Notification.kind == Kind.COMMENT_ADDED.value,
            Notification.object_type == type(obj).__name__,
            Notification.object_id == obj.id,
            Notification.actor_id == (actor.id if actor is not None else None),
            Notification.read_at.is_(None),
            Notification.emailed_at.is_(None),
            Notification.created_at >= utcnow() - _SUPERSEDED_COMMENT_WINDOW,
        )
    )


def subject_context(obj: Any) -> dict[str, Any]:
    """What a notification's text needs to know of its object, copied at the time."""
    if isinstance(obj, Goal):
        return {"title": obj.title, "deadline": obj.deadline}
    if isinstance(obj, Conversation):
        return {
            "kind": obj.kind,
            "date": obj.held_on or obj.planned_on,
            "employee": obj.employee.name,
            "manager": obj.manager.name,
            "employee_id": obj.employee_id,
            "manager_id": obj.manager_id,
        }
    if isinstance(obj, ConversationDeadline):
        return {"kind": obj.kind, "date": obj.due_on}
    if isinstance(obj, StandIn):
        return {
            "manager": obj.manager.name,
            "manager_id": obj.manager_id,
            "stand_in": obj.stand_in.name,
            "starts_on": obj.starts_on,
            "ends_on": obj.ends_on,
        }
    return {}


def link_for(kind: Kind, object_type: str, object_id: int | None) -> str:
    """The path (without the application's root) that a notification leads to."""
    target = _LINK_BY_KIND.get(kind) or _LINK_BY_TYPE.get(object_type)
    if target is None:
        return ""
    endpoint, argument = target
    return app_path(endpoint, **({argument: object_id} if argument else {}))


def app_path(endpoint: str, **values: Any) -> str:
    """url_for without a request: services and the reminder command build links too."""
    try:
        return current_app.url_map.bind("localhost").build(endpoint, values)
    except BuildError:
        return ""


def plain(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-friendly: dates as ISO text, long text shortened."""
    result: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, str) and len(value) > 500:
            value = value[:499] + "…"
        result[key] = value
    return result
