"""Files kept in the database, so that every node sees them: evidence and staged imports.

A file is a row with its name, type and size, and its content in chunks of at most CHUNK_SIZE
bytes, so that it is written and read in pieces rather than held in memory whole.
"""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from pop.extensions import db
from pop.models._time import utcnow

CHUNK_SIZE = 256 * 1024


class FilePurpose(enum.StrEnum):
    EVIDENCE = "evidence"  # a check-in's evidence, referred to by CheckIn.evidence_file
    CATALOGUE_IMPORT = "catalogue_import"  # an upload waiting for HR to confirm the import


class StoredFile(db.Model):
    __tablename__ = "stored_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unguessable name the file is known by (CheckIn.evidence_file holds it).
    token: Mapped[str] = mapped_column(String(100), unique=True)
    purpose: Mapped[str] = mapped_column(String(30), index=True)
    # Files uploaded together (one catalogue import) share a batch token.
    batch: Mapped[str | None] = mapped_column(String(100), index=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0)
    chunk_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class FileChunk(db.Model):
    __tablename__ = "file_chunk"

    file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_file.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
