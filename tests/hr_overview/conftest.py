"""A generated organisation for the HR overview, inserted in bulk, and what was generated.

`generate` inserts people, roles, goals, check-ins, conversations and ratings with
`db.session.execute(insert(Model), [dicts...])` and returns the same rows as plain dicts, so a
test can count every figure independently of the SQL under test.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from pop.extensions import db
from pop.hr.totals_refresh import refresh as refresh_totals
from pop.labels import DEFAULT_RATING_SCALE
from pop.models import (
    CheckIn,
    Competency,
    Conversation,
    ConversationDeadline,
    ConversationKind,
    ConversationRating,
    ConversationStatus,
    Cycle,
    Department,
    FunctionCompetency,
    FunctionFamily,
    FunctionLevel,
    Goal,
    GoalStatus,
    HrScope,
    JobFunction,
    Role,
    User,
    UserRole,
)
from pop.models.signed import allow_signed_changes

TODAY = date.today()
AGREED = {"afgesproken", "bezig", "afgerond"}
OPEN = {"concept", "voorgesteld", "afgesproken", "bezig"}


@dataclass
class Catalogue:
    """Departments, functions, competencies and two cycles (last year closed, this year open)."""

    departments: dict[str, int]
    parents: dict[int, int | None]
    families: dict[str, int]
    functions: dict[str, int]
    family_of: dict[int, int]
    levels: dict[int, list[tuple[int, str]]]  # function id -> [(level id, scale)]
    competencies: list[int]
    function_competencies: dict[int, list[int]]
    cycle_id: int
    previous_cycle_id: int
    cycle_start: date
    cycle_end: date


@pytest.fixture
def catalogue(app) -> Catalogue:
    return make_catalogue(app)


def make_catalogue(app) -> Catalogue:
    with app.app_context():
        root = Department(name="Gemeente")
        social = Department(name="Sociaal Domein", parent=root)
        departments = {
            "Gemeente": root,
            "Sociaal Domein": social,
            "Jeugd": Department(name="Jeugd", parent=social),
            "Wmo": Department(name="Wmo", parent=social),
            "Dienstverlening": Department(name="Dienstverlening", parent=root),
            "Ruimte": Department(name="Ruimte", parent=root),
        }
        db.session.add_all(departments.values())
        families = {
            "Beleid en Advies": FunctionFamily(name="Beleid en Advies"),
            "Dienstverlening": FunctionFamily(name="Dienstverlening"),
        }
        db.session.add_all(families.values())
        competencies = [
            Competency(
                name=name,
                description=f"{name}: omschrijving.",
                description_key=f"key-{index}",
            )
            for index, name in enumerate(
                ["Klantgerichtheid", "Samenwerken", "Analyseren", "Plannen", "Integriteit", None]
            )
        ]
        competencies[-1].description = "Een competentie zonder naam, herkend aan de omschrijving."
        db.session.add_all(competencies)
        specs = {
            "Beleidsadviseur": ("Beleid en Advies", ["10", "11"], [0, 1, 2]),
            "Jeugdconsulent": ("Beleid en Advies", ["9", "10"], [0, 1, 5]),
            "Klantadviseur": ("Dienstverlening", ["7", "8"], [0, 3]),
            "Baliemedewerker": ("Dienstverlening", ["6"], [3, 4]),
        }
        functions = {}
        for title, (family, scales, competency_indexes) in specs.items():
            function = JobFunction(
                title=title,
                source_filename=f"{title.lower()}.txt",
                content_hash="x" * 64,
                family=families[family],
                levels=[
                    FunctionLevel(position=position, scale=scale)
                    for position, scale in enumerate(scales, start=1)
                ],
            )
            function.competency_links = [
                FunctionCompetency(competency=competencies[index], position=position)
                for position, index in enumerate(competency_indexes, start=1)
            ]
            functions[title] = function
        db.session.add_all(functions.values())
        cycle = Cycle(
            name=str(TODAY.year), starts_on=date(TODAY.year, 1, 1), ends_on=date(TODAY.year, 12, 31)
        )
        previous = Cycle(
            name=str(TODAY.year - 1),
            starts_on=date(TODAY.year - 1, 1, 1),
            ends_on=date(TODAY.year - 1, 12, 31),
            is_open=False,
        )
        db.session.add_all([cycle, previous])
        db.session.flush()
        db.session.add_all(
            [
                ConversationDeadline(
                    cycle_id=cycle.id,
                    kind=ConversationKind.PLANNING.value,
                    opens_on=cycle.starts_on,
                    due_on=cycle.starts_on,
                ),
                ConversationDeadline(
                    cycle_id=cycle.id,
                    kind=ConversationKind.APPRAISAL.value,
                    opens_on=cycle.starts_on,
                    due_on=cycle.ends_on,
                ),
            ]
        )
        db.session.commit()
        return Catalogue(
            departments={name: d.id for name, d in departments.items()},
            parents={d.id: d.parent_id for d in departments.values()},
            families={name: f.id for name, f in families.items()},
            functions={title: f.id for title, f in functions.items()},
            family_of={f.id: f.family_id for f in functions.values()},
            levels={
                f.id: [(level.id, level.scale) for level in f.levels] for f in functions.values()
            },
            competencies=[c.id for c in competencies],
            function_competencies={
                f.id: [link.competency_id for link in f.competency_links]
                for f in functions.values()
            },
            cycle_id=cycle.id,
            previous_cycle_id=previous.id,
            cycle_start=cycle.starts_on,
            cycle_end=cycle.ends_on,
        )


@dataclass
class Generated:
    users: list[dict] = field(default_factory=list)
    roles: dict[int, set[str]] = field(default_factory=dict)
    goals: list[dict] = field(default_factory=list)
    check_ins: list[dict] = field(default_factory=list)
    conversations: list[dict] = field(default_factory=list)
    ratings: list[dict] = field(default_factory=list)

    def employees(self, department_ids=None, **match) -> list[dict]:
        """Active users with the employee role, optionally in some departments / matching."""
        return [
            user
            for user in self.users
            if user["active"]
            and "employee" in self.roles[user["id"]]
            and (department_ids is None or user["department_id"] in department_ids)
            and all(user.get(key) == value for key, value in match.items())
        ]


def _insert_returning_ids(model, rows: list[dict], *keys: str) -> list[int]:
    """Insert in bulk, then read the new ids back by a key unique to each generated row.

    (RETURNING in parameter order makes SQLite insert row by row: far too slow for 20,000.)
    """
    if not rows:
        return []
    db.session.execute(insert(model), rows)
    columns = [getattr(model, key) for key in keys]
    found = {tuple(row[1:]): row[0] for row in db.session.execute(select(model.id, *columns))}
    return [found[tuple(row[key] for key in keys)] for row in rows]


def _bulk(model, rows: list[dict]) -> None:
    if rows:
        # Generated history is written whole, ratings after signatures: open the signed guard.
        allow_signed_changes(db.session)
        db.session.execute(insert(model), rows)


def _day_in(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 0) + 1))


def generate(
    app,
    catalogue: Catalogue,
    employees: int,
    *,
    prefix: str = "g",
    seed: int = 6,
    goals_per_employee: int | None = None,
) -> Generated:
    """`employees` people (one in ten a manager too) with goals, check-ins and conversations."""
    rng = random.Random(seed)
    out = Generated()
    department_ids = list(catalogue.departments.values())
    function_ids = list(catalogue.functions.values())
    cycle_start, cycle_end = catalogue.cycle_start, catalogue.cycle_end
    last_ten_weeks = max(TODAY - timedelta(weeks=10), cycle_start)
    now = datetime.now()
    with app.app_context():
        managers = max(employees // 10, 1)
        rows = []
        for number in range(employees):
            function_id = rng.choice([*function_ids, None])
            level = rng.choice(catalogue.levels[function_id]) if function_id else None
            rows.append(
                {
                    "name": f"{prefix.upper()} Mens {number:05d}",
                    "email": f"{prefix}.{number}@bulk.example",
                    "employee_number": f"{prefix.upper()}{number:06d}",
                    "department_id": rng.choice([*department_ids, None])
                    if number % 50 == 0
                    else rng.choice(department_ids),
                    "function_id": function_id,
                    "function_level_id": level[0] if level else None,
                    "active": rng.random() > 0.04,
                    "anonymised": False,
                    "created_at": now,
                }
            )
        manager_rows, employee_rows = rows[:managers], rows[managers:]
        manager_ids = _insert_returning_ids(User, manager_rows, "email")
        for row in employee_rows:
            row["manager_id"] = rng.choice(manager_ids)
        employee_ids = _insert_returning_ids(User, employee_rows, "email")
        for row, id_ in zip(manager_rows, manager_ids, strict=True):
            row["id"], row["manager_id"] = id_, None
        for row, id_ in zip(employee_rows, employee_ids, strict=True):
            row["id"] = id_
        out.users = manager_rows + employee_rows
        scales = {
            level_id: scale for levels in catalogue.levels.values() for level_id, scale in levels
        }
        for user in out.users:
            user["scale"] = scales.get(user["function_level_id"])
            user["family_id"] = catalogue.family_of.get(user["function_id"])
        role_rows = []
        for user in out.users:
            roles = {"employee"} if rng.random() > 0.02 else {"hr"}
            if user["id"] in set(manager_ids):
                roles |= {"manager", "employee"}
            out.roles[user["id"]] = roles
            role_rows += [{"user_id": user["id"], "role": role} for role in sorted(roles)]
        _bulk(UserRole, role_rows)

        goal_rows = []
        statuses = [status.value for status in GoalStatus]
        for user in out.users:
            count = (
                goals_per_employee
                if goals_per_employee is not None
                else rng.choice([0, 0, 1, 2, 3, 4])
            )
            competencies = catalogue.function_competencies.get(user["function_id"], [])
            for index in range(count):
                status = rng.choice(statuses)
                goal_rows.append(
                    {
                        "employee_id": user["id"],
                        "cycle_id": catalogue.cycle_id,
                        "competency_id": rng.choice([*competencies, None])
                        if competencies
                        else None,
                        "title": f"Doel {index} van {user['name']}",
                        "specific": "Iets leren.",
                        "measurable": "Zichtbaar resultaat.",
                        "achievable": "Ja.",
                        "realistic": "Ja.",
                        "starts_on": cycle_start,
                        "deadline": _day_in(rng, cycle_start, cycle_end),
                        "status": status,
                        "progress": 100 if status == "afgerond" else rng.randrange(0, 100, 5),
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        goal_ids = _insert_returning_ids(Goal, goal_rows, "employee_id", "title")
        for row, id_ in zip(goal_rows, goal_ids, strict=True):
            row["id"] = id_
        out.goals = goal_rows

        check_in_rows = []
        for goal in goal_rows:
            if goal["status"] in ("bezig", "afgerond") and goals_per_employee is None:
                for _number in range(rng.choice([0, 1, 2, 3])):
                    check_in_rows.append(
                        {
                            "goal_id": goal["id"],
                            "author_id": goal["employee_id"],
                            "on": _day_in(rng, last_ten_weeks, TODAY),
                            "progress": goal["progress"],
                            "note": "Stap gezet.",
                            "created_at": now,
                        }
                    )
        _bulk(CheckIn, check_in_rows)
        out.check_ins = check_in_rows

        conversation_rows = []
        stages = ["none", "gepland", "voorbereid", "gevoerd", "ondertekend"]
        by_id = {user["id"]: user for user in out.users}
        for user in out.users:
            if user.get("manager_id") is None:
                continue
            for kind in ConversationKind:
                for cycle_id in (catalogue.cycle_id, catalogue.previous_cycle_id):
                    stage = rng.choice(stages)
                    if stage == "none":
                        continue
                    held = stage in ("gevoerd", "ondertekend")
                    rating = (
                        rng.randint(1, 5)
                        if held and kind == ConversationKind.APPRAISAL and rng.random() > 0.2
                        else None
                    )
                    conversation_rows.append(
                        {
                            "employee_id": user["id"],
                            "manager_id": by_id[user["manager_id"]]["id"],
                            "cycle_id": cycle_id,
                            "kind": kind.value,
                            "status": stage,
                            "planned_on": cycle_start
                            if cycle_id == catalogue.cycle_id
                            else date(cycle_start.year - 1, 6, 1),
                            "held_on": cycle_start if held else None,
                            "rating_scale": list(DEFAULT_RATING_SCALE),
                            "preparation_notes": "",
                            "overall_rating": rating,
                            "overall_motivation": "",
                            "employee_response": "",
                            "manager_signed_at": now if stage == "ondertekend" else None,
                            "employee_signed_at": now if stage == "ondertekend" else None,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
        conversation_ids = _insert_returning_ids(
            Conversation, conversation_rows, "employee_id", "cycle_id", "kind"
        )
        for row, id_ in zip(conversation_rows, conversation_ids, strict=True):
            row["id"] = id_
        out.conversations = conversation_rows

        rating_rows = []
        for conversation in conversation_rows:
            if conversation["status"] in ("gevoerd", "ondertekend"):
                competencies = catalogue.function_competencies.get(
                    by_id[conversation["employee_id"]]["function_id"], []
                )
                for competency_id in competencies[:2]:
                    rating_rows.append(
                        {
                            "conversation_id": conversation["id"],
                            "competency_id": competency_id,
                            "score": rng.randint(1, 5),
                        }
                    )
        _bulk(ConversationRating, rating_rows)
        out.ratings = rating_rows
        db.session.commit()
        # The dashboard reads maintained totals: run their job, as the timer does.
        refresh_totals()
        db.session.commit()
    return out


def subtree(catalogue: Catalogue, root_id: int) -> set[int]:
    found = {root_id}
    changed = True
    while changed:
        changed = False
        for child, parent in catalogue.parents.items():
            if parent in found and child not in found:
                found.add(child)
                changed = True
    return found


@pytest.fixture
def hr_user(make_user, catalogue) -> int:
    """HR for the whole organisation (not an employee: not counted)."""
    return make_user("Hanna HR", roles={Role.HR}, department_id=catalogue.departments["Gemeente"])


@pytest.fixture
def scoped_hr_user(app, make_user, catalogue) -> int:
    """HR for Sociaal Domein (and so Jeugd and Wmo) only."""
    user_id = make_user(
        "Sacha Scoped", roles={Role.HR}, department_id=catalogue.departments["Sociaal Domein"]
    )
    with app.app_context():
        db.session.add(
            HrScope(user_id=user_id, department_id=catalogue.departments["Sociaal Domein"])
        )
        db.session.commit()
    return user_id


STATUS_ORDER = [status.value for status in ConversationStatus]
