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
}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action.replace("_", " ")))


def field_label(name: str) -> str:
    return str(FIELDS.get(name, name.replace("_", " ")))


def init_app(app: Flask) -> None:
    app.add_template_filter(action_label, "audit_action")
    app.add_template_filter(field_label, "audit_field")
