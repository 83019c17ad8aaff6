"""`make load`: POP under gunicorn with logged-in readers of Mijn POP and concurrent writers.

Starts `pop serve` on 127.0.0.1 against the generated organisation, logs every simulated person
in through the real log-in form (with the CSRF token from the page), then for a fixed time runs
readers that load Mijn POP and writers that add check-ins to goals of their own (each writer is
a different employee, so writers never touch the same goal). Every loop is bounded in requests
and in time. Afterwards it stops the server and checks that every check-in the server
acknowledged (302 to the goal page) is in the database, by its unique note text.

    python -m benchmarks.load [--readers 20] [--writers 20] [--duration 60]

The database is POP_DATABASE_URL when set (PostgreSQL: instance/bench-<employees>.sqlite is
copied into it when it is empty), else a fresh copy of instance/bench-<employees>.sqlite.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import requests
from sqlalchemy import select

from benchmarks.generate import (
    BENCH_PASSWORD,
    EMPLOYEE_EMAIL,
)
from benchmarks.pages import (
    RESULTS,
    bench_app,
    ensure_organisation,
    ensure_organisation_at,
    machine,
    percentile,
    set_statistics,
)
from pop import PROJECT_ROOT
from pop.extensions import db
from pop.models import CheckIn, Goal, GoalStatus, User, UserRole

DEFAULT_EMPLOYEES = 10_000
SEED = 1
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
REQUEST_TIMEOUT = 30  # seconds per request
MAX_REQUESTS_PER_CLIENT = 20_000  # a bound on every loop, whatever the duration
SERVER_START_TIMEOUT = 60


@dataclass
class Outcome:
    """What one simulated person saw."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # an error message per kind
    retried: Counter = field(default_factory=Counter)
    acknowledged: list[str] = field(default_factory=list)  # notes of acknowledged check-ins

    def timed(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    def failed(self, kind: str, error: Exception, idle: float | None = None) -> None:
        key = f"{kind}: {type(error).__name__}"
        self.errors[key] += 1
        after = f" ({idle * 1000:.0f} ms after the previous answer)" if idle is not None else ""
        self.examples.setdefault(key, str(error)[:300] + after)


@dataclass(frozen=True)
class Writer:
    email: str
    goal_ids: list[int]


# --- the database -------------------------------------------------------------------------------


def prepare_database(employees: int, *, analyze: bool = False) -> tuple[str, str]:
    """The database URL to serve and its kind; generates or copies the organisation."""
    url = os.environ.get("POP_DATABASE_URL")
    if url:
        ensure_organisation_at(url, employees, SEED)
        return url, "postgresql" if url.startswith("postgres") else url.split(":", 1)[0]
    source = PROJECT_ROOT / "instance" / f"bench-{employees}.sqlite"
    ensure_organisation(source, employees, SEED)
    copy = PROJECT_ROOT / "instance" / f"bench-load-{employees}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as original, sqlite3.connect(copy) as target:
        original.backup(target)  # a fresh copy: the load test's check-ins never pile up
    original.close()
    target.close()
    set_statistics(copy, analyze=analyze)
    return f"sqlite:///{copy}", "sqlite"


def choose_people(url: str, readers: int, writers: int) -> tuple[list[str], list[Writer]]:
    """Distinct employees: writers with goals they can check in on, and readers."""
    app = bench_app(url)
    with app.app_context():
        managers = select(UserRole.user_id).where(UserRole.role.in_(["manager", "hr", "admin"]))
        candidates = db.session.scalars(
            select(User.id)
            .where(
                User.active,
                User.manager_id.is_not(None),
                User.id.not_in(managers),
                User.email != EMPLOYEE_EMAIL,
            )
            .order_by(User.id)
            .limit(readers + writers)
        ).all()
        if len(candidates) < readers + writers:
            raise SystemExit(f"the organisation has only {len(candidates)} plain employees")
        emails = dict(
            db.session.execute(select(User.id, User.email).where(User.id.in_(candidates))).all()
        )
        writer_ids = candidates[:writers]
        goals: dict[int, list[int]] = {}
        for employee_id, goal_id in db.session.execute(
            select(Goal.employee_id, Goal.id)
            .where(
                Goal.employee_id.in_(writer_ids),
                Goal.status.in_([GoalStatus.AGREED.value, GoalStatus.IN_PROGRESS.value]),
            )
            .order_by(Goal.id)
        ):
            goals.setdefault(employee_id, []).append(goal_id)
        db.session.remove()
        db.engine.dispose()
    missing = [employee for employee in writer_ids if not goals.get(employee)]
    if missing:
        raise SystemExit(f"writers without an agreed goal: {missing}")
    return (
        [emails[employee] for employee in candidates[writers:]],
        [Writer(emails[employee], goals[employee]) for employee in writer_ids],
    )


def stored_notes(url: str, prefix: str) -> Counter:
    """How often each note starting with `prefix` is stored as a check-in."""
    app = bench_app(url)
    with app.app_context():
        notes = db.session.scalars(select(CheckIn.note).where(CheckIn.note.startswith(prefix)))
        stored = Counter(notes)
        db.session.remove()
        db.engine.dispose()
    return stored


# --- the server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "POP_DATABASE_URL": url,
        "POP_SECRET_KEY": secrets.token_hex(16),
        # Every simulated person logs in from 127.0.0.1: the per-address log-in limit would
        # refuse all but the first five of them.
        "POP_RATELIMIT_ENABLED": "false",
    }
    command = [str(Path(sys.executable).with_name("pop")), "serve", "--bind", f"127.0.0.1:{port}"]
    handle = log.open("w")
    server = subprocess.Popen(  # noqa: S603  (our own command line)
        command, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    try:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"pop serve exited with {server.returncode}; see {log}")
            try:
                health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                if health.status_code == 200:
                    return server
            except requests.RequestException:
                pass  # still starting: workers load the app
            time.sleep(0.25)
        raise SystemExit(f"pop serve did not answer within {SERVER_START_TIMEOUT} s; see {log}")
    except BaseException:
        stop_server(server)
        raise


def stop_server(server: subprocess.Popen) -> None:
    """Stop the gunicorn master we started (it stops its workers), by its process id."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


# --- the simulated people -----------------------------------------------------------------------


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    if match is None:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def log_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{base}/auth/login", timeout=REQUEST_TIMEOUT)
    response = session.post(
        f"{base}/auth/login",
        data={"csrf_token": csrf_token(form.text), "email": email, "password": BENCH_PASSWORD},
        allow_redirects=False,
        timeout=REQUEST_TIMEOUT,
    )
    if response.status_code != 302:
        raise RuntimeError(f"log-in as {email} answered {response.status_code}")
    return session


def send(session: requests.Session, outcome: Outcome, method: str, url: str, **options):
    """One request; one that the server reset before answering is sent once more on a new
    connection, as browsers do when the server closed a kept-alive connection meanwhile.
    Such retries are counted, and the duplicate check afterwards shows none was done twice."""
    try:
        return session.request(method, url, timeout=REQUEST_TIMEOUT, **options)
    except requests.ConnectionError as error:
        reset = _reset_cause(error)
        if reset is None:
            raise
        outcome.retried[f"{method} after {type(reset).__name__}"] += 1
        session.close()  # drops the pooled connections; the log-in cookie stays
        return session.request(method, url, timeout=REQUEST_TIMEOUT, **options)


def _reset_cause(error: BaseException) -> BaseException | None:
    """The reset or early close behind `error`, if that is what it was (not a timeout)."""
    seen: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or any(current is known for known in seen):
            continue
        seen.append(current)
        if isinstance(current, ConnectionResetError | http.client.RemoteDisconnected):
            return current
        pending += [current.__cause__, current.__context__]
        pending += [arg for arg in current.args if isinstance(arg, BaseException)]
    return None


def read_loop(session: requests.Session, base: str, stop_at: float, think: float) -> Outcome:
    outcome = Outcome()
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= stop_at:
            break
        started = time.perf_counter()
        try:
            response = send(session, outcome, "GET", f"{base}/pop/", allow_redirects=False)
        except requests.RequestException as error:
            outcome.failed("read", error)
            continue
        outcome.timed("read", time.perf_counter() - started)
        if response.status_code != 200 or "Mijn POP" not in response.text:
            outcome.errors[f"read: HTTP {response.status_code}"] += 1
        if think:
            time.sleep(think)
    return outcome


def write_loop(
    session: requests.Session, base: str, writer: Writer, tag: str, stop_at: float
) -> Outcome:
    outcome = Outcome()
    today = date.today().isoformat()
    for number in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= stop_at:
            break
        goal_id = writer.goal_ids[number % len(writer.goal_ids)]
        form_url = f"{base}/pop/doelen/{goal_id}/voortgang"
        note = f"{tag}-{writer.email}-{number}"
        try:
            started = time.perf_counter()
            form = send(session, outcome, "GET", form_url)
        except requests.RequestException as error:
            outcome.failed("form", error)
            continue
        answered = time.perf_counter()
        outcome.timed("form", answered - started)
        if form.status_code != 200:
            outcome.errors[f"form: HTTP {form.status_code}"] += 1
            continue
        data = {
            "csrf_token": csrf_token(form.text),
            "on": today,
            "progress": str(1 + number % 98),  # below 100: no "now complete it" detour
            "note": note,
            "evidence_url": "",
        }
        try:
            started = time.perf_counter()
            response = send(session, outcome, "POST", form_url, data=data, allow_redirects=False)
        except requests.RequestException as error:
            outcome.failed("write", error, idle=started - answered)
            continue
        outcome.timed("write", time.perf_counter() - started)
        location = response.headers.get("Location", "")
        if response.status_code == 302 and location.endswith(f"/pop/doelen/{goal_id}"):
            outcome.acknowledged.append(note)
        else:
            outcome.errors[f"write: HTTP {response.status_code} → {location or '-'}"] += 1
    return outcome


def run_clients(
    base: str, readers: list[str], writers: list[Writer], duration: float, think: float, tag: str
) -> tuple[list[Outcome], float]:
    print(f"logging in {len(readers)} readers and {len(writers)} writers ...", flush=True)
    reader_sessions = [log_in(base, email) for email in readers]
    writer_sessions = [log_in(base, writer.email) for writer in writers]
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    ready = threading.Barrier(len(readers) + len(writers) + 1)
    window: dict[str, float] = {}

    def run(job) -> None:
        ready.wait()
        outcome = job()
        with lock:
            outcomes.append(outcome)

    threads = [
        threading.Thread(
            target=run, args=(lambda s=session: read_loop(s, base, window["stop"], think),)
        )
        for session in reader_sessions
    ] + [
        threading.Thread(
            target=run,
            args=(lambda s=session, w=writer: write_loop(s, base, w, tag, window["stop"]),),
        )
        for session, writer in zip(writer_sessions, writers, strict=True)
    ]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    window["stop"] = started + duration
    print(f"running for {duration:g} s ...", flush=True)
    ready.wait()
    for thread in threads:
        thread.join(timeout=duration + 2 * REQUEST_TIMEOUT + 30)
    return outcomes, time.monotonic() - started


# --- the report ---------------------------------------------------------------------------------


def summarise(outcomes: list[Outcome], elapsed: float) -> dict:
    latencies: dict[str, list[float]] = {}
    errors: Counter = Counter()
    examples: dict[str, str] = {}
    retried: Counter = Counter()
    for outcome in outcomes:
        for kind, samples in outcome.latencies.items():
            latencies.setdefault(kind, []).extend(samples)
        errors.update(outcome.errors)
        examples |= outcome.examples
        retried.update(outcome.retried)
    total = sum(len(samples) for samples in latencies.values()) + sum(errors.values())
    figures = {
        kind: {
            "requests": len(samples),
            "per_second": round(len(samples) / elapsed, 1),
            "p50_ms": round(statistics.median(samples) * 1000, 1),
            "p99_ms": round(percentile(samples, 0.99) * 1000, 1),
        }
        for kind, samples in sorted(latencies.items())
        if samples
    }
    return {
        "seconds": round(elapsed, 1),
        "requests": total,
        "per_second": round(total / elapsed, 1),
        "by_kind": figures,
        "errors": dict(errors),
        "error_examples": examples,
        "retried_after_reset": dict(retried),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=DEFAULT_EMPLOYEES)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--think", type=float, default=0.0, help="readers' pause, seconds")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--no-results", action="store_true")
    parser.add_argument(
        "--analyze", action="store_true", help="SQLite: give the planner statistics (ANALYZE)"
    )
    options = parser.parse_args(argv)
    if not 0 < options.duration <= 3600:
        parser.error("--duration must be between 0 and 3600 seconds")

    url, backend = prepare_database(options.employees, analyze=options.analyze)
    readers, writers = choose_people(url, options.readers, options.writers)
    tag = f"load-{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    port = free_port()
    log = PROJECT_ROOT / "instance" / f"load-{backend}-gunicorn.log"
    print(f"starting pop serve on 127.0.0.1:{port} ({backend}; log in {log}) ...", flush=True)
    server = start_server(url, port, log)
    try:
        outcomes, elapsed = run_clients(
            f"http://127.0.0.1:{port}", readers, writers, options.duration, options.think, tag
        )
    finally:
        stop_server(server)
    summary = summarise(outcomes, elapsed)
    acknowledged = [note for outcome in outcomes for note in outcome.acknowledged]
    stored = stored_notes(url, tag)
    lost = sorted(set(acknowledged) - set(stored))
    summary |= {
        "backend": backend,
        "employees": options.employees,
        "readers": options.readers,
        "writers": options.writers,
        "think_seconds": options.think,
        "planner_statistics": "ANALYZE" if options.analyze or backend == "postgresql" else "none",
        "acknowledged_writes": len(acknowledged),
        "stored_writes": sum(stored.values()),
        "lost_writes": len(lost),
        "duplicated_writes": sum(count - 1 for count in stored.values() if count > 1),
        "unacknowledged_but_stored": len(set(stored) - set(acknowledged)),
        "machine": machine(),
    }
    print_summary(summary, lost)
    if not options.no_results:
        results = json.loads(options.results.read_text()) if options.results.exists() else {}
        key = backend + ("-analyzed" if options.analyze and backend == "sqlite" else "")
        results.setdefault("load", {})[key] = summary
        options.results.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"results written to {options.results}")
    failed = summary["errors"] or lost or summary["duplicated_writes"]
    return 1 if failed else 0


def print_summary(summary: dict, lost: list[str]) -> None:
    print()
    print(
        f"{summary['backend']}: {summary['employees']} employees, {summary['readers']} readers "
        f"of Mijn POP, {summary['writers']} writers of check-ins, {summary['seconds']} s"
    )
    print(f"throughput: {summary['per_second']} requests/s ({summary['requests']} requests)")
    for kind, figures in summary["by_kind"].items():
        print(
            f"  {kind:6} {figures['requests']:7} requests  {figures['per_second']:7} /s  "
            f"p50 {figures['p50_ms']:7.1f} ms  p99 {figures['p99_ms']:7.1f} ms"
        )
    errors = sum(summary["errors"].values())
    print(f"errors: {errors}" + (f" {summary['errors']}" if errors else ""))
    for kind, message in summary["error_examples"].items():
        print(f"  {kind}: {message}")
    retried = summary["retried_after_reset"]
    if retried:
        print(f"sent again after the server reset a kept-alive connection: {retried}")
    print(
        f"check-ins acknowledged: {summary['acknowledged_writes']}, in the database: "
        f"{summary['stored_writes']}, lost: {summary['lost_writes']}, "
        f"stored twice: {summary['duplicated_writes']}"
    )
    for note in lost[:10]:
        print(f"  LOST: {note}")


if __name__ == "__main__":
    sys.exit(main())
