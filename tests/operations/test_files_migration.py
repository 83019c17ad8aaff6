"""The migration that moves today's evidence and staged imports from instance/ into the database."""

import sqlite3

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from pop import files
from pop.models import FilePurpose
from tests.conftest import make_app

FILES_MOVED_IN = "5f3c4c2ae2e4"  # the revision that moves the files into the database
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 2000  # a few chunks' worth


def test_evidence_and_staged_imports_move_into_the_database(tmp_path):
    database = tmp_path / "move.sqlite"
    app = make_app(
        tmp_path,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
        EVIDENCE_FOLDER=str(tmp_path / "evidence"),
        CATALOGUE_IMPORT_FOLDER=str(tmp_path / "imports"),
    )
    config = Config()
    config.set_main_option("script_location", app.extensions["migrate"].directory)
    before = ScriptDirectory.from_config(config).get_revision(FILES_MOVED_IN).down_revision
    with app.app_context():
        upgrade(revision=before)
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "a1b2.pdf").write_bytes(PDF)
    (tmp_path / "evidence" / "nobody-refers-to-this.pdf").write_bytes(PDF)
    staged = tmp_path / "imports" / ("t" * 43)
    staged.mkdir(parents=True)
    (staged / ".owner").write_text("7", encoding="utf-8")
    (staged / "functie.txt").write_text("Functiebeschrijving\nAdviseur\n", encoding="utf-8")
    with sqlite3.connect(database) as connection:  # the rows as that revision had them
        connection.execute(
            "INSERT INTO user_account (id, name, email, created_at)"
            " VALUES (7, 'Sanne', 'sanne@pop.example', '2026-01-01 00:00:00')"
        )
        connection.execute(
            'INSERT INTO check_in (id, goal_id, author_id, "on", progress, note,'
            " evidence_file, evidence_name, evidence_type, created_at)"
            " VALUES (1, 1, 7, '2026-11-01', 40, '', 'a1b2.pdf', 'verslag.pdf',"
            " 'application/pdf', '2026-11-01 10:00:00')"
        )

    with app.app_context():
        upgrade(revision=FILES_MOVED_IN)
        evidence = files.find("a1b2.pdf", FilePurpose.EVIDENCE)
        assert (evidence.name, evidence.size, evidence.owner_id) == ("verslag.pdf", len(PDF), 7)
        assert files.read_all(evidence) == PDF
        assert files.find("nobody-refers-to-this.pdf", FilePurpose.EVIDENCE) is None
        upload = files.find(f"{'t' * 43}/functie.txt", FilePurpose.CATALOGUE_IMPORT)
        assert (upload.batch, upload.owner_id) == ("t" * 43, 7)
        assert files.read_all(upload) == b"Functiebeschrijving\nAdviseur\n"

        (tmp_path / "evidence" / "a1b2.pdf").unlink()
        downgrade(revision=before)
    assert (tmp_path / "evidence" / "a1b2.pdf").read_bytes() == PDF
