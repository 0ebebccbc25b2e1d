"""A kept file's bytes read in pieces, never whole in memory, and checked against its sha256 before
anything of them is handed out.

A 15 MB PDF read as one value costs 15 MB per concurrent download (and about 30 MB more on
PostgreSQL, whose text protocol sends bytea as hex), memory that the allocator then keeps. SQLite
has incremental blob I/O (`blobopen`, Python 3.11); PostgreSQL slices a bytea with `substring`,
reading only the TOAST chunks it needs. Both read inside the caller's transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from tempfile import SpooledTemporaryFile
from typing import IO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import PublicationFile

CHUNK = 1024 * 1024
SPOOL = 1024 * 1024
"""A checked copy is held in memory up to this size, in a temporary file beyond it."""


class ChangedFile(RuntimeError):
    """A kept file whose bytes no longer match the sha256 it was published with: never served."""


def checked_copy(chunks: Iterable[bytes], sha256: str, what: str) -> IO[bytes]:
    """The bytes of `chunks` in a temporary file at its start, once their sha256 is the one given
    (else ChangedFile, naming `what`, and nothing of them is handed out). The caller closes it."""
    copy: IO[bytes] = SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 - handed to the caller, who closes it
    try:
        digest = hashlib.sha256()
        for chunk in chunks:
            digest.update(chunk)
            copy.write(chunk)
        if digest.hexdigest() != sha256:
            raise ChangedFile(f"{what} no longer holds the bytes it was published with")
        copy.seek(0)
        return copy
    except BaseException:
        copy.close()
        raise


def file_chunks(tx: Session, file_id: int, size: int) -> Iterator[bytes]:
    """The content of the publication file `file_id` (`size` bytes), in pieces of up to CHUNK bytes."""
    if tx.get_bind().dialect.name == "sqlite":
        raw = tx.connection().connection.dbapi_connection
        with raw.blobopen(PublicationFile.__tablename__, "content", file_id, readonly=True) as blob:  # type: ignore[union-attr]
            while chunk := blob.read(CHUNK):
                yield chunk
        return
    for start in range(0, size, CHUNK):
        yield (
            tx.scalar(
                select(func.substring(PublicationFile.content, start + 1, CHUNK)).where(PublicationFile.id == file_id)
            )
            or b""
        )
