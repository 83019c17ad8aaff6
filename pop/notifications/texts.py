"""What a notification says, in the language of whoever reads it (the page's or the mail's)."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from pop.dates import local_date
from pop.labels import kind_label as conversation_kind_label
from pop.models import Notification, NotificationKind

Kind = NotificationKind

# The name of each kind on the preferences page, in the order shown there.
KIND_LABELS = {
    Kind.GOAL_PROPOSED: _l("Een medewerker stelt een doel voor"),
    Kind.GOAL_AGREED: _l("Mijn doel is afgesproken"),
    Kind.GOAL_SENT_BACK: _l("Mijn doel is teruggestuurd"),
    Kind.COMMENT_ADDED: _l("Een reactie op een doel"),
    Kind.CHECK_IN_DUE: _l("Tijd om de voortgang van een doel bij te houden"),
    Kind.DEADLINE_NEAR: _l("De deadline van een doel nadert"),
    Kind.DEADLINE_PASSED: _l("De deadline van een doel is verstreken"),
    Kind.CONVERSATION_PLANNED: _l("Een gesprek is gepland"),
    Kind.CONVERSATION_DUE: _l("Een gesprek staat deze maand gepland"),
    Kind.SELF_ASSESSMENT_REQUESTED: _l("Zelfevaluatie invullen voor een gesprek"),
    Kind.SELF_ASSESSMENT_SUBMITTED: _l("Een medewerker heeft een zelfevaluatie ingediend"),
    Kind.REPORT_READY: _l("Een gespreksverslag is klaar om te tekenen"),
    Kind.SIGNATURE_DUE: _l("Een gespreksverslag wacht nog op mijn handtekening"),
    Kind.CONVERSATIONS_TO_PLAN: _l("Medewerkers met wie nog een gesprek gepland moet worden"),
    Kind.FEEDBACK_REQUESTED: _l("Een collega vraagt mij om feedback"),
    Kind.FEEDBACK_DUE: _l("Een feedbackverzoek aan mij verloopt binnenkort"),
    Kind.FEEDBACK_GIVEN: _l("Een collega heeft feedback gegeven waar ik om vroeg"),
    Kind.SHARED_GOAL_OFFERED: _l("Een team- of afdelingsdoel voor mij"),
    Kind.SECOND_ASSESSMENT_REQUESTED: _l(
        "Een beoordeling wacht op mijn akkoord als tweede beoordelaar"
    ),
    Kind.REPORT_SENT_BACK: _l("De tweede beoordelaar stuurt een verslag terug"),
    Kind.OBJECTION_LODGED: _l("Een medewerker maakt bezwaar tegen een beoordeling"),
    Kind.OBJECTION_DECIDED: _l("Er is beslist over een bezwaar"),
    Kind.STAND_IN_ARRANGED: _l("Een vervanging van of door mij is geregeld"),
    Kind.MANAGER_HANDED_OVER: _l("Een medewerker krijgt een andere leidinggevende"),
}


# Kinds only a manager ever gets.
MANAGER_KINDS = frozenset(
    {
        Kind.GOAL_PROPOSED,
        Kind.SELF_ASSESSMENT_SUBMITTED,
        Kind.CONVERSATIONS_TO_PLAN,
        Kind.SECOND_ASSESSMENT_REQUESTED,
        Kind.REPORT_SENT_BACK,
        Kind.MANAGER_HANDED_OVER,
    }
)


def kinds_for(user) -> list[Kind]:
    """The kinds a user can get, for their settings page."""
    return [kind for kind in KIND_LABELS if user.is_manager or kind not in MANAGER_KINDS]


def kind_label(kind: str) -> str:
    return str(KIND_LABELS[Kind(kind)])


def _date(value: str | None) -> str:
    return local_date(date.fromisoformat(value)) if value else ""


def describe(notification: Notification) -> str:
    """One sentence: what happened or what is due."""
    context = notification.context or {}
    kind = Kind(notification.kind)
    actor = notification.actor.name if notification.actor is not None else _("iemand")
    title = context.get("title", "")
    when = _date(context.get("date"))
    conversation = conversation_kind_label(context["kind"]) if "kind" in context else ""
    is_employee = notification.recipient_id != context.get("manager_id")
    match kind:
        case Kind.GOAL_PROPOSED:
            return _('%(actor)s stelt het doel "%(title)s" voor.', actor=actor, title=title)
        case Kind.GOAL_AGREED:
            return _('%(actor)s heeft je doel "%(title)s" afgesproken.', actor=actor, title=title)
        case Kind.GOAL_SENT_BACK:
            return _(
                '%(actor)s heeft je doel "%(title)s" teruggestuurd: %(reason)s',
                actor=actor,
                title=title,
                reason=context.get("reason", ""),
            )
        case Kind.COMMENT_ADDED:
            return _(
                '%(actor)s heeft gereageerd op het doel "%(title)s".', actor=actor, title=title
            )
        case Kind.CHECK_IN_DUE:
            return ngettext(
                'Je doel "%(title)s" heeft al %(num)d week geen voortgangsmoment. Leg vast hoe '
                "het gaat.",
                'Je doel "%(title)s" heeft al %(num)d weken geen voortgangsmoment. Leg vast hoe '
                "het gaat.",
                int(context.get("weeks", 0)),
                title=title,
            )
        case Kind.DEADLINE_NEAR:
            return _(
                'De deadline van je doel "%(title)s" nadert: %(date)s.',
                title=title,
                date=_date(context.get("deadline")),
            )
        case Kind.DEADLINE_PASSED:
            return _(
                'De deadline van je doel "%(title)s" is verstreken (%(date)s). Rond het doel af, '
                "stop het of spreek een nieuwe deadline af.",
                title=title,
                date=_date(context.get("deadline")),
            )
        case Kind.CONVERSATION_PLANNED:
            return _(
                "%(actor)s heeft een %(kind)s met je gepland op %(date)s.",
                actor=actor,
                kind=conversation,
                date=when,
            )
        case Kind.CONVERSATION_DUE:
            return _(
                "Je %(kind)s met %(name)s staat gepland op %(date)s.",
                kind=conversation,
                name=context.get("employee" if not is_employee else "manager", ""),
                date=when,
            )
        case Kind.SELF_ASSESSMENT_REQUESTED:
            return _(
                "Vul je zelfevaluatie in voor het %(kind)s van %(date)s.",
                kind=conversation,
                date=when,
            )
        case Kind.SELF_ASSESSMENT_SUBMITTED:
            return _(
                "%(actor)s heeft de zelfevaluatie voor het %(kind)s van %(date)s ingediend.",
                actor=actor,
                kind=conversation,
                date=when,
            )
        case Kind.REPORT_READY:
            return _(
                "%(actor)s heeft het verslag van het %(kind)s van %(date)s ondertekend. "
                "Lees het en teken het voor gezien.",
                actor=actor,
                kind=conversation,
                date=when,
            )
        case Kind.SIGNATURE_DUE if is_employee:
            return _(
                "Het verslag van je %(kind)s van %(date)s wacht op je handtekening.",
                kind=conversation,
                date=when,
            )
        case Kind.SIGNATURE_DUE:
            return _(
                "Het verslag van het %(kind)s met %(name)s van %(date)s is nog niet door jou "
                "ondertekend.",
                kind=conversation,
                name=context.get("employee", ""),
                date=when,
            )
        case Kind.CONVERSATIONS_TO_PLAN:
            return ngettext(
                "%(num)d medewerker heeft nog geen %(kind)s; dat moet uiterlijk %(date)s "
                "zijn gevoerd.",
                "%(num)d medewerkers hebben nog geen %(kind)s; dat moet uiterlijk %(date)s "
                "zijn gevoerd.",
                int(context.get("count", 0)),
                kind=conversation,
                date=when,
            )
        case Kind.FEEDBACK_REQUESTED:
            return _(
                "%(actor)s vraagt je om feedback over %(employee)s, uiterlijk %(date)s.",
                actor=actor,
                employee=context.get("employee", ""),
                date=_date(context.get("expires_on")),
            )
        case Kind.FEEDBACK_DUE:
            return _(
                "Je feedback over %(employee)s wordt nog verwacht; het verzoek verloopt op "
                "%(date)s.",
                employee=context.get("employee", ""),
                date=_date(context.get("expires_on")),
            )
        case Kind.FEEDBACK_GIVEN if notification.actor is None:
            # An anonymous answer: the notification names nobody.
            return _(
                "Een collega heeft feedback gegeven voor het gesprek van %(employee)s.",
                employee=context.get("employee", ""),
            )
        case Kind.FEEDBACK_GIVEN:
            return _(
                "%(actor)s heeft feedback gegeven voor het gesprek van %(employee)s.",
                actor=actor,
                employee=context.get("employee", ""),
            )
        case Kind.SHARED_GOAL_OFFERED:
            return _(
                '%(actor)s geeft je het doel "%(title)s": '
                "neem het over, pas het aan of wijs het af.",
                actor=actor,
                title=title,
            )
        case Kind.SECOND_ASSESSMENT_REQUESTED:
            return _(
                "%(actor)s heeft de beoordeling van %(employee)s van %(date)s afgerond. "
                "Geef als tweede beoordelaar akkoord of stuur het verslag terug.",
                actor=actor,
                employee=context.get("employee", ""),
                date=when,
            )
        case Kind.REPORT_SENT_BACK:
            return _(
                "%(actor)s stuurt het verslag van de beoordeling van %(employee)s terug: "
                "%(comment)s",
                actor=actor,
                employee=context.get("employee", ""),
                comment=context.get("comment", ""),
            )
        case Kind.OBJECTION_LODGED:
            return _(
                "%(actor)s maakt bezwaar tegen de beoordeling van %(date)s.",
                actor=actor,
                date=when,
            )
        case Kind.OBJECTION_DECIDED if context.get("outcome") == "aangepast":
            return _(
                "%(actor)s heeft beslist over het bezwaar tegen de beoordeling van %(employee)s: "
                "het oordeel is aangepast, zie de aanvulling bij het verslag.",
                actor=actor,
                employee=context.get("employee", ""),
            )
        case Kind.OBJECTION_DECIDED:
            return _(
                "%(actor)s heeft beslist over het bezwaar tegen de beoordeling van %(employee)s: "
                "het oordeel blijft gehandhaafd.",
                actor=actor,
                employee=context.get("employee", ""),
            )
        case Kind.MANAGER_HANDED_OVER:
            return _handover(notification.recipient_id, context)
        case Kind.STAND_IN_ARRANGED if notification.recipient_id == context.get("manager_id"):
            return _(
                "%(stand_in)s vervangt je van %(start)s tot %(end)s.",
                stand_in=context.get("stand_in", ""),
                start=_date(context.get("starts_on")),
                end=_date(context.get("ends_on")),
            )
        case Kind.STAND_IN_ARRANGED:
            return _(
                "Je vervangt %(manager)s van %(start)s tot %(end)s: je leidt dan het team "
                "in eigen naam.",
                manager=context.get("manager", ""),
                start=_date(context.get("starts_on")),
                end=_date(context.get("ends_on")),
            )
    return kind_label(kind)


def _handover(recipient_id: int, context: dict) -> str:
    """To the new manager what came to them; to the previous one that their notes are kept."""
    conversations = context.get("conversations", 0)
    if recipient_id == context.get("new_manager_id"):
        parts = [
            _(
                "%(employee)s heeft nu jou als leidinggevende, in plaats van %(previous)s.",
                employee=context.get("employee", ""),
                previous=context.get("previous_manager", ""),
            )
        ]
        if conversations:
            parts.append(
                ngettext(
                    "%(num)d gepland gesprek gaat naar je over.",
                    "%(num)d geplande gesprekken gaan naar je over.",
                    conversations,
                )
            )
        if context.get("proposals"):
            parts.append(
                ngettext(
                    "%(num)d doel wacht op je akkoord.",
                    "%(num)d doelen wachten op je akkoord.",
                    context["proposals"],
                )
            )
        return " ".join(parts)
    parts = [
        _(
            "%(employee)s heeft nu %(new)s als leidinggevende.",
            employee=context.get("employee", ""),
            new=context.get("new_manager", ""),
        )
    ]
    if conversations:
        parts.append(
            ngettext(
                "%(num)d gepland gesprek gaat mee naar %(new)s.",
                "%(num)d geplande gesprekken gaan mee naar %(new)s.",
                conversations,
                new=context.get("new_manager", ""),
            )
        )
    if context.get("kept_notes"):
        parts.append(_("Je voorbereiding is voor jou bewaard: alleen jij kunt die lezen."))
    return " ".join(parts)
