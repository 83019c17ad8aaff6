"""What the feedback pages load, each in a fixed number of queries however many rows they show."""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from pop.extensions import db
from pop.models import Conversation, ConversationStatus, FeedbackRequest, FeedbackStatus, User

# A search shows at most this many people: with 100,000 employees a list of all is no choice.
SEARCH_LIMIT = 20
SEARCH_MINIMUM = 2
NOT_HELD = (ConversationStatus.PLANNED.value, ConversationStatus.PREPARED.value)

_CONVERSATION = (
    joinedload(FeedbackRequest.conversation).joinedload(Conversation.employee),
    joinedload(FeedbackRequest.conversation).joinedload(Conversation.manager),
    joinedload(FeedbackRequest.requester),
)


def requests_for_giver(giver_id: int) -> list[FeedbackRequest]:
    """The giver's requests, not withdrawn: open ones first, soonest to expire first."""
    return list(
        db.session.scalars(
            select(FeedbackRequest)
            .where(
                FeedbackRequest.giver_id == giver_id,
                FeedbackRequest.status != FeedbackStatus.WITHDRAWN.value,
            )
            .options(*_CONVERSATION)
            .order_by(
                (FeedbackRequest.status == FeedbackStatus.OPEN.value).desc(),
                FeedbackRequest.expires_on,
                FeedbackRequest.id,
            )
        )
    )


def open_count_for_giver(giver_id: int, today) -> int:
    """How many requests still wait for the giver's answer (for the start page): open, not
    expired, and for a conversation not yet held."""
    return db.session.scalar(
        select(func.count(FeedbackRequest.id))
        .join(Conversation, Conversation.id == FeedbackRequest.conversation_id)
        .where(
            FeedbackRequest.giver_id == giver_id,
            FeedbackRequest.status == FeedbackStatus.OPEN.value,
            FeedbackRequest.expires_on >= today,
            Conversation.status.in_(NOT_HELD),
        )
    )


def request_page(request_id: int) -> FeedbackRequest:
    """One request with what its answer page shows."""
    return db.session.scalar(
        select(FeedbackRequest)
        .where(FeedbackRequest.id == request_id)
        .options(*_CONVERSATION, selectinload(FeedbackRequest.ratings))
        .execution_options(populate_existing=True)
    )


def requests_of_conversation(conversation_id: int) -> list[FeedbackRequest]:
    """A conversation's requests with their givers and ratings, oldest first."""
    return list(
        db.session.scalars(
            select(FeedbackRequest)
            .where(FeedbackRequest.conversation_id == conversation_id)
            .options(
                joinedload(FeedbackRequest.giver).joinedload(User.department),
                selectinload(FeedbackRequest.ratings),
            )
            .order_by(FeedbackRequest.id)
        )
    )


def search_colleagues(text: str, exclude: set[int]) -> list[User]:
    """Active people whose name, e-mail address or staff number holds `text`, at most 20."""
    text = text.strip().lower()
    if len(text) < SEARCH_MINIMUM:
        return []
    query = (
        select(User)
        .where(
            User.active.is_(True),
            User.anonymised.is_(False),
            or_(
                func.lower(User.name).contains(text, autoescape=True),
                func.lower(User.email).contains(text, autoescape=True),
                func.lower(User.employee_number).contains(text, autoescape=True),
            ),
        )
        .options(joinedload(User.department))
        .order_by(User.name, User.id)
        .limit(SEARCH_LIMIT + len(exclude))
    )
    found = [person for person in db.session.scalars(query) if person.id not in exclude]
    return found[:SEARCH_LIMIT]


def people_by_id(ids: list[int]) -> list[User]:
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name)))
