"""`/readyz`: 200 only when the database answers and its schema is at the code's revision.

`/healthz` (main) is the liveness check; a load balancer sends traffic by `/readyz`, so a node
that starts before the migrations ran, or whose database is away, gets none.
"""

from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from pop.extensions import db

bp = Blueprint("health", __name__)


@cache
def code_revisions(migrations_directory: str) -> tuple[frozenset[str], frozenset[str]]:
    """The head revisions of the migrations shipped with this code, and all their revisions."""
    config = Config()
    config.set_main_option("script_location", migrations_directory)
    script = ScriptDirectory.from_config(config)
    known = frozenset(revision.revision for revision in script.walk_revisions())
    return frozenset(script.get_heads()), known


def schema_heads() -> frozenset[str]:
    with db.engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


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
