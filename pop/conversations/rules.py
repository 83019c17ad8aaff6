"""What every stage of a conversation checks: who may act, what can be rated, and races.

Services change objects and flush; the caller commits. A refused action raises
ConversationError with a message in the user's language, and changes nothing. A form loaded
before someone else saved raises `WriteConflict`; the `*_conflict_message` functions say what
the person whose save lost reads on the 409 page.
"""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pop import access
from pop.concurrency import WriteConflict
from pop.extensions import db
from pop.models import (
    Competency,
    Conversation,
    FunctionCompetency,
    User,
)
from pop.refusal import Refused

# A rating is keyed by (competency id, indicator id); indicator None rates the competency itself.
RatingKey = tuple[int, int | None]
Scores = dict[RatingKey, int | None]


class ConversationError(Refused):
    """An action the rules refuse; `str(error)` is the message for the user."""


def require_version(stored: int, expected: int | None, what: str) -> None:
    """A form loaded before someone else saved is refused: the caller answers 409."""
    if expected is not None and stored != expected:
        raise WriteConflict(f"{what}: the form was of version {expected}, stored is {stored}")


# --- what the loser of a race reads (409), naming who saved first ----------------------------


def record_conflict_message(conversation: Conversation) -> str:
    return _(
        "%(name)s heeft dit gesprek intussen opgeslagen, daarom is je versie niet opgeslagen. Je "
        "invoer staat hieronder: open het gesprek opnieuw, vergelijk en sla nog eens op.",
        name=conversation.manager.name,
    )


def self_assessment_conflict_message(conversation: Conversation) -> str:
    return _(
        "%(name)s heeft deze zelfevaluatie intussen opgeslagen, daarom is je versie niet "
        "opgeslagen. Je invoer staat hieronder: open de zelfevaluatie opnieuw en sla nog eens "
        "op.",
        name=conversation.employee.name,
    )


def signing_conflict_message(conversation: Conversation) -> str:
    return _(
        "Het verslag is op hetzelfde moment al ondertekend of gewijzigd (%(manager)s, "
        "leidinggevende; %(employee)s, medewerker). Je ondertekening is niet opgeslagen: open "
        "het gesprek opnieuw en kijk wat er nu vastligt.",
        manager=conversation.manager.name,
        employee=conversation.employee.name,
    )


# --- who may act --------------------------------------------------------------------------------


def require_manager(conversation: Conversation, actor: User) -> None:
    if not access.is_conversation_manager(actor, conversation):
        raise ConversationError(_("Alleen de leidinggevende van dit gesprek kan dit doen."))


def require_employee(conversation: Conversation, actor: User) -> None:
    if conversation.employee_id != actor.id:
        raise ConversationError(_("Alleen de medewerker zelf kan dit doen."))


def require_open_record(conversation: Conversation) -> None:
    if conversation.is_signed:
        raise ConversationError(
            _(
                "Dit verslag is door beiden ondertekend en kan niet meer worden gewijzigd. "
                "Voeg zo nodig een aanvulling toe."
            )
        )
    if conversation.manager_signed_at is not None:
        raise ConversationError(
            _(
                "De leidinggevende heeft het verslag al ondertekend: "
                "het kan niet meer worden gewijzigd."
            )
        )


# --- what can be rated --------------------------------------------------------------------------


def rateable_competencies(employee: User) -> list[Competency]:
    """The competencies of the employee's function with their indicators and questions."""
    if employee.function_id is None:
        return []
    return list(
        db.session.scalars(
            select(Competency)
            .join(FunctionCompetency)
            .where(FunctionCompetency.function_id == employee.function_id)
            .options(
                selectinload(Competency.indicators),
                selectinload(Competency.all_indicators),
                selectinload(Competency.questions),
            )
            .order_by(FunctionCompetency.position)
        )
    )


def rating_keys(competencies: list[Competency]) -> set[RatingKey]:
    keys: set[RatingKey] = set()
    for competency in competencies:
        keys.add((competency.id, None))
        keys.update((competency.id, indicator.id) for indicator in competency.indicators)
    return keys


def check_scores(conversation: Conversation, scores: Scores) -> dict[RatingKey, int]:
    """The given scores without the empty ones; refuses points off the scale or off the list."""
    allowed = rating_keys(rateable_competencies(conversation.employee))
    points = len(conversation.rating_scale)
    given = {key: score for key, score in scores.items() if score is not None}
    if given and not conversation.has_ratings:
        raise ConversationError(_("In deze cyclus worden geen oordelen gegeven."))
    for key, score in given.items():
        if key not in allowed:
            raise ConversationError(
                _("Er kan alleen worden beoordeeld op de competenties van de functie.")
            )
        if not 1 <= score <= points:
            raise ConversationError(
                _("Een oordeel is een punt van 1 tot en met %(points)d.", points=points)
            )
    return given


def key_order(item: tuple[RatingKey, int]) -> tuple[int, int]:
    (competency_id, indicator_id), _score = item
    return (competency_id, indicator_id or 0)
