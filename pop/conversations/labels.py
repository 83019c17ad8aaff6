"""Conversation kinds, statuses, topics and rating labels as the user reads them."""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from pop.config import Defaults
from pop.models import AgreementOwner, ConversationKind, ConversationStatus

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


def kind_label(kind: str) -> str:
    return {
        ConversationKind.PLANNING: _("planningsgesprek"),
        ConversationKind.REVIEW: _("functioneringsgesprek"),
        ConversationKind.APPRAISAL: _("beoordelingsgesprek"),
    }[ConversationKind(kind)]


def status_label(status: str) -> str:
    return {
        ConversationStatus.PLANNED: _("gepland"),
        ConversationStatus.PREPARED: _("voorbereid"),
        ConversationStatus.HELD: _("gevoerd"),
        ConversationStatus.SIGNED: _("ondertekend"),
    }[ConversationStatus(status)]


def owner_label(owner: str) -> str:
    return {
        AgreementOwner.EMPLOYEE: _("medewerker"),
        AgreementOwner.MANAGER: _("leidinggevende"),
        AgreementOwner.BOTH: _("samen"),
    }[AgreementOwner(owner)]


def topic_label(topic: str) -> str:
    return str(TOPICS.get(topic, topic))
