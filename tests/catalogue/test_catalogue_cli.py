"""`flask catalogue import`: a summary per file, --dry-run, and the exit code."""

import shutil

from sqlalchemy import func, select

from pop import PROJECT_ROOT
from pop.extensions import db
from pop.models import Competency, JobFunction

SEED = PROJECT_ROOT / "seeds" / "functions" / "000_86635a2c460ee1b5.txt"


def count_functions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(JobFunction.id)))


def test_import_prints_a_summary_per_file_and_exits_0(app, runner, tmp_path):
    shutil.copy(SEED, tmp_path / SEED.name)
    shutil.copy(SEED.with_suffix(".toml"), tmp_path / SEED.with_suffix(".toml").name)
    result = runner.invoke(args=["catalogue", "import", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (
        f"{SEED.name}: created: 11 result areas, 4 competencies, 24 indicators, "
        "24 questions, 35 tips" in result.stdout
    )
    assert count_functions(app) == 1


def test_import_again_reports_unchanged(app, runner):
    runner.invoke(args=["catalogue", "import", str(SEED)])
    result = runner.invoke(args=["catalogue", "import", str(SEED)])
    assert result.exit_code == 0
    assert f"{SEED.name}: unchanged:" in result.stdout
    assert count_functions(app) == 1


def test_import_prints_the_warnings_of_a_document_without_sidecar(runner, tmp_path):
    shutil.copy(SEED, tmp_path / SEED.name)
    result = runner.invoke(args=["catalogue", "import", str(tmp_path / SEED.name)])
    assert result.exit_code == 0
    assert "warning: regel 166: competentie 1 heeft geen naam" in result.stdout


def test_dry_run_stores_nothing(app, runner):
    result = runner.invoke(args=["catalogue", "import", "--dry-run", str(SEED)])
    assert result.exit_code == 0
    assert f"{SEED.name}: created (dry run):" in result.stdout
    assert count_functions(app) == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(Competency.id))) == 0


def test_a_failed_file_gives_exit_code_1_and_the_others_still_import(app, runner, tmp_path):
    shutil.copy(SEED, tmp_path / SEED.name)
    (tmp_path / "leeg.txt").write_bytes(b"")
    result = runner.invoke(args=["catalogue", "import", str(tmp_path)])
    assert result.exit_code == 1
    assert "leeg.txt: FAILED: leeg.txt, regel 1: het document is leeg" in result.stderr
    assert f"{SEED.name}: created:" in result.stdout
    assert count_functions(app) == 1


def test_a_missing_path_is_refused(runner, tmp_path):
    result = runner.invoke(args=["catalogue", "import", str(tmp_path / "bestaat-niet.txt")])
    assert result.exit_code == 2


def test_a_differing_shared_competency_is_kept_apart_with_a_warning_unless_adopted(
    app, runner, tmp_path
):
    from tests.catalogue.test_competency_versions import OTHER_TEXT, other_document

    runner.invoke(args=["catalogue", "import", str(SEED)])
    document = tmp_path / "baliemedewerker.txt"
    document.write_bytes(other_document())

    dry = runner.invoke(args=["catalogue", "import", "--dry-run", str(document)])
    assert dry.exit_code == 0, dry.output
    assert "competency 1 'Klantgerichtheid': kept apart for this function" in dry.stdout
    assert "stored text used by: Accountmanager dienstverlening" in dry.stdout
    assert f"+ description: {OTHER_TEXT}" in dry.stdout
    assert "+ tip: Loop een dag mee aan de balie." in dry.stdout
    assert "--adopt 'Klantgerichtheid'" in dry.stdout
    assert "warning: competentie 'Klantgerichtheid' wijkt af" in dry.stdout

    kept = runner.invoke(args=["catalogue", "import", str(document)])
    assert kept.stdout == dry.stdout.replace(" (dry run)", "")
    with app.app_context():
        texts = db.session.scalars(
            select(Competency.description).where(Competency.name == "Klantgerichtheid")
        ).all()
        assert len(texts) == 2

    adopted = runner.invoke(
        args=["catalogue", "import", "--adopt", "klantgerichtheid", str(document)]
    )
    assert adopted.exit_code == 0, adopted.output
    assert "new version adopted for every function" in adopted.stdout
    assert "warning: competentie" not in adopted.stdout
    with app.app_context():
        current = db.session.scalars(
            select(Competency.description).where(
                Competency.name == "Klantgerichtheid", Competency.retired_at.is_(None)
            )
        ).all()
        assert current == [OTHER_TEXT]


def test_adopt_and_keep_apart_for_one_name_is_refused(runner):
    result = runner.invoke(
        args=["catalogue", "import", "--adopt", "X", "--keep-apart", "x", str(SEED)]
    )
    assert result.exit_code == 2
    assert "both --adopt and --keep-apart for: x" in result.output
