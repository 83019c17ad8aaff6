"""The people CSV import on a file of many rows: its wall and CPU time and its statements.

    python -m benchmarks.people_import [--rows 10000]

In a throw-away SQLite database (or the empty database of `POP_DATABASE_URL`, such as the
throw-away PostgreSQL of `scripts/with-postgres.sh`) with 20 departments it imports a file of
`--rows` new people (each tenth row's manager among the first ten), then the same people with
another name (every row an update), then the same file again (nothing changes); each run is one
transaction, committed. Prints per run the wall time, the CPU time of this process, the SQL
statements and the created / updated / unchanged counts, with the load average before and after.
"""

import argparse
import os
import tempfile
import time

from sqlalchemy import event, make_url

from pop import create_app
from pop.extensions import db
from pop.models import Department
from pop.people.csv_import import import_people


def people_file(rows: int, suffix: str) -> bytes:
    lines = ["personeelsnummer;naam;e-mail;afdeling;leidinggevende;rollen"]
    for number in range(rows):
        manager = "" if number < 10 else f"E{number % 10}"
        lines.append(
            f"E{number};Persoon {number}{suffix};p{number}@example.nl;Afd {number % 20};"
            f"{manager};medewerker"
        )
    return "\n".join(lines).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    rows = parser.parse_args().rows
    url = os.environ.get("POP_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/x.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    print(f"database: {make_url(url).get_backend_name()}")
    print(f"load average before: {os.getloadavg()}")
    with app.app_context():
        db.create_all()
        db.session.add_all(Department(name=f"Afd {number}") for number in range(20))
        db.session.commit()
        statements = [0]

        def count(*_args) -> None:
            statements[0] += 1

        event.listen(db.engine, "before_cursor_execute", count)
        runs = (("new", ""), ("updated", " b"), ("unchanged", " b"))
        for label, suffix in runs:
            data = people_file(rows, suffix)
            statements[0] = 0
            wall, cpu = time.perf_counter(), time.process_time()
            report = import_people(data, None)
            db.session.commit()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            assert not report.problems, report.problems[:3]
            print(
                f"{label:9} {rows} rows: {wall:.2f} s wall, {cpu:.2f} s CPU, "
                f"{statements[0]} statements; created {report.created}, "
                f"updated {report.updated}, unchanged {report.unchanged}"
            )
            db.session.expunge_all()
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
