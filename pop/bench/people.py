"""Departments, people and the open cycle of a generated organisation, as rows."""

import math
import random
import unicodedata
from datetime import date, timedelta

from sqlalchemy import func, select

from pop.bench.shape import (
    ADMIN_EMAIL,
    BIG_TEAM,
    DOMAIN,
    EMPLOYEE_EMAIL,
    FIRST_NAMES,
    HEADS_PER_DIRECTOR,
    HR_EMAIL,
    LAST_NAMES,
    MANAGER_EMAIL,
    SCOPED_HR_EMAIL,
    TEAM_SIZE,
    TEAMS_PER_HEAD,
    THEMES,
    TOP_EMAIL,
    TOPICS,
    GenerationError,
    Person,
    at,
)
from pop.bench.writing import insert_rows
from pop.extensions import db
from pop.models import (
    ConversationDeadline,
    ConversationKind,
    Cycle,
    Department,
    Role,
    User,
)


class Ids:
    """Explicit primary keys, continuing after what a table already holds."""

    def __init__(self) -> None:
        self._next: dict[type, int] = {}

    def take(self, model: type) -> int:
        if model not in self._next:
            highest = db.session.scalar(select(func.max(model.id)))
            self._next[model] = (highest or 0) + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value


def numbered(names: list[str], index: int) -> str:
    name = names[index % len(names)]
    return name if index < len(names) else f"{name} {index // len(names) + 1}"


def team_sizes(rng: random.Random, members: int, teams: int) -> list[int]:
    first = min(BIG_TEAM, members - (teams - 1))
    if teams == 1:
        return [members]
    base, extra = divmod(members - first, teams - 1)
    rest = [base + (1 if index < extra else 0) for index in range(teams - 1)]
    rng.shuffle(rest)
    return [first, *rest]


def plan_people(
    employees: int, rng: random.Random, ids: Ids
) -> tuple[list[dict], list[Person], int]:
    """Departments (root, directorates, departments, teams) and people, managers first."""
    teams = max(1, round(employees / (TEAM_SIZE + 1)))
    heads = max(1, math.ceil(teams / TEAMS_PER_HEAD))
    directors = max(1, math.ceil(heads / HEADS_PER_DIRECTOR))
    members = employees - 1 - directors - heads - teams
    if members < max(teams, 4):
        raise GenerationError(f"{employees} employees are too few for {teams} teams")

    departments: list[dict] = []

    def department(name: str, parent_id: int | None) -> int:
        department_id = ids.take(Department)
        departments.append({"id": department_id, "name": name, "parent_id": parent_id})
        return department_id

    root = department("Gemeente Benchstad", None)
    directorates = [department(f"Directie {numbered(THEMES, d)}", root) for d in range(directors)]
    sections = [
        department(numbered(TOPICS, h), directorates[h * directors // heads]) for h in range(heads)
    ]
    team_departments = []
    per_section: dict[int, int] = {}
    for t in range(teams):
        section = t * heads // teams
        per_section[section] = per_section.get(section, 0) + 1
        name = f"Team {numbered(TOPICS, section)} {per_section[section]}"
        team_departments.append(department(name, sections[section]))

    manager_roles = (Role.EMPLOYEE.value, Role.MANAGER.value)
    people = [Person(ids.take(User), None, root, manager_roles, TOP_EMAIL)]
    director_people = [
        Person(ids.take(User), people[0].id, directorates[d], manager_roles)
        for d in range(directors)
    ]
    head_people = [
        Person(
            ids.take(User), director_people[h * directors // heads].id, sections[h], manager_roles
        )
        for h in range(heads)
    ]
    team_managers = [
        Person(
            ids.take(User), head_people[t * heads // teams].id, team_departments[t], manager_roles
        )
        for t in range(teams)
    ]
    team_managers[0].email = MANAGER_EMAIL
    people += director_people + head_people + team_managers
    team_members = []
    for t, size in enumerate(team_sizes(rng, members, teams)):
        team_members += [
            Person(ids.take(User), team_managers[t].id, team_departments[t], (Role.EMPLOYEE.value,))
            for _ in range(size)
        ]
    team_members[0].email = EMPLOYEE_EMAIL
    team_members[-3].email, team_members[-3].roles = HR_EMAIL, (Role.EMPLOYEE.value, Role.HR.value)
    team_members[-2].email = SCOPED_HR_EMAIL
    team_members[-2].roles = (Role.EMPLOYEE.value, Role.HR.value)
    team_members[-1].email = ADMIN_EMAIL
    team_members[-1].roles = (Role.EMPLOYEE.value, Role.ADMIN.value)
    people += team_members
    return departments, people, directorates[-1]


def ascii_name(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.lower().replace(" ", "") if ch.isalnum())


def user_row(rng: random.Random, person: Person, password_hash: str, today: date) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    function = person.function
    levels = function.level_ids if function else []
    return {
        "id": person.id,
        "name": f"{first} {last}",
        "email": person.email or f"{ascii_name(first)}.{ascii_name(last)}.{person.id}@{DOMAIN}",
        "employee_number": f"B{person.id:07d}",
        "password_hash": password_hash,
        "department_id": person.department_id,
        "manager_id": person.manager_id,
        "active": True,
        "anonymised": False,
        "language": None,
        "function_id": function.id if function else None,
        "function_level_id": rng.choice(levels) if levels else None,
        "created_at": at(date(today.year, 1, 1), 8) - timedelta(days=rng.randint(30, 3000)),
        "deactivated_at": None,
        # HR sees the whole organisation by an explicit grant; the scoped adviser's departments
        # narrow it.
        "hr_organisation_wide": Role.HR.value in person.roles,
    }


def open_cycle(today: date) -> Cycle:
    cycle = Cycle.calendar_year(today.year)
    db.session.add(cycle)
    db.session.flush()
    deadlines = {
        ConversationKind.PLANNING: date(today.year, 3, 31),
        ConversationKind.REVIEW: date(today.year, 7, 15),
        ConversationKind.APPRAISAL: date(today.year, 12, 15),
    }
    insert_rows(
        ConversationDeadline,
        [
            {"cycle_id": cycle.id, "kind": kind.value, "opens_on": cycle.starts_on, "due_on": due}
            for kind, due in deadlines.items()
        ],
    )
    return cycle
