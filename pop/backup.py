"""Backups: SQLite through its online backup API (safe while POP runs); PostgreSQL: pg_dump.

Evidence and staged imports live in the database, so a backup holds them too. The PostgreSQL
password goes to pg_dump and pg_restore in a password file of their own, never on a command
line where `ps` would show it.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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
    """The URL for libpq, without its password (that goes into the password file)."""
    url = make_url(database_uri).set(drivername="postgresql")._replace(password=None)
    return url.render_as_string(hide_password=False)


def _escaped(value: object) -> str:
    return str(value).replace("\\", "\\\\").replace(":", "\\:")


@contextmanager
def _password_file(database_uri: str) -> Iterator[dict[str, str]]:
    """The environment for pg_dump/pg_restore: PGPASSFILE naming a private temporary file."""
    url = make_url(database_uri)
    environment = dict(os.environ)
    if not url.password:
        yield environment
        return
    with tempfile.TemporaryDirectory(prefix="pop-pgpass-") as folder:
        path = Path(folder) / "pgpass"
        line = ":".join(
            _escaped(part)
            for part in (url.host or "*", url.port or "*", url.database or "*", url.username or "*")
        )
        path.touch(mode=0o600)
        path.write_text(f"{line}:{_escaped(url.password)}\n", encoding="utf-8")
        environment["PGPASSFILE"] = str(path)
        yield environment


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
            database_uri,
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--file={target}",
                _libpq_url(database_uri),
            ],
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
            database_uri,
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                f"--dbname={_libpq_url(database_uri)}",
                str(source),
            ],
        )
        return
    raise BackupError(f"no restore method for {make_url(database_uri).drivername}")


def _run(database_uri: str, command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    with _password_file(database_uri) as environment:
        result = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, check=False, env=environment
        )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")
