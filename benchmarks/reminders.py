"""`make bench-reminders`: `pop send-reminders` on a generated organisation, its time and memory.

    python -m benchmarks.reminders [--employees 100000] [--seed 1]

On SQLite the organisation is generated into instance/bench-<employees>.sqlite when that file
is missing (or of another year or schema) and reused otherwise; with POP_DATABASE_URL set that
file is copied into that (throw-away) database when it is empty (benchmarks/copy_to_postgresql).
The notifications, reminders and digests of earlier runs are deleted first, so every run starts
from the generated state. Then `pop send-reminders` runs as a process of its own, mail going to
a temporary outbox folder, and the benchmark reports its wall time, peak resident set (the
process's own VmHWM) and CPU time, the reminders issued and the digests sent; then a second
run, which must send nothing.
Results go to benchmarks/results.json under "reminders".
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, func, select, text

from benchmarks.pages import (
    DEFAULT_SEED,
    RESULTS,
    bench_app,
    ensure_organisation,
    ensure_organisation_at,
    machine,
)
from pop import PROJECT_ROOT
from pop.extensions import db
from pop.models import DigestStatus, JobLease, MailDigest, Notification, ReminderLog

DEFAULT_EMPLOYEES = 100_000
TARGET_SECONDS = 600  # issue 15: at most 10 minutes at 100,000 employees


def clear_notifications(url: str) -> None:
    """Start from the generated state: no notifications, reminders, digests or job leases."""
    app = bench_app(url)
    with app.app_context():
        for model in (Notification, MailDigest, ReminderLog, JobLease):
            db.session.execute(delete(model))
        db.session.commit()
        if db.engine.dialect.name == "sqlite":
            db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.remove()
        db.engine.dispose()


def counts(url: str) -> dict:
    app = bench_app(url)
    with app.app_context():
        result = {
            "notifications": db.session.scalar(select(func.count(Notification.id))),
            "digests_sent": db.session.scalar(
                select(func.count(MailDigest.id)).where(
                    MailDigest.status == DigestStatus.SENT.value
                )
            ),
            "digests_unfinished": db.session.scalar(
                select(func.count(MailDigest.id)).where(
                    MailDigest.status != DigestStatus.SENT.value
                )
            ),
            "notifications_not_mailed": db.session.scalar(
                select(func.count(Notification.id)).where(Notification.emailed_at.is_(None))
            ),
        }
        db.session.remove()
        db.engine.dispose()
    return result


# Runs `flask --app pop send-reminders` and prints the process's own peak resident set on exit.
# VmHWM belongs to the process image: wait4's ru_maxrss also counts the parent's memory, which
# the child shares until it executes Python (vfork).
_PEAK_MARK = "POP-BENCH-VMHWM-KB"
_WITH_PEAK = f"""
import atexit, runpy, sys

def peak():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                print("{_PEAK_MARK}", line.split()[1], file=sys.stderr, flush=True)

atexit.register(peak)
sys.argv = ["flask", "--app", "pop", "send-reminders"]
runpy.run_module("flask", run_name="__main__", alter_sys=True)
"""


def run_send_reminders(url: str, outbox: Path, instance: Path) -> dict:
    """One `pop send-reminders` process: wall time, its peak RSS and CPU time, exit status."""
    command = [sys.executable, "-c", _WITH_PEAK]
    env = {
        **os.environ,
        "POP_DATABASE_URL": url,
        "POP_INSTANCE_PATH": str(instance),
        "POP_MAIL_OUTBOX_FOLDER": str(outbox),
        "POP_SMTP_HOST": "",
    }
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603  (our own command line)
        command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    peak_kb = [line.split()[1] for line in output.splitlines() if line.startswith(_PEAK_MARK)]
    output = "\n".join(line for line in output.splitlines() if not line.startswith(_PEAK_MARK))
    return {
        "command": "pop send-reminders",
        "exit_status": process.returncode,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(int(peak_kb[-1]) / 1024, 1) if peak_kb else None,
        "user_cpu_seconds": round(usage.ru_utime, 1),
        "system_cpu_seconds": round(usage.ru_stime, 1),
        "messages_in_outbox": sum(1 for _ in outbox.glob("*.eml")),
        "output": output.replace(str(outbox), "<outbox>").strip().splitlines()[-3:],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=DEFAULT_EMPLOYEES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--database", type=Path, help="default: instance/bench-<employees>.sqlite")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--no-results", action="store_true", help="print only, write no JSON")
    options = parser.parse_args(argv)

    server_url = os.environ.get("POP_DATABASE_URL")
    if server_url:
        url, backend = server_url, "postgresql"
        generation = ensure_organisation_at(url, options.employees, options.seed)
    else:
        database = (
            options.database or PROJECT_ROOT / "instance" / f"bench-{options.employees}.sqlite"
        )
        generation = ensure_organisation(database, options.employees, options.seed)
        url, backend = f"sqlite:///{database}", "sqlite"
    clear_notifications(url)

    machine_before = machine()
    runs = []
    # Removed after the report: unlinking 100,000 mails takes minutes on some file systems.
    scratch = Path(tempfile.mkdtemp(prefix="pop-bench-reminders-"))
    for number in (1, 2):
        outbox = scratch / f"outbox-{number}"
        print(f"  send-reminders, run {number} ...", flush=True)
        run = run_send_reminders(url, outbox, scratch / "instance")
        run.update(counts(url))
        runs.append(run)
        if run["exit_status"] != 0:
            print("\n".join(run["output"]))
            break
    load_after = list(os.getloadavg())

    first = runs[0]
    print()
    print(
        f"pop send-reminders, {options.employees} employees on {backend}, "
        f"{machine_before['cores']} cores ({machine_before['cpu']}), load average "
        f"{machine_before['load_average'][0]:.2f} before, {load_after[0]:.2f} after"
    )
    if generation.get("reused"):
        print(f"organisation reused (generated in {generation.get('seconds', '?')} s)")
    else:
        print(f"organisation generated in {generation.get('seconds')} s")
    for number, run in enumerate(runs, 1):
        print(
            f"run {number}: {run['seconds']} s wall, peak RSS {run['peak_rss_mb']} MB, "
            f"{run['messages_in_outbox']} digests mailed, {run['notifications']} notifications "
            f"in all, exit {run['exit_status']}"
        )
    met = first["exit_status"] == 0 and first["seconds"] <= TARGET_SECONDS
    second_ok = len(runs) == 2 and runs[1]["messages_in_outbox"] == 0
    print(
        f"target ≤ {TARGET_SECONDS} s: {'met' if met else 'MISSED'}; "
        f"second run sends nothing: {'yes' if second_ok else 'NO'}"
    )
    if not options.no_results:
        results = json.loads(options.results.read_text()) if options.results.exists() else {}
        results.setdefault("reminders", {})[f"{options.employees}-{backend}"] = {
            "employees": options.employees,
            "database": backend,
            "machine": machine_before,
            "load_average_at_end": load_after,
            "generation": generation,
            "target_seconds": TARGET_SECONDS,
            "runs": runs,
        }
        options.results.write_text(
            json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n"
        )
        print(f"results written to {options.results}")
    print(f"removing the outbox folders in {scratch} ...", flush=True)
    shutil.rmtree(scratch, ignore_errors=True)
    return 0 if met and second_ok else 1


if __name__ == "__main__":
    sys.exit(main())
