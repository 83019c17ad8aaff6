"""Audit events as people read them: actions and field names in the user's language."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from flask import Flask
from sqlalchemy import Select, bindparam, select

from pop.dates import format_day
from pop.extensions import db
from pop.labels import conversation_status_label, goal_status_label, kind_label
from pop.models import (
    AuditEvent,
    Competency,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Cycle,
    Department,
    Goal,
    GoalStatus,
    JobFunction,
    User,
)
from pop.rows import rows_of
from pop.translation import N_, format_decimal, format_percent, gettext
from pop.translation import gettext as _

ACTIONS = {
    "goal_created": N_("doel aangemaakt"),
    "goal_changed": N_("doel gewijzigd"),
    "goal_proposed": N_("voorgesteld aan leidinggevende"),
    "goal_agreed": N_("afgesproken door leidinggevende"),
    "goal_sent_back": N_("teruggestuurd door leidinggevende"),
    "goal_stopped": N_("gestopt"),
    "goal_completed": N_("afgerond"),
    "goal_commented": N_("reactie geplaatst"),
    "goal_carried_over": N_("meegenomen uit vorige cyclus"),
    "shared_goal_created": N_("gedeeld doel gemaakt"),
    "shared_goal_distributed": N_("gedeeld doel verspreid"),
    "shared_goal_adopted": N_("gedeeld doel overgenomen"),
    "shared_goal_adapted": N_("gedeeld doel aangepast overgenomen"),
    "shared_goal_declined": N_("gedeeld doel afgewezen"),
    "check_in_added": N_("voortgang vastgelegd"),
    "password_changed": N_("wachtwoord gewijzigd"),
    "login": N_("ingelogd"),
    "login_failed": N_("inloggen mislukt"),
    "login_throttled": N_("inloggen geweigerd na te veel pogingen"),
    "logout": N_("uitgelogd"),
    "password_reset": N_("wachtwoord opnieuw ingesteld via e-mail"),
    "password_reset_requested": N_("herstel van wachtwoord aangevraagd"),
    "password_reset_by_admin": N_("wachtwoord hersteld door beheerder"),
    "invitation_sent": N_("uitnodiging verstuurd"),
    "invitation_accepted": N_("uitnodiging aangenomen"),
    "mfa_enrolled": N_("tweestapsverificatie ingesteld"),
    "mfa_removed": N_("tweestapsverificatie verwijderd"),
    "mfa_failed": N_("verkeerde verificatiecode"),
    "recovery_code_used": N_("herstelcode gebruikt"),
    "recovery_codes_renewed": N_("nieuwe herstelcodes gemaakt"),
    "roles_changed": N_("rollen gewijzigd"),
    "hr_scope_changed": N_("HR-bereik gewijzigd"),
    "sessions_ended": N_("sessies beëindigd"),
    "conversation_planned": N_("gesprek gepland"),
    "conversation_rescheduled": N_("gesprek verzet"),
    "conversation_prepared": N_("gesprek voorbereid"),
    "self_assessment_saved": N_("zelfevaluatie opgeslagen"),
    "self_assessment_submitted": N_("zelfevaluatie ingediend"),
    "conversation_recorded": N_("gesprek vastgelegd"),
    "agreement_added": N_("afspraak toegevoegd"),
    "agreement_removed": N_("afspraak verwijderd"),
    "agreement_became_goal": N_("afspraak omgezet in een doel"),
    "conversation_signed_by_manager": N_("ondertekend door leidinggevende"),
    "conversation_response_saved": N_("zienswijze opgeslagen"),
    "conversation_signed_by_employee": N_("voor gezien getekend door medewerker"),
    "conversation_addendum_added": N_("aanvulling toegevoegd"),
    "second_assessor_named": N_("tweede beoordelaar aangewezen"),
    "second_assessor_agreed": N_("goedgekeurd door tweede beoordelaar"),
    "second_assessor_sent_back": N_("teruggestuurd door tweede beoordelaar"),
    "cycle_second_assessor_set": N_("tweede beoordelaar voor de cyclus ingesteld"),
    "cycle_ratings_set": N_("oordelen in de cyclus aan- of uitgezet"),
    "person_created": N_("persoon toegevoegd"),
    "person_updated": N_("persoon gewijzigd"),
    "manager_handed_over": N_("overgedragen aan een nieuwe leidinggevende"),
    "conversation_handed_over": N_("gesprek overgedragen aan een nieuwe leidinggevende"),
    "person_deactivated": N_("persoon gedeactiveerd"),
    "person_reactivated": N_("persoon weer actief"),
    "person_anonymised": N_("persoon geanonimiseerd"),
    "cycle_opened": N_("cyclus geopend"),
    "cycle_closed": N_("cyclus gesloten"),
    "conversation_deadlines_set": N_("termijnen voor gesprekken vastgesteld"),
    "conversation_windows_set": N_("periodes voor gesprekken vastgesteld"),
    "department_window_set": N_("periode voor een afdeling vastgesteld"),
    "department_window_removed": N_("periode van een afdeling weggehaald"),
}

FIELDS = {
    "title": N_("titel"),
    "specific": N_("specifiek"),
    "measurable": N_("meetbaar"),
    "achievable": N_("acceptabel"),
    "realistic": N_("realistisch"),
    "starts_on": N_("startdatum"),
    "deadline": N_("deadline"),
    "competency_id": N_("competentie"),
    "status": N_("status"),
    "progress": N_("voortgang"),
    "on": N_("datum"),
    "reason": N_("reden"),
    "reflection": N_("terugblik"),
    "comment": N_("toelichting"),
    "check_in": N_("voortgangsmoment"),
    "from": N_("uit doel"),
    "kind": N_("soort gesprek"),
    "planned_on": N_("geplande datum"),
    "planned_time": N_("geplande tijd"),
    "duration_minutes": N_("duur in minuten"),
    "location": N_("plaats"),
    "held_on": N_("datum gesprek"),
    "ratings": N_("aantal oordelen"),
    "overall_rating": N_("eindoordeel"),
    "overall_motivation": N_("motivering eindoordeel"),
    "notes": N_("gespreksonderwerpen"),
    "what": N_("afspraak"),
    "owner": N_("wie"),
    "due_on": N_("uiterlijk klaar op"),
    "goal": N_("doel"),
    "agreement": N_("uit afspraak"),
    "employee_response": N_("zienswijze"),
    "addendum": N_("aanvulling"),
    "second_assessor": N_("tweede beoordelaar"),
    "second_assessor_required": N_("tweede beoordelaar nodig"),
    "carried": N_("doelen meegenomen"),
    "anonymised": N_("geanonimiseerd"),
    "active": N_("actief"),
    "address": N_("adres van de computer"),
    "other_sessions_ended": N_("andere sessies beëindigd"),
    "second_factor": N_("tweede stap"),
    "planningsgesprek": N_("termijn planningsgesprek"),
    "functioneringsgesprek": N_("termijn functioneringsgesprek"),
    "beoordelingsgesprek": N_("termijn beoordelingsgesprek"),
    "manager_id": N_("leidinggevende"),
    "conversations_moved": N_("gesprekken overgedragen"),
    "preparation_kept": N_("voorbereidingen bewaard voor de vorige leidinggevende"),
}


# The labels are translated on the request's catalogue (pop.translation), the one asked for: a
# history of a few dozen changes asks for a hundred of them.
def action_label(action: str) -> str:
    label = ACTIONS.get(action)
    return gettext(label) if label is not None else action.replace("_", " ")


def field_label(name: str) -> str:
    label = FIELDS.get(name)
    return gettext(label) if label is not None else name.replace("_", " ")


# --- changes and objects in words ---------------------------------------------------------------

DATE_FIELDS = frozenset({"starts_on", "deadline", "on", "planned_on", "held_on", "due_on"})
PERCENT_FIELDS = frozenset({"progress"})

OBJECT_TYPES = {
    "Goal": N_("doel"),
    "User": N_("persoon"),
    "Conversation": N_("gesprek"),
    "Cycle": N_("cyclus"),
    "Competency": N_("competentie"),
    "JobFunction": N_("functie"),
    "Department": N_("afdeling"),
}


def object_type_label(object_type: str) -> str:
    label = OBJECT_TYPES.get(object_type)
    return gettext(label) if label is not None else object_type


def _competency_ids(events: Iterable[AuditEvent]) -> set[int]:
    ids: set[int] = set()
    for event in events:
        value = (event.changes or {}).get("competency_id")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, int):
                ids.add(item)
    return ids


@dataclass(frozen=True)
class Words:
    """What a list of audit events refers to by id, loaded once for the whole list."""

    competencies: dict[int, str] = field(default_factory=dict)
    objects: dict[tuple[str, int], str] = field(default_factory=dict)

    def value(self, object_type: str, key: str, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, list):
            return ", ".join(self.value(object_type, key, item) for item in value)
        if key == "competency_id" and isinstance(value, int):
            return self.competencies.get(value, str(value))
        if key in PERCENT_FIELDS and isinstance(value, int | float):
            return format_percent(value / 100)
        if key in DATE_FIELDS and isinstance(value, str):
            try:
                return format_day(date.fromisoformat(value), "medium")
            except ValueError:
                return value
        if key == "status" and isinstance(value, str):
            return _status_word(object_type, value)
        if key == "kind" and isinstance(value, str) and value in _KIND_VALUES:
            return kind_label(value)
        if isinstance(value, bool):
            return _("ja") if value else _("nee")
        if isinstance(value, int | float):
            return format_decimal(value)
        return str(value)

    def changes(self, object_type: str, changes: dict | None) -> list[tuple[str, str]]:
        """(field, "old → new" or the value) per change, every value in words."""
        described = []
        for key, value in (changes or {}).items():
            if isinstance(value, list) and len(value) == 2 and key != "notes":
                old, new = (self.value(object_type, key, item) for item in value)
                described.append((field_label(key), f"{old} → {new}"))
            else:
                described.append((field_label(key), self.value(object_type, key, value)))
        return described

    def object(self, object_type: str, object_id: int | None) -> str:
        """The object by its kind and name: "doel ‘Presenteren’", not "Goal 4"."""
        kind = object_type_label(object_type)
        if object_id is None:
            return kind
        name = self.objects.get((object_type, object_id))
        return f"{kind} ‘{name}’" if name else f"{kind} {object_id}"


def _values(enum: type[Enum]) -> frozenset[str]:
    return frozenset(member.value for member in enum)


# Once per process: a goal's history asks for a status word per change it shows.
_KIND_VALUES = _values(ConversationKind)
_GOAL_STATUS_VALUES = _values(GoalStatus)
_CONVERSATION_STATUS_VALUES = _values(ConversationStatus)


def _status_word(object_type: str, status: str) -> str:
    if object_type == "Goal" and status in _GOAL_STATUS_VALUES:
        return goal_status_label(status)
    if object_type == "Conversation" and status in _CONVERSATION_STATUS_VALUES:
        return conversation_status_label(status)
    return status


def history_statement(object_type: str, *, with_changes: bool) -> Select:
    """The audit events of one object of `object_type` (its id the `object_id` parameter),
    newest first, as the `audit_history` macro reads them: when, what and the actor's name, and
    with `with_changes` the changes and the object they are of. Built once, run by `rows_of`."""
    changes = (AuditEvent.object_type, AuditEvent.object_id, AuditEvent.changes)
    return (
        select(
            AuditEvent.at,
            AuditEvent.action,
            *(changes if with_changes else ()),
            User.name.label("actor_name"),
        )
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(
            AuditEvent.object_type == object_type,
            AuditEvent.object_id == bindparam("object_id"),
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )


_NAMED = {
    "Goal": (Goal, Goal.title),
    "User": (User, User.name),
    "Cycle": (Cycle, Cycle.name),
    "Competency": (Competency, Competency.name),
    "JobFunction": (JobFunction, JobFunction.title),
    "Department": (Department, Department.name),
}


# Built once: the competencies' names of `words_for`, which every goal page's history reads.
_COMPETENCY_NAMES = select(Competency.id, Competency.name).where(
    Competency.id.in_(bindparam("ids", expanding=True))
)


def words_for(events: Iterable[AuditEvent], with_objects: bool = False) -> Words:
    """The names these events refer to, in one query per kind of name (not one per event)."""
    events = list(events)
    competencies: dict[int, str] = {}
    if ids := _competency_ids(events):
        competencies = {
            row.id: row.name or _("competentie zonder naam")
            for row in rows_of(_COMPETENCY_NAMES, ids=list(ids))
        }
    objects: dict[tuple[str, int], str] = {}
    if with_objects:
        wanted: dict[str, set[int]] = {}
        for event in events:
            if event.object_id is not None:
                wanted.setdefault(event.object_type, set()).add(event.object_id)
        for object_type, ids in wanted.items():
            if object_type == "Conversation":
                objects.update(_conversation_names(ids))
            elif object_type in _NAMED:
                model, name = _NAMED[object_type]
                for row_id, text in db.session.execute(
                    select(model.id, name).where(model.id.in_(ids))
                ):
                    if text:
                        objects[(object_type, row_id)] = text
    return Words(competencies, objects)


def _conversation_names(ids: set[int]) -> dict[tuple[str, int], str]:
    rows = db.session.execute(
        select(Conversation.id, Conversation.kind, User.name)
        .join(User, Conversation.employee_id == User.id)
        .where(Conversation.id.in_(ids))
    )
    return {
        ("Conversation", row_id): _("%(kind)s met %(name)s", kind=kind_label(kind), name=name)
        for row_id, kind, name in rows
    }


def init_app(app: Flask) -> None:
    app.add_template_filter(action_label, "audit_action")
    app.add_template_filter(field_label, "audit_field")
    app.add_template_global(words_for, "audit_words")
