"""The feedback reminder of `pop send-reminders`: an open request that is about to expire."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from pop.models import Conversation, FeedbackRequest, FeedbackStatus, NotificationKind, User
from pop.notifications.due import JUST_PLANNED, NOT_HELD, PAGE_SIZE, Due, id_windows, reachable

# A colleague asked for feedback is reminded this long before the request expires.
FEEDBACK_NOTICE = timedelta(days=3)


def feedback_due_pages(today: date, now: datetime, *, size: int = PAGE_SIZE) -> Iterator[list[Due]]:
    """Open requests, not made just now, that expire within FEEDBACK_NOTICE and can still be
    answered (the conversation not held): once, to the colleague asked."""
    employee, giver = aliased(User), aliased(User)
    query = (
        select(
            FeedbackRequest.id, FeedbackRequest.giver_id, FeedbackRequest.expires_on, employee.name
        )
        .join(Conversation, Conversation.id == FeedbackRequest.conversation_id)
        .join(employee, employee.id == Conversation.employee_id)
        .join(giver, giver.id == FeedbackRequest.giver_id)
        .where(
            FeedbackRequest.status == FeedbackStatus.OPEN.value,
            FeedbackRequest.expires_on.between(today, today + FEEDBACK_NOTICE),
            FeedbackRequest.created_at <= now - JUST_PLANNED,
            Conversation.status.in_(NOT_HELD),
            reachable(giver),
        )
    )
    for rows in id_windows(query, FeedbackRequest.id, size):
        yield [
            Due(
                giver_id,
                NotificationKind.FEEDBACK_DUE,
                "FeedbackRequest",
                request_id,
                expires_on.isoformat(),
                {"employee": employee_name, "expires_on": expires_on},
            )
            for request_id, giver_id, expires_on, employee_name in rows
        ]
