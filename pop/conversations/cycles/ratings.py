"""Whether a cycle's conversations are rated: HR's choice when opening it, changed only while safe.

One truth: a conversation is rated when its `rating_scale` is not empty. The cycle's
`with_ratings` says which scale its conversations get when planned (`planning.scale_for`), and a
change of the choice gives every conversation of the cycle that scale at once, so the two never
disagree. The choice can change only while it changes no recorded judgement: as long as nobody
signed any conversation of the cycle (a signed report is frozen with its scale) and nobody gave a
rating in it (the manager's ratings or eindoordeel and its motivation, the self-assessment's
scores, colleagues' scores). Switching ratings off then discards nothing, and switching them on
leaves no signed conversation of the cycle without ratings beside rated ones.
Services flush; the caller commits.
"""

from flask_babel import gettext as _
from sqlalchemy import exists, or_, select

from pop import audit
from pop.conversations.planning import scale_for
from pop.conversations.rules import ConversationError
from pop.extensions import db
from pop.models import (
    Conversation,
    ConversationRating,
    Cycle,
    FeedbackRating,
    FeedbackRequest,
    SelfAssessment,
    SelfAssessmentRating,
    User,
)


class RatingsChoiceError(ConversationError):
    """The cycle's choice of ratings cannot change any more; `str(error)` says why."""


def _in_cycle(cycle: Cycle):
    return Conversation.cycle_id == cycle.id


def has_signatures(cycle: Cycle) -> bool:
    """Whether the manager or the employee signed any conversation of `cycle`."""
    return db.session.scalar(
        select(
            exists().where(
                _in_cycle(cycle),
                or_(
                    Conversation.manager_signed_at.is_not(None),
                    Conversation.employee_signed_at.is_not(None),
                ),
            )
        )
    )


def has_recorded_ratings(cycle: Cycle) -> bool:
    """Whether anyone gave a rating in a conversation of `cycle` (one query)."""
    overall = exists().where(
        _in_cycle(cycle),
        or_(Conversation.overall_rating.is_not(None), Conversation.overall_motivation != ""),
    )
    manager = (
        exists()
        .where(ConversationRating.conversation_id == Conversation.id)
        .where(_in_cycle(cycle))
    )
    own = (
        exists()
        .where(SelfAssessmentRating.self_assessment_id == SelfAssessment.id)
        .where(SelfAssessment.conversation_id == Conversation.id, _in_cycle(cycle))
    )
    colleagues = (
        exists()
        .where(FeedbackRating.request_id == FeedbackRequest.id, FeedbackRating.score.is_not(None))
        .where(FeedbackRequest.conversation_id == Conversation.id, _in_cycle(cycle))
    )
    return db.session.scalar(select(or_(overall, manager, own, colleagues)))


def why_fixed(cycle: Cycle) -> str | None:
    """Why the choice can no longer change, or None while it can."""
    if has_signatures(cycle):
        return _(
            "In de cyclus %(name)s is al een gesprek ondertekend: of er oordelen worden gegeven, "
            "ligt daarmee vast.",
            name=cycle.name,
        )
    if has_recorded_ratings(cycle):
        return _(
            "In de cyclus %(name)s zijn al oordelen gegeven: zet de oordelen niet uit, "
            "want dan gaan die verloren.",
            name=cycle.name,
        )
    return None


def _refuse_when_fixed(cycle: Cycle) -> None:
    reason = why_fixed(cycle)
    if reason is not None:
        raise RatingsChoiceError(reason)


def set_with_ratings(cycle: Cycle, with_ratings: bool, actor: User) -> bool:
    """Rate the cycle's conversations or not; whether it changed. Refused once it would matter."""
    if cycle.with_ratings == with_ratings:
        return False
    _refuse_when_fixed(cycle)  # before: a signed conversation is never so much as flushed
    cycle.with_ratings = with_ratings
    scale = scale_for(cycle)
    conversations = db.session.scalars(select(Conversation).where(_in_cycle(cycle))).all()
    for conversation in conversations:
        conversation.rating_scale = list(scale)
    # Checked after the flush: the conversations' rows are then this transaction's, so a manager
    # rating one at the same time either committed before (and is seen here) or meets a changed
    # version (a write conflict) instead of rating on a scale that is gone. The caller rolls back.
    db.session.flush()
    _refuse_when_fixed(cycle)
    audit.record(
        actor,
        "cycle_ratings_set",
        cycle,
        summary=cycle.name,
        changes={
            "with_ratings": [not with_ratings, with_ratings],
            "conversations": len(conversations),
        },
    )
    return True
