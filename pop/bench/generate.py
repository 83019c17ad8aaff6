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
import random
import time
from collections.abc import Callable
from datetime import date

from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import func, inspect, select
from werkzeug.security import generate_password_hash

from pop.bench.catalogue import FUNCTIONS, LIBRARY_SIZE, import_catalogue
from pop.bench.people import Ids, open_cycle, plan_people, user_row
from pop.bench.plans import PlanWriter
from pop.bench.shape import (
    BATCH_PEOPLE,
    BENCH_PASSWORD,
    GENERATOR_VERSION,
    MIN_EMPLOYEES,
    SCOPED_HR_EMAIL,
    GenerationError,
    GenerationReport,
)
from pop.bench.writing import advance_sequences, fast_writes, insert_rows
from pop.extensions import db
from pop.hr.totals_refresh import refresh as refresh_totals
from pop.models import (
    AuditEvent,
    CheckIn,
    Competency,
    Conversation,
    ConversationRating,
    Department,
    Goal,
    HrScope,
    JobFunction,
    SelfAssessment,
    User,
    UserRole,
)
from pop.resources import MIGRATIONS

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
    fast_writes(on=True)

    catalogue = import_catalogue(rng, functions, competencies)
    say(f"catalogue: {len(catalogue.functions)} functions ({time.perf_counter() - started:.1f} s)")
    ids = Ids()
    departments, people, scoped_department = plan_people(employees, rng, ids)
    for person in people:
        person.function = catalogue.functions[rng.randrange(len(catalogue.functions))]
    password_hash = generate_password_hash(
        BENCH_PASSWORD, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    )
    insert_rows(Department, departments)
    insert_rows(User, [user_row(rng, person, password_hash, today) for person in people])
    insert_rows(UserRole, [{"user_id": p.id, "role": role} for p in people for role in p.roles])
    hr_scoped = next(p for p in people if p.email == SCOPED_HR_EMAIL)
    insert_rows(HrScope, [{"user_id": hr_scoped.id, "department_id": scoped_department}])
    cycle = open_cycle(today)
    db.session.commit()
    say(f"people: {len(people)} in {len(departments)} departments")

    writer = PlanWriter(rng, ids, catalogue, cycle, today)
    for start in range(0, len(people), BATCH_PEOPLE):
        batch = people[start : start + BATCH_PEOPLE]
        for person in batch:
            writer.person(person)
        writer.flush()
        db.session.commit()
        say(f"plans: {start + len(batch)} / {len(people)} ({time.perf_counter() - started:.1f} s)")
    advance_sequences()
    db.session.commit()
    refresh_totals()  # the HR dashboard's totals, as the timer's job computes them
    db.session.commit()
    say(f"HR totals: {time.perf_counter() - started:.1f} s")
    fast_writes(on=False)
    return GenerationReport(
        employees=employees,
        seed=seed,
        today=today,
        seconds=time.perf_counter() - started,
        counts=table_counts(),
    )


def schema_fingerprint(dialect=None) -> str:
    """A digest of the models' tables, columns and indexes as `dialect` (default: the app's
    database's) writes them: a saved organisation whose schema differs from the code's must be
    generated again."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = dialect or db.engine.dialect
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
            upgrade(directory=str(MIGRATIONS))
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
