"""The employee's toelichting per competency in a self-assessment: checking and storing them,
and what a viewer may read of them."""

from flask_babel import gettext as _

from pop import access
from pop.conversations.rules import ConversationError, rateable_competencies
from pop.models import Conversation, SelfAssessment, SelfAssessmentNote, User
from pop.models.limits import limit


def store_notes(assessment: SelfAssessment, notes: dict[int, str]) -> None:
    """Replace the self-assessment's notes by the non-empty ones of `notes` (competency id ->
    text); only the competencies of the employee's function may have one."""
    given = {competency_id: (body or "").strip() for competency_id, body in notes.items()}
    given = {competency_id: body for competency_id, body in given.items() if body}
    allowed = {c.id for c in rateable_competencies(assessment.conversation.employee)}
    if not set(given) <= allowed:
        raise ConversationError(
            _("Er kan alleen worden beoordeeld op de competenties van de functie.")
        )
    maximum = limit("self_assessment_competency_note", "body")
    if any(len(body) > maximum for body in given.values()):
        raise ConversationError(
            _("Een toelichting is ten hoogste %(limit)d tekens lang.", limit=maximum)
        )
    existing = {note.competency_id: note for note in assessment.competency_notes}
    kept = []
    for competency_id, body in sorted(given.items()):
        note = existing.get(competency_id) or SelfAssessmentNote(competency_id=competency_id)
        note.body = body
        kept.append(note)
    assessment.competency_notes = kept


def notes_by_competency(assessment: SelfAssessment | None) -> dict[int, str]:
    if assessment is None:
        return {}
    return {note.competency_id: note.body for note in assessment.competency_notes}


def submitted_self_notes(conversation: Conversation, viewer: User) -> dict[int, str]:
    """The self-assessment's notes as this viewer may see them: the manager only once submitted
    (the rule of the self-assessment's scores)."""
    assessment = conversation.self_assessment
    if assessment is None:
        return {}
    if not assessment.is_submitted and not access.is_conversation_employee(viewer, conversation):
        return {}
    return notes_by_competency(assessment)
