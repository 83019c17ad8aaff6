"""The rules of feedback from colleagues: who may ask whom, until when, and who answers once.

Services change objects and flush; the view commits. A refusal is a `FeedbackError` with a
message in the user's language, and changes nothing.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from pop import access_feedback, audit
from pop.conversations.rules import rateable_competencies
from pop.extensions import db
from pop.models import (
    Conversation,
    FeedbackRating,
    FeedbackRequest,
    FeedbackStatus,
    User,
)
from pop.models._time import utcnow
from pop.models.limits import limit
from pop.notify import Kind, app_path, notify
from pop.refusal import Refused

MAX_MESSAGE = limit("feedback_request", "message")
MAX_COMMENT = limit("feedback_request", "comment")
MAX_INDICATOR_COMMENT = limit("feedback_rating", "comment")
MAX_GIVERS = 20


class FeedbackError(Refused):
    """An action the feedback rules refuse; `str(error)` is the message for the user."""


@dataclass(frozen=True)
class Answer:
    """What a colleague says about one behaviour indicator."""

    score: int | None = None
    comment: str = ""


def request_feedback(
    conversation: Conversation,
    actor: User,
    givers: list[User],
    *,
    expires_on: date,
    anonymous: bool,
    message: str = "",
    today: date | None = None,
) -> list[FeedbackRequest]:
    """Ask each of `givers` for feedback on the competencies of the conversation's employee."""
    today = today or date.today()
    if not access_feedback.may_ask_feedback(actor, conversation):
        raise FeedbackError(
            _("Alleen de medewerker en de leidinggevende kunnen om feedback vragen.")
        )
    if conversation.is_held:
        raise FeedbackError(
            _("Het gesprek is al gevoerd: je kunt er geen feedback meer voor vragen.")
        )
    if not givers:
        raise FeedbackError(_("Kies ten minste één collega."))
    if len(givers) > MAX_GIVERS:
        raise FeedbackError(
            _("Je kunt ten hoogste %(count)d collega's tegelijk vragen.", count=MAX_GIVERS)
        )
    if expires_on < today:
        raise FeedbackError(_("De uiterste datum ligt in het verleden: kies vandaag of later."))
    if len(message) > MAX_MESSAGE:
        raise FeedbackError(_("Je toelichting is langer dan %(count)d tekens.", count=MAX_MESSAGE))
    if not rateable_competencies(conversation.employee):
        raise FeedbackError(
            _("De functie van de medewerker heeft geen competenties om feedback op te geven.")
        )
    asked = {
        request.giver_id
        for request in db.session.scalars(
            db.select(FeedbackRequest).where(FeedbackRequest.conversation_id == conversation.id)
        )
    }
    made = []
    for giver in givers:
        if giver.id == conversation.employee_id:
            raise FeedbackError(_("De medewerker kan zichzelf niet om feedback vragen."))
        if not giver.active or giver.anonymised:
            raise FeedbackError(
                _("%(name)s werkt hier niet meer en kan niet worden gevraagd.", name=giver.name)
            )
        if giver.id in asked:
            raise FeedbackError(
                _("%(name)s is voor dit gesprek al om feedback gevraagd.", name=giver.name)
            )
        asked.add(giver.id)
        request = FeedbackRequest(
            conversation=conversation,
            requester_id=actor.id,
            giver_id=giver.id,
            anonymous=anonymous,
            message=message.strip(),
            expires_on=expires_on,
        )
        db.session.add(request)
        made.append((request, giver))
    db.session.flush()
    for request, giver in made:
        audit.record(
            actor,
            "feedback_requested",
            request,
            summary=giver.name,
            changes={"anonymous": anonymous, "expires_on": expires_on},
        )
        notify(
            giver,
            Kind.FEEDBACK_REQUESTED,
            obj=request,
            actor=actor,
            link=app_path("feedback.answer", request_id=request.id),
            employee=conversation.employee.name,
            expires_on=expires_on,
        )
    return [request for request, _giver in made]


def _require_open(request: FeedbackRequest, today: date) -> None:
    if request.feedback_status == FeedbackStatus.ANSWERED:
        raise FeedbackError(_("Je hebt deze feedback al gegeven: dat kan maar één keer."))
    if request.feedback_status == FeedbackStatus.WITHDRAWN:
        raise FeedbackError(_("Dit verzoek is ingetrokken: je hoeft geen feedback meer te geven."))
    if request.is_expired(today):
        raise FeedbackError(
            _(
                "Dit verzoek is verlopen op %(date)s: je kunt geen feedback meer geven.",
                date=format_date(request.expires_on, "long"),
            )
        )
    if request.conversation.is_held:
        raise FeedbackError(_("Het gesprek is al gevoerd: je kunt geen feedback meer geven."))


def check_answers(request: FeedbackRequest, answers: dict[int, Answer]) -> list[FeedbackRating]:
    """The answers as ratings; refuses indicators off the function and points off the scale."""
    indicators = {
        indicator.id: competency.id
        for competency in rateable_competencies(request.conversation.employee)
        for indicator in competency.indicators
    }
    points = len(request.conversation.rating_scale or [])
    ratings = []
    for indicator_id, answer in sorted(answers.items()):
        if indicator_id not in indicators:
            raise FeedbackError(
                _("Je kunt alleen feedback geven op de gedragsindicatoren van de functie.")
            )
        comment = answer.comment.strip()
        if len(comment) > MAX_INDICATOR_COMMENT:
            raise FeedbackError(
                _("Een opmerking is langer dan %(count)d tekens.", count=MAX_INDICATOR_COMMENT)
            )
        if answer.score is not None:
            if points == 0:
                raise FeedbackError(_("In deze cyclus worden geen oordelen gegeven."))
            if not 1 <= answer.score <= points:
                raise FeedbackError(
                    _("Een oordeel is een punt van 1 tot en met %(points)d.", points=points)
                )
        if answer.score is None and not comment:
            continue
        ratings.append(
            FeedbackRating(
                competency_id=indicators[indicator_id],
                indicator_id=indicator_id,
                score=answer.score,
                comment=comment,
            )
        )
    return ratings


def give_feedback(
    request: FeedbackRequest,
    actor: User,
    answers: dict[int, Answer],
    *,
    comment: str = "",
    today: date | None = None,
) -> FeedbackRequest:
    """The colleague's answer, once; after the request expired it is refused."""
    today = today or date.today()
    if actor.id != request.giver_id:
        raise FeedbackError(_("Dit verzoek is niet aan jou gericht."))
    _require_open(request, today)
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise FeedbackError(_("Je toelichting is langer dan %(count)d tekens.", count=MAX_COMMENT))
    ratings = check_answers(request, answers)
    if not ratings and not comment:
        raise FeedbackError(
            _("Geef ten minste bij één gedragsindicator een oordeel of een opmerking.")
        )
    request.ratings = ratings
    request.comment = comment
    request.status = FeedbackStatus.ANSWERED
    request.answered_at = utcnow()
    db.session.flush()
    audit.record(actor, "feedback_given", request, changes={"ratings": len(ratings)})
    # An anonymous answer is told without its giver: the notification names nobody.
    notify(
        request.requester,
        Kind.FEEDBACK_GIVEN,
        obj=request,
        actor=None if request.anonymous else actor,
        link=app_path("conversations.conversation", conversation_id=request.conversation_id),
        employee=request.conversation.employee.name,
    )
    return request


def withdraw(request: FeedbackRequest, actor: User) -> FeedbackRequest:
    """The employee or the manager withdraws an open request; an answer is never withdrawn."""
    conversation = request.conversation
    if not access_feedback.may_ask_feedback(actor, conversation):
        raise FeedbackError(
            _("Alleen de medewerker en de leidinggevende kunnen een verzoek intrekken.")
        )
    if request.feedback_status != FeedbackStatus.OPEN:
        raise FeedbackError(_("Alleen een open verzoek kan worden ingetrokken."))
    request.status = FeedbackStatus.WITHDRAWN
    db.session.flush()
    audit.record(actor, "feedback_withdrawn", request, summary=request.giver.name)
    return request
