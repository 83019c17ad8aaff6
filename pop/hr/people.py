"""The rules of the people administration: create, change and (de)activate a person.

Every function checks its rules before it changes anything, records an audit event and only
flushes; the caller commits. A rule that is broken raises `PersonRuleError`.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from pop import audit
from pop.extensions import db
from pop.models import Department, FunctionLevel, HrScope, Role, User
from pop.models._time import utcnow
from pop.passwords import hash_password

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
NAME_MAX = 200
EMAIL_MAX = 254
EMPLOYEE_NUMBER_MAX = 50


class PersonRuleError(ValueError):
    """A rule of the people administration was broken; `field` names the form field."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class PersonDetails:
    """What the people admin may set on a person (everything but the active flag)."""

    name: str
    email: str
    employee_number: str | None = None
    department_id: int | None = None
    manager_id: int | None = None
    function_id: int | None = None
    function_level_id: int | None = None
    roles: set[Role] = field(default_factory=lambda: {Role.EMPLOYEE})
    # Departments an HR adviser is limited to; None leaves the scope as it is.
    hr_department_ids: set[int] | None = None


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def normalise_employee_number(number: str | None) -> str | None:
    return (number or "").strip() or None


def is_valid_email(email: str) -> bool:
    return bool(EMAIL_PATTERN.match(email)) and len(email) <= EMAIL_MAX


def email_owner(email: str) -> User | None:
    """The person with this e-mail address, compared case-insensitively."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def email_taken(email: str, *, exclude_id: int | None = None) -> bool:
    owner = email_owner(email)
    return owner is not None and owner.id != exclude_id


def employee_number_taken(number: str | None, *, exclude_id: int | None = None) -> bool:
    number = normalise_employee_number(number)
    if number is None:
        return False
    owner_id = db.session.scalar(select(User.id).where(User.employee_number == number))
    return owner_id is not None and owner_id != exclude_id


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


def allowed_roles(actor: User | None, current: frozenset[Role], wanted: set[Role]) -> set[Role]:
    """The roles a person gets when `actor` asks for `wanted`.

    Only an administrator grants or revokes the admin role; for anyone else it stays as it was.
    """
    wanted = {Role(role) for role in wanted}
    if actor is None or actor.is_admin:
        return wanted
    if Role.ADMIN in wanted and Role.ADMIN not in current:
        raise PersonRuleError("roles", _("Alleen een beheerder kan de rol beheerder toekennen."))
    return (wanted - {Role.ADMIN}) | (set(current) & {Role.ADMIN})


def snapshot(person: User) -> dict[str, Any]:
    """The audited fields of a person, for `audit.diff`."""
    return {
        "name": person.name,
        "email": person.email,
        "employee_number": person.employee_number,
        "department_id": person.department_id,
        "manager_id": person.manager_id,
        "function_id": person.function_id,
        "function_level_id": person.function_level_id,
        "roles": sorted(role.value for role in person.roles),
        "hr_scope": sorted(link.department_id for link in person.hr_scope_links),
        "active": person.active,
        "has_password": person.password_hash is not None,
    }


def check_details(actor: User | None, person: User | None, details: PersonDetails) -> set[Role]:
    """Raise PersonRuleError for the first broken rule; return the roles the person will get."""
    person_id = person.id if person is not None else None
    if not details.name.strip():
        raise PersonRuleError("name", _("Vul de naam in."))
    email = normalise_email(details.email)
    if not is_valid_email(email):
        raise PersonRuleError("email", _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."))
    if email_taken(email, exclude_id=person_id):
        raise PersonRuleError(
            "email", _("Dit e-mailadres is al in gebruik bij een andere persoon.")
        )
    if employee_number_taken(details.employee_number, exclude_id=person_id):
        raise PersonRuleError(
            "employee_number", _("Dit personeelsnummer is al in gebruik bij een andere persoon.")
        )
    chain = manager_cycle(person_id, details.manager_id)
    if chain is not None:
        raise PersonRuleError("manager_id", manager_cycle_message(details.name, chain))
    if details.function_level_id is not None:
        level = db.session.get(FunctionLevel, details.function_level_id)
        if details.function_id is None:
            raise PersonRuleError("function_level_id", _("Kies eerst een functie bij dit niveau."))
        if level is None or level.function_id != details.function_id:
            raise PersonRuleError(
                "function_level_id", _("Dit niveau hoort niet bij de gekozen functie.")
            )
    current = person.roles if person is not None else frozenset()
    roles = allowed_roles(actor, current, details.roles)
    if not roles:
        raise PersonRuleError("roles", _("Kies minstens één rol."))
    if details.hr_department_ids is not None and not (actor is None or actor.is_admin):
        raise PersonRuleError("hr_scope", _("Alleen een beheerder kan het HR-bereik instellen."))
    is_self = actor is not None and person is not None and actor.id == person.id
    if is_self and actor.is_hr and not roles & {Role.HR, Role.ADMIN}:
        raise PersonRuleError("roles", _("U kunt uw eigen HR-rol niet intrekken."))
    return roles


def _apply(person: User, details: PersonDetails, roles: set[Role]) -> None:
    person.name = details.name.strip()
    person.email = normalise_email(details.email)
    person.employee_number = normalise_employee_number(details.employee_number)
    person.department_id = details.department_id
    person.manager_id = details.manager_id
    person.function_id = details.function_id
    person.function_level_id = details.function_level_id if details.function_id else None
    person.roles = roles
    if details.hr_department_ids is not None:
        current = {link.department_id: link for link in person.hr_scope_links}
        person.hr_scope_links = [
            current.get(department_id) or HrScope(department_id=department_id)
            for department_id in sorted(details.hr_department_ids)
        ]


def create_person(actor: User | None, details: PersonDetails, password: str | None = None) -> User:
    """A new, active person; without a password they cannot log in until one is set."""
    roles = check_details(actor, None, details)
    person = User(name="", email="", active=True)
    _apply(person, details, roles)
    if password:
        person.password_hash = hash_password(password)
    db.session.add(person)
    db.session.flush()
    audit.record(
        actor,
        "person_created",
        person,
        summary=f"{person.name} toegevoegd",
        changes=audit.diff({}, snapshot(person)),
    )
    return person


def update_person(
    actor: User | None, person: User, details: PersonDetails, password: str | None = None
) -> dict[str, list[Any]]:
    """Change a person; returns the audited changes (empty when nothing changed)."""
    roles = check_details(actor, person, details)
    before = snapshot(person)
    _apply(person, details, roles)
    if password and person.password_hash is None:
        person.password_hash = hash_password(password)
    db.session.flush()
    changes = audit.diff(before, snapshot(person))
    if changes:
        audit.record(
            actor, "person_updated", person, summary=f"{person.name} gewijzigd", changes=changes
        )
    return changes


def deactivate_person(actor: User | None, person: User) -> bool:
    """Switch a person off (they can no longer log in); False when they already were."""
    if actor is not None and actor.id == person.id:
        raise PersonRuleError(None, _("U kunt uzelf niet deactiveren."))
    return _set_active(actor, person, active=False)


def reactivate_person(actor: User | None, person: User) -> bool:
    """Switch a person back on; False when they already were active."""
    return _set_active(actor, person, active=True)


def _set_active(actor: User | None, person: User, *, active: bool) -> bool:
    if person.active == active:
        return False
    person.active = active
    person.deactivated_at = None if active else utcnow()
    db.session.flush()
    audit.record(
        actor,
        "person_reactivated" if active else "person_deactivated",
        person,
        summary=f"{person.name} {'geactiveerd' if active else 'gedeactiveerd'}",
        changes={"active": [not active, active]},
    )
    return True


def department_paths() -> dict[int, str]:
    """Every department's full path ("Gemeente › Dienstverlening"), so equal names differ."""
    rows = db.session.execute(select(Department.id, Department.name, Department.parent_id)).all()
    names = {row.id: row.name for row in rows}
    parents = {row.id: row.parent_id for row in rows}
    paths: dict[int, str] = {}
    for department_id in names:
        parts, current, seen = [], department_id, set()
        while current is not None and current not in seen:
            seen.add(current)
            parts.append(names[current])
            current = parents.get(current)
        paths[department_id] = " › ".join(reversed(parts))
    return paths
