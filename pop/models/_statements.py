"""What the models' session events share: an upsert in either database, and bulk statements.

A bulk INSERT, UPDATE or DELETE (`session.execute(update(...))`) goes around the unit of work, so
the flush events never see it. `before_commit_after_bulk` runs a handler once, just before the
transaction commits, when a bulk statement touched one of its tables; a rollback forgets it.
"""

from collections.abc import Callable, Iterable

from sqlalchemy import Connection, Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

_TOUCHED = "tables_touched_by_bulk_statements"
_HANDLERS: list[tuple[frozenset[str], Callable[[Session], None]]] = []


def dialect_insert(connection: Connection, table: Table):
    """INSERT of the connection's own dialect, which has `on_conflict_do_update`."""
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    return dialect.insert(table)


def before_commit_after_bulk(tables: Iterable[str], handler: Callable[[Session], None]) -> None:
    """Run `handler(session)` before a commit whose transaction ran a bulk statement on `tables`."""
    _HANDLERS.append((frozenset(tables), handler))


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        name = getattr(getattr(state.statement, "table", None), "name", None)
        if name is not None:
            state.session.info.setdefault(_TOUCHED, set()).add(name)


@event.listens_for(Session, "before_commit")
def _run_handlers(session: Session) -> None:
    touched = session.info.pop(_TOUCHED, None)
    if touched:
        for tables, handler in _HANDLERS:
            if tables & touched:
                handler(session)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_TOUCHED, None)
