"""Evidence files: checked for size, name and type while they stream into the database.

Every node sees them; a file is known by a random stored name (CheckIn.evidence_file).
"""

import codecs
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from pop import files
from pop.extensions import db
from pop.files import read_in_chunks
from pop.models import FilePurpose, StoredFile
from pop.plan.services import PlanError

# What a file must start with to be what its extension says (Office formats are zip files).
SIGNATURES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "txt": ("text/plain", ()),
}


@dataclass
class StoredEvidence:
    stored_name: str
    original_name: str
    content_type: str


def _checked_name(upload: FileStorage) -> str:
    """The upload's extension; PlanError when its name or type may not be stored."""
    name = upload.filename or ""
    if any(part in name for part in ("/", "\\", "..")) or name.startswith(".") or "\x00" in name:
        raise PlanError(_("De bestandsnaam mag geen map of pad bevatten."))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in SIGNATURES:
        raise PlanError(
            _(
                "Dit soort bestand wordt niet aangenomen. Toegestaan: %(types)s.",
                types=", ".join(sorted(SIGNATURES)),
            )
        )
    return extension


def _checked_chunks(upload: FileStorage, extension: str) -> Iterator[bytes]:
    """The upload's content in chunks, checked while it streams: size, signature, UTF-8."""
    limit = current_app.config["EVIDENCE_MAX_BYTES"]
    signatures = SIGNATURES[extension][1]
    text = codecs.getincrementaldecoder("utf-8")() if extension == "txt" else None
    size = 0
    for chunk in read_in_chunks(upload.stream):
        if size == 0 and signatures and not chunk.startswith(signatures):
            raise PlanError(
                _("De inhoud van het bestand past niet bij de extensie .%(ext)s.", ext=extension)
            )
        size += len(chunk)
        if size > limit:
            raise PlanError(
                _("Het bestand is te groot: maximaal %(size)s MB.", size=f"{limit / 1_000_000:g}")
            )
        if text is not None:
            _decode(text, chunk)
        yield chunk
    if size == 0:
        raise PlanError(_("Het bestand is leeg."))
    if text is not None:
        _decode(text, b"", final=True)


def _decode(decoder: codecs.IncrementalDecoder, chunk: bytes, final: bool = False) -> None:
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError:
        raise PlanError(_("Een tekstbestand moet UTF-8 zijn.")) from None


def store_upload(upload: FileStorage) -> StoredEvidence:
    """Check the file while it streams into the database, and commit it on its own.

    The check-in that refers to it is committed after (and may be retried); when that fails,
    the caller discards the file again.
    """
    try:
        extension = _checked_name(upload)
        content_type = SIGNATURES[extension][0]
        original = Path(upload.filename or f"bewijs.{extension}").name[:255]
        try:
            stored = files.store(
                _checked_chunks(upload, extension),
                purpose=FilePurpose.EVIDENCE,
                name=original,
                content_type=content_type,
                owner_id=current_user.id if current_user.is_authenticated else None,
                token=f"{secrets.token_hex(16)}.{extension}",
            )
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    finally:
        upload.close()
    return StoredEvidence(stored.token, original, content_type)


def find(stored_name: str) -> StoredFile | None:
    return files.find(stored_name, FilePurpose.EVIDENCE)


def discard(stored: StoredEvidence | None) -> None:
    """Remove a stored upload whose check-in was not saved."""
    if stored is not None:
        discard_names([stored.stored_name])
        db.session.commit()


def discard_names(stored_names: list[str]) -> None:
    """Remove evidence by stored name, in the caller's transaction."""
    files.delete_by_token(stored_names)
