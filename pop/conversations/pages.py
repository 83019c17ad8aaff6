"""The conversations blueprint and what its pages share: filters, rating rows, act-and-commit."""

from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    url_for,
)

from pop import access
from pop.concurrency import commit_with_retries, conflict_with_message
from pop.conversations import queries
from pop.conversations.services import ConversationError
from pop.forms import EmptyForm
from pop.labels import conversation_status_label as status_label
from pop.labels import (
    kind_label,
    owner_label,
    rating_label,
    topic_label,
)
from pop.models import (
    BehaviourIndicator,
    Competency,
    Conversation,
    User,
)

bp = Blueprint("conversations", __name__, url_prefix="/gesprekken")


bp.add_app_template_filter(kind_label, "conversation_kind")
bp.add_app_template_filter(status_label, "conversation_status")
bp.add_app_template_filter(owner_label, "agreement_owner")
bp.add_app_template_filter(topic_label, "conversation_topic")


@bp.app_template_global()
def conversation_rating(conversation: Conversation, score: int | None) -> str:
    return rating_label(conversation.rating_scale, score)


@dataclass
class RatingRow:
    """A line of a ratings table: a competency or one of its indicators."""

    competency: Competency
    indicator: BehaviourIndicator | None
    score: int | None
    self_score: int | None


def rating_rows(
    competencies: list[Competency], scores: dict, self_scores: dict, *, all_indicators: bool
) -> list[RatingRow]:
    rows = []
    for competency in competencies:
        key = (competency.id, None)
        rows.append(RatingRow(competency, None, scores.get(key), self_scores.get(key)))
        # Rated indicators that were retired since still belong to what was rated.
        indicators = competency.indicators if all_indicators else competency.all_indicators
        for indicator in indicators:
            key = (competency.id, indicator.id)
            if all_indicators or key in scores or key in self_scores:
                rows.append(RatingRow(competency, indicator, scores.get(key), self_scores.get(key)))
    return rows


def may_see_self_scores(conversation: Conversation, viewer: User) -> bool:
    """Whether this viewer sees the self-assessment's scores: the manager only once submitted."""
    assessment = conversation.self_assessment
    if assessment is None:
        return False
    return assessment.is_submitted or access.is_conversation_employee(viewer, conversation)


def submitted_self_scores(conversation: Conversation, viewer: User) -> dict:
    """The self-assessment's scores as this viewer may see them (`may_see_self_scores`)."""
    if not may_see_self_scores(conversation, viewer):
        return {}
    return queries.scores_by_key(conversation.self_assessment.ratings)


def back(conversation: Conversation, anchor: str = ""):
    return redirect(url_for("conversations.conversation", conversation_id=conversation.id) + anchor)


def act(conversation: Conversation, action, success: str, *args, anchor: str = "", conflict=None):
    """Run a service, commit on success; on a refusal roll back and say why.

    A save that collides with another one at the same moment is not redone: the person gets
    the 409 page with `conflict(conversation)` as its message (or the general one).
    """

    def work():
        action(conversation, *args)

    try:
        if conflict is None:
            commit_with_retries(work, attempts=1)
        else:
            conflict_with_message(work, lambda: conflict(conversation))
    except ConversationError as error:
        flash(str(error), "error")
    else:
        flash(success, "success")
    return back(conversation, anchor)


def require_empty_form() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)
