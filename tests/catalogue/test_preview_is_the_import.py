"""The dry run and the web preview are the import rehearsed: they report what it then does."""

import dataclasses
import io
import shutil

import pytest
from werkzeug.datastructures import FileStorage

from pop import PROJECT_ROOT
from pop.catalogue import services
from pop.catalogue.changes import ADOPT, ADOPTED, KEPT_APART, NEW, SAME, Choices
from pop.catalogue.importer import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportSummary,
    import_file,
    import_path,
)
from pop.extensions import db
from pop.models import User
from tests.catalogue.test_competency_versions import other_document
from tests.catalogue.test_importer import row_counts

SEED = PROJECT_ROOT / "seeds" / "functions" / "000_86635a2c460ee1b5.txt"


def reported(summary: ImportSummary) -> dict:
    """Everything a summary says but the id of a function the rehearsal rolled back."""
    return {
        key: value
        for key, value in dataclasses.asdict(summary).items()
        if key != "function_id" or summary.status != CREATED
    }


def changed_seed() -> bytes:
    text = SEED.read_text(encoding="utf-8")
    assert "Zorgdragen voor goede public relations" in text
    return text.replace(
        "Zorgdragen voor goede public relations", "Zorgdragen voor goede contacten met de pers"
    ).encode("utf-8")


def folder_for(tmp_path, case: str):
    """The document(s) of one case, in a folder of their own, as an upload or a path gives them."""
    folder = tmp_path / case
    folder.mkdir()
    sidecar = SEED.with_suffix(".toml")
    if case in ("unchanged", "updated"):
        shutil.copy(sidecar, folder / sidecar.name)
        if case == "unchanged":
            shutil.copy(SEED, folder / SEED.name)
        else:
            (folder / SEED.name).write_bytes(changed_seed())
    elif case == "new":
        (folder / "baliemedewerker.txt").write_bytes(
            other_document("Samen met anderen werken.", name="Samenwerken")
        )
    elif case == "conflicting":
        (folder / "baliemedewerker.txt").write_bytes(other_document())
        (folder / "frontoffice.txt").write_bytes(other_document("Weer een andere tekst."))
    return folder


@pytest.fixture
def seeded(app):
    with app.app_context():
        [summary] = import_path(SEED, actor=None)
        assert summary.status == CREATED


EXPECTED = {
    "new": ([CREATED], [{NEW}], [{NEW}]),
    "unchanged": ([UNCHANGED], [{SAME}], [{SAME}]),
    "updated": ([UPDATED], [{SAME}], [{SAME}]),
    # Each document of the upload sees the one before it, as the import does.
    "conflicting": ([CREATED, CREATED], [{KEPT_APART}, {KEPT_APART}], [{ADOPTED}, {ADOPTED}]),
}


@pytest.mark.parametrize("case", list(EXPECTED))
def test_dry_run_reports_exactly_what_the_import_then_does(app, seeded, tmp_path, case):
    folder = folder_for(tmp_path, case)
    with app.app_context():
        before = row_counts()
        rehearsed = import_path(folder, actor=None, dry_run=True)
        assert row_counts() == before
        done = import_path(folder, actor=None)
        assert [reported(summary) for summary in rehearsed] == [reported(s) for s in done]
        statuses, outcomes, _adopted = EXPECTED[case]
        assert [summary.status for summary in done] == statuses
        assert [{c.outcome for c in summary.competency_changes} for summary in done] == outcomes


@pytest.mark.parametrize("case", list(EXPECTED))
def test_web_preview_reports_exactly_what_the_confirmed_import_then_does(
    app, org, seeded, tmp_path, case
):
    folder = folder_for(tmp_path, case)
    with app.test_request_context():
        hr = db.session.get(User, org.hr)
        uploads = [
            FileStorage(stream=io.BytesIO(path.read_bytes()), filename=path.name)
            for path in sorted(folder.iterdir())
        ]
        pending = services.stash_uploads(hr, uploads)
        before = row_counts()
        adopt_first = {path.name: {1: ADOPT} for path in folder.iterdir()}
        choices = Choices(by_file=adopt_first) if case == "conflicting" else None
        previewed = pending.preview(hr, choices)
        assert row_counts() == before
        done = []
        with pending.documents() as paths:  # as the confirmation does, one transaction per file
            for path in paths:
                done.append(import_file(path, actor=hr, choices=choices))
                db.session.commit()
        assert [reported(summary) for summary in previewed] == [reported(s) for s in done]
        statuses, _kept_apart, outcomes = EXPECTED[case]
        assert [summary.status for summary in done] == statuses
        assert [{c.outcome for c in summary.competency_changes} for summary in done] == outcomes


@pytest.mark.parametrize("case", list(EXPECTED))
@pytest.mark.parametrize("adopt", [(), ("--adopt", "Klantgerichtheid")], ids=["default", "adopt"])
def test_the_cli_dry_run_prints_exactly_what_the_import_then_prints(
    app, runner, seeded, tmp_path, case, adopt
):
    folder = folder_for(tmp_path, case)
    with app.app_context():
        before = row_counts()
    dry = runner.invoke(args=["catalogue", "import", "--dry-run", *adopt, str(folder)])
    assert dry.exit_code == 0, dry.output
    with app.app_context():
        assert row_counts() == before
    done = runner.invoke(args=["catalogue", "import", *adopt, str(folder)])
    assert done.exit_code == 0, done.output
    assert dry.stdout.count(" (dry run): ") == len(EXPECTED[case][0])
    assert done.stdout == dry.stdout.replace(" (dry run)", "")
    statuses = [line.split(": ")[1] for line in done.stdout.splitlines() if not line[0].isspace()]
    assert statuses == EXPECTED[case][0]
