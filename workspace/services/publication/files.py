"""A publication's files: rendered once, when it is published, and kept with their sha256 (in the
database, or in the object store when one is configured); every later download, page and
`accord publish` gives exactly those bytes, checked against their sha256 before they go out.

With a job queue, a worker renders them after the publication's commit (`render_job`), counting
the files made for the publications page; meanwhile a download is 503. Publications made before
files were kept, or whose worker failed, get theirs the first time they are needed (`store_missing`):
rendered outside any transaction, then kept in one that first takes the publication's lock, so that
of two servers racing, one keeps them and the other finds them kept.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import partial
from typing import IO, Any

from sqlalchemy import exists, insert, select, update
from sqlalchemy.orm import Session

from ...domain.errors import N_, Busy, Conflict, NotFound
from ...domain.publication.publication import PublicationModel, model_from_data
from ...renderers.publication_files import makeable, names, unmakeable
from ...renderers.publication_json import with_manifest
from ...store.blobs import ChangedFile, checked_copy, file_chunks
from ...store.db import Store, objects_of, seal_pdf_of
from ...store.models import Process, Publication, PublicationFile, PublicationRender
from ...store.objects import ObjectStore
from ...store.types import utcnow
from ..access import PUBLICLY_SHOWN
from ..unit import Unit, reads, use_case
from .manifests import Signed, seal_if_signing, sealed, signed_inside
from .records import publication_id as id_of
from .records import publication_ids
from .rendering import RenderedFile, rendered

log = logging.getLogger("accord.publication")


@dataclass(frozen=True)
class StoredFile:
    """A kept file, to serve: what the response says of it, and where its bytes are."""

    id: int
    name: str
    media_type: str
    size: int
    sha256: str
    object_key: str | None  # None: the bytes are in the database


def uploaded(objects: ObjectStore | None, files: list[RenderedFile]) -> list[RenderedFile]:
    """`files`, put into the object store if there is one: done before the transaction that keeps
    them, so that no lock is held while they travel. A rollback then leaves objects that no row
    names (the same bytes under the same key if they are kept later), never a row without its bytes.
    The JSON bundle waits for its transaction, which puts the signed manifest inside it (`keep`)."""
    if objects is None:
        return files
    put = objects.put
    return [
        made if _carries_manifest(made) else replace(made, object_key=put(made.path, made.sha256, made.media_type))
        for made in files
    ]


def keep(tx: Session, publication_id: int, files: list[RenderedFile], *, later: bool = False) -> None:
    """Keep `files` as the publication's, in this transaction (uploaded first if they were not yet
    and there is an object store), and sign its manifest (`later`: made after the publication). The JSON bundle is
    kept last, carrying the signed manifest of the others (where this store signs), unless the files are of a
    publication made before files were kept: those are the bytes its model renders, as they would have been."""
    carrier = None if later else next((made for made in files if _carries_manifest(made)), None)
    for position, made in enumerate(files):
        if made is not carrier:
            _keep_file(tx, publication_id, position, made)
    if carrier is not None:
        _keep_file(tx, publication_id, files.index(carrier), _with_manifest(tx, publication_id, carrier))
    seal_if_signing(tx, publication_id, later=later)


def _carries_manifest(made: RenderedFile) -> bool:
    return made.name.endswith(".json")


def _with_manifest(tx: Session, publication_id: int, bundle: RenderedFile) -> RenderedFile:
    """The JSON bundle with the signed manifest of the files kept before it inside, rewritten in its place."""
    signed = signed_inside(tx, publication_id, bundle.name)
    if signed is None:
        return bundle
    body = with_manifest(bundle.path.read_bytes(), *signed)
    bundle.path.write_bytes(body)
    return replace(bundle, size=len(body), sha256=hashlib.sha256(body).hexdigest(), object_key=None)


def _keep_file(tx: Session, publication_id: int, position: int, made: RenderedFile) -> None:
    objects = objects_of(tx)
    key = made.object_key or (objects.put(made.path, made.sha256, made.media_type) if objects else None)
    # One file's bytes at a time, through Core: nothing stays in the session's identity map.
    tx.execute(
        insert(PublicationFile).values(
            publication_id=publication_id,
            position=position,
            name=made.name,
            media_type=made.media_type,
            size=made.size,
            sha256=made.sha256,
            content=None if key else made.path.read_bytes(),
            object_key=key,
        )
    )


def render_and_keep(tx: Session, publication_id: int, model: PublicationModel) -> None:
    """Render every file of `model` (in the renderer's process) and keep them, in this transaction."""
    with rendered(model, seal=seal_pdf_of(tx)) as made:
        keep(tx, publication_id, made)


# -- publications made before their files were kept ----------------------------------------------

_guard = threading.Lock()
_rendering: dict[tuple[int, int], threading.Lock] = {}


def _lock(store: Store, publication_id: int) -> threading.Lock:
    """One rendering at a time of a publication in this server (the others wait, then find it kept)."""
    with _guard:
        return _rendering.setdefault((id(store), publication_id), threading.Lock())


def expect_rendering(tx: Session, publication_id: int, model: PublicationModel) -> None:
    """A worker will render the publication's files: counted from none made, for the pages."""
    tx.add(PublicationRender(publication_id=publication_id, total=len(makeable(model)), done=0))


_RENDERING = exists().where(
    PublicationRender.publication_id == Publication.id,
    PublicationRender.finished_at.is_(None),
    PublicationRender.error == "",
)


@reads
def _missing(tx: Session, slug: str, number: int | None, worker: bool) -> list[tuple[int, dict[str, Any]]]:
    """The publications of `slug` (or publication `number`) that have no files kept: id and model; but
    those a worker is rendering, unless asked by the worker."""
    ids = publication_ids(tx, slug)
    wanted = list(ids.values()) if number is None else [ids[number]] if number in ids else []
    query = select(Publication.id).where(
        Publication.id.in_(wanted), ~exists().where(PublicationFile.publication_id == Publication.id)
    )
    lacking = list(tx.scalars(query if worker else query.where(~_RENDERING)))
    if not lacking:
        return []
    return [
        (pid, data)
        for pid, data in tx.execute(select(Publication.id, Publication.model).where(Publication.id.in_(lacking)))
    ]


@reads
def _has_files(tx: Session, publication_id: int) -> bool:
    return (
        tx.scalar(select(PublicationFile.id).where(PublicationFile.publication_id == publication_id).limit(1))
        is not None
    )


def _still_shown(tx: Session, publication_id: int, *, lock: bool = False) -> None:
    """NotFound if the publication's process was deleted (its publications not kept) since its files were asked for:
    whoever makes them stops. With `lock`, the process's row is share-locked until the transaction ends, so that a
    deletion waits for the files being kept (and its job then removes them), or this finds it deleted."""
    query = (
        select(Process.id)
        .join(Publication, Publication.process_id == Process.id)
        .where(Publication.id == publication_id, PUBLICLY_SHOWN)
    )
    if tx.scalar(query.with_for_update(read=True, of=Process) if lock else query) is None:
        raise NotFound(N_("This page does not exist."))


@use_case
def _keep_once(tx: Session, publication_id: int, files: list[RenderedFile]) -> bool:
    _still_shown(tx, publication_id, lock=True)
    tx.execute(select(Publication.id).where(Publication.id == publication_id).with_for_update(key_share=True))
    tx.execute(
        update(PublicationRender)
        .where(PublicationRender.publication_id == publication_id)
        .values(done=len(files), finished_at=utcnow())
    )
    if _has_files(tx, publication_id):
        return False  # another server kept them meanwhile: theirs are the same bytes, and they stay
    # A publication's worker renders them as it publishes; one made before files were kept gets them only now
    keep(tx, publication_id, files, later=tx.get(PublicationRender, publication_id) is None)
    return True


@use_case
def _made(tx: Session, publication_id: int, done: int) -> None:
    _still_shown(tx, publication_id)  # deleted meanwhile: the renderer is stopped (services/publication/rendering.py)
    tx.execute(update(PublicationRender).where(PublicationRender.publication_id == publication_id).values(done=done))


def store_missing(db: Store | Unit, slug: str, number: int | None = None, *, worker: bool = False) -> int:
    """Render and keep, once, the files of the process's publications (or of publication `number`)
    made before files were kept, or whose worker failed (and with `worker`, those it is to render);
    how many publications this call kept. A request calls it before its own first read (its
    transaction would not see them on SQLite otherwise)."""
    store = db.store if isinstance(db, Unit) else db
    kept = 0
    for publication_id, data in _missing(store, slug, number, worker):
        with _lock(store, publication_id):
            if _has_files(store, publication_id):
                continue
            with rendered(model_from_data(data), partial(_made, store, publication_id), store.seal_pdf) as made:
                sent = uploaded(store.objects, made)
                try:
                    kept += _keep_once(store, publication_id, sent)
                except NotFound:  # the process deleted meanwhile (nobody keeps files of it): the uploads go
                    forget_uploaded(store, sent)
                    raise
    return kept


def forget_uploaded(store: Store, files: list[RenderedFile]) -> None:
    """Remove from the object store the objects of `files` (uploaded, then not kept: their process was deleted) that
    no kept file names. Only then: objects are named by their content, and another keeping of the same bytes may be
    under way, its rows not committed yet, for a process that is still there."""
    keys = {made.object_key for made in files if made.object_key}
    if store.objects is None or not keys:
        return
    for key in sorted(keys - _named(store, keys)):
        store.objects.remove(key)


@reads
def _named(tx: Session, keys: set[str]) -> set[str]:
    return set(tx.scalars(select(PublicationFile.object_key).where(PublicationFile.object_key.in_(keys))))


@use_case
def _tried(tx: Session, slug: str, number: int, error: str) -> None:
    publication_id = publication_ids(tx, slug).get(number)
    tx.execute(
        update(PublicationRender)
        .where(PublicationRender.publication_id == publication_id, PublicationRender.finished_at.is_(None))
        .values(error=error[:2000], done=0)
    )


def render_job(store: Store, slug: str, number: int) -> None:
    """A worker renders and keeps the files of a new publication. If it fails, the failure is kept and
    until the worker tries again, the files are made when first asked (`store_missing`). If the process
    is deleted (its publications not kept) before or while they are made, it stops: the renderer is
    stopped, nothing is kept, what was uploaded to the object store is removed, and that is no failure."""
    try:
        _tried(store, slug, number, "")
        store_missing(store, slug, number, worker=True)
    except NotFound:
        log.info("the files of %s publication %s are not made: the process is deleted", slug, number)
    except Exception as exc:
        with suppress(NotFound):  # deleted since
            _tried(store, slug, number, f"{exc.__class__.__name__}: {exc}")
        raise


@reads
def _in_progress(tx: Session, slug: str, number: int) -> PublicationRender | None:
    return tx.scalar(
        select(PublicationRender)
        .join(Publication, Publication.id == PublicationRender.publication_id)
        .where(
            Publication.id == publication_ids(tx, slug).get(number),
            PublicationRender.finished_at.is_(None),
            PublicationRender.error == "",
        )
    )


# -- serving them -------------------------------------------------------------------------------------


@reads
def _stored(tx: Session, slug: str, number: int) -> list[StoredFile]:
    pid = id_of(tx, slug, number)
    columns = (
        PublicationFile.id,
        PublicationFile.name,
        PublicationFile.media_type,
        PublicationFile.size,
        PublicationFile.sha256,
        PublicationFile.object_key,
    )
    found = tx.execute(select(*columns).where(PublicationFile.publication_id == pid).order_by(PublicationFile.position))
    return [StoredFile(**row._asdict()) for row in found]


def publication_files(db: Store | Unit, slug: str, number: int) -> list[StoredFile]:
    """Every file of publication `number`, as kept (rendered and kept first if it was made before)."""
    store_missing(db, slug, number)
    return _stored(db, slug, number)


def published_file(db: Store | Unit, slug: str, number: int, name: str) -> StoredFile:
    """The file `name` of publication `number`, for anyone (404 if there is none of that name)."""
    for stored in publication_files(db, slug, number):
        if stored.name == name:
            return stored
    pending = _in_progress(db, slug, number)
    if pending is not None:
        raise Busy(
            N_("The files of this publication are being made ({done} of {total}): try again in a moment."),
            done=pending.done,
            total=pending.total,
        )
    raise _not_made(db, slug, number, name) or NotFound(N_("No file “{name}” in this publication."), name=name)


def signed_manifest(db: Store | Unit, slug: str, number: int) -> Signed:
    """Publication `number`'s signed manifest, for anyone (its files made and kept first, if they were not)."""
    publication_files(db, slug, number)  # 404 for none, and the files kept (a publication made before they were)
    signed = sealed(db.store if isinstance(db, Unit) else db, slug, number)  # a GET's own write, as store_missing
    if signed is None:
        raise Busy(N_("The files of this publication are being made: its manifest is signed once they are."))
    return signed


@reads
def _not_made(tx: Session, slug: str, number: int, name: str) -> Conflict | None:
    """Why a file of the publication was not made (409), if it is one that it would have."""
    model = model_from_data(
        tx.execute(select(Publication.model).where(Publication.id == publication_ids(tx, slug)[number])).scalar_one()
    )
    key = dict(names(model)).get(name)
    return unmakeable(model, name, key) if key is not None else None


@reads
def file_content(tx: Session, stored: StoredFile) -> IO[bytes]:
    """The bytes of a kept file, at their start, once checked against its sha256 (ChangedFile if they
    differ: they are never served). The caller closes it."""
    if stored.object_key is not None:
        objects = objects_of(tx)
        if objects is None:
            raise ChangedFile(f"{stored.name} is kept in an object store, and none is configured (ACCORD_STORAGE_URL)")
        return objects.fetch(stored.object_key, stored.sha256)
    return checked_copy(file_chunks(tx, stored.id, stored.size), stored.sha256, stored.name)
