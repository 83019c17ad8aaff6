"""Files in the database: stored from a stream in chunks, read back chunk by chunk, deleted.

Every node sees them, and `pop backup` includes them with the rest of the database. The caller
owns the transaction: a file whose transaction is rolled back was never stored.
"""

import secrets
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from sqlalchemy import delete, select

from pop.extensions import db
from pop.models import FileChunk, FilePurpose, StoredFile
from pop.models.files import CHUNK_SIZE


def new_token() -> str:
    return secrets.token_urlsafe(32)


def read_in_chunks(stream: BinaryIO, size: int = CHUNK_SIZE) -> Iterator[bytes]:
    while chunk := stream.read(size):
        yield chunk


def store(
    chunks: Iterable[bytes],
    *,
    purpose: FilePurpose,
    name: str,
    content_type: str,
    owner_id: int | None = None,
    token: str | None = None,
    batch: str | None = None,
) -> StoredFile:
    """Write the file chunk by chunk (each flushed as it comes); returns the flushed row."""
    stored = StoredFile(
        token=token or new_token(),
        purpose=purpose.value,
        batch=batch,
        owner_id=owner_id,
        name=name[:255],
        content_type=content_type,
    )
    db.session.add(stored)
    db.session.flush()
    size = position = 0
    for chunk in _rechunked(chunks):
        db.session.add(FileChunk(file_id=stored.id, position=position, data=chunk))
        db.session.flush()
        size += len(chunk)
        position += 1
    stored.size, stored.chunk_count = size, position
    db.session.flush()
    return stored


def _rechunked(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Pieces of exactly CHUNK_SIZE (the last one shorter), whatever the reader handed over."""
    buffer = bytearray()
    for chunk in chunks:
        buffer.extend(chunk)
        while len(buffer) >= CHUNK_SIZE:
            yield bytes(buffer[:CHUNK_SIZE])
            del buffer[:CHUNK_SIZE]
    if buffer:
        yield bytes(buffer)


def find(token: str, purpose: FilePurpose) -> StoredFile | None:
    return db.session.scalar(
        select(StoredFile).where(StoredFile.token == token, StoredFile.purpose == purpose.value)
    )


def content(stored: StoredFile) -> Iterator[bytes]:
    """The file's bytes, one chunk (one query) at a time: for streaming responses."""
    file_id, count = stored.id, stored.chunk_count
    for position in range(count):
        yield db.session.scalar(
            select(FileChunk.data).where(
                FileChunk.file_id == file_id, FileChunk.position == position
            )
        )


def read_all(stored: StoredFile) -> bytes:
    return b"".join(content(stored))


def delete_files(file_ids: list[int]) -> None:
    """Remove files and their chunks (in the caller's transaction)."""
    if not file_ids:
        return
    db.session.execute(delete(FileChunk).where(FileChunk.file_id.in_(file_ids)))
    db.session.execute(delete(StoredFile).where(StoredFile.id.in_(file_ids)))


def delete_by_token(tokens: list[str]) -> None:
    if tokens:
        ids = db.session.scalars(select(StoredFile.id).where(StoredFile.token.in_(tokens))).all()
        delete_files(list(ids))
