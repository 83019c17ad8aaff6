"""`/readyz` answers 200 only when the schema is at the code's revision; `/healthz` is liveness."""

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from tests.conftest import make_app


def _revisions(app) -> tuple[str, str]:
    config = Config()
    config.set_main_option("script_location", app.extensions["migrate"].directory)
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    return head, script.get_revision(head).down_revision


def test_readyz_is_503_while_the_schema_is_behind_the_code(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'ready.sqlite'}")
    client = app.test_client()
    head, previous = _revisions(app)

    empty = client.get("/readyz")
    assert empty.status_code == 503
    assert empty.json["schema"] == "behind"

    with app.app_context():
        upgrade(revision=previous)
    behind = client.get("/readyz")
    assert behind.status_code == 503
    assert behind.json == {
        "status": "unavailable",
        "database": "ok",
        "schema": "behind",
        "schema_revision": [previous],
        "code_revision": [head],
    }
    assert client.get("/healthz").status_code == 200  # alive, just not ready

    with app.app_context():
        upgrade()
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json == {"status": "ok", "database": "ok", "schema": "current"}


def test_readyz_says_ahead_when_newer_code_migrated_the_database(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'ahead.sqlite'}")
    with app.app_context():
        upgrade()
        from pop.extensions import db

        with db.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'f00dfeed0001'")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["schema"] == "ahead"
