"""HR corrections to the catalogue, and the uploads waiting for HR to confirm their import.

Every correction is audited and only flushed: the view commits. A correction changes nothing
and records nothing when the value is already what HR asked for.
"""

import re
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from pop import audit, files
from pop.catalogue.changes import Choices
from pop.catalogue.importer import ImportSummary, document_files, rehearse
from pop.extensions import db
from pop.models import (
    Competency,
    FilePurpose,
    FunctionFamily,
    FunctionLevel,
    JobFunction,
    StoredFile,
    User,
)
from pop.models._time import utcnow


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
# Kept in the database (pop.files), so that a preview on one node is confirmed on another.

UPLOAD_SUFFIXES = (".txt", ".toml")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
STALE_AFTER = timedelta(days=1)


def upload_name(upload: FileStorage) -> str:
    """The name an uploaded file is stored and imported under ('' when nothing is left)."""
    return secure_filename(upload.filename or "")


@dataclass
class PendingImport:
    """Uploaded documents (and sidecars) kept under an unguessable token for their uploader."""

    token: str
    owner_id: int

    def _files(self) -> list[StoredFile]:
        return list(
            db.session.scalars(
                select(StoredFile)
                .where(
                    StoredFile.purpose == FilePurpose.CATALOGUE_IMPORT.value,
                    StoredFile.batch == self.token,
                    StoredFile.owner_id == self.owner_id,
                )
                .order_by(StoredFile.name)
            )
        )

    @contextmanager
    def documents(self) -> Iterator[list[Path]]:
        """The documents as files in a folder of this request's own, for the importer."""
        with tempfile.TemporaryDirectory(prefix="pop-import-") as folder:
            for stored in self._files():
                with (Path(folder) / stored.name).open("wb") as target:
                    for chunk in files.content(stored):
                        target.write(chunk)
            yield document_files(Path(folder))

    def preview(self, actor: User, choices: Choices | None = None) -> list[ImportSummary]:
        """The import of every document, rehearsed and rolled back: exactly what it will do."""
        with self.documents() as paths:
            return rehearse(paths, actor=actor, choices=choices)

    def discard(self) -> None:
        files.delete_files([stored.id for stored in self._files()])
        db.session.commit()


def stash_uploads(owner: User, uploads: list[FileStorage]) -> PendingImport:
    """Store the uploaded files under a new random token, readable only by their uploader."""
    _remove_stale()
    token = secrets.token_urlsafe(32)
    for upload in uploads:
        files.store(
            files.read_in_chunks(upload.stream),
            purpose=FilePurpose.CATALOGUE_IMPORT,
            name=upload_name(upload),
            content_type=upload.mimetype or "text/plain",
            owner_id=owner.id,
            batch=token,
        )
    db.session.commit()
    return PendingImport(token, owner.id)


def pending_import(owner: User, token: str) -> PendingImport | None:
    """The uploads under `token` if `owner` made them; None for anything else."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    pending = PendingImport(token, owner.id)
    return pending if pending._files() else None


def _remove_stale() -> None:
    """Uploads nobody confirmed are dropped after a day."""
    stale = db.session.scalars(
        select(StoredFile.id).where(
            StoredFile.purpose == FilePurpose.CATALOGUE_IMPORT.value,
            StoredFile.created_at < utcnow() - STALE_AFTER,
        )
    ).all()
    files.delete_files(list(stale))
