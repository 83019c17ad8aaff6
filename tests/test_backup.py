"""Backup and restore round trips through the CLI."""

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import Department
from tests.conftest import POSTGRES_URL, make_app


def department_names(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(Department.name)))


def round_trip(app, backup_file) -> None:
    with app.app_context():
        db.create_all()
        db.session.add(Department(name="Dienstverlening"))
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(backup_file)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.session.add(Department(name="Na de back-up"))
        db.session.execute(db.delete(Department).where(Department.name == "Dienstverlening"))
        db.session.commit()
    assert department_names(app) == ["Na de back-up"]
    result = runner.invoke(args=["restore", "--yes", str(backup_file)])
    assert result.exit_code == 0, result.output
    assert department_names(app) == ["Dienstverlening"]


def test_sqlite_backup_and_restore_round_trip(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'live.sqlite'}")
    round_trip(app, tmp_path / "backups" / "pop-backup.sqlite")


def test_restore_refuses_a_file_that_is_not_a_database(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'live.sqlite'}")
    with app.app_context():
        db.create_all()
        db.session.add(Department(name="Blijft staan"))
        db.session.commit()
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(junk)])
    assert result.exit_code != 0
    assert "not an intact SQLite database" in result.output
    assert department_names(app) == ["Blijft staan"]


@pytest.mark.skipif(not POSTGRES_URL, reason="runs in the PostgreSQL pass of the suite")
def test_postgresql_backup_and_restore_round_trip(app, tmp_path):
    round_trip(app, tmp_path / "pop-backup.dump")
    with app.app_context():
        assert db.session.scalar(select(func.count(Department.id))) == 1
