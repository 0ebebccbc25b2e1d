"""Each use case runs in one transaction: all of it is saved, or none of it.

A use case is called with the store (it opens its own transaction), with an open session
(it composes with the caller's), or with a request's `Unit` (the one transaction of a web
request). `@use_case` marks a write, `@reads` a read: a read never writes, and a write
locks before it reads.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy.orm import Session

from ..domain.errors import Busy
from ..settings import Settings, signing_secret
from ..store.db import Store, domain_error, make_store, transaction
from ..store.objects import ObjectStore
from ..store.state import PdfSealer, unit_state

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

ATTEMPTS = 4
"""A write that lost a lock race (deadlock, serialization failure, busy SQLite) is tried again."""


class Unit:
    """The one transaction of a web request, opened at first use: a write for POST, PUT, DELETE."""

    def __init__(self, store: Store, *, write: bool) -> None:
        self.store = store
        self.write = write
        self._session: Session | None = None
        self._before_commit: list[Callable[[Session], object]] = []

    @property
    def opened(self) -> bool:
        """Has the request's transaction begun (a use case ran in it)?"""
        return self._session is not None

    @property
    def pending(self) -> bool:
        """Is there anything left to finish (a transaction, or a step to write if it commits)?"""
        return self._session is not None or bool(self._before_commit)

    def before_commit(self, step: Callable[[Session], object]) -> None:
        """Something to write with the request's changes, if it commits (a token's last use)."""
        self._before_commit.append(step)

    def session(self, *, write: bool) -> Session:
        if write and not self.write:
            raise RuntimeError("a read request called a write use case")
        if self._session is None:
            self._session = (self.store.writer if self.write else self.store.reader)()
        return self._session

    def run(self, fn: Callable[..., R], write: bool, *args: object, **kwargs: object) -> R:
        """A use case inside the request's transaction. A write runs in a savepoint: when it is
        refused, what it wrote is undone, even if the page then goes on (to show the form again)."""
        session = self.session(write=write)
        try:
            if not write:
                return fn(session, *args, **kwargs)
            with session.begin_nested():
                return fn(session, *args, **kwargs)
        except Exception as exc:
            mapped = domain_error(exc)
            if mapped is exc:
                raise
            raise mapped from exc

    def finish(self, error: BaseException | None) -> None:
        """Commit if the request succeeded, else roll back; always close. Finishing twice does nothing."""
        steps, self._before_commit = self._before_commit, []
        if error is None and steps:
            session = self.session(write=True)
            for step in steps:
                step(session)
        if self._session is None:
            return
        try:
            if error is None:
                self._session.commit()
            else:
                self._session.rollback()
        except Exception as exc:
            self._session.rollback()
            mapped = domain_error(exc)
            if mapped is exc:
                raise
            raise mapped from exc
        finally:
            self._session.close()
            self._session = None


Db = Store | Session | Unit


class UseCase(Protocol[P, R_co]):
    """A use case as its callers see it: `db` (given by position, or by keyword as routes.finishing does) then
    the use case's own arguments."""

    def __call__(self, db: Db, *args: P.args, **kwargs: P.kwargs) -> R_co: ...


_WRITING: ContextVar[bool] = ContextVar("writing", default=False)


def writing() -> bool:
    """Whether a use case that writes is running: what an archived process refuses (services.access.process_for)."""
    return _WRITING.get()


def _runner(fn: Callable[Concatenate[Session, P], R], write: bool) -> UseCase[P, R]:
    @wraps(fn)
    def run(db: Db, *args: P.args, **kwargs: P.kwargs) -> R:
        if not write or _WRITING.get():
            return _run(db, *args, **kwargs)
        token = _WRITING.set(True)
        try:
            return _run(db, *args, **kwargs)
        finally:
            _WRITING.reset(token)

    def _run(db: Db, *args: P.args, **kwargs: P.kwargs) -> R:
        if isinstance(db, Session):
            return fn(db, *args, **kwargs)
        if isinstance(db, Unit):
            return db.run(fn, write, *args, **kwargs)
        for attempt in range(ATTEMPTS):
            try:
                with transaction(db, write=write) as tx:
                    return fn(tx, *args, **kwargs)
            except Busy:
                if attempt == ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.01, 0.05) * 2**attempt)  # jitter, so racers part ways
        raise AssertionError("unreachable")

    return run


def use_case(fn: Callable[Concatenate[Session, P], R]) -> UseCase[P, R]:
    """A use case that writes: its transaction takes the write lock before its first read."""
    return _runner(fn, write=True)


def reads(fn: Callable[Concatenate[Session, P], R]) -> UseCase[P, R]:
    """A use case that only reads: it can never write, and never waits for a writer."""
    return _runner(fn, write=False)


def apart(db: Db) -> Db:
    """Where to read before slow work that needs no lock (reading a file): the request's own transaction if
    it has begun, else a transaction of the read's own, so that a write request's lock is not taken (and held
    through the slow work) before it writes."""
    return db.store if isinstance(db, Unit) and not db.opened else db


@contextmanager
def rehearsal(tx: Session, undo: bool) -> Iterator[None]:
    """Writes done for real then undone when `undo`: a preview shows exactly what saving would make
    (numbers, views, refusals), and leaves nothing behind, not even an event announced."""
    if not undo:
        yield
        return
    state = unit_state(tx)
    announced = len(state.activity)
    savepoint = tx.begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()
        del state.activity[announced:]  # rows of the rolled-back writes: never announced


def open_store(
    database_url: str,
    connections: int = 5,
    storage_url: str = "",
    sealing: str | None = None,
    seal_pdf: PdfSealer | None = None,
) -> Store:
    """The store for `database_url`, its files in the object store `storage_url` names if any, its signing keys
    opened with `sealing`, the published PDFs sealed by `seal_pdf` if given; `.dispose()` closes it."""
    objects = ObjectStore.from_url(storage_url) if storage_url else None
    return make_store(database_url, connections, objects, sealing, seal_pdf)


def store_for(settings: Settings, connections: int = 5) -> Store:
    """The store the settings describe, for the app factory, a worker and the command line (ValueError saying what
    is wrong with a setting: a malformed ACCORD_STORAGE_URL, an unusable ACCORD_PDF_SEAL)."""
    seal = None
    if settings.pdf_seal:
        from ..renderers.pdf_seal import PdfSeal  # pyHanko takes half a second to import: only where a seal is set

        seal = PdfSeal.load(settings.pdf_seal, settings.pdf_seal_password)
    return open_store(settings.database_url, connections, settings.storage_url, signing_secret(settings), seal)


__all__ = ["Db", "Store", "Unit", "apart", "open_store", "reads", "rehearsal", "store_for", "use_case"]
