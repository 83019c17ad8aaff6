"""Audit events as people read them: actions and field names in the user's language."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from flask import Flask
from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

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

ACTIONS = {
    "goal_created": _l("doel aangemaakt"),
    "goal_changed": _l("doel gewijzigd"),
    "goal_proposed": _l("voorgesteld aan leidinggevende"),
    "goal_agreed": _l("afgesproken door leidinggevende"),
    "goal_sent_back": _l("teruggestuurd door leidinggevende"),
    "goal_stopped": _l("gestopt"),
    "goal_completed": _l("afgerond"),
    "goal_commented": _l("reactie geplaatst"),
    "goal_carried_over": _l("meegenomen uit vorige cyclus"),
    "shared_goal_created": _l("gedeeld doel gemaakt"),
    "shared_goal_distributed": _l("gedeeld doel verspreid"),
    "shared_goal_adopted": _l("gedeeld doel overgenomen"),
    "shared_goal_adapted": _l("gedeeld doel aangepast overgenomen"),
    "shared_goal_declined": _l("gedeeld doel afgewezen"),
    "check_in_added": _l("voortgang vastgelegd"),
    "password_changed": _l("wachtwoord gewijzigd"),
    "login": _l("ingelogd"),
    "login_failed": _l("inloggen mislukt"),
    "login_throttled": _l("inloggen geweigerd na te veel pogingen"),
    "logout": _l("uitgelogd"),
    "password_reset": _l("wachtwoord opnieuw ingesteld via e-mail"),
    "password_reset_requested": _l("herstel van wachtwoord aangevraagd"),
    "password_reset_by_admin": _l("wachtwoord hersteld door beheerder"),
    "invitation_sent": _l("uitnodiging verstuurd"),
    "invitation_accepted": _l("uitnodiging aangenomen"),
    "mfa_enrolled": _l("tweestapsverificatie ingesteld"),
    "mfa_removed": _l("tweestapsverificatie verwijderd"),
    "mfa_failed": _l("verkeerde verificatiecode"),
    "recovery_code_used": _l("herstelcode gebruikt"),
    "recovery_codes_renewed": _l("nieuwe herstelcodes gemaakt"),
    "roles_changed": _l("rollen gewijzigd"),
    "hr_scope_changed": _l("HR-bereik gewijzigd"),
    "sessions_ended": _l("sessies beëindigd"),
    "conversation_planned": _l("gesprek gepland"),
    "conversation_rescheduled": _l("gesprek verzet"),
    "conversation_prepared": _l("gesprek voorbereid"),
    "self_assessment_saved": _l("zelfevaluatie opgeslagen"),
    "self_assessment_submitted": _l("zelfevaluatie ingediend"),
    "conversation_recorded": _l("gesprek vastgelegd"),
    "agreement_added": _l("afspraak toegevoegd"),
    "agreement_removed": _l("afspraak verwijderd"),
    "agreement_became_goal": _l("afspraak omgezet in een doel"),
    "conversation_signed_by_manager": _l("ondertekend door leidinggevende"),
    "conversation_response_saved": _l("zienswijze opgeslagen"),
    "conversation_signed_by_employee": _l("voor gezien getekend door medewerker"),
    "conversation_addendum_added": _l("aanvulling toegevoegd"),
    "second_assessor_named": _l("tweede beoordelaar aangewezen"),
    "second_assessor_agreed": _l("goedgekeurd door tweede beoordelaar"),
    "second_assessor_sent_back": _l("teruggestuurd door tweede beoordelaar"),
    "cycle_second_assessor_set": _l("tweede beoordelaar voor de cyclus ingesteld"),
    "cycle_ratings_set": _l("oordelen in de cyclus aan- of uitgezet"),
    "person_created": _l("persoon toegevoegd"),
    "person_updated": _l("persoon gewijzigd"),
    "manager_handed_over": _l("overgedragen aan een nieuwe leidinggevende"),
    "conversation_handed_over": _l("gesprek overgedragen aan een nieuwe leidinggevende"),
    "person_deactivated": _l("persoon gedeactiveerd"),
    "person_reactivated": _l("persoon weer actief"),
    "person_anonymised": _l("persoon geanonimiseerd"),
    "cycle_opened": _l("cyclus geopend"),
    "cycle_closed": _l("cyclus gesloten"),
    "conversation_deadlines_set": _l("termijnen voor gesprekken vastgesteld"),
    "conversation_windows_set": _l("periodes voor gesprekken vastgesteld"),
    "department_window_set": _l("periode voor een afdeling vastgesteld"),
    "department_window_removed": _l("periode van een afdeling weggehaald"),
}

FIELDS = {
    "title": _l("titel"),
    "specific": _l("specifiek"),
    "measurable": _l("meetbaar"),
    "achievable": _l("acceptabel"),
    "realistic": _l("realistisch"),
    "starts_on": _l("startdatum"),
    "deadline": _l("deadline"),
    "competency_id": _l("competentie"),
    "status": _l("status"),
    "progress": _l("voortgang"),
    "on": _l("datum"),
    "reason": _l("reden"),
    "reflection": _l("terugblik"),
    "comment": _l("toelichting"),
    "check_in": _l("voortgangsmoment"),
    "from": _l("uit doel"),
    "kind": _l("soort gesprek"),
    "planned_on": _l("geplande datum"),
    "planned_time": _l("geplande tijd"),
    "duration_minutes": _l("duur in minuten"),
    "location": _l("plaats"),
    "held_on": _l("datum gesprek"),
    "ratings": _l("aantal oordelen"),
    "overall_rating": _l("eindoordeel"),
    "overall_motivation": _l("motivering eindoordeel"),
    "notes": _l("gespreksonderwerpen"),
    "what": _l("afspraak"),
    "owner": _l("wie"),
    "due_on": _l("uiterlijk klaar op"),
    "goal": _l("doel"),
    "agreement": _l("uit afspraak"),
    "employee_response": _l("zienswijze"),
    "addendum": _l("aanvulling"),
    "second_assessor": _l("tweede beoordelaar"),
    "second_assessor_required": _l("tweede beoordelaar nodig"),
    "carried": _l("doelen meegenomen"),
    "anonymised": _l("geanonimiseerd"),
    "active": _l("actief"),
    "address": _l("adres van de computer"),
    "other_sessions_ended": _l("andere sessies beëindigd"),
    "second_factor": _l("tweede stap"),
    "planningsgesprek": _l("termijn planningsgesprek"),
    "functioneringsgesprek": _l("termijn functioneringsgesprek"),
    "beoordelingsgesprek": _l("termijn beoordelingsgesprek"),
    "manager_id": _l("leidinggevende"),
    "conversations_moved": _l("gesprekken overgedragen"),
    "preparation_kept": _l("voorbereidingen bewaard voor de vorige leidinggevende"),
}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action.replace("_", " ")))


def field_label(name: str) -> str:
    return str(FIELDS.get(name, name.replace("_", " ")))


# --- changes and objects in words ---------------------------------------------------------------

DATE_FIELDS = frozenset({"starts_on", "deadline", "on", "planned_on", "held_on", "due_on"})
PERCENT_FIELDS = frozenset({"progress"})

OBJECT_TYPES = {
    "Goal": _l("doel"),
    "User": _l("persoon"),
    "Conversation": _l("gesprek"),
    "Cycle": _l("cyclus"),
    "Competency": _l("competentie"),
    "JobFunction": _l("functie"),
    "Department": _l("afdeling"),
}


def object_type_label(object_type: str) -> str:
    return str(OBJECT_TYPES.get(object_type, object_type))


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
                return format_date(date.fromisoformat(value))
            except ValueError:
                return value
        if key == "status" and isinstance(value, str):
            return _status_word(object_type, value)
        if key == "kind" and isinstance(value, str) and value in _values(ConversationKind):
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


def _values(enum: type[Enum]) -> set[str]:
    return {member.value for member in enum}


def _status_word(object_type: str, status: str) -> str:
    if object_type == "Goal" and status in _values(GoalStatus):
        return goal_status_label(status)
    if object_type == "Conversation" and status in _values(ConversationStatus):
        return conversation_status_label(status)
    return status


_NAMED = {
    "Goal": (Goal, Goal.title),
    "User": (User, User.name),
    "Cycle": (Cycle, Cycle.name),
    "Competency": (Competency, Competency.name),
    "JobFunction": (JobFunction, JobFunction.title),
    "Department": (Department, Department.name),
}


def words_for(events: Iterable[AuditEvent], with_objects: bool = False) -> Words:
    """The names these events refer to, in one query per kind of name (not one per event)."""
    events = list(events)
    competencies: dict[int, str] = {}
    if ids := _competency_ids(events):
        competencies = {
            row.id: row.name or _("competentie zonder naam")
            for row in db.session.execute(
                select(Competency.id, Competency.name).where(Competency.id.in_(ids))
            )
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
