"""Audit events as people read them: actions and field names in the user's language."""

from flask import Flask
from flask_babel import lazy_gettext as _l

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
    "person_created": _l("persoon toegevoegd"),
    "person_updated": _l("persoon gewijzigd"),
    "person_deactivated": _l("persoon gedeactiveerd"),
    "person_reactivated": _l("persoon weer actief"),
    "person_anonymised": _l("persoon geanonimiseerd"),
    "cycle_opened": _l("cyclus geopend"),
    "cycle_closed": _l("cyclus gesloten"),
    "conversation_deadlines_set": _l("termijnen voor gesprekken vastgesteld"),
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
    "carried": _l("doelen meegenomen"),
    "anonymised": _l("geanonimiseerd"),
    "active": _l("actief"),
    "address": _l("adres van de computer"),
    "other_sessions_ended": _l("andere sessies beëindigd"),
    "second_factor": _l("tweede stap"),
    "planningsgesprek": _l("termijn planningsgesprek"),
    "functioneringsgesprek": _l("termijn functioneringsgesprek"),
    "beoordelingsgesprek": _l("termijn beoordelingsgesprek"),
}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action.replace("_", " ")))


def field_label(name: str) -> str:
    return str(FIELDS.get(name, name.replace("_", " ")))


def init_app(app: Flask) -> None:
    app.add_template_filter(action_label, "audit_action")
    app.add_template_filter(field_label, "audit_field")
