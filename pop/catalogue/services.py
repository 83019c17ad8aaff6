"""HR corrections to the catalogue, and the uploads waiting for HR to confirm their import.

Every correction is audited and only flushed: the view commits. A correction changes nothing
and records nothing when the value is already what HR asked for.
"""

import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from pop import audit
from pop.catalogue.importer import ImportSummary, document_files, import_file
from pop.extensions import db
from pop.models import Competency, FunctionFamily, FunctionLevel, JobFunction, User


class CompetencyNameTaken(ValueError):
    """Competency names are unique across the library."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def rename_function(actor: User, function: JobFunction, title: str) -> dict:
    before = {"title": function.title}
    function.title = _clean(title) or None
    return _audited(actor, "function_renamed", function, before, {"title": function.title})


def family_named(actor: User, name: str) -> FunctionFamily:
    """The family called `name` (case and spacing ignored), created when there is none."""
    name = _clean(name)
    family = db.session.scalar(
        select(FunctionFamily).where(func.lower(FunctionFamily.name) == name.lower())
    )
    if family is None:
        family = FunctionFamily(name=name)
        db.session.add(family)
        db.session.flush()
        audit.record(actor, "function_family_created", family, changes={"name": [None, name]})
    return family


def set_family(actor: User, function: JobFunction, family: FunctionFamily | str | None) -> dict:
    """Put a function in a family: an existing one, one named (made if new), or none."""
    if isinstance(family, str):
        family = family_named(actor, family) if _clean(family) else None
    before = {"family": function.family.name if function.family else None}
    function.family = family
    after = {"family": family.name if family else None}
    return _audited(actor, "function_family_set", function, before, after)


def name_competency(actor: User, competency: Competency, name: str) -> dict:
    """Give a competency its name; raises CompetencyNameTaken when another one has it."""
    name = _clean(name)
    taken = db.session.scalar(
        select(Competency.id).where(
            func.lower(Competency.name) == name.lower(), Competency.id != competency.id
        )
    )
    if taken is not None:
        raise CompetencyNameTaken(name)
    before = {"name": competency.name}
    competency.name = name or None
    return _audited(actor, "competency_named", competency, before, {"name": competency.name})


def correct_level(actor: User, level: FunctionLevel, name: str, scale: str) -> dict:
    before = {"name": level.name, "scale": level.scale}
    level.name = _clean(name)
    level.scale = _clean(scale)
    after = {"name": level.name, "scale": level.scale}
    return _audited(actor, "function_level_corrected", level, before, after)


def _audited(actor: User, action: str, obj: object, before: dict, after: dict) -> dict:
    changes = audit.diff(before, after)
    if changes:
        db.session.flush()
        audit.record(actor, action, obj, changes=changes)
    return changes


# --- uploads waiting for confirmation ----------------------------------------------------------

UPLOAD_SUFFIXES = (".txt", ".toml")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
_OWNER_FILE = ".owner"
STALE_AFTER_SECONDS = 24 * 60 * 60


def uploads_root() -> Path:
    """Where uploads wait: CATALOGUE_IMPORT_FOLDER, by default instance/imports."""
    configured = current_app.config.get("CATALOGUE_IMPORT_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "imports"


def upload_name(upload: FileStorage) -> str:
    """The name an uploaded file is stored and imported under ('' when nothing is left)."""
    return secure_filename(upload.filename or "")


@dataclass
class PendingImport:
    """Uploaded documents (and sidecars) kept on the server under an unguessable token."""

    token: str
    folder: Path

    def documents(self) -> list[Path]:
        return document_files(self.folder)

    def preview(self, actor: User) -> list[ImportSummary]:
        """Read every document as the import would, storing nothing."""
        return [import_file(path, actor=actor, dry_run=True) for path in self.documents()]

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def stash_uploads(owner: User, uploads: list[FileStorage]) -> PendingImport:
    """Store the uploaded files under a new random token, readable only by their uploader."""
    root = uploads_root()
    _remove_stale(root)
    token = secrets.token_urlsafe(32)
    folder = root / token
    folder.mkdir(parents=True)
    (folder / _OWNER_FILE).write_text(str(owner.id), encoding="utf-8")
    for upload in uploads:
        upload.save(folder / upload_name(upload))
    return PendingImport(token, folder)


def pending_import(owner: User, token: str) -> PendingImport | None:
    """The uploads under `token` if `owner` made them; None for anything else."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    folder = uploads_root() / token
    try:
        stored_owner = (folder / _OWNER_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if stored_owner != str(owner.id):
        return None
    return PendingImport(token, folder)


def _remove_stale(root: Path) -> None:
    """Uploads nobody confirmed are dropped after a day."""
    if not root.is_dir():
        return
    cutoff = time.time() - STALE_AFTER_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and _TOKEN.fullmatch(folder.name) and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
