"""The rules for a person's details, once: the person form, the people service and the CSV
import all check them here.

Every check returns the problems it finds and raises nothing, so that the import can collect
every problem of a row, the form can put each next to its field and the service refuses the
first. Who may grant which role comes from `access_accounts.grantable_roles`.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from pop.access import hr_department_ids
from pop.access_accounts import grantable_roles, may_change_account
from pop.extensions import db
from pop.models import FunctionLevel, Role, User
from pop.text import has_control_characters

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
NAME_MAX = 200
EMAIL_MAX = 254
EMPLOYEE_NUMBER_MAX = 50
# Roles that keep someone in the HR pages: without one of them HR would lock itself out.
HR_ROLES = frozenset({Role.HR, Role.ADMIN})

ROLE_LABELS = {
    Role.EMPLOYEE: _l("medewerker"),
    Role.MANAGER: _l("leidinggevende"),
    Role.HR: _l("HR-adviseur"),
    Role.ADMIN: _l("beheerder"),
}

# Looks up who holds an e-mail address or employee number (already normalised).
OwnerOf = Callable[[str], User | None]


@dataclass(frozen=True)
class Problem:
    """One broken rule; `field` names the person form's field (None: the person as a whole)."""

    field: str | None
    message: str


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def normalise_employee_number(number: str | None) -> str | None:
    return (number or "").strip() or None


def is_valid_email(email: str) -> bool:
    return (
        bool(EMAIL_PATTERN.match(email))
        and len(email) <= EMAIL_MAX
        and not has_control_characters(email)
    )


def email_owner(email: str) -> User | None:
    """The person with this e-mail address, compared case-insensitively."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def employee_number_owner(number: str) -> User | None:
    return db.session.scalar(select(User).where(User.employee_number == number))


def _is_other(owner: User | None, person: User | None) -> bool:
    return owner is not None and (person is None or owner.id != person.id)


def name_problems(name: str | None) -> list[Problem]:
    name = (name or "").strip()
    if not name:
        return [Problem("name", _("Vul de naam in."))]
    if len(name) > NAME_MAX:
        return [Problem("name", _("Deze naam is te lang."))]
    if has_control_characters(name):  # it would break mail headers, exports and log lines
        return [
            Problem(
                "name",
                _("Een naam past op één regel: zonder regeleinde, tab of ander stuurteken."),
            )
        ]
    return []


def email_problems(
    email: str | None, person: User | None, owner_of: OwnerOf = email_owner
) -> list[Problem]:
    """A valid address that nobody else has (`person` is who it is for; None: someone new)."""
    email = normalise_email(email)
    if not email:
        return [Problem("email", _("Vul het e-mailadres in."))]
    if not is_valid_email(email):
        return [Problem("email", _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."))]
    if _is_other(owner_of(email), person):
        return [Problem("email", _("Dit e-mailadres is al in gebruik bij een andere persoon."))]
    return []


def employee_number_problems(
    number: str | None, person: User | None, owner_of: OwnerOf = employee_number_owner
) -> list[Problem]:
    number = normalise_employee_number(number)
    if number is None:
        return []
    if len(number) > EMPLOYEE_NUMBER_MAX:
        return [Problem("employee_number", _("Dit personeelsnummer is te lang."))]
    if _is_other(owner_of(number), person):
        message = _("Dit personeelsnummer is al in gebruik bij een andere persoon.")
        return [Problem("employee_number", message)]
    return []


def account_problems(actor: User | None, person: User | None) -> list[Problem]:
    """Only an administrator changes an administrator's account (name, e-mail, status)."""
    if person is None or may_change_account(actor, person):
        return []
    return [Problem(None, _("Alleen een beheerder kan de gegevens van een beheerder wijzigen."))]


def resolve_roles(
    actor: User | None, person: User | None, wanted: Iterable[Role]
) -> tuple[set[Role], list[Problem]]:
    """The roles `person` (None: someone new) gets when `actor` asks for `wanted`.

    A role the actor may not grant or remove stays as it was: asking to grant it is a problem,
    leaving it out (the form does not offer it) keeps it.
    """
    wanted = {Role(role) for role in wanted}
    current = set(person.roles) if person is not None else set()
    grantable = grantable_roles(actor, person)
    problems = [
        Problem(
            "roles",
            _("Alleen een beheerder kan de rol %(role)s toekennen.", role=ROLE_LABELS[role]),
        )
        for role in sorted(wanted - current - grantable)
    ]
    roles = (wanted & grantable) | (current - grantable)
    if not roles and not problems:
        problems.append(Problem("roles", _("Kies minstens één rol.")))
    is_self = actor is not None and person is not None and actor.id == person.id
    if is_self and actor.is_hr and not roles & HR_ROLES:
        problems.append(Problem("roles", _("Je kunt je eigen HR-rol niet intrekken.")))
    return roles, problems


def hr_grant_problems(actor: User | None, *, changes_hr_grant: bool) -> list[Problem]:
    """HR scope and organisation-wide HR are set by an administrator only."""
    if not changes_hr_grant or actor is None or actor.is_admin:
        return []
    return [Problem("hr_scope", _("Alleen een beheerder kan het HR-bereik instellen."))]


def department_problems(
    actor: User | None, person: User | None, department_id: int | None
) -> list[Problem]:
    """HR puts people only in departments within its scope (a person may stay where they are)."""
    if actor is None or department_id is None:
        return []
    if person is not None and person.department_id == department_id:
        return []
    allowed = hr_department_ids(actor)
    if allowed is None or department_id in allowed:
        return []
    return [Problem("department_id", _("Kies een afdeling uit de lijst."))]


def manager_cycle(person_id: int | None, manager_id: int | None) -> list[User] | None:
    """The chain manager → … → person when `manager_id` would close a circle, else None.

    A new person (no id yet) cannot be anyone's manager, so cannot close a circle.
    """
    if person_id is None or manager_id is None:
        return None
    chain: list[User] = []
    seen: set[int] = set()
    current = db.session.get(User, manager_id)
    while current is not None and current.id not in seen:
        chain.append(current)
        if current.id == person_id:
            return chain
        seen.add(current.id)
        current = current.manager
    return None


def manager_cycle_message(person_name: str, chain: list[User]) -> str:
    if len(chain) == 1:
        return _("Iemand kan niet zijn of haar eigen leidinggevende zijn.")
    return _(
        "%(manager)s kan niet leidinggevende van %(person)s worden: %(person)s is al "
        "(indirect) leidinggevende van %(manager)s (%(chain)s).",
        manager=chain[0].name,
        person=person_name,
        chain=" → ".join(person.name for person in reversed(chain)),
    )


def manager_problems(person: User | None, name: str, manager_id: int | None) -> list[Problem]:
    chain = manager_cycle(person.id if person is not None else None, manager_id)
    if chain is None:
        return []
    return [Problem("manager_id", manager_cycle_message(name, chain))]


def function_level_problems(function_id: int | None, level_id: int | None) -> list[Problem]:
    if level_id is None:
        return []
    if function_id is None:
        return [Problem("function_level_id", _("Kies eerst een functie bij dit niveau."))]
    level = db.session.get(FunctionLevel, level_id)
    if level is None or level.function_id != function_id:
        return [Problem("function_level_id", _("Dit niveau hoort niet bij de gekozen functie."))]
    return []
