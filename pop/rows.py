"""Read-only statements run as plain rows: for pages that show many rows and change none."""

from sqlalchemy import Row, Select

from pop.extensions import db


def rows_of(statement: Select, **parameters) -> list[Row]:
    """The rows of a read-only Core statement built once at import, run on the session's own
    connection (its transaction): neither building the statement again nor the ORM session's
    per-statement work, which on a page of rows cost more than the query itself. The rows are
    fetched at once, not one call per row."""
    return db.session.connection().execute(statement, parameters).all()
