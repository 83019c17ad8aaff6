"""Who may see or answer feedback from colleagues: access.py's part for them, beside it.

A request is the giver's alone: to anyone else it does not exist (404). A conversation's
feedback is the manager's (and their stand-in's, today) to read while preparing and the
employee's once the conversation is held; HR, and the employee before the conversation, see
only that requests exist and how many were answered. A module of its own because access.py is
at the size limit; it is in the access layer and, like access.py, the only other importer of
access_support.
"""

import enum

from pop.access_support import LoadOptions, acting_manager_ids, one_or_404
from pop.extensions import db
from pop.models import Conversation, FeedbackRequest, User

__all__ = [
    "FeedbackView",
    "feedback_view",
    "get_addressed_feedback_or_404",
    "get_conversation_feedback_or_404",
    "may_ask_feedback",
]


class FeedbackView(enum.Enum):
    NOTHING = "nothing"
    COUNTS = "counts"  # that requests exist, how many answered: no answers, no names of givers
    ANSWERS = "answers"


def get_addressed_feedback_or_404(
    viewer: User, request_id: int, options: LoadOptions = ()
) -> FeedbackRequest:
    """A feedback request, for the colleague it is addressed to alone."""
    query = db.select(FeedbackRequest).where(
        FeedbackRequest.id == request_id, FeedbackRequest.giver_id == viewer.id
    )
    return one_or_404(query, options)


def get_conversation_feedback_or_404(
    conversation: Conversation, request_id: int, options: LoadOptions = ()
) -> FeedbackRequest:
    """A request of a conversation already loaded through access (to withdraw it)."""
    query = db.select(FeedbackRequest).where(
        FeedbackRequest.id == request_id, FeedbackRequest.conversation_id == conversation.id
    )
    return one_or_404(query, options)


def feedback_view(viewer: User, conversation: Conversation) -> FeedbackView:
    """What of a conversation's feedback the viewer sees; the caller loaded it through access."""
    if conversation.manager_id in acting_manager_ids(viewer):  # a stand-in prepares it too
        return FeedbackView.ANSWERS
    if viewer.id == conversation.employee_id:
        return FeedbackView.ANSWERS if conversation.is_held else FeedbackView.COUNTS
    if viewer.is_hr:
        return FeedbackView.COUNTS
    return FeedbackView.NOTHING


def may_ask_feedback(viewer: User, conversation: Conversation) -> bool:
    """The employee and the manager of a conversation (or their stand-in today) ask colleagues
    and withdraw requests."""
    return viewer.id == conversation.employee_id or (
        conversation.manager_id in acting_manager_ids(viewer)
    )
