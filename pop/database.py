"""Database engine settings per backend: SQLite pragmas for safe concurrency, a PostgreSQL pool."""

import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 10_000


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL lets readers and one writer work at once; busy_timeout makes writers wait, not fail."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def engine_options(database_uri: str, pool_size: int = 4, max_overflow: int = 2) -> dict:
    """Pool settings that suit the backend; explicit SQLALCHEMY_ENGINE_OPTIONS win.

    One pool per worker process: `pool_size` should be the worker's threads (pop serve: 4).
    """
    if database_uri.startswith("postgresql"):
        return {
            "pool_pre_ping": True,
            "pool_size": pool_size,
            "max_overflow": max_overflow,
            "pool_recycle": 1800,
            "pool_timeout": 10,
        }
    return {}


def refresh_statistics(engine: Engine) -> None:
    """Give the query planner fresh statistics: without them SQLite picks indexes by the order
    they were created, which made the team view and the HR dashboard several times slower."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA analysis_limit=1000")
        connection.exec_driver_sql("ANALYZE")


def init_app(app: Flask) -> None:
    options = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"],
        pool_size=int(app.config["DB_POOL_SIZE"]),
        max_overflow=int(app.config["DB_MAX_OVERFLOW"]),
    )
    options.update(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
