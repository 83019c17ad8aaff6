"""What a conversation's feedback shows, and to whom: named answers, anonymous ones as an aggregate.

Anonymous answers are shown only as counts per point of the scale and comments without names,
sorted by their text so that their order says nothing of who wrote them, and only once at least
`ANONYMOUS_MINIMUM` colleagues answered. With fewer, nothing of them is shown.
"""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from pop.extensions import db
from pop.models import (
    ANONYMOUS_MINIMUM,
    Conversation,
    FeedbackRating,
    FeedbackRequest,
    FeedbackStatus,
)


@dataclass
class IndicatorAggregate:
    """The anonymous answers on one behaviour indicator."""

    indicator_id: int
    counts: list[int]  # per point of the scale, lowest first
    comments: list[str] = field(default_factory=list)


@dataclass
class FeedbackResults:
    """The feedback of one conversation as one viewer may see it."""

    asked: int  # requests not withdrawn
    named: list[FeedbackRequest]  # answered, not anonymous, with their ratings
    anonymous_answered: int
    anonymous_shown: bool
    aggregate: dict[int, IndicatorAggregate]  # by indicator id; empty unless shown
    anonymous_comments: list[str]  # the overall comments, sorted

    @property
    def anonymous_missing(self) -> int:
        """How many more anonymous answers are needed before any is shown."""
        return max(0, ANONYMOUS_MINIMUM - self.anonymous_answered)


def requests_of(conversation_id: int) -> list[FeedbackRequest]:
    """Every request of a conversation with giver and ratings, in a fixed number of queries."""
    return list(
        db.session.scalars(
            select(FeedbackRequest)
            .where(FeedbackRequest.conversation_id == conversation_id)
            .options(
                joinedload(FeedbackRequest.giver),
                selectinload(FeedbackRequest.ratings),
            )
            .order_by(FeedbackRequest.id)
        )
    )


def results(conversation: Conversation) -> FeedbackResults:
    """The feedback of `conversation`; the caller has checked `access.feedback_view`."""
    return summarise(conversation, requests_of(conversation.id))


def summarise(conversation: Conversation, requests: list[FeedbackRequest]) -> FeedbackResults:
    """The results of `requests` (those of `conversation`, loaded with their ratings)."""
    points = len(conversation.rating_scale or [])
    requests = [
        request for request in requests if request.feedback_status != FeedbackStatus.WITHDRAWN
    ]
    answered = [request for request in requests if request.is_answered]
    named = [request for request in answered if not request.anonymous]
    anonymous = [request for request in answered if request.anonymous]
    shown = len(anonymous) >= ANONYMOUS_MINIMUM
    return FeedbackResults(
        asked=len(requests),
        named=named,
        anonymous_answered=len(anonymous),
        anonymous_shown=shown,
        aggregate=aggregate([r for request in anonymous for r in request.ratings], points)
        if shown
        else {},
        anonymous_comments=sorted(r.comment for r in anonymous if r.comment) if shown else [],
    )


def aggregate(ratings: list[FeedbackRating], points: int) -> dict[int, IndicatorAggregate]:
    """Counts per point and sorted comments per indicator: nothing that says who said what."""
    by_indicator: dict[int, list[FeedbackRating]] = {}
    for rating in ratings:
        if rating.indicator_id is not None:
            by_indicator.setdefault(rating.indicator_id, []).append(rating)
    result = {}
    for indicator_id, given in by_indicator.items():
        counted = Counter(rating.score for rating in given if rating.score is not None)
        result[indicator_id] = IndicatorAggregate(
            indicator_id=indicator_id,
            counts=[counted.get(point, 0) for point in range(1, points + 1)],
            comments=sorted(rating.comment for rating in given if rating.comment),
        )
    return result
