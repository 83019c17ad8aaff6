"""Backups: SQLite through its online backup API (safe while POP runs); PostgreSQL: pg_dump."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def _sqlite_file(database_uri: str) -> Path:
    url = make_url(database_uri)
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _libpq_url(database_uri: str) -> str:
    return make_url(database_uri).set(drivername="postgresql").render_as_string(hide_password=False)


def backup(database_uri: str, target: Path) -> Path:
    """Write a consistent copy of the database to `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if database_uri.startswith("sqlite"):
        with (
            sqlite3.connect(_sqlite_file(database_uri)) as source,
            sqlite3.connect(target) as copy,
        ):
            source.backup(copy)
        return target
    if database_uri.startswith("postgresql"):
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--file={target}",
                _libpq_url(database_uri),
            ]
        )
        return target
    raise BackupError(f"no backup method for {make_url(database_uri).drivername}")


def restore(database_uri: str, source: Path) -> None:
    """Replace the database's contents with the backup at `source`."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    if database_uri.startswith("sqlite"):
        with sqlite3.connect(source) as backup_file:
            try:
                intact = backup_file.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            except sqlite3.DatabaseError:
                intact = False
            if not intact:
                raise BackupError(f"{source} is not an intact SQLite database")
            with sqlite3.connect(_sqlite_file(database_uri)) as live:
                backup_file.backup(live)
        return
    if database_uri.startswith("postgresql"):
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                f"--dbname={_libpq_url(database_uri)}",
                str(source),
            ]
        )
        return
    raise BackupError(f"no restore method for {make_url(database_uri).drivername}")


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")
