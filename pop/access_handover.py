"""Who reads the preparation notes kept at a handover: the previous manager alone.

Rules of `pop.access` for notes a manager wrote for a conversation that went to a new manager;
apart because they are a job of their own. HR for the employee's department, and the
conversation's manager, see that such notes exist (who kept them, when), never their text.
"""

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from pop.access import is_conversation_manager, is_hr_for
from pop.models import Conversation, KeptPreparationNotes, User
from pop.rows import rows_of


def own_kept_notes(viewer: User) -> Select:
    """The viewer's own kept notes, newest first, with what the list shows loaded at once."""
    return (
        select(KeptPreparationNotes)
        .where(KeptPreparationNotes.manager_id == viewer.id)
        .options(
            joinedload(KeptPreparationNotes.conversation).joinedload(Conversation.employee),
            joinedload(KeptPreparationNotes.new_manager),
        )
        .order_by(KeptPreparationNotes.kept_at.desc(), KeptPreparationNotes.id.desc())
    )


def may_know_of_kept_notes(viewer: User, conversation: Conversation) -> bool:
    """HR for the employee and the conversation's manager learn that kept notes exist."""
    return is_hr_for(viewer, conversation.employee) or is_conversation_manager(viewer, conversation)


# Built once: the statement of `kept_notes_known_to`, which every conversation page runs.
_KEPT_NOTES_KNOWN = (
    select(User.name, KeptPreparationNotes.kept_at)
    .join(User, User.id == KeptPreparationNotes.manager_id)
    .where(KeptPreparationNotes.conversation_id == bindparam("conversation_id"))
    .order_by(KeptPreparationNotes.id)
)


def kept_notes_known_to(viewer: User, conversation: Conversation) -> list[tuple[str, object]]:
    """Who kept notes of this conversation, and when: (name, moment), never the text."""
    if not may_know_of_kept_notes(viewer, conversation):
        return []
    rows = rows_of(_KEPT_NOTES_KNOWN, conversation_id=conversation.id)
    return [(row.name, row.kept_at) for row in rows]
