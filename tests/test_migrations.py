"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from pop.extensions import db


def test_migrations_match_the_models(app):
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
        downgrade(revision="base")
        upgrade()


def _check_constraints(connection) -> dict[str, set[str]]:
    inspector = inspect(connection)
    return {
        table: {check["name"] for check in inspector.get_check_constraints(table)}
        for table in inspector.get_table_names()
        if table != "alembic_version"
    }


def test_migrations_build_the_check_constraints_of_the_models(app):
    """compare_metadata does not look at CHECK constraints: compare them by name here."""
    with app.app_context():
        with db.engine.connect() as connection:
            from_models = _check_constraints(connection)
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with db.engine.connect() as connection:
            from_migrations = _check_constraints(connection)
    assert from_migrations == from_models
    assert {"ck_goal_status", "ck_goal_progress"} <= from_models["goal"]
    assert "ck_conversation_rating_score" in from_models["conversation_rating"]
