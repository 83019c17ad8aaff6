"""Evidence files: checked for size, name and type, stored under instance/ with a random name."""

import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

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


def evidence_folder() -> Path:
    folder = Path(
        current_app.config.get("EVIDENCE_FOLDER") or Path(current_app.instance_path) / "evidence"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_upload(upload: FileStorage) -> tuple[bytes, str, str]:
    """The file's bytes, extension and content type; PlanError when it may not be stored."""
    try:
        return _checked(upload)
    finally:
        upload.close()


def _checked(upload: FileStorage) -> tuple[bytes, str, str]:
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
    limit = current_app.config["EVIDENCE_MAX_BYTES"]
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise PlanError(
            _("Het bestand is te groot: maximaal %(size)s MB.", size=f"{limit / 1_000_000:g}")
        )
    if not data:
        raise PlanError(_("Het bestand is leeg."))
    content_type, signatures = SIGNATURES[extension]
    if signatures and not data.startswith(signatures):
        raise PlanError(
            _("De inhoud van het bestand past niet bij de extensie .%(ext)s.", ext=extension)
        )
    if extension == "txt":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise PlanError(_("Een tekstbestand moet UTF-8 zijn.")) from None
    return data, extension, content_type


def store_upload(upload: FileStorage) -> StoredEvidence:
    """Check and write the file; the caller deletes it again if its transaction fails."""
    data, extension, content_type = check_upload(upload)
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    (evidence_folder() / stored_name).write_bytes(data)
    original = Path(upload.filename or f"bewijs.{extension}").name[:255]
    return StoredEvidence(stored_name, original, content_type)


def evidence_path(stored_name: str) -> Path:
    return evidence_folder() / stored_name


def discard(stored: StoredEvidence | None) -> None:
    if stored is not None:
        evidence_path(stored.stored_name).unlink(missing_ok=True)
