"""`/readyz` answers 200 only when the schema is at the code's revision; `/healthz` is liveness."""

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from pop.observability.health import code_revisions
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


def test_the_code_revisions_are_alembics_heads_and_revisions(app):
    directory = app.extensions["migrate"].directory
    config = Config()
    config.set_main_option("script_location", directory)
    script = ScriptDirectory.from_config(config)
    heads, known = code_revisions(directory)
    assert heads == frozenset(script.get_heads())
    assert known == frozenset(revision.revision for revision in script.walk_revisions())


def _revision_file(versions, revision, down_revision, annotated=False) -> None:
    down = repr(down_revision)
    assignments = (
        f"revision: str = {revision!r}\ndown_revision: str | tuple | None = {down}\n"
        if annotated
        else f"revision = {revision!r}\ndown_revision = {down}\n"
    )
    (versions / f"{revision}_step.py").write_text(f'"""A step."""\n{assignments}\n')


def test_a_merge_revision_joins_its_parents_and_two_branches_are_two_heads(tmp_path):
    versions = tmp_path / "merged" / "versions"
    versions.mkdir(parents=True)
    _revision_file(versions, "a1", None)
    _revision_file(versions, "b2", "a1")
    _revision_file(versions, "c3", "a1", annotated=True)
    (versions / "notes.py").write_text("# not a revision\n")
    assert code_revisions(str(tmp_path / "merged")) == (
        frozenset({"b2", "c3"}),
        frozenset({"a1", "b2", "c3"}),
    )
    _revision_file(versions, "d4", ("b2", "c3"))
    code_revisions.cache_clear()
    assert code_revisions(str(tmp_path / "merged"))[0] == frozenset({"d4"})


def test_the_db_commands_reach_flask_migrate_when_the_command_line_asks(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'cli.sqlite'}")
    runner = app.test_cli_runner()
    assert "upgrade" in runner.invoke(args=["db", "--help"]).output
    assert app.test_client().get("/readyz").status_code == 503
    upgraded = runner.invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert app.test_client().get("/readyz").status_code == 200
