"""The rules of the people administration: create, change and (de)activate a person.

Every function checks its rules before it changes anything, records an audit event and only
flushes; the caller commits. A rule that is broken raises `PersonRuleError`.
"""

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from pop import audit
from pop.conversations import handover
from pop.extensions import db
from pop.models import Department, HrScope, Role, User
from pop.models._time import utcnow
from pop.models.versions import DEPARTMENTS, current_version
from pop.passwords import hash_password
from pop.people import rules
from pop.people.rules import (  # noqa: F401  (the people service's public names)
    EMAIL_MAX,
    EMPLOYEE_NUMBER_MAX,
    NAME_MAX,
    Problem,
    email_owner,
    is_valid_email,
    manager_cycle,
    manager_cycle_message,
    normalise_email,
    normalise_employee_number,
)


class PersonRuleError(ValueError):
    """A rule of the people administration was broken; `field` names the form field."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    @classmethod
    def of(cls, problem: Problem) -> "PersonRuleError":
        return cls(problem.field, problem.message)


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
    # HR for the whole organisation (an administrator's grant); None leaves it as it is.
    hr_organisation_wide: bool | None = None


def snapshot(person: User, hr_scope: list[int] | None = None) -> dict[str, Any]:
    """The audited fields of a person, for `audit.diff`: of a `User`, or of a person the CSV
    import read as a row (`csv_known.KnownPerson`, the same attributes). `hr_scope` gives the
    person's HR departments when they were loaded in bulk; otherwise they are read from the
    person."""
    if hr_scope is None:
        hr_scope = [link.department_id for link in person.hr_scope_links]
    return {
        "name": person.name,
        "email": person.email,
        "employee_number": person.employee_number,
        "department_id": person.department_id,
        "manager_id": person.manager_id,
        "function_id": person.function_id,
        "function_level_id": person.function_level_id,
        "roles": sorted(role.value for role in person.roles),
        "hr_scope": sorted(hr_scope),
        "hr_organisation_wide": person.hr_organisation_wide,
        "active": person.active,
        "has_password": person.has_password,
    }


def details_problems(
    actor: User | None, person: User | None, details: PersonDetails
) -> tuple[set[Role], list[Problem]]:
    """Every rule `details` break for `person` (None: someone new), and the roles they get."""
    roles, role_problems = rules.resolve_roles(actor, person, details.roles)
    changes_grant = details.hr_department_ids is not None or (
        details.hr_organisation_wide is not None
        and details.hr_organisation_wide != (person.hr_organisation_wide if person else False)
    )
    problems = [
        *rules.account_problems(actor, person),
        *rules.name_problems(details.name),
        *rules.email_problems(details.email, person),
        *rules.employee_number_problems(details.employee_number, person),
        *rules.department_problems(actor, person, details.department_id),
        *rules.manager_problems(person, details.name, details.manager_id),
        *rules.function_level_problems(details.function_id, details.function_level_id),
        *role_problems,
        *rules.hr_grant_problems(actor, changes_hr_grant=changes_grant),
    ]
    return roles, problems


def check_details(actor: User | None, person: User | None, details: PersonDetails) -> set[Role]:
    """Raise PersonRuleError for the first broken rule; return the roles the person will get."""
    roles, problems = details_problems(actor, person, details)
    if problems:
        raise PersonRuleError.of(problems[0])
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
    if details.hr_organisation_wide is not None:
        person.hr_organisation_wide = details.hr_organisation_wide
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
    if "manager_id" in changes:
        handover.hand_over(
            actor, [handover.ManagerChange(person.id, before["manager_id"], person.manager_id)]
        )
    return changes


def deactivate_person(actor: User | None, person: User) -> bool:
    """Switch a person off (they can no longer log in); False when they already were."""
    if actor is not None and actor.id == person.id:
        raise PersonRuleError(None, _("Je kunt jezelf niet deactiveren."))
    return _set_active(actor, person, active=False)


def reactivate_person(actor: User | None, person: User) -> bool:
    """Switch a person back on; False when they already were active."""
    return _set_active(actor, person, active=True)


def _set_active(actor: User | None, person: User, *, active: bool) -> bool:
    for problem in rules.account_problems(actor, person):
        raise PersonRuleError.of(problem)
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


# One process's copy of the department tree's paths, keyed by the departments' version stamp.
_PATHS_CACHE: dict[str, tuple[str, dict[int, str], list[int]]] = {}


def department_paths() -> dict[int, str]:
    """Every department's full path ("Gemeente › Dienstverlening"), so equal names differ.

    Cached per process until a department changes anywhere (`VersionStamp`, one lookup)."""
    return dict(_cached_paths()[0])


def department_tree() -> tuple[dict[int, str], list[int]]:
    """The paths, and every department's id in the order of its path (case-insensitive), cached
    likewise; read only, both."""
    return _cached_paths()


def _cached_paths() -> tuple[dict[int, str], list[int]]:
    version = current_version(DEPARTMENTS)
    cached = _PATHS_CACHE.get(str(db.engine.url))
    if version is not None and cached is not None and cached[0] == version:
        return cached[1], cached[2]
    paths = _read_department_paths()
    ordered = sorted(paths, key=lambda i: (paths[i].lower(), i))
    if version is not None:
        _PATHS_CACHE[str(db.engine.url)] = (version, paths, ordered)
    return paths, ordered


def _read_department_paths() -> dict[int, str]:
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
