"""Is this file a genuine published file (issue 64)? Found by its SHA-256 among the files every public publication
kept (and their signed manifests); otherwise, when it is named as a published file is, exactly what differs from it
(size, digest, the first byte that differs). Nothing handed in is stored."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import IO

from msgspec import Struct
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_, InvalidInput
from ...store.models import Process, Publication, PublicationFile, PublicationManifest
from ..access import PUBLICLY_SHOWN
from ..unit import reads
from .files import StoredFile, file_content
from .records import head_of

CHUNK = 1 << 16
LARGEST = 32 * 1024 * 1024
"""The largest file handed in to be verified, in bytes (413 above): far above any file Accord publishes (the
trilingual PDF of a 1,500-paragraph declaration is 1.4 MB; its Word file less), below what would let one request
hold much of the server's memory (the file is read whole: its SHA-256 decides)."""


class Difference(Struct, frozen=True, kw_only=True):
    """How a file named as a published one differs from it: the published file's size and digest beside the file's,
    and the offset of the first byte that differs (the end of the shorter one, if one is the other's beginning)."""

    published_size: int
    published_sha256: str
    size: int
    sha256: str
    first_difference_at: int


class Verified(Struct, frozen=True, kw_only=True):
    """What a file handed in is: a genuine published file of `process`'s publication `publication` (its `version`,
    its language `lang`, or every language joined as `es-en-fr`), or not (`differs`: a published file has its
    name)."""

    genuine: bool
    sha256: str
    process: str | None = None
    publication: int | None = None
    version: str | None = None
    lang: str | None = None
    file: str | None = None
    published_at: datetime | None = None
    differs: Difference | None = None


def _language(slug: str, name: str) -> str | None:
    """The languages a published file's name says (`kutahya-2021.fr.pdf` → fr); None for the manifest."""
    rest = name.removeprefix(slug + ".")
    return rest.split(".", 1)[0] if rest != name and "." in rest else None


def _published(tx: Session, where: object, limit: int = 1) -> list[tuple[PublicationFile, Publication, str]]:
    found = tx.execute(
        select(PublicationFile, Publication, Process.slug)
        .join(Publication, Publication.id == PublicationFile.publication_id)
        .join(Process, Process.id == Publication.process_id)
        .where(where, PUBLICLY_SHOWN)  # type: ignore[arg-type]
        .order_by(Publication.published_at.desc(), Publication.id.desc())
        .limit(limit)
    ).all()
    return [(f, p, slug) for f, p, slug in found]


def _genuine(digest: str, file: str, publication: Publication, slug: str) -> Verified:
    return Verified(
        genuine=True,
        sha256=digest,
        process=slug,
        publication=publication.number,
        version=head_of(publication)["version_label"],
        lang=_language(slug, file),
        file=file,
        published_at=publication.published_at,
    )


def _manifest(tx: Session, digest: str, data: bytes) -> Verified | None:
    """A publication's signed manifest handed in as it was served (found by its bytes, by the database)."""
    if not data.lstrip().startswith(b"{"):
        return None
    found = tx.execute(
        select(Publication, Process.slug)
        .join(PublicationManifest, PublicationManifest.publication_id == Publication.id)
        .join(Process, Process.id == Publication.process_id)
        .where(PublicationManifest.manifest == data, PUBLICLY_SHOWN)
        .limit(1)
    ).first()
    return _genuine(digest, "manifest.json", found[0], found[1]) if found is not None else None


def _first_difference(tx: Session, stored: StoredFile, data: bytes) -> int:
    with file_content(tx, stored) as published:  # checked against its own digest as it is read
        return _offset(published, data)


def _offset(published: IO[bytes], data: bytes) -> int:
    at = 0
    while True:
        chunk = published.read(CHUNK)
        mine = data[at : at + len(chunk)]
        if chunk != mine or not chunk:
            if not chunk:
                return at
            return at + next((i for i, (a, b) in enumerate(zip(chunk, mine, strict=False)) if a != b), len(mine))
        at += len(chunk)


@reads
def verify(tx: Session, data: bytes, name: str | None = None) -> Verified:
    """Whether `data` (a file's bytes, `name` the file's name if known) is a genuine published file, and which."""
    name = name.strip() if name else None  # an empty name is none
    if name is not None and (len(name) > 200 or "/" in name or "\\" in name):
        raise InvalidInput(N_("“{name}” is no file name."), name=name[:200], detail={"field": "name"})
    digest = hashlib.sha256(data).hexdigest()
    found = _published(tx, PublicationFile.sha256 == digest)
    if found:
        file, publication, slug = found[0]
        return _genuine(digest, file.name, publication, slug)
    manifest = _manifest(tx, digest, data)
    if manifest is not None:
        return manifest
    named = _published(tx, PublicationFile.name == name) if name else []
    if not named:
        return Verified(genuine=False, sha256=digest)
    file, publication, slug = named[0]
    stored = StoredFile(file.id, file.name, file.media_type, file.size, file.sha256, file.object_key)
    differs = Difference(
        published_size=file.size,
        published_sha256=file.sha256,
        size=len(data),
        sha256=digest,
        first_difference_at=_first_difference(tx, stored, data),
    )
    return Verified(
        genuine=False,
        sha256=digest,
        process=slug,
        publication=publication.number,
        version=head_of(publication)["version_label"],
        lang=_language(slug, file.name),
        file=file.name,
        published_at=publication.published_at,
        differs=differs,
    )
