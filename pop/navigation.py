"""The main menu: which areas a user sees, in order."""

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from pop import access
from pop.models import User

MenuEntry = tuple[str, object, Callable[[User], bool]]

MENU: list[MenuEntry] = [
    ("main.home", _l("Start"), lambda user: True),
    ("plan.my_pop", _l("Mijn POP"), lambda user: True),
    ("team.index", _l("Mijn team"), access.leads_a_team),
    ("conversations.index", _l("Gesprekken"), lambda user: True),
    ("catalogue.my_function", _l("Mijn functie"), lambda user: user.function_id is not None),
    ("catalogue.index", _l("Functies"), lambda user: True),
    ("catalogue.competencies", _l("Competenties"), lambda user: True),
    ("people.index", _l("Medewerkers"), lambda user: user.is_hr),
    ("hr.overview", _l("Overzicht"), lambda user: user.is_hr),
    ("cycles.index", _l("Cycli"), lambda user: user.is_hr),
    ("audit_log.index", _l("Auditlog"), lambda user: user.is_hr),
]


def menu_for(user: User) -> list[tuple[str, object]]:
    if not user.is_authenticated:
        return []
    return [(endpoint, label) for endpoint, label, shown in MENU if shown(user)]
