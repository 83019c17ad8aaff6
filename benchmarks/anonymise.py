"""Anonymising many people who left: wall and CPU time and SQL statements.

    python -m benchmarks.anonymise [--employees 2000] [--leavers 1000]

In a throw-away SQLite database it generates an organisation of `--employees` people (the
generator of `pop bench generate`: goals, check-ins, signed conversations and their audit
trail), adds to the history of `--leavers` people who lead nobody an edit and a deactivation
by HR whose summaries carry their name, a notification and a mention of their name in an
event about someone else, and deactivates them past the retention period. Then it times
`anonymise_leavers` (batches of 500, each committed) and checks that none of their names is
left in the audit log. Prints the wall time, the CPU time of this process and the statements,
with the load average before and after.
"""

import argparse
import os
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, func, insert, select, update

from pop import create_app
from pop.bench.generate import generate
from pop.bench.shape import ADMIN_EMAIL, EMPLOYEE_EMAIL, HR_EMAIL, SCOPED_HR_EMAIL
from pop.extensions import db
from pop.models import AuditEvent, Conversation, Goal, Notification, NotificationKind, User
from pop.models._time import utcnow
from pop.privacy.anonymise import anonymise_leavers

ACCOUNTS = (ADMIN_EMAIL, EMPLOYEE_EMAIL, HR_EMAIL, SCOPED_HR_EMAIL)


def add_leavers(count: int) -> list[tuple[int, str]]:
    """Deactivate `count` people who lead nobody, three years ago, and add to their history."""
    hr = db.session.scalar(select(User).where(User.email == HR_EMAIL))
    managers = select(User.manager_id).where(User.manager_id.is_not(None))
    leavers = db.session.execute(
        select(User.id, User.name)
        .where(User.id.not_in(managers), User.email.not_in(ACCOUNTS))
        .order_by(User.id.desc())
        .limit(count)
    ).all()
    if len(leavers) < count:
        raise SystemExit(f"only {len(leavers)} people lead nobody; generate more employees")
    left = utcnow() - timedelta(days=3 * 365)
    ids = [person_id for person_id, _ in leavers]
    db.session.execute(
        update(User).where(User.id.in_(ids)).values(active=False, deactivated_at=left)
    )
    events, notifications = [], []
    for position, (person_id, name) in enumerate(leavers):
        colleague = leavers[(position + 1) % len(leavers)][0]
        events += [
            _event(hr.id, "person_updated", "User", person_id, f"{name} gewijzigd"),
            _event(hr.id, "person_deactivated", "User", person_id, f"{name} vertrokken"),
            _event(hr.id, "person_updated", "User", colleague, f"Taken van {name} overgedragen"),
        ]
        notifications.append(
            {
                "recipient_id": person_id,
                "kind": NotificationKind.COMMENT_ADDED,
                "object_type": "User",
                "object_id": person_id,
                "context": {"name": name},
                "created_at": left,
            }
        )
    db.session.execute(insert(AuditEvent), events)
    db.session.execute(insert(Notification), notifications)
    db.session.commit()
    return leavers


def _event(actor_id, action, object_type, object_id, summary) -> dict:
    return {
        "actor_id": actor_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "summary": summary,
        "changes": {"name": [summary, None]},
        "at": utcnow(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--leavers", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep the generated organisation in this file and start from a copy of it later",
    )
    options = parser.parse_args()
    database = Path(tempfile.mkdtemp()) / "anonymise.sqlite"
    cached = options.cache is not None and options.cache.exists()
    if cached:
        shutil.copyfile(options.cache, database)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        started = time.perf_counter()
        if not cached:
            generate(options.employees)
            if options.cache is not None:
                db.session.remove()
                shutil.copyfile(database, options.cache)
        leavers = add_leavers(options.leavers)
        counts = {
            "audit events": db.session.scalar(select(func.count(AuditEvent.id))),
            "goals": db.session.scalar(select(func.count(Goal.id))),
            "conversations": db.session.scalar(select(func.count(Conversation.id))),
        }
        print(
            f"generated {options.employees} employees, {len(leavers)} leavers in "
            f"{time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{count} {name}" for name, count in counts.items())
        )
        hr = db.session.scalar(select(User).where(User.email == HR_EMAIL))
        db.session.expunge_all()
        statements = [0]

        def count(*_args) -> None:
            statements[0] += 1

        event.listen(db.engine, "before_cursor_execute", count)
        print(f"load average before: {os.getloadavg()}")
        wall, cpu = time.perf_counter(), time.process_time()
        done, _files = anonymise_leavers(hr, batch_size=options.batch)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"load average after: {os.getloadavg()}")
        event.remove(db.engine, "before_cursor_execute", count)
        print(
            f"anonymised {done} leavers in batches of {options.batch}: {wall:.2f} s wall, "
            f"{cpu:.2f} s CPU, {statements[0]} statements"
        )
        assert done == len(leavers), (done, len(leavers))
        summaries = [summary for (summary,) in db.session.execute(select(AuditEvent.summary))]
        left = [name for _, name in leavers if any(name in summary for summary in summaries)]
        assert not left, f"names left in the audit log: {left[:5]}"


if __name__ == "__main__":
    main()
