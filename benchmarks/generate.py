"""A deterministic generated organisation of any size, for page benchmarks and load tests.

`generate(employees, seed)` fills an empty database (SQLite or PostgreSQL) with a department
tree, a manager per ~25 people (and one manager of 40), a catalogue of ~120 generated function
descriptions imported through the real importer, one open cycle (the current calendar year),
five goals per person with their check-ins and audit trail, and three conversations per person
with ratings, notes, self-assessments and agreements. Everything but the catalogue is written
with bulk inserts in batches; the same seed and day give the same organisation.

The data keeps the app's invariants: deadlines inside the cycle, check-ins only on goals that
were agreed (their latest check-in is the goal's progress), conversations led by the
employee's own manager on the competencies of the employee's function, scores on the scale.
"""

import hashlib
import math
import random
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import func, insert, inspect, select, text
from werkzeug.security import generate_password_hash

from benchmarks.catalogue import FUNCTIONS, LIBRARY_SIZE, function_documents
from pop import PROJECT_ROOT
from pop.catalogue.importer import import_document
from pop.catalogue.parser import render
from pop.extensions import db
from pop.labels import DEFAULT_RATING_SCALE
from pop.models import (
    Agreement,
    AgreementOwner,
    AuditEvent,
    BehaviourIndicator,
    CheckIn,
    Competency,
    Conversation,
    ConversationDeadline,
    ConversationKind,
    ConversationNote,
    ConversationRating,
    ConversationStatus,
    Cycle,
    Department,
    DevelopmentTip,
    FunctionCompetency,
    FunctionLevel,
    Goal,
    GoalStatus,
    HrScope,
    JobFunction,
    Role,
    SelfAssessment,
    SelfAssessmentRating,
    User,
    UserRole,
)
from pop.models.signed import allow_signed_changes

# Every generated person logs in with this password (hashed once, shared by all).
BENCH_PASSWORD = "bench-wachtwoord-42"  # noqa: S105  (a published test password)
DOMAIN = "benchstad.example"
TOP_EMAIL = f"directeur@{DOMAIN}"
MANAGER_EMAIL = f"teamleider@{DOMAIN}"  # leads the team of BIG_TEAM people
EMPLOYEE_EMAIL = f"medewerker@{DOMAIN}"  # a member of that team
HR_EMAIL = f"hr@{DOMAIN}"  # HR for the whole organisation
SCOPED_HR_EMAIL = f"hr.directie@{DOMAIN}"  # HR for one directorate
ADMIN_EMAIL = f"beheer@{DOMAIN}"

GENERATOR_VERSION = 2  # part of the fingerprint: saved organisations of older ones are redone
MIN_EMPLOYEES = 10
TEAM_SIZE = 25  # reports per team manager
BIG_TEAM = 40  # the first team: the manager whose team view is benchmarked
TEAMS_PER_HEAD = 6
HEADS_PER_DIRECTOR = 8
GOALS_PER_PERSON = 5
CHECK_INS_PER_PERSON = 6 * GOALS_PER_PERSON  # spread over the goals that were agreed
BATCH_PEOPLE = 1000  # people whose plans and conversations are written per transaction
CHUNK_ROWS = 5000  # rows per INSERT executemany

THEMES = [
    "Dienstverlening",
    "Ruimte",
    "Sociaal Domein",
    "Bedrijfsvoering",
    "Veiligheid",
    "Economie en Cultuur",
    "Publiekszaken",
    "Informatievoorziening",
]
TOPICS = [
    "Vergunningen",
    "Burgerzaken",
    "Klantcontact",
    "Jeugd",
    "Werk en Inkomen",
    "Wonen",
    "Verkeer",
    "Groen",
    "Financiën",
    "Juridische Zaken",
    "ICT",
    "Personeel en Organisatie",
    "Communicatie",
    "Handhaving",
    "Belastingen",
    "Onderwijs",
]
FIRST_NAMES = [
    "Anna", "Bram", "Carlijn", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilse", "Jeroen",
    "Karim", "Lotte", "Mohamed", "Noor", "Olaf", "Priya", "Quinten", "Roos", "Sanne", "Thijs",
    "Uriel", "Vera", "Willem", "Xander", "Yara", "Zeynep", "Annelies", "Bas", "Chantal", "Dirk",
    "Esther", "Frank", "Greetje", "Hamza", "Inge", "Joost", "Kees", "Linda", "Marieke", "Niels",
    "Olga", "Pieter", "Rik", "Sophie", "Tim", "Ursula", "Vincent", "Wendy", "Yusuf", "Zoë",
]  # fmt: skip
LAST_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
    "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek",
    "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "Yılmaz",
    "El Amrani", "Öztürk", "Prins", "Blom", "Huisman", "Peeters", "de Leeuw", "Kuipers",
]  # fmt: skip
FREE_GOALS = [
    "Een cursus projectmatig werken afronden",
    "Mijn kennis van de Omgevingswet bijhouden",
    "Een collega inwerken op het team",
    "Leren werken met het nieuwe zaaksysteem",
    "Mijn Engels op peil brengen voor internationale contacten",
    "Een presentatie geven in het afdelingsoverleg",
]
MEASURABLE = [
    "Ik bespreek het resultaat met mijn leidinggevende en laat met een voorbeeld zien wat ik "
    "anders doe dan voorheen.",
    "Na drie maanden vraag ik twee collega's om feedback en leg ik die vast.",
    "Ik lever het certificaat in en pas het geleerde toe in twee dossiers.",
]
ACHIEVABLE = [
    "Het helpt mij in mijn werk en het team in de dienstverlening.",
    "Het sluit aan bij de plannen van de afdeling voor dit jaar.",
]
REALISTIC = [
    "Twee uur per maand, met steun van mijn leidinggevende.",
    "Een dagdeel per week gedurende een kwartaal.",
    "Het opleidingsbudget van de afdeling dekt de kosten.",
]
CHECK_IN_NOTES = [
    "Eerste bijeenkomst gevolgd en de opdracht voorbereid.",
    "Feedback gevraagd aan twee collega's en verwerkt.",
    "Het geleerde toegepast in een lopend dossier.",
    "Besproken met mijn leidinggevende; volgende stap afgesproken.",
    "Minder tijd gehad door drukte, maar de opdracht ingeleverd.",
    "Een voorbeeld uitgewerkt en gedeeld in het werkoverleg.",
]
NOTES = {
    "goals": "De doelen liggen op schema; één doel vraagt meer aandacht.",
    "work": "Het werk loopt goed; de samenwerking met de buitendienst kan beter.",
    "development": "Interesse in een opleiding op het gebied van projectmatig werken.",
}

HELD = (ConversationStatus.HELD.value, ConversationStatus.SIGNED.value)
STARTED = (GoalStatus.IN_PROGRESS.value, GoalStatus.DONE.value, GoalStatus.STOPPED.value)


class GenerationError(Exception):
    """The organisation cannot be generated here; the message says why."""


@dataclass
class GenerationReport:
    employees: int
    seed: int
    today: date
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Function:
    """What the generator needs of an imported function: ids of its parts, in order."""

    id: int
    competency_ids: list[int] = field(default_factory=list)
    level_ids: list[int] = field(default_factory=list)


@dataclass
class _Catalogue:
    functions: list[_Function]
    indicators: dict[int, list[int]]  # competency id -> indicator ids
    tips: dict[int, list[tuple[int, str]]]  # competency id -> (tip id, text)


@dataclass
class _Person:
    id: int
    manager_id: int | None
    department_id: int
    roles: tuple[str, ...]
    email: str | None = None
    function: _Function | None = None


# --- the whole run -----------------------------------------------------------------------------


def generate(
    employees: int,
    seed: int = 1,
    *,
    today: date | None = None,
    functions: int = FUNCTIONS,
    competencies: int = LIBRARY_SIZE,
    echo: Callable[[str], None] | None = None,
) -> GenerationReport:
    """Generate the organisation into the app's (empty) database and commit it."""
    if employees < MIN_EMPLOYEES:
        raise GenerationError(f"at least {MIN_EMPLOYEES} employees are needed, not {employees}")
    today = today or date.today()
    say = echo or (lambda message: None)
    started = time.perf_counter()
    build_schema(say)
    if db.session.scalar(select(func.count(User.id))):
        raise GenerationError("the database already holds people; generate into an empty one")
    rng = random.Random(seed)
    _fast_writes(on=True)

    catalogue = _import_catalogue(rng, functions, competencies)
    say(f"catalogue: {len(catalogue.functions)} functions ({time.perf_counter() - started:.1f} s)")
    ids = _Ids()
    departments, people, scoped_department = _plan(employees, rng, ids)
    for person in people:
        person.function = catalogue.functions[rng.randrange(len(catalogue.functions))]
    password_hash = generate_password_hash(
        BENCH_PASSWORD, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    )
    _insert(Department, departments)
    _insert(User, [_user_row(rng, person, password_hash, today) for person in people])
    _insert(UserRole, [{"user_id": p.id, "role": role} for p in people for role in p.roles])
    hr_scoped = next(p for p in people if p.email == SCOPED_HR_EMAIL)
    _insert(HrScope, [{"user_id": hr_scoped.id, "department_id": scoped_department}])
    cycle = _cycle(today)
    db.session.commit()
    say(f"people: {len(people)} in {len(departments)} departments")

    writer = _PlanWriter(rng, ids, catalogue, cycle, today)
    for start in range(0, len(people), BATCH_PEOPLE):
        batch = people[start : start + BATCH_PEOPLE]
        for person in batch:
            writer.person(person)
        writer.flush()
        db.session.commit()
        say(f"plans: {start + len(batch)} / {len(people)} ({time.perf_counter() - started:.1f} s)")
    _advance_sequences()
    db.session.commit()
    _fast_writes(on=False)
    return GenerationReport(
        employees=employees,
        seed=seed,
        today=today,
        seconds=time.perf_counter() - started,
        counts=table_counts(),
    )


def schema_fingerprint() -> str:
    """A digest of the models' tables, columns and indexes: a saved organisation whose schema
    differs from the code's must be generated again."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = db.engine.dialect
    parts = [f"generator {GENERATOR_VERSION}"]
    for table in db.metadata.sorted_tables:
        parts.append(str(CreateTable(table).compile(dialect=dialect)))
        parts += sorted(str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def build_schema(say: Callable[[str], None]) -> None:
    """An empty database gets the schema from the migrations, as `pop setup` builds it.

    It matters for SQLite without planner statistics: where two indexes look equally good, the
    planner takes the one created last, so the order in which the migrations create indexes
    decides some plans (`create_all` creates them in an arbitrary order). Should the migrations
    not build (say while a model is half-way), `create_all` stands in, and the run says so.
    """
    if not inspect(db.engine).get_table_names():
        try:
            upgrade(directory=str(PROJECT_ROOT / "migrations"))
        except Exception as error:  # any failure: fall back, and say so
            say(f"WARNING: the migrations failed ({error}); the schema comes from create_all")
            db.session.rollback()
            reset_database(create=False)
    db.create_all()  # tables of models whose migration is not written yet


def reset_database(*, create: bool = True) -> None:
    """Drop every table (the migrations' bookkeeping too); recreate them from the models."""
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    if create:
        db.create_all()


def table_counts() -> dict[str, int]:
    models = [
        Department, User, JobFunction, Competency, Goal, CheckIn, Conversation,
        ConversationRating, SelfAssessment, AuditEvent,
    ]  # fmt: skip
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in models
    }


# --- the catalogue, through the real importer --------------------------------------------------


def _import_catalogue(rng: random.Random, functions: int, competencies: int) -> _Catalogue:
    for document in function_documents(rng, functions, competencies):
        summary = import_document(
            document.filename, render(document.description).encode("utf-8"), actor=None
        )
        if summary.failed:
            raise GenerationError(f"generated document refused: {summary.error}")
    db.session.commit()
    by_id = {
        function_id: _Function(function_id)
        for function_id in db.session.scalars(
            select(JobFunction.id).where(JobFunction.source_filename.like("bench-%"))
        )
    }
    for function_id, competency_id in db.session.execute(
        select(FunctionCompetency.function_id, FunctionCompetency.competency_id).order_by(
            FunctionCompetency.function_id, FunctionCompetency.position
        )
    ):
        if function_id in by_id:
            by_id[function_id].competency_ids.append(competency_id)
    for function_id, level_id in db.session.execute(
        select(FunctionLevel.function_id, FunctionLevel.id).order_by(
            FunctionLevel.function_id, FunctionLevel.position
        )
    ):
        if function_id in by_id:
            by_id[function_id].level_ids.append(level_id)
    indicators: dict[int, list[int]] = {}
    for competency_id, indicator_id in db.session.execute(
        select(BehaviourIndicator.competency_id, BehaviourIndicator.id).order_by(
            BehaviourIndicator.competency_id, BehaviourIndicator.position
        )
    ):
        indicators.setdefault(competency_id, []).append(indicator_id)
    tips: dict[int, list[tuple[int, str]]] = {}
    for competency_id, tip_id, tip_text in db.session.execute(
        select(DevelopmentTip.competency_id, DevelopmentTip.id, DevelopmentTip.text).order_by(
            DevelopmentTip.competency_id, DevelopmentTip.position
        )
    ):
        tips.setdefault(competency_id, []).append((tip_id, tip_text))
    return _Catalogue([by_id[key] for key in sorted(by_id)], indicators, tips)


# --- people and departments --------------------------------------------------------------------


class _Ids:
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


def _numbered(names: list[str], index: int) -> str:
    name = names[index % len(names)]
    return name if index < len(names) else f"{name} {index // len(names) + 1}"


def _team_sizes(rng: random.Random, members: int, teams: int) -> list[int]:
    first = min(BIG_TEAM, members - (teams - 1))
    if teams == 1:
        return [members]
    base, extra = divmod(members - first, teams - 1)
    rest = [base + (1 if index < extra else 0) for index in range(teams - 1)]
    rng.shuffle(rest)
    return [first, *rest]


def _plan(employees: int, rng: random.Random, ids: _Ids) -> tuple[list[dict], list[_Person], int]:
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
    directorates = [department(f"Directie {_numbered(THEMES, d)}", root) for d in range(directors)]
    sections = [
        department(_numbered(TOPICS, h), directorates[h * directors // heads]) for h in range(heads)
    ]
    team_departments = []
    per_section: dict[int, int] = {}
    for t in range(teams):
        section = t * heads // teams
        per_section[section] = per_section.get(section, 0) + 1
        name = f"Team {_numbered(TOPICS, section)} {per_section[section]}"
        team_departments.append(department(name, sections[section]))

    manager_roles = (Role.EMPLOYEE.value, Role.MANAGER.value)
    people = [_Person(ids.take(User), None, root, manager_roles, TOP_EMAIL)]
    director_people = [
        _Person(ids.take(User), people[0].id, directorates[d], manager_roles)
        for d in range(directors)
    ]
    head_people = [
        _Person(
            ids.take(User), director_people[h * directors // heads].id, sections[h], manager_roles
        )
        for h in range(heads)
    ]
    team_managers = [
        _Person(
            ids.take(User), head_people[t * heads // teams].id, team_departments[t], manager_roles
        )
        for t in range(teams)
    ]
    team_managers[0].email = MANAGER_EMAIL
    people += director_people + head_people + team_managers
    team_members = []
    for t, size in enumerate(_team_sizes(rng, members, teams)):
        team_members += [
            _Person(
                ids.take(User), team_managers[t].id, team_departments[t], (Role.EMPLOYEE.value,)
            )
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


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.lower().replace(" ", "") if ch.isalnum())


def _user_row(rng: random.Random, person: _Person, password_hash: str, today: date) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    function = person.function
    levels = function.level_ids if function else []
    return {
        "id": person.id,
        "name": f"{first} {last}",
        "email": person.email or f"{_ascii(first)}.{_ascii(last)}.{person.id}@{DOMAIN}",
        "employee_number": f"B{person.id:07d}",
        "password_hash": password_hash,
        "department_id": person.department_id,
        "manager_id": person.manager_id,
        "active": True,
        "anonymised": False,
        "language": None,
        "function_id": function.id if function else None,
        "function_level_id": rng.choice(levels) if levels else None,
        "created_at": _at(date(today.year, 1, 1), 8) - timedelta(days=rng.randint(30, 3000)),
        "deactivated_at": None,
        # HR sees the whole organisation by an explicit grant; the scoped adviser's departments
        # narrow it.
        "hr_organisation_wide": Role.HR.value in person.roles,
    }


def _cycle(today: date) -> Cycle:
    cycle = Cycle(
        name=str(today.year),
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year, 12, 31),
        is_open=True,
    )
    db.session.add(cycle)
    db.session.flush()
    deadlines = {
        ConversationKind.PLANNING: date(today.year, 3, 31),
        ConversationKind.REVIEW: date(today.year, 7, 15),
        ConversationKind.APPRAISAL: date(today.year, 12, 15),
    }
    _insert(
        ConversationDeadline,
        [
            {"cycle_id": cycle.id, "kind": kind.value, "due_on": due}
            for kind, due in deadlines.items()
        ],
    )
    return cycle


# --- plans and conversations, a batch of people at a time --------------------------------------


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, clock(hour, minute))


class _PlanWriter:
    """Collects the rows of a batch of people, then writes them table by table."""

    def __init__(
        self, rng: random.Random, ids: _Ids, catalogue: _Catalogue, cycle: Cycle, today: date
    ) -> None:
        self.rng = rng
        self.ids = ids
        self.catalogue = catalogue
        self.cycle_id = cycle.id
        self.starts_on = cycle.starts_on
        self.ends_on = cycle.ends_on
        self.today = min(max(today, cycle.starts_on), cycle.ends_on)
        self.rows: dict[type, list[dict]] = {}

    def add(self, model: type, row: dict) -> dict:
        self.rows.setdefault(model, []).append(row)
        return row

    def event(
        self,
        actor_id: int | None,
        action: str,
        object_type: str,
        object_id: int,
        at: datetime,
        summary: str,
        changes: dict,
    ) -> None:
        self.add(
            AuditEvent,
            {
                "id": self.ids.take(AuditEvent),
                "at": at,
                "actor_id": actor_id,
                "action": action,
                "object_type": object_type,
                "object_id": object_id,
                "summary": summary,
                "changes": changes,
            },
        )

    def flush(self) -> None:
        order = [
            Goal, CheckIn, Conversation, ConversationNote, ConversationRating, SelfAssessment,
            SelfAssessmentRating, Agreement, AuditEvent,
        ]  # fmt: skip
        # A generated organisation writes its signed history in one go, ratings after signatures.
        allow_signed_changes(db.session)
        for model in order:
            _insert(model, self.rows.get(model, []))
        self.rows = {}

    # -- goals --

    def person(self, person: _Person) -> None:
        if person.manager_id is None:
            # Nobody can agree the top's goals: they stay concepts, without check-ins.
            statuses = [GoalStatus.CONCEPT.value] * GOALS_PER_PERSON
        else:
            statuses = self._statuses()
        started = [index for index, status in enumerate(statuses) if status in STARTED]
        check_ins = [0] * GOALS_PER_PERSON
        for position, index in enumerate(started):
            base, extra = divmod(CHECK_INS_PER_PERSON, len(started))
            check_ins[index] = base + (1 if position < extra else 0)
        for status, title, count in zip(statuses, self._titles(person), check_ins, strict=True):
            self.goal(person, status, title, count)
        if person.manager_id is not None:
            self.conversations(person)

    def _statuses(self) -> list[str]:
        choice = self.rng.choice
        done, doing, stopped = GoalStatus.DONE, GoalStatus.IN_PROGRESS, GoalStatus.STOPPED
        concept, proposed, agreed = GoalStatus.CONCEPT, GoalStatus.PROPOSED, GoalStatus.AGREED
        statuses = [
            choice([done, doing, doing]),
            doing,
            choice([doing, doing, stopped, done]),
            choice([concept, proposed, agreed, doing]),
            choice([concept, proposed, agreed, agreed, doing, done]),
        ]
        return [status.value for status in statuses]

    def _titles(self, person: _Person) -> list[tuple[str, int | None, int | None]]:
        """Five different goals: (title, competency id, tip id); one may be a free goal."""
        competency_ids = person.function.competency_ids if person.function else []
        tips = [
            (tip_text.rstrip("."), competency_id, tip_id)
            for competency_id in competency_ids
            for tip_id, tip_text in self.catalogue.tips.get(competency_id, [])
        ]
        wanted = GOALS_PER_PERSON if self.rng.random() < 0.7 else GOALS_PER_PERSON - 1
        chosen = self.rng.sample(tips, min(wanted, len(tips)))
        free = self.rng.sample(FREE_GOALS, GOALS_PER_PERSON - len(chosen))
        return chosen + [(title, None, None) for title in free]

    def goal(self, person: _Person, status: str, what: tuple, check_ins: int) -> None:
        rng, today = self.rng, self.today
        title, competency_id, tip_id = what
        latest_start = min(today, self.ends_on - timedelta(days=1))
        if status in STARTED:
            span = (latest_start - self.starts_on).days
            starts_on = self.starts_on + timedelta(days=rng.randint(0, span * 2 // 3))
        else:
            span = (self.ends_on - self.starts_on).days - 1
            starts_on = self.starts_on + timedelta(days=rng.randint(0, span))
        deadline = min(self.ends_on, starts_on + timedelta(days=rng.randint(45, 300)))
        goal_id = self.ids.take(Goal)
        employee, manager = person.id, person.manager_id
        base = min(starts_on, today) - timedelta(days=3)
        created_at = _at(base, 9, rng.randint(0, 59))
        row = self.add(
            Goal,
            {
                "id": goal_id,
                "employee_id": employee,
                "cycle_id": self.cycle_id,
                "competency_id": competency_id,
                "source_tip_id": tip_id,
                "carried_over_from_id": None,
                "title": title,
                "specific": f"{title}.",
                "measurable": rng.choice(MEASURABLE),
                "achievable": rng.choice(ACHIEVABLE),
                "realistic": rng.choice(REALISTIC),
                "starts_on": starts_on,
                "deadline": deadline,
                "status": status,
                "progress": 0,
                "stop_reason": None,
                "reflection": None,
                "created_at": created_at,
                "updated_at": created_at,
                "updated_by_id": employee,
                "version": 1,
            },
        )
        snapshot = {
            "title": title,
            "specific": row["specific"],
            "measurable": row["measurable"],
            "achievable": row["achievable"],
            "realistic": row["realistic"],
            "starts_on": starts_on.isoformat(),
            "deadline": deadline.isoformat(),
            "competency_id": competency_id,
        }
        self.event(employee, "goal_created", "Goal", goal_id, created_at, title, snapshot)
        if status == GoalStatus.CONCEPT.value:
            return
        proposed_at = _at(base + timedelta(days=1), 10)
        self.event(
            employee,
            "goal_proposed",
            "Goal",
            goal_id,
            proposed_at,
            title,
            {"status": ["concept", "voorgesteld"]},
        )
        row["updated_at"] = proposed_at
        if status == GoalStatus.PROPOSED.value:
            return
        agreed_at = _at(base + timedelta(days=2), 11)
        self.event(
            manager,
            "goal_agreed",
            "Goal",
            goal_id,
            agreed_at,
            title,
            {"status": ["voorgesteld", "afgesproken"]},
        )
        row["updated_at"], row["updated_by_id"] = agreed_at, manager
        if status == GoalStatus.AGREED.value:
            return
        self._check_ins(row, status, check_ins)

    def _check_ins(self, goal: dict, status: str, count: int) -> None:
        rng = self.rng
        final = {
            GoalStatus.DONE.value: 100,
            GoalStatus.IN_PROGRESS.value: rng.randint(10, 95),
            GoalStatus.STOPPED.value: rng.randint(5, 60),
        }[status]
        start, end = goal["starts_on"], min(self.today, goal["deadline"])
        span = (end - start).days
        employee, title, goal_id = goal["employee_id"], goal["title"], goal["id"]
        last_at = goal["updated_at"]
        for number in range(1, count + 1):
            on = start + timedelta(days=span * number // count)
            progress = final * number // count
            check_in_id = self.ids.take(CheckIn)
            last_at = _at(on, 16, number % 60)
            self.add(
                CheckIn,
                {
                    "id": check_in_id,
                    "goal_id": goal_id,
                    "author_id": employee,
                    "on": on,
                    "progress": progress,
                    "note": rng.choice(CHECK_IN_NOTES),
                    "evidence_url": (
                        f"https://intranet.{DOMAIN}/documenten/{check_in_id}"
                        if rng.random() < 0.2
                        else None
                    ),
                    "evidence_file": None,
                    "evidence_name": None,
                    "evidence_type": None,
                    "created_at": last_at,
                },
            )
            changes = {"progress": progress, "on": on.isoformat(), "check_in": check_in_id}
            self.event(employee, "check_in_added", "Goal", goal_id, last_at, title, changes)
        goal["progress"] = final
        goal["updated_at"], goal["updated_by_id"] = last_at, employee
        if status == GoalStatus.DONE.value:
            goal["reflection"] = "Ik heb geleerd om dit structureel in mijn werk toe te passen."
            done_at = last_at + timedelta(hours=1)
            self.event(
                employee,
                "goal_completed",
                "Goal",
                goal_id,
                done_at,
                title,
                {"status": ["bezig", "afgerond"], "reflection": goal["reflection"]},
            )
            goal["updated_at"] = done_at
        elif status == GoalStatus.STOPPED.value:
            goal["stop_reason"] = "Andere prioriteiten in het team na een reorganisatie."
            stopped_at = last_at + timedelta(hours=1)
            self.event(
                employee,
                "goal_stopped",
                "Goal",
                goal_id,
                stopped_at,
                title,
                {"status": ["bezig", "gestopt"], "reason": goal["stop_reason"]},
            )
            goal["updated_at"] = stopped_at

    # -- conversations --

    def conversations(self, person: _Person) -> None:
        offsets = {
            ConversationKind.PLANNING: (20, 75),
            ConversationKind.REVIEW: (150, 200),
            ConversationKind.APPRAISAL: (300, 350),
        }
        for kind, (low, high) in offsets.items():
            planned_on = min(
                self.ends_on, self.starts_on + timedelta(days=self.rng.randint(low, high))
            )
            self.conversation(person, kind, planned_on)

    def _status(self, planned_on: date) -> str:
        if planned_on <= self.today - timedelta(days=21):
            signed = self.rng.random() < 0.9
            return ConversationStatus.SIGNED.value if signed else ConversationStatus.HELD.value
        if planned_on <= self.today:
            return ConversationStatus.HELD.value
        prepared = self.rng.random() < 0.3
        return ConversationStatus.PREPARED.value if prepared else ConversationStatus.PLANNED.value

    def conversation(self, person: _Person, kind: ConversationKind, planned_on: date) -> None:
        rng, today = self.rng, self.today
        status = self._status(planned_on)
        held = status in HELD
        conversation_id = self.ids.take(Conversation)
        employee, manager = person.id, person.manager_id
        created_at = _at(min(planned_on - timedelta(days=21), today - timedelta(days=1)), 9)
        summary = kind.value
        row = self.add(
            Conversation,
            {
                "id": conversation_id,
                "employee_id": employee,
                "manager_id": manager,
                "cycle_id": self.cycle_id,
                "kind": kind.value,
                "status": status,
                "planned_on": planned_on,
                "held_on": planned_on if held else None,
                "rating_scale": list(DEFAULT_RATING_SCALE),
                "preparation_notes": ""
                if status == ConversationStatus.PLANNED.value
                else "Doelen doornemen; vragen naar de samenwerking in het team.",
                "overall_rating": None,
                "overall_motivation": "",
                "employee_response": "",
                "manager_signed_at": None,
                "employee_signed_at": None,
                "created_at": created_at,
                "updated_at": created_at,
            },
        )
        self.event(
            manager,
            "conversation_planned",
            "Conversation",
            conversation_id,
            created_at,
            summary,
            {"kind": kind.value, "planned_on": planned_on.isoformat()},
        )
        if status != ConversationStatus.PLANNED.value:
            prepared_at = created_at + timedelta(days=7)
            self.event(
                manager,
                "conversation_prepared",
                "Conversation",
                conversation_id,
                prepared_at,
                summary,
                {"status": ["gepland", "voorbereid"]},
            )
            row["updated_at"] = prepared_at
        competency_ids = person.function.competency_ids if person.function else []
        if not held:
            if status == ConversationStatus.PREPARED.value and rng.random() < 0.5:
                self._self_assessment(conversation_id, competency_ids, None, created_at)
            return
        self._self_assessment(
            conversation_id, competency_ids, _at(planned_on - timedelta(days=3), 20), created_at
        )
        self.event(
            employee,
            "self_assessment_submitted",
            "Conversation",
            conversation_id,
            _at(planned_on - timedelta(days=3), 20),
            summary,
            {},
        )
        ratings = self._ratings(conversation_id, competency_ids)
        for topic, body in NOTES.items():
            self.add(
                ConversationNote,
                {
                    "id": self.ids.take(ConversationNote),
                    "conversation_id": conversation_id,
                    "topic": topic,
                    "body": body,
                },
            )
        if kind == ConversationKind.APPRAISAL:
            row["overall_rating"] = self._score()
            row["overall_motivation"] = "Het jaar is naar tevredenheid verlopen."
        if kind == ConversationKind.PLANNING:
            self.add(
                Agreement,
                {
                    "id": self.ids.take(Agreement),
                    "conversation_id": conversation_id,
                    "what": "Volgt dit jaar een training die past bij de ontwikkeldoelen.",
                    "owner": AgreementOwner.EMPLOYEE.value,
                    "due_on": min(self.ends_on, planned_on + timedelta(days=120)),
                    "competency_id": competency_ids[0] if competency_ids else None,
                    "goal_id": None,
                    "created_at": _at(planned_on, 15),
                },
            )
        recorded_at = _at(planned_on, 16)
        self.event(
            manager,
            "conversation_recorded",
            "Conversation",
            conversation_id,
            recorded_at,
            summary,
            {"held_on": planned_on.isoformat(), "ratings": ratings},
        )
        row["updated_at"] = recorded_at
        if planned_on <= today - timedelta(days=21):
            row["manager_signed_at"] = _at(planned_on + timedelta(days=2), 10)
            self.event(
                manager,
                "conversation_signed_by_manager",
                "Conversation",
                conversation_id,
                row["manager_signed_at"],
                summary,
                {},
            )
            row["updated_at"] = row["manager_signed_at"]
        if status == ConversationStatus.SIGNED.value:
            row["employee_signed_at"] = _at(planned_on + timedelta(days=6), 14)
            self.event(
                employee,
                "conversation_signed_by_employee",
                "Conversation",
                conversation_id,
                row["employee_signed_at"],
                summary,
                {"status": list(HELD)},
            )
            row["updated_at"] = row["employee_signed_at"]

    def _score(self) -> int:
        return self.rng.choices(range(1, len(DEFAULT_RATING_SCALE) + 1), [3, 10, 42, 35, 10])[0]

    def _ratings(self, conversation_id: int, competency_ids: list[int]) -> int:
        """A score per competency, and for the first two their first behaviour indicator."""
        count = 0
        for position, competency_id in enumerate(competency_ids):
            indicator_ids = self.catalogue.indicators.get(competency_id, [])
            keys = [None] + (indicator_ids[:1] if position < 2 else [])
            for indicator_id in keys:
                self.add(
                    ConversationRating,
                    {
                        "id": self.ids.take(ConversationRating),
                        "conversation_id": conversation_id,
                        "competency_id": competency_id,
                        "indicator_id": indicator_id,
                        "score": self._score(),
                    },
                )
                count += 1
        return count

    def _self_assessment(
        self,
        conversation_id: int,
        competency_ids: list[int],
        submitted_at: datetime | None,
        created_at: datetime,
    ) -> None:
        assessment_id = self.ids.take(SelfAssessment)
        self.add(
            SelfAssessment,
            {
                "id": assessment_id,
                "conversation_id": conversation_id,
                "reflection": "Ik ben tevreden over mijn ontwikkeling; plannen kan beter.",
                "submitted_at": submitted_at,
                "created_at": created_at,
                "updated_at": submitted_at or created_at,
            },
        )
        for competency_id in competency_ids:
            self.add(
                SelfAssessmentRating,
                {
                    "id": self.ids.take(SelfAssessmentRating),
                    "self_assessment_id": assessment_id,
                    "competency_id": competency_id,
                    "indicator_id": None,
                    "score": self._score(),
                },
            )


# --- writing -----------------------------------------------------------------------------------


def _insert(model: type, rows: list[dict]) -> None:
    """Bulk INSERT in chunks: one executemany per chunk of rows, no ORM objects.

    The statement goes to the model's table: every row has the same keys, so each chunk is one
    executemany, without the ORM's bulk path (which drops None values and so splits a chunk into
    a statement per run of rows with the same non-None columns) and its per-row bookkeeping.
    """
    statement = insert(model.__table__)
    for start in range(0, len(rows), CHUNK_ROWS):
        db.session.execute(statement, rows[start : start + CHUNK_ROWS])


def _fast_writes(*, on: bool) -> None:
    """SQLite: skip fsync while generating (a crash means generating again), then restore."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text(f"PRAGMA synchronous={'OFF' if on else 'NORMAL'}"))


def _advance_sequences() -> None:
    """PostgreSQL: move each id sequence past the explicit ids the bulk inserts used."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table.name}"), false)'
            )
        )
