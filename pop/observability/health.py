"""`/readyz`: 200 only when the database answers and its schema is at the code's revision.

`/healthz` (main) is the liveness check; a load balancer sends traffic by `/readyz`, so a node
that starts before the migrations ran, or whose database is away, gets none. The check reads
the revision files and the `alembic_version` table itself: a web worker never imports Alembic.
"""

import ast
from functools import cache
from pathlib import Path

from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from pop.extensions import db

bp = Blueprint("health", __name__)

VERSION_TABLE = "alembic_version"  # Alembic's default; migrations/env.py keeps it
REVISION_NAMES = ("revision", "down_revision")


def _identifiers(source: str) -> dict[str, object]:
    """The module-level `revision` and `down_revision` of a revision file, as literals."""
    found = {}
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in REVISION_NAMES:
            found[target.id] = ast.literal_eval(value)
    return found


def _as_set(down_revision: object) -> set[str]:
    if down_revision is None:
        return set()
    if isinstance(down_revision, str):
        return {down_revision}
    return set(down_revision)  # a merge revision's tuple


@cache
def code_revisions(migrations_directory: str) -> tuple[frozenset[str], frozenset[str]]:
    """The head revisions of the migrations shipped with this code, and all their revisions:
    a head is a revision that no other revision names as its down_revision."""
    known, parents = set(), set()
    for path in sorted(Path(migrations_directory, "versions").glob("*.py")):
        identifiers = _identifiers(path.read_text(encoding="utf-8"))
        if "revision" not in identifiers:
            continue  # not a revision (Alembic skips such files too)
        known.add(identifiers["revision"])
        parents |= _as_set(identifiers.get("down_revision"))
    return frozenset(known - parents), frozenset(known)


def schema_heads() -> frozenset[str]:
    """The revisions the database is at: none before the first migration."""
    with db.engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return frozenset()
        rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))  # noqa: S608
        return frozenset(rows.scalars())


@bp.get("/readyz")
def ready():
    expected, known = code_revisions(str(Path(current_app.extensions["migrate"].directory)))
    try:
        current = schema_heads()
    except SQLAlchemyError as error:
        current_app.logger.warning(
            "readiness: database unreachable", extra={"error": error.__class__.__name__}
        )
        return jsonify(status="unavailable", database="unreachable"), 503, {"Retry-After": "10"}
    if current != expected:
        return jsonify(
            status="unavailable",
            database="ok",
            # A revision the code does not know: the database was migrated by newer code.
            schema="behind" if current <= known else "ahead",
            schema_revision=sorted(current),
            code_revision=sorted(expected),
        ), 503
    return jsonify(status="ok", database="ok", schema="current")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
