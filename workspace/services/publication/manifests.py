"""A publication's signed manifest (domain.publication.signing): made and signed in the transaction that keeps its
files, or, for a publication made before manifests were signed (or through a store that signs nothing), when first
asked for, saying so (`signed_later`). Frozen bytes, served as they were signed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.publication.signing import Manifest, ManifestFile
from ...store.db import sealing_of
from ...store.models import Process, Publication, PublicationFile, PublicationManifest, SigningKey, User
from ...store.types import utcnow
from ..processes.record import checkpoint
from ..signing.keys import sign, signing_key
from ..unit import use_case
from .records import head_of, publication_id


@dataclass(frozen=True)
class Signed:
    """A publication's manifest and its `.minisig`, as served."""

    manifest: bytes
    signature: bytes
    key_id: str


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def seal(tx: Session, publication: Publication, *, later: bool) -> PublicationManifest | None:
    """The manifest of `publication`'s kept files, signed now with the current key (None while it has no files)."""
    made = _manifest(tx, publication, later=later)
    if made is None:
        return None
    manifest, key, now = made
    data = manifest.data()
    row = PublicationManifest(
        publication_id=publication.id,
        manifest=data,
        signature=sign(tx, key, data, manifest.trusted_comment()),
        key_id=key.key_id,
        signed_at=now,
    )
    tx.add(row)
    tx.flush()
    return row


def signed_inside(tx: Session, publication_id: int, carrier: str) -> tuple[bytes, bytes] | None:
    """The manifest of the publication's files kept so far, all but `carrier` (the JSON bundle that will carry it),
    and its signature; None where this store signs nothing."""
    publication = tx.get(Publication, publication_id)
    if not sealing_of(tx) or publication is None:
        return None
    made = _manifest(tx, publication, later=False, inside=carrier)
    if made is None:
        return None
    manifest, key, _now = made
    data = manifest.data()
    return data, sign(tx, key, data, manifest.trusted_comment())


def _manifest(
    tx: Session, publication: Publication, *, later: bool, inside: str | None = None
) -> tuple[Manifest, SigningKey, datetime] | None:
    """What `publication`'s manifest says of its kept files now, the key to sign it with, and that moment."""
    files = [
        ManifestFile(name, media_type, size, sha256)
        for name, media_type, size, sha256 in tx.execute(
            select(PublicationFile.name, PublicationFile.media_type, PublicationFile.size, PublicationFile.sha256)
            .where(PublicationFile.publication_id == publication.id)
            .order_by(PublicationFile.position)
        )
    ]
    if not files:
        return None
    process = tx.get(Process, publication.process_id)
    assert process is not None
    corrected = tx.get(Publication, publication.corrigendum_of_id) if publication.corrigendum_of_id else None
    by = tx.get(User, publication.published_by_id) if publication.published_by_id else None
    key, now, head = signing_key(tx), utcnow(), head_of(publication)
    anchored = checkpoint(tx, process, "publication")  # the record as it stood when the manifest was signed
    manifest = Manifest(
        process=process.slug,
        publication=publication.number,
        symbol=publication.symbol,
        version=head["version_label"],
        languages=[e["language"] for e in head["editions"]],
        published_at=_iso(publication.published_at),
        published_by=by.name if by is not None else None,
        corrigendum_of=corrected.number if corrected is not None else None,
        files=files,
        signed_at=_iso(now),
        signed_later=later,
        key_id=key.key_id,
        checkpoint=None
        if anchored is None
        else {"count": anchored.count, "head": anchored.head, "signed_at": _iso(anchored.signed_at)},
        inside=inside,
    )
    return manifest, key, now


def seal_if_signing(tx: Session, kept_for: int, *, later: bool) -> None:
    """Once publication `kept_for`'s files are kept: its manifest signed in the same transaction, where this store
    signs (a store given no secret key leaves it to the first request). `later`: the files were made after the
    publication (a publication made before files were kept, or whose worker failed)."""
    publication = tx.get(Publication, kept_for)
    if sealing_of(tx) and publication is not None:
        seal(tx, publication, later=later)


@use_case
def sealed(tx: Session, slug: str, number: int) -> Signed | None:
    """Publication `number`'s signed manifest, signed now (`signed_later`) if it has none; None while it has no
    files."""
    pid = publication_id(tx, slug, number)
    row = tx.get(PublicationManifest, pid)
    if row is None:
        publication = tx.get(Publication, pid)
        assert publication is not None
        try:
            with tx.begin_nested():
                row = seal(tx, publication, later=True)
        except IntegrityError:  # sealed meanwhile by another request: that one is the manifest
            row = tx.get(PublicationManifest, pid, populate_existing=True)
    return Signed(row.manifest, row.signature, row.key_id) if row is not None else None
