"""The rules of the gesprekscyclus in one import: planning, preparing, recording, signing.

A conversation runs gepland → voorbereid → gevoerd → ondertekend. Each stage has its own
module (`planning`, `recording`, `signing`) over the checks they share (`rules`); views and
tests call them through this module.
"""

from pop.conversations.planning import (
    Appointment,
    cancel_conversation,
    plan_conversation,
    reschedule,
    save_preparation,
    save_self_assessment,
)
from pop.conversations.recording import (
    Record,
    add_agreement,
    agreement_to_goal,
    record,
    remove_agreement,
)
from pop.conversations.rules import (
    ConversationError,
    RatingKey,
    Scores,
    rateable_competencies,
    rating_keys,
    record_conflict_message,
    self_assessment_conflict_message,
    signing_conflict_message,
)
from pop.conversations.signing import add_addendum, respond, sign_as_employee, sign_as_manager

__all__ = [
    "Appointment",
    "ConversationError",
    "RatingKey",
    "Record",
    "Scores",
    "add_addendum",
    "add_agreement",
    "agreement_to_goal",
    "cancel_conversation",
    "plan_conversation",
    "rateable_competencies",
    "rating_keys",
    "record",
    "record_conflict_message",
    "remove_agreement",
    "reschedule",
    "respond",
    "save_preparation",
    "save_self_assessment",
    "self_assessment_conflict_message",
    "sign_as_employee",
    "sign_as_manager",
    "signing_conflict_message",
]
