"""What POP already holds, for a people CSV import: loaded once for the whole file, the people
as plain rows (the columns the checks and the audit diff read, their roles by one query), not
as ORM objects that the import would build for 10,000 people and never change."""

from dataclasses import dataclass, field

from sqlalchemy import select

from pop.access import managed_people, visible_departments
from pop.extensions import db
from pop.models import Department, JobFunction, Role, User, UserRole
from pop.people import services as people
from pop.people.csv_file import _fold


@dataclass(slots=True)
class KnownPerson:
    """A person POP holds, as the import's checks read them: what `rules` and
    `access_accounts` ask of a `User` (`id`, `roles`, `is_admin`, `is_hr`) and the fields of
    the audit snapshot."""

    id: int
    name: str
    email: str
    employee_number: str | None
    department_id: int | None
    manager_id: int | None
    function_id: int | None
    function_level_id: int | None
    active: bool
    hr_organisation_wide: bool
    has_password: bool
    roles: frozenset[Role] = frozenset()

    @property
    def is_hr(self) -> bool:
        return not self.roles.isdisjoint((Role.HR, Role.ADMIN))

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles


@dataclass
class _Known:
    """What the database already holds, loaded once for the whole file."""

    by_id: dict[int, KnownPerson]
    by_number: dict[str, KnownPerson]
    by_email: dict[str, KnownPerson]
    in_scope: set[int]
    departments: dict[str, list[Department]]
    functions: dict[str, list[JobFunction]]
    # The people whose row in the file gives them another e-mail address: theirs is free.
    moving: set[int] = field(default_factory=set)

    def email_owner(self, email: str) -> KnownPerson | None:
        """Who has `email` once the file is stored, of the people POP holds."""
        owner = self.by_email.get(email)
        return None if owner is not None and owner.id in self.moving else owner


_PERSON_COLUMNS = (
    User.id,
    User.name,
    User.email,
    User.employee_number,
    User.department_id,
    User.manager_id,
    User.function_id,
    User.function_level_id,
    User.active,
    User.hr_organisation_wide,
    User.password_hash.is_not(None).label("has_password"),
)


def load_people() -> list[KnownPerson]:
    """Everyone POP holds, with their roles: two queries, whatever their number."""
    everyone = [KnownPerson(*row) for row in db.session.execute(select(*_PERSON_COLUMNS))]
    roles: dict[int, set[Role]] = {}
    for user_id, role in db.session.execute(select(UserRole.user_id, UserRole.role)):
        roles.setdefault(user_id, set()).add(role)
    for person in everyone:
        if person.id in roles:
            person.roles = frozenset(roles[person.id])
    return everyone


def load_known(actor: User | None) -> _Known:
    everyone = load_people()
    scope = select(User.id) if actor is None else managed_people(actor).with_only_columns(User.id)
    departments: dict[str, list[Department]] = {}
    department_query = select(Department) if actor is None else visible_departments(actor)
    for department in db.session.scalars(department_query):
        departments.setdefault(_fold(department.name), []).append(department)
    functions: dict[str, list[JobFunction]] = {}
    for function in db.session.scalars(select(JobFunction).where(JobFunction.title.is_not(None))):
        functions.setdefault(_fold(function.title), []).append(function)
    return _Known(
        by_id={person.id: person for person in everyone},
        by_number={person.employee_number: person for person in everyone if person.employee_number},
        by_email={people.normalise_email(person.email): person for person in everyone},
        in_scope=set(db.session.scalars(scope)),
        departments=departments,
        functions=functions,
    )
