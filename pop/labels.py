"""Statuses, kinds, owners, topics and rating points as the user reads them, in their language.

Shared below the areas: the plan, the conversations, the team view and the HR pages all show
these words. Each function translates only the label it is asked for; a page showing forty
statuses translates forty words, not forty times the whole table, on the request's catalogue
as found once (`pop.translation`).
"""

from flask import current_app
from flask_babel import lazy_gettext as _l

from pop.config import Defaults
from pop.models import AgreementOwner, ConversationKind, ConversationStatus, GoalStatus
from pop.translation import N_
from pop.translation import gettext as _

DEFAULT_RATING_SCALE = Defaults.RATING_SCALE

# Labels of the default scale in the user's language; a custom scale is shown as configured.
_KNOWN_RATING_LABELS = {
    "onvoldoende": N_("onvoldoende"),
    "matig": N_("matig"),
    "voldoende": N_("voldoende"),
    "goed": N_("goed"),
    "uitstekend": N_("uitstekend"),
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
    GoalStatus.CONCEPT: N_("concept"),
    GoalStatus.PROPOSED: N_("voorgesteld"),
    GoalStatus.AGREED: N_("afgesproken"),
    GoalStatus.IN_PROGRESS: N_("bezig"),
    GoalStatus.DONE: N_("afgerond"),
    GoalStatus.STOPPED: N_("gestopt"),
}

_CONVERSATION_KINDS = {
    ConversationKind.PLANNING: N_("planningsgesprek"),
    ConversationKind.REVIEW: N_("functioneringsgesprek"),
    ConversationKind.APPRAISAL: N_("beoordelingsgesprek"),
}

_CONVERSATION_STATUSES = {
    ConversationStatus.PLANNED: N_("gepland"),
    ConversationStatus.PREPARED: N_("voorbereid"),
    ConversationStatus.HELD: N_("gevoerd"),
    ConversationStatus.SIGNED: N_("ondertekend"),
}

_AGREEMENT_OWNERS = {
    AgreementOwner.EMPLOYEE: N_("medewerker"),
    AgreementOwner.MANAGER: N_("leidinggevende"),
    AgreementOwner.BOTH: N_("samen"),
}


def goal_status_label(status: str) -> str:
    return _(_GOAL_STATUSES[GoalStatus(status)])


def kind_label(kind: str) -> str:
    """A conversation's kind: planningsgesprek, functioneringsgesprek, beoordelingsgesprek."""
    return _(_CONVERSATION_KINDS[ConversationKind(kind)])


def conversation_status_label(status: str) -> str:
    return _(_CONVERSATION_STATUSES[ConversationStatus(status)])


def owner_label(owner: str) -> str:
    """Who carries out an agreement."""
    return _(_AGREEMENT_OWNERS[AgreementOwner(owner)])


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
        return _(label) if label in _KNOWN_RATING_LABELS else label
    return str(score)
