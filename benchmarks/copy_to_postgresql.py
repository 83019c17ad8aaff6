"""Copy a generated organisation from its SQLite file into an empty PostgreSQL database.

Generating 100,000 employees straight into PostgreSQL goes at ~1,000 people per 20 s; copying
the SQLite file that `make bench` generates takes minutes. The copy builds the schema from the
migrations (as the generator does for an empty database), then per table of the models:

- drops the table's plain indexes (those of no constraint), streams every row from SQLite into
  PostgreSQL's `COPY ... FROM STDIN` and builds the indexes again from their own definitions;
- foreign keys and triggers are left out while copying (`session_replication_role = replica`)
  and every foreign key is checked afterwards with one anti-join per key: a row pointing
  nowhere stops the copy;
- SQLite's values go over as PostgreSQL reads them in COPY's text form: booleans stored as 0/1,
  dates and naive UTC datetimes as ISO text, JSON as its text, NULL as NULL;

then the id sequences move past the copied ids, the row counts are compared table by table and
`VACUUM ANALYZE` gives the planner its statistics (and the visibility map, as autovacuum would).

    python -m benchmarks.copy_to_postgresql instance/bench-100000.sqlite \
        --to postgresql+psycopg://pop@127.0.0.1:55461/pop_bench

The SQLite file is opened read-only and must be of the code's schema (its .json's `schema`).
"""

import argparse
import json
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Table, func, inspect, select, text
from sqlalchemy.dialects import sqlite as sqlite_dialect

from pop.bench.generate import build_schema, schema_fingerprint
from pop.bench.writing import advance_sequences
from pop.extensions import db
from pop.models import User

FETCH_ROWS = 20_000


class CopyError(Exception):
    """The copy cannot go on: a database that is not empty, another schema, a broken row."""


def copy_organisation(source: Path, say: Callable[[str], None] = print) -> dict:
    """Copy the organisation in the SQLite file `source` into the app's PostgreSQL database
    (inside an app context); returns the rows per table and the seconds taken."""
    if db.engine.dialect.name != "postgresql":
        raise CopyError(f"the target is {db.engine.dialect.name}, not PostgreSQL")
    started = time.perf_counter()
    meta = source_meta(source)
    expected = schema_fingerprint(sqlite_dialect.dialect())
    if meta.get("schema") != expected:
        raise CopyError(
            f"{source.name} is of schema {meta.get('schema')!r}, the code's is {expected!r}: "
            "generate it again (make bench does when it is missing)"
        )
    if "user_account" in inspect(db.engine).get_table_names() and db.session.scalar(
        select(func.count(User.id))
    ):
        raise CopyError("the PostgreSQL database already holds people; copy into an empty one")
    build_schema(say)
    db.session.commit()
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    counts: dict[str, int] = {}
    try:
        connection = db.session.connection().connection.driver_connection
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SET TimeZone = 'UTC'")
        for table in db.metadata.sorted_tables:
            table_started = time.perf_counter()
            counts[table.name] = copy_table(reader, connection, table)
            if counts[table.name]:
                say(
                    f"{table.name}: {counts[table.name]} rows "
                    f"({time.perf_counter() - table_started:.1f} s)"
                )
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
        db.session.commit()
        compare_counts(reader, counts)
    finally:
        reader.close()
    say(f"copied in {time.perf_counter() - started:.1f} s; checking the foreign keys ...")
    check_foreign_keys()
    advance_sequences()
    db.session.commit()
    say(f"foreign keys hold ({time.perf_counter() - started:.1f} s); VACUUM ANALYZE ...")
    vacuum_analyze()
    seconds = time.perf_counter() - started
    say(f"done in {seconds:.1f} s")
    return {**meta, "copied_from": source.name, "copy_seconds": round(seconds, 1), "rows": counts}


def source_meta(source: Path) -> dict:
    meta_file = source.with_suffix(".json")
    if not source.exists() or not meta_file.exists():
        raise CopyError(f"{source} or its .json is missing")
    return json.loads(meta_file.read_text())


def copy_table(reader: sqlite3.Connection, connection, table: Table) -> int:
    """Stream one table from SQLite into PostgreSQL's COPY, its plain indexes built after."""
    columns = [column.name for column in table.columns]
    names = ", ".join(f'"{name}"' for name in columns)
    index_definitions = drop_plain_indexes(connection, table.name)
    rows = 0
    source = reader.execute(f'SELECT {names} FROM "{table.name}"')
    with connection.cursor() as cursor:
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            while batch := source.fetchmany(FETCH_ROWS):
                for row in batch:
                    copy.write_row(row)
                rows += len(batch)
        for definition in index_definitions:
            cursor.execute(definition)
    return rows


def drop_plain_indexes(connection, table_name: str) -> list[str]:
    """Drop the table's indexes that back no constraint; their CREATE statements, to rebuild."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = %s AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            (table_name,),
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


def compare_counts(reader: sqlite3.Connection, counts: dict[str, int]) -> None:
    """Each table holds as many rows in PostgreSQL as in SQLite."""
    for name, copied in counts.items():
        stored = db.session.scalar(text(f'SELECT count(*) FROM "{name}"'))
        (in_sqlite,) = reader.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        if not stored == copied == in_sqlite:
            raise CopyError(f"{name}: {in_sqlite} rows in SQLite, {stored} in PostgreSQL")


def check_foreign_keys() -> None:
    """Every foreign key of the models points at a row: one anti-join per key."""
    for table in db.metadata.sorted_tables:
        for key in table.foreign_key_constraints:
            pairs = [(element.parent.name, element.column.name) for element in key.elements]
            target = key.referred_table.name
            present = " AND ".join(f'c."{child}" IS NOT NULL' for child, _ in pairs)
            joined = " AND ".join(f'p."{parent}" = c."{child}"' for child, parent in pairs)
            dangling = db.session.scalar(
                text(
                    f'SELECT count(*) FROM "{table.name}" c WHERE {present} '
                    f'AND NOT EXISTS (SELECT 1 FROM "{target}" p WHERE {joined})'
                )
            )
            if dangling:
                columns = ", ".join(child for child, _ in pairs)
                raise CopyError(f"{table.name}.{columns}: {dangling} rows point at no {target}")


def vacuum_analyze() -> None:
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def main(argv: list[str] | None = None) -> int:
    from benchmarks.pages import bench_app

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a generated organisation: bench-N.sqlite")
    parser.add_argument("--to", required=True, help="postgresql+psycopg://… of an empty database")
    options = parser.parse_args(argv)
    app = bench_app(options.to)
    with app.app_context():
        try:
            copy_organisation(options.source, lambda line: print(line, flush=True))
        except CopyError as error:
            print(f"ERROR: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
