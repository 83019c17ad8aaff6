"""`make throughput`: Mijn POP under `pop serve` against a minimal Flask + Flask-Login app, by wrk.

Both are served by gunicorn with the same workers and threads (`pop serve`'s defaults) on
127.0.0.1, one after the other in the same run; wrk loads one logged-in page of each for the
same time with the same connections. Reported: requests per second, p50 and p99 of each, the
ratios POP / minimal (issue 17: throughput at least 50 %, p99 at most 2×), and the resident
memory of every POP worker after the load (at most 70 MB each), with its proportional share.

    python -m benchmarks.throughput [--employees 10000] [--duration 30] [--connections 20]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests

from benchmarks.load import (
    SERVER_START_TIMEOUT,
    choose_people,
    free_port,
    log_in,
    prepare_database,
    start_server,
    stop_server,
)
from benchmarks.pages import RESULTS, machine
from pop import PROJECT_ROOT
from pop.serving import default_workers

THREADS = 4  # `pop serve`'s default
MIN_THROUGHPUT_SHARE = 0.5
MAX_P99_RATIO = 2.0
MAX_WORKER_MB = 70
WARM_UP_SECONDS = 5
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str) -> dict:
    """Requests per second and the latency percentiles (ms) of `wrk --latency` output."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate is None:
        raise RuntimeError(f"wrk printed no rate:\n{output}")
    percentiles = {
        int(share): float(value) * UNITS[unit]
        for share, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "per_second": float(rate.group(1)),
        "p50_ms": percentiles.get(50),
        "p99_ms": percentiles.get(99),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def run_wrk(url: str, cookie: str, seconds: float, connections: int) -> dict:
    command = [
        shutil.which("wrk") or "wrk",
        "--latency",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return parse_wrk(done.stdout)


def cookie_header(session: requests.Session) -> str:
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in session.cookies)


def start_minimal(port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--threads",
        str(THREADS),
        "--bind",
        f"127.0.0.1:{port}",
        "benchmarks.minimal_app:app",
    ]
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    server = subprocess.Popen(  # noqa: S603  (our own command line)
        command,
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the minimal app exited with {server.returncode}; see {log}")
        try:
            requests.get(f"http://127.0.0.1:{port}/pop/", timeout=5)
            return server
        except requests.RequestException:
            time.sleep(0.25)
    stop_server(server)
    raise SystemExit(f"the minimal app did not answer within {SERVER_START_TIMEOUT} s")


def worker_memory(master_pid: int) -> list[dict]:
    """Resident and proportional memory (MB) of each worker process of a gunicorn master."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    workers = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        rollup = Path(f"/proc/{pid}/smaps_rollup")
        pss = re.search(r"Pss:\s+(\d+)", rollup.read_text()) if rollup.exists() else None
        workers.append(
            {
                "pid": int(pid),
                "rss_mb": round(rss / 1024, 1),
                "pss_mb": round(int(pss.group(1)) / 1024, 1) if pss else None,
            }
        )
    return workers


def load(base: str, cookie: str, duration: float, connections: int) -> dict:
    run_wrk(f"{base}/pop/", cookie, WARM_UP_SECONDS, connections)
    return run_wrk(f"{base}/pop/", cookie, duration, connections)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per app")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--no-results", action="store_true")
    options = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed")

    workers = default_workers()  # as `pop serve` chooses them
    started_machine = machine()
    url, backend = prepare_database(options.employees, analyze=True)
    readers, _writers = choose_people(url, 1, 1)
    logs = PROJECT_ROOT / "instance"

    port = free_port()
    minimal = start_minimal(port, workers, logs / "throughput-minimal-gunicorn.log")
    try:
        session = requests.Session()
        session.post(f"http://127.0.0.1:{port}/login", data={"id": "1"}, allow_redirects=False)
        floor = load(
            f"http://127.0.0.1:{port}",
            cookie_header(session),
            options.duration,
            options.connections,
        )
        floor_memory = worker_memory(minimal.pid)
    finally:
        stop_server(minimal)

    port = free_port()
    server = start_server(url, port, logs / f"throughput-{backend}-gunicorn.log")
    try:
        session = log_in(f"http://127.0.0.1:{port}", readers[0])
        pop = load(
            f"http://127.0.0.1:{port}",
            cookie_header(session),
            options.duration,
            options.connections,
        )
        pop_memory = worker_memory(server.pid)
    finally:
        stop_server(server)

    share = pop["per_second"] / floor["per_second"]
    p99_ratio = pop["p99_ms"] / floor["p99_ms"]
    largest = max(worker["rss_mb"] for worker in pop_memory)
    summary = {
        "backend": backend,
        "employees": options.employees,
        "workers": workers,
        "threads": THREADS,
        "connections": options.connections,
        "seconds": options.duration,
        "pop": pop,
        "minimal": floor,
        "throughput_share": round(share, 3),
        "p99_ratio": round(p99_ratio, 2),
        "pop_workers": pop_memory,
        "minimal_workers": floor_memory,
        "largest_worker_rss_mb": largest,
        "meets_targets": share >= MIN_THROUGHPUT_SHARE
        and p99_ratio <= MAX_P99_RATIO
        and largest <= MAX_WORKER_MB,
        "machine": started_machine,
        "load_average_at_end": list(os.getloadavg()),
    }
    print_summary(summary)
    if not options.no_results:
        results = json.loads(options.results.read_text()) if options.results.exists() else {}
        results.setdefault("throughput", {})[backend] = summary
        options.results.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"results written to {options.results}")
    return 0 if summary["meets_targets"] else 1


def print_summary(summary: dict) -> None:
    m = summary["machine"]
    print()
    print(
        f"{summary['backend']}, {summary['employees']} employees: {summary['workers']} workers × "
        f"{summary['threads']} threads, wrk {summary['connections']} connections, "
        f"{summary['seconds']:g} s each; {m['cores']} cores ({m['cpu']}), load average "
        f"before {m['load_average'][0]:.2f}, after {summary['load_average_at_end'][0]:.2f}"
    )
    for name in ("minimal", "pop"):
        figures = summary[name]
        print(
            f"  {'Mijn POP' if name == 'pop' else 'minimal Flask + Flask-Login':28} "
            f"{figures['per_second']:8.1f} requests/s  p50 {figures['p50_ms']:7.2f} ms  "
            f"p99 {figures['p99_ms']:7.2f} ms  non-2xx {figures['non_2xx']}"
        )
    print(
        f"  throughput POP / minimal {summary['throughput_share']:.0%} (target ≥ "
        f"{MIN_THROUGHPUT_SHARE:.0%}), p99 ratio {summary['p99_ratio']:.2f} (target ≤ "
        f"{MAX_P99_RATIO:g})"
    )
    for label, key in (("POP", "pop_workers"), ("minimal", "minimal_workers")):
        workers = ", ".join(
            f"{worker['rss_mb']:.1f} MB (PSS {worker['pss_mb']})" for worker in summary[key]
        )
        print(f"  {label} workers after the load: {workers}")
    largest = summary["largest_worker_rss_mb"]
    print(f"  largest POP worker {largest:.1f} MB (target ≤ {MAX_WORKER_MB} MB)")


if __name__ == "__main__":
    sys.exit(main())
