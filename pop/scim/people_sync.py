"""What a SCIM request does to POP's people, through the rules of the people administration.

A directory changes names, e-mail addresses, employee numbers, departments, manager lines and
the active flag; never roles, except that someone the directory names as a manager becomes one
in POP (as HR would tick it), so that the team view shows their team. It never grants HR or
administrator rights. The functions flush and raise a SCIM exception; the view commits.
"""

from flask_babel import gettext as _
from scim2_models import InvalidValueException, NotFoundException, UniquenessException
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from pop import audit
from pop.extensions import db
from pop.models import Department, Role, ScimRecord, User
from pop.models._time import utcnow
from pop.people import services as people
from pop.scim.schema import DirectoryPerson


def directory_people() -> Select:
    """Everyone SCIM may see: anonymised leavers are no longer anyone."""
    return (
        select(User)
        .where(User.anonymised.is_(False))
        .options(
            joinedload(User.manager),
            joinedload(User.department),
            selectinload(User.role_links),
            selectinload(User.hr_scope_links),
        )
    )


def get_person(resource_id: str) -> User:
    person = None
    if resource_id.isdigit():
        person = db.session.scalar(directory_people().where(User.id == int(resource_id)))
    if person is None:
        raise NotFoundException(detail=_("Er is geen persoon met id %(id)s.", id=resource_id))
    return person


def records_of(person_ids: list[int]) -> dict[int, ScimRecord]:
    if not person_ids:
        return {}
    records = db.session.scalars(select(ScimRecord).where(ScimRecord.user_id.in_(person_ids)))
    return {record.user_id: record for record in records}


def create_person(directory: DirectoryPerson) -> User:
    details = _details(None, directory)
    try:
        person = people.create_person(None, details)
    except people.PersonRuleError as error:
        raise _scim_error(error) from error
    _keep_record(person, directory.external_id)
    if not directory.active:
        people.deactivate_person(None, person)
    _make_manager(details.manager_id)
    return person


def replace_person(person: User, directory: DirectoryPerson) -> None:
    details = _details(person, directory)
    try:
        people.update_person(None, person, details)
    except people.PersonRuleError as error:
        raise _scim_error(error) from error
    _keep_record(person, directory.external_id)
    if directory.active:
        people.reactivate_person(None, person)
    else:
        people.deactivate_person(None, person)
    _make_manager(details.manager_id)


def deactivate_person(person: User) -> None:
    """What a SCIM DELETE does: the person can no longer log in; their history stays."""
    people.deactivate_person(None, person)
    _touch(person)


def _details(person: User | None, directory: DirectoryPerson) -> people.PersonDetails:
    if not people.is_valid_email(directory.email):
        raise InvalidValueException(
            detail=_(
                "userName moet het e-mailadres van de persoon zijn; “%(value)s” is dat niet.",
                value=directory.email,
            )
        )
    if len(directory.name) > people.NAME_MAX:
        raise InvalidValueException(detail=_("Deze naam is te lang."))
    number = directory.employee_number
    if number is not None and len(number) > people.EMPLOYEE_NUMBER_MAX:
        raise InvalidValueException(detail=_("Dit personeelsnummer is te lang."))
    return people.PersonDetails(
        name=directory.name,
        email=directory.email,
        employee_number=number,
        department_id=_department_id(directory.department),
        manager_id=_manager_id(directory.manager_id),
        function_id=person.function_id if person is not None else None,
        function_level_id=person.function_level_id if person is not None else None,
        roles=set(person.roles) if person is not None else {Role.EMPLOYEE},
    )


def _manager_id(value: str | None) -> int | None:
    if value is None:
        return None
    manager = None
    if value.isdigit():
        manager = db.session.scalar(directory_people().where(User.id == int(value)))
    if manager is None:
        raise InvalidValueException(
            detail=_("De leidinggevende met id %(id)s bestaat niet in POP.", id=value)
        )
    return manager.id


def _department_id(name: str | None) -> int | None:
    """The department with this path ("Gemeente › Dienstverlening") or unique name.

    A name POP does not know yet becomes a new department at the top of the tree, where only
    HR without a limited scope sees it until HR moves it into place.
    """
    if name is None:
        return None
    wanted = _fold(name)
    paths = people.department_paths()
    by_path = [id_ for id_, path in paths.items() if _fold(path) == wanted]
    if len(by_path) == 1:
        return by_path[0]
    names = db.session.execute(select(Department.id, Department.name)).all()
    by_name = [row.id for row in names if _fold(row.name) == wanted]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        raise InvalidValueException(
            detail=_(
                "Er zijn meerdere afdelingen met de naam “%(name)s”; geef het hele pad, "
                "zoals “%(example)s”.",
                name=name,
                example=paths[by_name[0]],
            )
        )
    department = Department(name=" ".join(name.split()))
    db.session.add(department)
    db.session.flush()
    audit.record(
        None,
        "department_created",
        department,
        summary=f"Afdeling {department.name} toegevoegd via SCIM",
        changes={"name": [None, department.name]},
    )
    return department.id


def _fold(text: str) -> str:
    return " ".join(text.replace("›", " › ").replace("/", " › ").split()).casefold()


def _make_manager(manager_id: int | None) -> None:
    """Someone who has a team in the directory gets the manager role (and nothing more)."""
    if manager_id is None:
        return
    manager = db.session.get(User, manager_id)
    if manager is None or manager.is_manager:
        return
    before = sorted(role.value for role in manager.roles)
    manager.roles = set(manager.roles) | {Role.MANAGER}
    db.session.flush()
    audit.record(
        None,
        "person_updated",
        manager,
        summary=f"{manager.name} leidinggevende gemaakt via SCIM",
        changes={"roles": [before, sorted(role.value for role in manager.roles)]},
    )


def _keep_record(person: User, external_id: str | None) -> None:
    if external_id is not None:
        owner = db.session.scalar(
            select(ScimRecord.user_id).where(ScimRecord.external_id == external_id)
        )
        if owner is not None and owner != person.id:
            raise UniquenessException(
                detail=_("externalId %(id)s hoort al bij een andere persoon.", id=external_id)
            )
    record = db.session.get(ScimRecord, person.id)
    if record is None:
        record = ScimRecord(user_id=person.id)
        db.session.add(record)
    record.external_id = external_id
    _touch(person, record)


def _touch(person: User, record: ScimRecord | None = None) -> None:
    record = record or db.session.get(ScimRecord, person.id)
    if record is None:
        record = ScimRecord(user_id=person.id)
        db.session.add(record)
    record.updated_at = utcnow()
    db.session.flush()


def _scim_error(error: people.PersonRuleError) -> Exception:
    if error.field in ("email", "employee_number"):
        return UniquenessException(detail=error.message)
    return InvalidValueException(detail=error.message)
