"""Backup and restore round trips through the CLI."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from pop import files
from pop.backup import _libpq_url, _password_file
from pop.extensions import db
from pop.models import Department, FilePurpose
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


def test_a_backup_holds_the_evidence_files(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'files.sqlite'}")
    with app.app_context():
        db.create_all()
        files.store(
            [b"%PDF-1.4 bewijs"],
            purpose=FilePurpose.EVIDENCE,
            name="b.pdf",
            content_type="application/pdf",
            token="b1.pdf",
        )
        db.session.commit()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path / "b.sqlite")]).exit_code == 0
    with app.app_context():
        files.delete_by_token(["b1.pdf"])
        db.session.commit()
    assert runner.invoke(args=["restore", "--yes", str(tmp_path / "b.sqlite")]).exit_code == 0
    with app.app_context():
        assert files.read_all(files.find("b1.pdf", FilePurpose.EVIDENCE)) == b"%PDF-1.4 bewijs"


def test_the_postgresql_password_goes_into_a_password_file_not_the_command_line():
    uri = "postgresql+psycopg://pop:s3cr:et@db.example:5433/pop"
    assert "s3cr" not in _libpq_url(uri)
    assert _libpq_url(uri) == "postgresql://pop@db.example:5433/pop"
    with _password_file(uri) as environment:
        passfile = Path(environment["PGPASSFILE"])
        assert passfile.read_text(encoding="utf-8") == "db.example:5433:pop:pop:s3cr\\:et\n"
        assert passfile.stat().st_mode & 0o777 == 0o600
    assert not passfile.exists()
