"""`make bench`: time POP's main pages on a generated organisation against a hand-written floor.

For every page: p50 and p95 over N requests through the real WSGI app (Flask's test client,
logged in as the person who uses the page), the SQL statements per request and the time SQLite
spent on them (executing and reading their rows), and two floors, each timed interleaved with
the page's requests so that all see the same machine: the same data fetched with the fewest
hand-written statements through the stdlib `sqlite3` module and serialised to JSON, and the
empty logged-in page in the app's layout (what every page costs before it does anything). The
ratios page/floor and page/empty page are the figures that matter. A page whose endpoint does
not exist is an error, not a skip. The machine and its load average before and after are
recorded with the results.

    python -m benchmarks.pages [--employees 10000] [--requests 30] [--only team,goal]

The organisation is generated into instance/bench-<employees>.sqlite when that file is missing
(or from another year) and reused otherwise; results go to benchmarks/results.json.
"""

import argparse
import gc
import json
import math
import os
import platform
import sqlite3
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from flask import Flask, render_template, url_for
from flask_login import login_required
from sqlalchemy import event, func, inspect, select, text

from benchmarks import floor
from benchmarks.generate import (
    BENCH_PASSWORD,
    EMPLOYEE_EMAIL,
    HR_EMAIL,
    MANAGER_EMAIL,
    SCOPED_HR_EMAIL,
    generate,
    schema_fingerprint,
)
from pop import PROJECT_ROOT, create_app
from pop.extensions import db
from pop.models import (
    CheckIn,
    Conversation,
    ConversationRating,
    ConversationStatus,
    Cycle,
    Goal,
    HrScope,
    User,
)

RESULTS = PROJECT_ROOT / "benchmarks" / "results.json"
DEFAULT_EMPLOYEES = 10_000
DEFAULT_SEED = 1
DEFAULT_REQUESTS = 30
DEFAULT_BUDGET = 120  # seconds of timed requests per page at most
WARM_UP = 3

# The HR overview's endpoints, as `flask routes` names them, and its department filter.
HR_DASHBOARD = "hr.overview"
HR_DEPARTMENT_PARAMETER = "department"
HR_GOALS_EXPORT = "hr.overview_goals_export"
# Not a page of POP: an empty logged-in page in the layout, registered on the benchmark's app
# only, to show what every page costs before it does anything of its own.
BASELINE = "bench_baseline"
# Issue 17: every employee and manager page p50 at most this many times the empty page.
MAX_EMPTY_RATIO = 2.5


# --- who and what is looked at ------------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """The people and objects the benchmark looks at, found in a generated organisation."""

    employee_id: int
    manager_id: int
    hr_id: int
    goal_id: int
    conversation_id: int
    department_id: int
    department_subtree: list[int]
    cycle_id: int
    today: date
    emails: dict[str, str] = field(default_factory=dict)


def find_known(today: date | None = None) -> Known:
    """Look the benchmark's people up (inside an app context) by their fixed e-mail addresses."""
    from pop.access import department_subtree_ids

    today = today or date.today()
    by_email = dict(
        db.session.execute(
            select(User.email, User.id).where(
                User.email.in_([EMPLOYEE_EMAIL, MANAGER_EMAIL, HR_EMAIL, SCOPED_HR_EMAIL])
            )
        ).all()
    )
    employee_id = by_email[EMPLOYEE_EMAIL]
    cycle_id = db.session.scalar(
        select(Cycle.id)
        .where(Cycle.is_open, Cycle.starts_on <= today, Cycle.ends_on >= today)
        .order_by(Cycle.starts_on.desc())
    )
    goal_id = db.session.scalar(
        select(Goal.id)
        .join(CheckIn, CheckIn.goal_id == Goal.id)
        .where(Goal.employee_id == employee_id, Goal.status == "bezig")
        .group_by(Goal.id)
        .order_by(func.count(CheckIn.id).desc(), Goal.id)
        .limit(1)
    )
    # A signed conversation when there is one (the page then shows all it can: notes, agreements,
    # addenda, history), the most rated first: the same kind of page on every day and at every
    # size, where the generator signs 9 in 10 of those held three weeks ago, at random.
    conversation_id = db.session.scalar(
        select(Conversation.id)
        .join(ConversationRating, ConversationRating.conversation_id == Conversation.id)
        .where(Conversation.employee_id == employee_id)
        .group_by(Conversation.id)
        .order_by(
            (Conversation.status == ConversationStatus.SIGNED.value).desc(),
            func.count(ConversationRating.id).desc(),
            Conversation.id,
        )
        .limit(1)
    )
    department_id = db.session.scalar(
        select(HrScope.department_id).where(HrScope.user_id == by_email[SCOPED_HR_EMAIL])
    )
    return Known(
        employee_id=employee_id,
        manager_id=by_email[MANAGER_EMAIL],
        hr_id=by_email[HR_EMAIL],
        goal_id=goal_id,
        conversation_id=conversation_id,
        department_id=department_id,
        department_subtree=sorted(department_subtree_ids([department_id])),
        cycle_id=cycle_id,
        today=today,
        emails={"employee": EMPLOYEE_EMAIL, "manager": MANAGER_EMAIL, "hr": HR_EMAIL},
    )


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    persona: str  # "employee", "manager" or "hr": whose log-in
    endpoint: str
    args: Callable[[Known], dict]
    target_ms: float | None = None  # p50 target at 10,000 employees
    max_ratio: float | None = None  # page/floor target
    streamed: bool = False  # a download: consumed chunk by chunk, memory measured
    max_empty_ratio: float | None = None  # page/empty-page target


PAGES = [
    Page("baseline", "(lege pagina, ingelogd)", "employee", BASELINE, lambda k: {}),
    Page(
        "my_pop",
        "Mijn POP",
        "employee",
        "plan.my_pop",
        lambda k: {},
        30,
        3,
        max_empty_ratio=MAX_EMPTY_RATIO,
    ),
    Page(
        "goal",
        "Doelpagina",
        "employee",
        "plan.goal",
        lambda k: {"goal_id": k.goal_id},
        30,
        3,
        max_empty_ratio=MAX_EMPTY_RATIO,
    ),
    Page(
        "team",
        "Team van 40",
        "manager",
        "team.index",
        lambda k: {},
        30,
        3,
        max_empty_ratio=MAX_EMPTY_RATIO,
    ),
    Page(
        "employee_file",
        "Medewerkerdossier",
        "manager",
        "team.person",
        lambda k: {"person_id": k.employee_id},
        30,
        3,
        max_empty_ratio=MAX_EMPTY_RATIO,
    ),
    Page(
        "conversation",
        "Gesprek",
        "manager",
        "conversations.conversation",
        lambda k: {"conversation_id": k.conversation_id},
        30,
        3,
        max_empty_ratio=MAX_EMPTY_RATIO,
    ),
    # Issue 17: from maintained totals, at most 60 ms at 10,000 and a tenth of the SQL floor.
    Page("hr_dashboard", "HR-dashboard organisatie", "hr", HR_DASHBOARD, lambda k: {}, 60, 0.1),
    Page(
        "hr_dashboard_department",
        "HR-dashboard één directie",
        "hr",
        HR_DASHBOARD,
        lambda k: {HR_DEPARTMENT_PARAMETER: k.department_id},
        60,
        0.1,
    ),
    Page("catalogue", "Functies per familie", "employee", "catalogue.index", lambda k: {}),
    # Issue 17: "functies per functiefamilie" of HR's reports, from the totals, ≤ 30 ms at 100,000.
    Page("hr_functions", "Rapportage functies (HR)", "hr", "reports.functions", lambda k: {}, 30),
    Page(
        "goals_csv",
        "CSV-export alle doelen",
        "hr",
        HR_GOALS_EXPORT,
        lambda k: {"fmt": "csv"},
        5000,
        streamed=True,
    ),
]
EXPORT_MEMORY_TARGET_MB = 50


class MissingEndpoint(Exception):
    """A page of the benchmark whose endpoint the app does not have: renamed, or gone."""


def page_url(app: Flask, page: Page, known: Known) -> str:
    """The page's URL; MissingEndpoint when the app has no such endpoint."""
    if page.endpoint not in app.view_functions:
        raise MissingEndpoint(
            f"page {page.key!r}: the app has no endpoint {page.endpoint!r} "
            "(renamed? update benchmarks/pages.py)"
        )
    with app.test_request_context():
        return url_for(page.endpoint, **page.args(known))


def missing_endpoints(app: Flask, pages: list[Page]) -> list[str]:
    return [page.endpoint for page in pages if page.endpoint not in app.view_functions]


def logged_in_clients(app: Flask, known: Known) -> dict:
    """A test client per persona, logged in through the real log-in form."""
    clients = {}
    for persona, email in known.emails.items():
        client = app.test_client()
        response = client.post("/auth/login", data={"email": email, "password": BENCH_PASSWORD})
        if response.status_code != 302:
            raise RuntimeError(f"log-in as {email} failed ({response.status_code})")
        clients[persona] = client
    return clients


class SqlClock:
    """Seconds the benchmark's SQLite connections spent in the driver, rows read included."""

    seconds = 0.0


class TimedCursor(sqlite3.Cursor):
    """A stdlib cursor that adds the time of executing *and* of fetching to SqlClock: SQLite
    computes rows while they are fetched, so timing only `execute()` under-reports its work."""

    def _timed(self, method, *args):
        started = time.perf_counter()
        try:
            return method(*args)
        finally:
            SqlClock.seconds += time.perf_counter() - started

    def execute(self, *args):
        return self._timed(super().execute, *args)

    def executemany(self, *args):
        return self._timed(super().executemany, *args)

    def fetchone(self):
        return self._timed(super().fetchone)

    def fetchmany(self, *args):
        return self._timed(super().fetchmany, *args)

    def fetchall(self):
        return self._timed(super().fetchall)

    def __next__(self):
        return self._timed(super().__next__)


class TimedConnection(sqlite3.Connection):
    def cursor(self, factory=TimedCursor):
        return super().cursor(factory)


class StatementCounter:
    """Counts the SQL statements the app's engine sends (SQLAlchemy `before_cursor_execute`)
    and the time they take: on SQLite until their rows are read (TimedCursor); on PostgreSQL
    from execute to its end, when psycopg's client-side cursor holds every row already."""

    def __init__(self, app: Flask) -> None:
        with app.app_context():
            self.engine = db.engine
        self.count = 0
        self._seconds = 0.0
        self._clock_at_reset = SqlClock.seconds
        self._started = 0.0
        self.timed_cursor = self.engine.dialect.name == "sqlite"
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)

    @property
    def seconds(self) -> float:
        if self.timed_cursor:
            return SqlClock.seconds - self._clock_at_reset
        return self._seconds

    def reset(self) -> None:
        self.count, self._seconds, self._clock_at_reset = 0, 0.0, SqlClock.seconds

    def _before(self, *args) -> None:
        self.count += 1
        self._started = time.perf_counter()

    def _after(self, *args) -> None:
        self._seconds += time.perf_counter() - self._started

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)


def fetch(client, url: str, *, streamed: bool = False) -> int:
    """GET a page and read its whole body; returns the number of bytes."""
    response = client.get(url, buffered=not streamed)
    try:
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return sum(len(chunk) for chunk in response.iter_encoded())
    finally:
        response.close()


def page_query_counts(app: Flask, known: Known, pages: list[Page] = PAGES) -> dict[str, int]:
    """The statements one request of each existing page takes (after a warm-up request)."""
    clients = logged_in_clients(app, known)
    counter = StatementCounter(app)
    counts = {}
    try:
        for page in pages:
            url = page_url(app, page, known)
            fetch(clients[page.persona], url, streamed=page.streamed)
            counter.reset()
            fetch(clients[page.persona], url, streamed=page.streamed)
            counts[page.key] = counter.count
    finally:
        counter.close()
    return counts


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Measurement:
    key: str
    label: str
    url: str | None
    requests: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    queries: list[int] = field(default_factory=list)
    sql_p50_ms: float | None = None
    floor_p50_ms: float | None = None
    floor_statements: int | None = None
    ratio: float | None = None
    empty_p50_ms: float | None = None
    empty_ratio: float | None = None
    max_empty_ratio: float | None = None
    bytes: int | None = None
    target_ms: float | None = None
    max_ratio: float | None = None
    meets_target: bool | None = None


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class FloorConnection:
    """The floor's own stdlib connection, counting the statements a floor function runs."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self.statements = 0
        self.connection.set_trace_callback(self._traced)

    def _traced(self, statement: str) -> None:
        self.statements += 1

    def run(self, key: str, known: Known) -> tuple[float, int]:
        self.statements = 0
        started = time.perf_counter()
        data = floor.FLOORS[key](self.connection, known)
        text = data if isinstance(data, str) else json.dumps(data, default=str)
        return time.perf_counter() - started, len(text)


class PostgresFloorConnection(FloorConnection):
    """The floor on PostgreSQL: its own psycopg connection (autocommit, as the stdlib one reads
    outside a transaction), the same floor functions and statement count."""

    def __init__(self, url: str) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        conninfo = make_url(url).set(drivername="postgresql").render_as_string(False)
        self.connection = floor.PostgresFloor(psycopg.connect(conninfo, autocommit=True))

    @property
    def statements(self) -> int:
        return self.connection.statements

    @statements.setter
    def statements(self, value: int) -> None:
        self.connection.statements = value


def measure(
    app: Flask,
    clients: dict,
    counter: StatementCounter,
    floor_connection: "FloorConnection | None",
    page: Page,
    known: Known,
    requests: int,
    budget: float = 120.0,
) -> Measurement:
    url = page_url(app, page, known)
    empty_url = url_of(app, BASELINE)
    result = Measurement(page.key, page.label, url, target_ms=page.target_ms)
    result.max_ratio, result.max_empty_ratio = page.max_ratio, page.max_empty_ratio
    client = clients[page.persona]
    empty_client = clients["employee"]
    # A page far off its target would take hours at N requests: within `budget` seconds the
    # warm-up stops after its first request and the timed requests after at least one.
    started_page = time.perf_counter()
    for _ in range(WARM_UP):
        fetch(client, url, streamed=page.streamed)
        if floor_connection is not None:
            floor_connection.run(page.key, known)
        if time.perf_counter() - started_page > budget / 10:
            break
    timings, floor_timings, sql_timings, empty_timings = [], [], [], []
    started_timed = time.perf_counter()
    while len(timings) < requests:
        counter.reset()
        started = time.perf_counter()
        result.bytes = fetch(client, url, streamed=page.streamed)
        timings.append(time.perf_counter() - started)
        result.queries.append(counter.count)
        sql_timings.append(counter.seconds)
        if floor_connection is not None:
            floor_timings.append(floor_connection.run(page.key, known)[0])
        started = time.perf_counter()
        fetch(empty_client, empty_url)
        empty_timings.append(time.perf_counter() - started)
        if time.perf_counter() - started_timed > budget:
            break
    result.requests = len(timings)
    result.p50_ms = statistics.median(timings) * 1000
    result.p95_ms = percentile(timings, 0.95) * 1000
    result.sql_p50_ms = statistics.median(sql_timings) * 1000
    if floor_timings:
        result.floor_p50_ms = statistics.median(floor_timings) * 1000
        result.floor_statements = floor_connection.statements
        result.ratio = result.p50_ms / result.floor_p50_ms
    result.empty_p50_ms = statistics.median(empty_timings) * 1000
    result.empty_ratio = result.p50_ms / result.empty_p50_ms
    checks = []
    if page.target_ms is not None:
        checks.append(result.p50_ms <= page.target_ms)
    if page.max_ratio is not None and result.ratio is not None:
        checks.append(result.ratio <= page.max_ratio)
    if page.max_empty_ratio is not None:
        checks.append(result.empty_ratio <= page.max_empty_ratio)
    result.meets_target = all(checks) if checks else None
    return result


def _rss_kb(field_name: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    return 0


def measure_memory(client, url: str) -> dict:
    """Peak memory growth of one streamed download: Python allocations and resident set."""
    gc.collect()
    rss_before = _rss_kb("VmRSS")
    try:  # reset the kernel's peak-RSS mark, so VmHWM is this request's peak
        Path("/proc/self/clear_refs").write_text("5")
        peak_rss_known = True
    except OSError:
        peak_rss_known = False
    tracemalloc.start()
    started = time.perf_counter()
    size = fetch(client, url, streamed=True)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth = (_rss_kb("VmHWM") - rss_before) / 1024 if peak_rss_known else None
    return {
        "bytes": size,
        "seconds_under_tracemalloc": round(seconds, 3),
        "tracemalloc_peak_mb": round(peak / 2**20, 1),
        "rss_peak_growth_mb": round(rss_growth, 1) if rss_growth is not None else None,
        "target_mb": EXPORT_MEMORY_TARGET_MB,
    }


# --- the organisation and the machine -----------------------------------------------------------


def bench_app(database_uri: str) -> Flask:
    """The real app on the benchmark's database, plus the empty baseline page; on SQLite its
    connections time SQL until the rows are read (TimedCursor)."""
    config = {
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "SECRET_KEY": "benchmark",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # The benchmark logs in with the password: it times pages, not the second factor.
        "MFA_REQUIRED_ROLES": (),
        # A log line per request would bury the table (the empty page pays for it, too).
        "LOG_LEVEL": "WARNING",
    }
    if database_uri.startswith("sqlite"):
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"factory": TimedConnection}}
    app = create_app(config)
    add_baseline_page(app)
    return app


def url_of(app: Flask, endpoint: str) -> str:
    with app.test_request_context():
        return url_for(endpoint)


def add_baseline_page(app: Flask) -> None:
    # Compiled once, as a page's template file is: `render_template_string` compiles it again
    # for every request, which made the empty page 0.5 ms (a third) slower and flattered the
    # ratios to it.
    template = app.jinja_env.from_string(
        '{% extends "base.html" %}{% block content %}<h1>Baseline</h1>{% endblock %}'
    )

    @login_required
    def baseline() -> str:
        return render_template(template)

    app.add_url_rule("/_bench/baseline", BASELINE, baseline)


def ensure_organisation(database: Path, employees: int, seed: int) -> dict:
    """Generate the organisation unless a file of this year is there; returns how it was made."""
    meta_file = database.with_suffix(".json")
    meta = json.loads(meta_file.read_text()) if meta_file.exists() else {}
    with bench_app(f"sqlite:///{database}.partial").app_context():
        schema = schema_fingerprint()
    if database.exists():
        if meta.get("today", "")[:4] == str(date.today().year) and meta.get("schema") == schema:
            return {**meta, "reused": True}
        print(f"{database.name} is of another year or schema (or unknown): generating it again")
    partial = database.with_name(database.name + ".partial")
    for leftover in (database, partial, meta_file):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{leftover}{suffix}").unlink(missing_ok=True)
    database.parent.mkdir(parents=True, exist_ok=True)
    print(f"generating {employees} employees into {database} ...", flush=True)
    app = bench_app(f"sqlite:///{partial}")
    with app.app_context():
        report = generate(employees, seed, echo=lambda line: print("  " + line, flush=True))
        db.session.remove()
        db.engine.dispose()
    partial.rename(database)
    meta = {
        "employees": employees,
        "seed": seed,
        "today": report.today.isoformat(),
        "seconds": round(report.seconds, 1),
        "counts": report.counts,
        "schema": schema,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    meta_file.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"generated in {report.seconds:.1f} s")
    return {**meta, "reused": False}


def ensure_organisation_at(
    url: str, employees: int, seed: int, sqlite_file: Path | None = None
) -> dict:
    """Fill the (server) database at `url` unless it holds the organisation already: by copying
    the SQLite organisation `sqlite_file` (default instance/bench-<employees>.sqlite; generated
    first when missing, of another year or schema), minutes where generating into PostgreSQL
    takes an hour at 100,000; then ANALYZE, as PostgreSQL's autovacuum does shortly after a bulk
    load anyway."""
    from benchmarks.copy_to_postgresql import copy_organisation

    sqlite_file = sqlite_file or PROJECT_ROOT / "instance" / f"bench-{employees}.sqlite"

    app = bench_app(url)
    with app.app_context():
        has_people = "user_account" in inspect(db.engine).get_table_names() and (
            db.session.scalar(select(func.count(User.id)))
        )
        if has_people:
            if not db.session.scalar(select(User.id).where(User.email == MANAGER_EMAIL)):
                raise SystemExit(f"{url} holds people, but not a generated organisation")
            meta = {"reused": True, "employees": db.session.scalar(select(func.count(User.id)))}
        else:
            if db.engine.dialect.name != "postgresql":
                raise SystemExit(f"{url}: the benchmark copies organisations into PostgreSQL only")
            source = ensure_organisation(sqlite_file, employees, seed)
            print(f"copying {sqlite_file.name} into {url} ...", flush=True)
            copied = copy_organisation(sqlite_file, lambda line: print("  " + line, flush=True))
            meta = {**source, "reused": False, "copy_seconds": copied["copy_seconds"]}
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return meta


def set_statistics(database: Path, *, analyze: bool) -> None:
    """Give SQLite's query planner statistics (ANALYZE), or take them away."""
    with sqlite3.connect(database) as connection:
        if analyze:
            connection.execute("ANALYZE")
        elif connection.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).fetchone():
            connection.execute("DROP TABLE sqlite_stat1")
    connection.close()


def machine() -> dict:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import sqlalchemy

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "platform": platform.platform(),
        "memory_mb": _memory_mb(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": list(os.getloadavg()),
    }


def _memory_mb() -> int | None:
    meminfo = Path("/proc/meminfo")
    if not meminfo.exists():
        return None
    for line in meminfo.read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) // 1024
    return None


def describe_machine(machine_info: dict, load_at_end: list[float]) -> str:
    return (
        f"machine: {machine_info['cores']} cores ({machine_info['cpu']}), "
        f"{machine_info.get('memory_mb') or '?'} MB, {machine_info['platform']}, "
        f"Python {machine_info['python']}, SQLite {machine_info['sqlite']}, "
        f"SQLAlchemy {machine_info['sqlalchemy']}; load average (1, 5, 15 min) before "
        + " ".join(f"{value:.2f}" for value in machine_info["load_average"])
        + ", after "
        + " ".join(f"{value:.2f}" for value in load_at_end)
    )


# --- the report ---------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def print_table(measurements: list[Measurement]) -> None:
    header = (
        f"{'page':28} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'sql ms':>7} "
        f"{'floor ms':>9} {'stmts':>6} {'ratio':>6} {'empty ms':>9} {'×empty':>7}  target"
    )
    print(header)
    print("-" * len(header))
    for m in measurements:
        queries = "/".join(str(q) for q in sorted(set(m.queries)))
        target = []
        if m.target_ms is not None:
            target.append(f"p50 ≤ {m.target_ms:g} ms")
        if m.max_ratio is not None and m.ratio is not None:
            target.append(f"ratio ≤ {m.max_ratio:g}")
        if m.max_empty_ratio is not None:
            target.append(f"×empty ≤ {m.max_empty_ratio:g}")
        verdict = {True: "met", False: "MISSED", None: ""}[m.meets_target]
        print(
            f"{m.label:28} {m.requests:>3} {_ms(m.p50_ms):>8} {_ms(m.p95_ms):>8} {queries:>8} "
            f"{_ms(m.sql_p50_ms):>7} {_ms(m.floor_p50_ms):>9} {m.floor_statements or '—':>6} "
            f"{_ms(m.ratio):>6} {_ms(m.empty_p50_ms):>9} {_ms(m.empty_ratio):>7}  "
            f"{', '.join(target)} {verdict}".rstrip()
        )


def refresh_totals_timed() -> float:
    """Bring the HR dashboard's totals up to date, as the timer's job does; the seconds taken."""
    from pop.hr.totals_refresh import refresh

    started = time.perf_counter()
    refresh()
    db.session.commit()
    return time.perf_counter() - started


def write_results(path: Path, key: str, run: dict) -> None:
    results = json.loads(path.read_text()) if path.exists() else {}
    results["machine"] = run["machine"]
    results.setdefault("runs", {})[key] = run
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=DEFAULT_EMPLOYEES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS)
    parser.add_argument(
        "--only", help="comma-separated page keys: " + ",".join(p.key for p in PAGES)
    )
    parser.add_argument(
        "--database",
        type=Path,
        help="default: instance/bench-<employees>.sqlite (with POP_DATABASE_URL: the "
        "organisation copied into an empty PostgreSQL database)",
    )
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--no-results", action="store_true", help="print only, write no JSON")
    parser.add_argument(
        "--budget",
        type=float,
        default=DEFAULT_BUDGET,
        help="seconds per page after which fewer requests are timed",
    )
    parser.add_argument(
        "--analyze",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run SQLite's ANALYZE first, as `pop setup` and `pop serve` do; --no-analyze "
        "drops the planner statistics instead, as in a freshly loaded database",
    )
    options = parser.parse_args(argv)
    if options.requests < 1:
        parser.error("--requests must be at least 1")
    pages = PAGES
    if options.only:
        wanted = set(options.only.split(","))
        unknown = wanted - {page.key for page in PAGES}
        if unknown:
            parser.error(f"unknown page keys: {', '.join(sorted(unknown))}")
        pages = [page for page in PAGES if page.key in wanted]

    server_url = os.environ.get("POP_DATABASE_URL")
    database = options.database or PROJECT_ROOT / "instance" / f"bench-{options.employees}.sqlite"
    if server_url:  # PostgreSQL: the floor over psycopg
        generation = ensure_organisation_at(server_url, options.employees, options.seed, database)
        app, floor_connection = bench_app(server_url), PostgresFloorConnection(server_url)
        backend = "postgresql"
    else:
        generation = ensure_organisation(database, options.employees, options.seed)
        set_statistics(database, analyze=options.analyze)
        app, floor_connection = bench_app(f"sqlite:///{database}"), FloorConnection(database)
        backend = "sqlite"
    missing = missing_endpoints(app, pages)
    if missing:
        print(
            "ERROR: the app has no endpoint " + ", ".join(missing) + ": a page was renamed or "
            "removed; update PAGES in benchmarks/pages.py",
            file=sys.stderr,
        )
        return 2
    with app.app_context():
        known = find_known()
        totals = refresh_totals_timed()
    print(f"HR totals brought up to date in {totals:.2f} s (pop refresh-hr-totals)")
    clients = logged_in_clients(app, known)
    counter = StatementCounter(app)
    started_machine = machine()
    measurements = []
    export_memory = None
    for page in pages:
        print(f"  {page.label} ...", flush=True)
        measurement = measure(
            app, clients, counter, floor_connection, page, known, options.requests, options.budget
        )
        measurements.append(measurement)
        if page.streamed and measurement.url:
            export_memory = measure_memory(clients[page.persona], measurement.url)
    counter.close()
    load_at_end = list(os.getloadavg())
    print()
    print(
        f"{options.employees} employees, {options.requests} requests per page (n), "
        + (
            "PostgreSQL (ANALYZE after loading), "
            if backend == "postgresql"
            else f"SQLite {sqlite3.sqlite_version}, planner statistics: "
            f"{'ANALYZE' if options.analyze else 'none'}, "
        )
        + f"{started_machine['cores']} cores "
        f"({started_machine['cpu']}), load average at start "
        f"{started_machine['load_average'][0]:.2f}"
    )
    print(describe_machine(started_machine, load_at_end))
    if generation.get("reused"):
        print(f"organisation reused (generated in {generation.get('seconds', '?')} s)")
    elif "copy_seconds" in generation:
        print(
            f"organisation copied from {database.name} in {generation['copy_seconds']} s "
            f"(generated in {generation.get('seconds', '?')} s)"
        )
    else:
        print(f"organisation generated in {generation['seconds']} s")
    print_table(measurements)
    if export_memory:
        print(
            f"CSV export memory: tracemalloc peak {export_memory['tracemalloc_peak_mb']} MB, "
            f"resident-set peak growth {export_memory['rss_peak_growth_mb']} MB "
            f"(target ≤ {EXPORT_MEMORY_TARGET_MB} MB), {export_memory['bytes']} bytes"
        )
    if not options.no_results:
        run = {
            "employees": options.employees,
            "requests": options.requests,
            "database": backend,
            "planner_statistics": "ANALYZE" if options.analyze or server_url else "none",
            "machine": started_machine,
            "load_average_at_end": load_at_end,
            "generation": generation,
            "known": {key: value for key, value in asdict(known).items() if key != "emails"},
            "pages": [asdict(m) for m in measurements],
            "export_memory": export_memory,
        }
        key = str(options.employees) + (
            "-postgresql" if backend == "postgresql" else "-analyzed" if options.analyze else ""
        )
        write_results(options.results, key, run)
        print(f"results written to {options.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
