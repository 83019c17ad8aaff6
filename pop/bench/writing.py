"""Bulk writing of generated rows: chunked INSERTs, fast SQLite writes, PostgreSQL sequences."""

from sqlalchemy import insert, text

from pop.bench.shape import (
    CHUNK_ROWS,
)
from pop.extensions import db


def insert_rows(model: type, rows: list[dict]) -> None:
    """Bulk INSERT in chunks: one executemany per chunk of rows, no ORM objects.

    The statement goes to the model's table: every row has the same keys, so each chunk is one
    executemany, without the ORM's bulk path (which drops None values and so splits a chunk into
    a statement per run of rows with the same non-None columns) and its per-row bookkeeping.
    """
    statement = insert(model.__table__)
    for start in range(0, len(rows), CHUNK_ROWS):
        db.session.execute(statement, rows[start : start + CHUNK_ROWS])


def fast_writes(*, on: bool) -> None:
    """SQLite: skip fsync while generating (a crash means generating again), then restore."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text(f"PRAGMA synchronous={'OFF' if on else 'NORMAL'}"))


def advance_sequences() -> None:
    """PostgreSQL: move each id sequence past the explicit ids the bulk inserts used."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608  (names of the models' own tables)
                f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table.name}"), false)'
            )
        )
