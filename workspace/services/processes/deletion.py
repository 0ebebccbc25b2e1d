"""Removing a deleted process (issue 36): the job an administrator's deletion leaves in the outbox
(services/processes/lifecycle.py marks the process deleted, gone for everyone at once; this removes it).

What is removed is read from the schema itself, so that a table added later goes with its process: every table with
a `process_id`, and every table that hangs from one of those (a thread's followers, a publication's files, the
outbox entries of its activity …). Children go first, in the order of the foreign keys (the RESTRICT ones of
versions, their texts and publications included; a corrigendum before the publication it corrects), then the
process's own row. The triggers that keep versions and publications unchanged let exactly this through: the rows of
a deleted process (migration 0034).

In chunks of CHUNK rows, a transaction each, rather than in one transaction: a large process holds hundreds of
thousands of rows, and one transaction would hold SQLite's only writer (every other process's writes) for as long
as it takes, and on PostgreSQL keep a long transaction open over locks that others' writes wait for. Chunks are safe
because nothing can reach the process meanwhile (every read and write of it is a 404 from the moment it was marked),
and because each chunk leaves the schema consistent: a crash between two leaves a process partly removed that nobody
sees, and the job, taken again by the worker's sweep (or `accord process delete` once more), goes on where it was.

A publication's files kept in the object store are removed from it before their rows (a crash between leaves rows
naming objects gone, of a process nobody reads, which the next run removes; never objects that no row names any
more), unless another process's file names the same object (objects are named by their content). With
`keep_published`, the publications, their files and the versions they were made from stay, with the process's row:
the public still reads them at their addresses (services.access.PUBLICLY_SHOWN); a process that published nothing
goes whole.

The paragraph texts (`paragraph_revisions`, content-addressed and shared by every process that holds the same words)
go with the rows that named them: each chunk removes, in its own transaction, the texts its rows named that no column
names any more (`TEXT_NAMES`, read from the schema, each indexed: migration 0038, which also removed the texts that
processes removed before had left). A text another process holds stays. A writer of another process naming one of
them at that moment is not broken by it on PostgreSQL: it holds the text (services/declaration/paragraphs.py), and
the chunk, finding it named once the writer has committed, keeps it; or the writer waits for the chunk, then stores
the text again.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    Column,
    ColumnElement,
    CursorResult,
    Integer,
    Table,
    and_,
    bindparam,
    delete,
    exists,
    select,
    true,
    tuple_,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...store.db import Store, objects_of
from ...store.models import Base, Outbox, Process, Publication, PublicationFile
from ...store.types import utcnow
from ..unit import reads, use_case

log = logging.getLogger("accord.processes")

CHUNK = 500
"""Rows removed per transaction."""
WAIT, MAX_WAITS = 0.05, 1200  # for rows another removal holds: a minute in all

_PROCESS: BindParameter[int] = bindparam("process", type_=Integer())
_KEPT_WITH_PUBLICATIONS = {"publications", "publication_files", "publication_renders"}


@dataclass(frozen=True)
class _Part:
    """One table of a process: which of its rows are the process's, which of those may go now."""

    table: Table
    rows: ColumnElement[bool]  # the process's rows (`:process` its id)
    now: ColumnElement[bool]  # of those, the ones no other row of the table still needs (a corrigendum's original)


def _owned_rows(table: Table, owners: dict[str, ColumnElement[bool]]) -> ColumnElement[bool] | None:
    """The condition that says a row of `table` is the process's: its `process_id`, else its parent's."""
    if "process_id" in table.c and any(fk.column.table.name == "processes" for fk in table.c.process_id.foreign_keys):
        return table.c.process_id == _PROCESS
    # Through a column that always names its parent (a cosponsor's delegation may be none; its amendment never is).
    for fk in sorted(table.foreign_keys, key=lambda fk: (fk.parent.nullable, fk.parent.name)):
        parent = fk.column.table
        if parent.name in owners and parent is not table:
            return fk.parent.in_(select(fk.column).where(owners[parent.name]))
    return None


def _self_first(table: Table) -> ColumnElement[bool]:
    """Rows that no other row of the same table refers to through a foreign key that forbids their deletion."""
    blocking = [
        fk
        for fk in table.foreign_keys
        if fk.column.table is table and (fk.ondelete or "NO ACTION").upper() not in ("CASCADE", "SET NULL")
    ]
    if not blocking:
        return true()
    other = table.alias()
    return and_(*(~exists().where(other.c[fk.parent.name] == fk.column) for fk in blocking))


def _plan() -> list[_Part]:
    """Every table of a process, children first."""
    owners: dict[str, ColumnElement[bool]] = {}
    tables = [t for t in Base.metadata.sorted_tables if t.name != "processes"]
    found = True
    while found:  # a table may hang from one found in an earlier round
        found = False
        for table in tables:
            if table.name not in owners and (rows := _owned_rows(table, owners)) is not None:
                owners[table.name] = rows
                found = True
    return [_Part(t, owners[t.name], _self_first(t)) for t in reversed(tables) if t.name in owners]


PLAN = _plan()

TEXT_NAMES: tuple[Column[Any], ...] = tuple(
    fk.parent
    for table in Base.metadata.sorted_tables
    for fk in table.foreign_keys
    if fk.column.table.name == "paragraph_revisions"
)
"""Every column that names a paragraph text: a text named by none of them is nobody's."""
NAMED_AGAIN = 20
"""Times a chunk of texts is tried again when a writer named one of them meanwhile (PostgreSQL)."""


@dataclass
class Removed:
    """What one run removed: rows per table, the stored files among them and the objects taken from the store."""

    slug: str
    kept_published: bool
    rows: Counter[str] = field(default_factory=Counter)
    objects: int = 0  # publication files' objects removed from the object store

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    @property
    def files(self) -> int:
        return self.rows["publication_files"]


@reads
def deleted_process_id(tx: Session, slug: str) -> int | None:
    """The id of process `slug` if it is deleted and not removed yet (or kept for its publications)."""
    return tx.scalar(select(Process.id).where(Process.slug == slug, Process.deleted_at.is_not(None)))


@reads
def marked_deleted(tx: Session, process_id: int) -> tuple[str, bool] | None:
    """The slug of process `process_id` and whether its publications are kept, if it is deleted and still there."""
    row = tx.execute(
        select(Process.slug, Process.keep_published).where(Process.id == process_id, Process.deleted_at.is_not(None))
    ).first()
    return (row[0], row[1]) if row else None


def _kept_versions() -> ColumnElement[bool]:
    versions = Base.metadata.tables["versions"]
    return ~versions.c.id.in_(select(Publication.version_id).where(Publication.process_id == _PROCESS))


@use_case
def _chunk(tx: Session, part: _Part, process_id: int, keep: bool) -> tuple[int, int, int]:
    """Remove up to CHUNK rows of the process from `part`'s table: how many, how many objects went with them, and how
    many texts (those the rows named, that nothing names any more)."""
    table = part.table
    where = and_(part.rows, part.now)
    if keep and table.name == "versions":
        where = and_(where, _kept_versions())
    key = list(table.primary_key.columns)
    names = [column for column in TEXT_NAMES if column.table is table]
    chosen = select(*key).where(where).limit(CHUNK)
    removed_objects = 0
    if table.name == "publication_files":
        rows = tx.execute(
            select(PublicationFile.id, PublicationFile.object_key).where(where).limit(CHUNK), {"process": process_id}
        ).all()
        removed_objects = _remove_objects(tx, process_id, {k for _, k in rows if k})
        chosen = select(PublicationFile.id).where(PublicationFile.id.in_([i for i, _ in rows]))
    picked = key[0].in_(chosen) if len(key) == 1 else tuple_(*key).in_(chosen)
    removal = delete(table).where(picked)
    if not names:
        return cast(CursorResult[Any], tx.execute(removal, {"process": process_id})).rowcount, removed_objects, 0
    # The texts the rows named, as they go: those that nothing names any more go in the same transaction.
    named = tx.execute(removal.returning(*names), {"process": process_id}).all()
    return len(named), removed_objects, _remove_unnamed(tx, {str(sha) for row in named for sha in row if sha})


def _remove_unnamed(tx: Session, shas: set[str]) -> int:
    """Remove the texts among `shas` that nothing names: how many went."""
    if not shas:
        return 0
    texts = Base.metadata.tables["paragraph_revisions"]
    unnamed = and_(texts.c.sha.in_(sorted(shas)), *(~exists().where(column == texts.c.sha) for column in TEXT_NAMES))
    for _ in range(NAMED_AGAIN):
        try:
            with tx.begin_nested():  # each try sees the writers committed since (PostgreSQL reads at each statement)
                return cast(CursorResult[Any], tx.execute(delete(texts).where(unnamed))).rowcount
        except IntegrityError:  # a writer named one of them and committed while this waited for its lock
            continue
    raise RuntimeError("texts of a deleted process stay named by writers that come and go")


def _remove_objects(tx: Session, process_id: int, keys: set[str]) -> int:
    """Remove from the object store the objects `keys` that no other process's file names."""
    if not keys:
        return 0
    objects = objects_of(tx)
    if objects is None:
        log.warning(
            "%d publication files of a deleted process are in an object store, and none is configured", len(keys)
        )
        return 0
    shared = set(
        tx.scalars(
            select(PublicationFile.object_key)
            .join(Publication, Publication.id == PublicationFile.publication_id)
            .where(PublicationFile.object_key.in_(keys), Publication.process_id != process_id)
        )
    )
    for key in sorted(keys - shared):
        objects.remove(key)
    return len(keys - shared)


@reads
def _left(tx: Session, part: _Part, process_id: int, keep: bool) -> bool:
    """Whether `part`'s table still holds rows of the process that this removal would take."""
    where = part.rows
    if keep and part.table.name == "versions":
        where = and_(where, _kept_versions())
    return bool(tx.scalar(select(exists().where(where)), {"process": process_id}))


@reads
def _publishes(tx: Session, process_id: int) -> bool:
    return tx.scalar(select(Publication.id).where(Publication.process_id == process_id).limit(1)) is not None


@use_case
def _remove_row(tx: Session, process_id: int) -> int:
    result = tx.execute(delete(Process).where(Process.id == process_id, Process.deleted_at.is_not(None)))
    return cast(CursorResult[Any], result).rowcount


@use_case
def _finished(tx: Session, process_id: int) -> None:
    """The outbox's removal of the process done (when the command line did it): no worker takes it again."""
    for entry in tx.scalars(select(Outbox).where(Outbox.kind == "delete", Outbox.done_at.is_(None))):
        if entry.data.get("process_id") == process_id:
            entry.done_at = utcnow()


def remove_deleted_process(store: Store, process_id: int) -> Removed | None:
    """Remove the rows and stored files of process `process_id`, deleted by an administrator (None if there is no
    such process to remove: not deleted, or removed already). Run again after a crash, it goes on where it was;
    run twice at once, each removes what the other has not."""
    marked = marked_deleted(store, process_id)
    if marked is None:
        return None
    slug, keep = marked
    removed = Removed(slug, keep)
    for part in PLAN:
        if keep and part.table.name in _KEPT_WITH_PUBLICATIONS:
            continue
        waits = 0
        while True:
            rows, objects, texts = _chunk(store, part, process_id, keep)
            removed.rows[part.table.name] += rows
            removed.rows["paragraph_revisions"] += texts
            removed.objects += objects
            if rows:  # not fewer than CHUNK: rows a corrigendum held back may be free now
                continue
            if not _left(store, part, process_id, keep):
                break
            # Rows are left that this chunk could not take: another removal of the same process (the worker's and
            # the command's) is deleting them. Its commit frees them; going on to the parent table before that
            # would break its foreign keys.
            waits += 1
            if waits > MAX_WAITS:
                raise RuntimeError(f"rows of {part.table.name} of process {slug} stay held by another removal")
            time.sleep(WAIT)
    if not keep or not _publishes(store, process_id):  # kept for nothing: its slug is free again
        removed.rows["processes"] += _remove_row(store, process_id)
    _finished(store, process_id)
    removed.rows += Counter()  # the tables it had nothing in
    log.info(
        "process %s removed: %d rows, %d stored files (%d objects)%s",
        slug,
        removed.total,
        removed.files,
        removed.objects,
        ", its publications kept" if keep else "",
    )
    return removed
