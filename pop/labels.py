"""Statuses, kinds, owners, topics and rating points as the user reads them, in their language.

Shared below the areas: the plan, the conversations, the team view and the HR pages all show
these words. Each function translates only the label it is asked for; a page showing forty
statuses translates forty words, not forty times the whole table.
"""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from pop.config import Defaults
from pop.models import AgreementOwner, ConversationKind, ConversationStatus, GoalStatus

DEFAULT_RATING_SCALE = Defaults.RATING_SCALE

# Labels of the default scale in the user's language; a custom scale is shown as configured.
_KNOWN_RATING_LABELS = {
    "onvoldoende": _l("onvoldoende"),
    "matig": _l("matig"),
    "voldoende": _l("voldoende"),
    "goed": _l("goed"),
    "uitstekend": _l("uitstekend"),
}

# The topics of a conversation's notes, in the order they are discussed.
TOPICS = {
    "goals": _l("Doelen en voortgang"),
    "work": _l("Werkzaamheden en resultaten"),
    "cooperation": _l("Samenwerking en werkomstandigheden"),
    "development": _l("Ontwikkeling en loopbaan"),
    "other": _l("Overige onderwerpen"),
}

_GOAL_STATUSES = {
    GoalStatus.CONCEPT: _l("concept"),
    GoalStatus.PROPOSED: _l("voorgesteld"),
    GoalStatus.AGREED: _l("afgesproken"),
    GoalStatus.IN_PROGRESS: _l("bezig"),
    GoalStatus.DONE: _l("afgerond"),
    GoalStatus.STOPPED: _l("gestopt"),
}

_CONVERSATION_KINDS = {
    ConversationKind.PLANNING: _l("planningsgesprek"),
    ConversationKind.REVIEW: _l("functioneringsgesprek"),
    ConversationKind.APPRAISAL: _l("beoordelingsgesprek"),
}

_CONVERSATION_STATUSES = {
    ConversationStatus.PLANNED: _l("gepland"),
    ConversationStatus.PREPARED: _l("voorbereid"),
    ConversationStatus.HELD: _l("gevoerd"),
    ConversationStatus.SIGNED: _l("ondertekend"),
}

_AGREEMENT_OWNERS = {
    AgreementOwner.EMPLOYEE: _l("medewerker"),
    AgreementOwner.MANAGER: _l("leidinggevende"),
    AgreementOwner.BOTH: _l("samen"),
}


def goal_status_label(status: str) -> str:
    return str(_GOAL_STATUSES[GoalStatus(status)])


def kind_label(kind: str) -> str:
    """A conversation's kind: planningsgesprek, functioneringsgesprek, beoordelingsgesprek."""
    return str(_CONVERSATION_KINDS[ConversationKind(kind)])


def conversation_status_label(status: str) -> str:
    return str(_CONVERSATION_STATUSES[ConversationStatus(status)])


def owner_label(owner: str) -> str:
    """Who carries out an agreement."""
    return str(_AGREEMENT_OWNERS[AgreementOwner(owner)])


def topic_label(topic: str) -> str:
    return str(TOPICS.get(topic, topic))


def configured_rating_scale() -> list[str]:
    """RATING_SCALE from the configuration: the labels of the points, lowest first."""
    scale = list(current_app.config["RATING_SCALE"])
    if len(scale) < 2:
        raise RuntimeError("RATING_SCALE needs at least two points")
    return [str(label) for label in scale]


def rating_label(scale: list[str], score: int | None) -> str:
    """The label of a score (1 is the lowest point) on a conversation's scale."""
    if score is None:
        return _("geen oordeel")
    if 1 <= score <= len(scale):
        label = scale[score - 1]
        return str(_KNOWN_RATING_LABELS.get(label, label))
    return str(score)
