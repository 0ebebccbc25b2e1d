"""What a long text's pages work out from the whole text, kept until the process changes.

Every change of a process's texts, translations, amendments, statuses or settings is an activity entry,
numbered per process (`access.record`): what was worked out from the process as it stood at entry N
holds until entry N + 1. Pages read it again and again meanwhile (the translation progress of every
version, the publication gate), so it is kept, per worker, keyed by that number and by what names the
database, the process and the version for good (their ids and moments of creation, which a reused id
cannot share).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from datetime import datetime
from typing import Generic, NamedTuple, Protocol, TypeVar

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from ..store.models import Activity, Process, Version
from ..store.state import unit_state

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


class LastUsed(Generic[K, T]):
    """A worker's memory of `size` results at most, by key, the last used kept longest; safe across threads. A result
    is worked out once: who asks for it while another thread works it out waits for that one (a thousand delegates
    opening a new version within seconds would otherwise each render it, all at once, each slowed by the others)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.kept: OrderedDict[K, T] = OrderedDict()
        self.making: dict[K, tuple[int, Future[T]]] = {}  # by the thread working it out
        self.lock = threading.Lock()

    def get(self, key: K, work: Callable[[], T]) -> T:
        me = threading.get_ident()
        with self.lock:
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
            other = self.making.get(key)
            if other is None:
                made: Future[T] = Future()
                self.making[key] = (me, made)
        if other is not None:
            if other[0] == me:  # asked again while working it out, in the same thread: no waiting on itself
                return work()
            if other[1].exception() is None:  # waits for it
                return other[1].result()
            return self.get(key, work)  # the other's failure may be its own (its reader's): this one tries itself
        try:
            result = work()
        except BaseException as exc:
            with self.lock:
                del self.making[key]
            made.set_exception(exc)
            raise
        with self.lock:
            self._keep(key, result)
            del self.making[key]
        made.set_result(result)
        return result

    def find(self, key: K) -> T | None:
        """What is kept for `key`, if anything (then the last used)."""
        with self.lock:
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
        return None

    def put(self, key: K, value: T) -> None:
        with self.lock:
            self._keep(key, value)

    def _keep(self, key: K, value: T) -> None:
        self.kept[key] = value
        while len(self.kept) > self.size:
            self.kept.popitem(last=False)


class Named(Protocol):
    """What names a stored thing for good: its id and moment of creation (a `Version`, or a row of the two)."""

    @property
    def id(self) -> int: ...

    @property
    def created_at(self) -> datetime: ...


class UntilNextEntry:
    """A worker's memory of results worked out from a process, the last used first, `size` of them at most."""

    def __init__(self, size: int) -> None:
        self.memory: LastUsed[tuple[object, ...], object] = LastUsed(size)

    @staticmethod
    def key(tx: Session, process: Process, version: Named | None) -> tuple[object, ...]:
        """What names the database, the process and `version` for good, and the process's latest entry."""
        return (
            str(tx.get_bind().engine.url),
            process.id,
            process.created_at,
            version.id if version else None,
            version.created_at if version else None,
            last_entry(tx, process),
        )

    def get(
        self, tx: Session, process: Process, version: Named | None, what: tuple[object, ...], work: Callable[[], T]
    ) -> T:
        """`work()` for `what` of `version` (None: the working draft) of `process`, as it stands now."""
        return self.memory.get((*self.key(tx, process, version), *what), work)  # type: ignore[return-value]


_NUMBERED = select(
    Version.id,
    Version.created_at,
    select(func.max(Activity.seq)).where(Activity.process_id == Version.process_id).scalar_subquery(),
).where(Version.process_id == bindparam("process"), Version.number == bindparam("number"))  # built once


class VersionName(NamedTuple):
    id: int
    created_at: datetime


# A circulated version never changes and is never deleted: what names version N of a process is read once per worker
# (by the database, the process's id and moment of creation, N), and a page that knows the process's latest entry
# already (read with who asks, `entry_known`) names its version without a query.
_VERSION_NAMES: LastUsed[tuple[object, ...], VersionName] = LastUsed(4096)


def numbered_version(tx: Session, process: Process, number: int) -> Named | None:
    """What names version `number` of `process` for good, read with the process's latest entry: what a kept page
    asks at every request, in one query instead of two (and without an ORM object), or in none at all."""
    key = (str(tx.get_bind().engine.url), process.id, process.created_at, number)
    seen = unit_state(tx).last_entry
    if process.id in seen and (name := _VERSION_NAMES.find(key)) is not None:
        return name
    row = tx.execute(_NUMBERED, {"process": process.id, "number": number}).first()
    if row is None:
        return None
    seen.setdefault(process.id, row[2] or 0)
    name = VersionName(row[0], row[1])
    _VERSION_NAMES.put(key, name)
    return name


def entry_known(tx: Session, process_id: int, seq: int | None) -> None:
    """The process's latest entry, read with something else (who asks, at a request's start): kept for the
    transaction, as `last_entry` keeps what it reads."""
    unit_state(tx).last_entry[process_id] = seq or 0


_LAST_ENTRY = select(func.max(Activity.seq)).where(Activity.process_id == bindparam("process"))  # built once


def last_entry(tx: Session, process: Process) -> int:
    """The number of the process's latest activity entry (0 before any), read once per transaction."""
    seen = unit_state(tx).last_entry
    if process.id not in seen:
        seen[process.id] = tx.scalar(_LAST_ENTRY, {"process": process.id}) or 0
    return seen[process.id]
