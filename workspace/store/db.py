"""Engine and transactions, and the one boundary that turns database errors into domain errors.

Two kinds of transaction: a read never writes (enforced: every statement a read sends is looked at
before it goes, and the ORM refuses a flush in it), and a write takes its lock before its first read
(SQLite: `BEGIN IMMEDIATE`, SQLAlchemy's documented recipe for pysqlite), so a use case
never decides on data that another writer is changing meanwhile.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DataError, DBAPIError, DisconnectionError, IntegrityError, OperationalError, StatementError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from ..domain.errors import N_, Busy, Conflict, InvalidInput
from . import search_index  # noqa: F401  (its listeners index what a transaction writes, before it commits)
from .models import Activity, MailMessage, Outbox, WebhookDelivery
from .objects import ObjectStore
from .state import Announced, Listeners, PdfSealer, StoreSession, connection_state, unit_state

BUSY_SECONDS = 10
"""How long a write waits for another writer (SQLite busy timeout, PostgreSQL lock timeout)."""
PING_AFTER_SECONDS = 1.0
"""A PostgreSQL connection idle this long is asked whether it still lives before it is used again."""

_WRITE = "accord_write"
_READ = "accord_read"
_WRITING = ("INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE", "COPY", "GRANT", "REVOKE")
log = logging.getLogger("accord.store")


class ReadOnlyViolation(RuntimeError):
    """A read transaction tried to write: a programming error, never the person's."""


def make_engine(url: str, connections: int = 5) -> Engine:
    """An engine for `url` keeping up to `connections` open (as many as the threads that use it);
    SQLite gets WAL, foreign keys, a busy timeout and explicit BEGINs."""
    return _sqlite_engine(url, connections) if url.startswith("sqlite") else _server_engine(url, connections)


def _sqlite_engine(url: str, connections: int) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, pool_size=connections, connect_args={"check_same_thread": False, "timeout": BUSY_SECONDS}
    )

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite would open the transaction at the first write, leaving earlier reads outside
        # it: take over, and BEGIN ourselves (see the "begin" listener).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
        cursor.close()
        # SQLite's own lower() knows only ASCII; searches must be case-insensitive for "É" too, as on PostgreSQL.
        dbapi_connection.create_function(
            "lower", 1, lambda v: v.lower() if isinstance(v, str) else v, deterministic=True
        )

    # SQLite has one writer at a time; writers of this process queue on a lock of their own, which
    # wakes the next one at once (SQLite's busy handler would have it sleep up to 100 ms).
    writer = threading.Lock()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection: Any) -> None:
        if not connection.get_execution_options().get(_WRITE, False):
            connection.exec_driver_sql("BEGIN")
            return
        if not writer.acquire(timeout=BUSY_SECONDS):
            raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
        connection_state(connection).writer = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(connection)
            raise

    def _release(connection: Any) -> None:
        state = connection_state(connection)
        if state.writer:
            state.writer = False
            writer.release()

    @event.listens_for(engine, "checkin")
    def _released(_dbapi_connection: Any, record: Any) -> None:
        # Back in the pool: committed or rolled back, so the next writer may begin.
        state = connection_state(record)
        if state.writer:
            state.writer = False
            writer.release()

    return engine


def _server_engine(url: str, connections: int) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(
        url,
        pool_size=connections,
        connect_args={"options": f"-c lock_timeout={BUSY_SECONDS * 1000}"},
    )

    # A connection is asked whether it still lives (the server restarted, a proxy cut it) only after it sat idle in
    # the pool: asking at every checkout (`pool_pre_ping`) was a round trip at every request, a tenth of a kept page's
    # cost under load, on connections used a millisecond before. One that dies while in use makes its statement fail
    # as a disconnection, which is Busy (`is_busy`): the pool is emptied and the use case tried again on a new one.
    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:
        connection_state(record).idle_from = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _alive(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_from = connection_state(record).idle_from
        if idle_from is None or time.monotonic() - idle_from < PING_AFTER_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the pool replaces it and checks out again
            raise DisconnectionError(str(exc)) from exc

    return engine


@dataclass(frozen=True)
class Store:
    """The database: a session factory for reads and one for writes, on one engine.

    `on_activity` are told, after each commit, the (process id, activity id) of the activity rows it
    wrote: the live events of a process are its activity, announced once it is saved. `on_work` are
    told after a commit that wrote work for after the request (outbox entries, mails): the job queue
    is woken then, never before the work is saved. `objects`: the
    object store that keeps publication files, if one is configured (else they are kept in the
    database); its sessions carry it too (`objects_of`). `sealing`: the instance's secret key, which
    opens its signing keys (none: nothing is signed through this store). `seal_pdf`: the organisation's seal of
    published PDFs, if one is set.
    """

    engine: Engine
    reader: sessionmaker[StoreSession]
    writer: sessionmaker[StoreSession]
    # The very lists the writer's sessions carry (make_store): lists of their own would never be told.
    on_activity: list[Callable[[Announced], None]]
    on_work: list[Callable[[], None]]
    objects: ObjectStore | None = None
    sealing: str | None = None
    seal_pdf: PdfSealer | None = None

    def __call__(self) -> Session:
        """A session to read with (tests and scripts: `with store() as tx:`)."""
        return self.reader()

    def dispose(self) -> None:
        self.engine.dispose()


def make_store(
    url: str,
    connections: int = 5,
    objects: ObjectStore | None = None,
    sealing: str | None = None,
    seal_pdf: PdfSealer | None = None,
) -> Store:
    engine = make_engine(url, connections)
    read_options: dict[str, Any] = {_READ: True}
    if engine.dialect.name == "postgresql":
        # PostgreSQL reads at READ COMMITTED, where each statement sees what was committed when it began, in a
        # transaction or not: a read's BEGIN and COMMIT bought two round trips at every request (a fifth of a kept
        # page's cost under load) and nothing else. A read's statements run each on its own; `_read_only` keeps them
        # from writing, which BEGIN READ ONLY did.
        read_options["isolation_level"] = "AUTOCOMMIT"
    on_activity: list[Callable[[Announced], None]] = []
    on_work: list[Callable[[], None]] = []
    reader = sessionmaker(
        engine.execution_options(**read_options),
        class_=StoreSession,
        expire_on_commit=False,
        read_only=True,
        objects=objects,
        sealing=sealing,
        seal_pdf=seal_pdf,
    )
    # A writer's sessions carry the store's listeners (the same lists) for the hooks below, which are the module's own:
    # a hook made here, closing over the store, would be kept by SQLAlchemy's registry of the sessionmaker's class and
    # keep every store ever made (its engine, its statement cache) alive for the life of the process.
    writer = sessionmaker(
        engine.execution_options(**{_WRITE: True}),
        class_=StoreSession,
        expire_on_commit=False,
        objects=objects,
        listeners=Listeners(on_activity, on_work),
        sealing=sealing,
        seal_pdf=seal_pdf,
    )
    return Store(engine, reader, writer, on_activity, on_work, objects=objects, sealing=sealing, seal_pdf=seal_pdf)


@event.listens_for(Session, "after_flush")
def _written(session: Session, _context: Any) -> None:
    state = unit_state(session)
    if state.listeners is None:
        return
    state.activity.extend((o.process_id, o.id) for o in session.new if isinstance(o, Activity))
    if any(isinstance(o, (Outbox, MailMessage, WebhookDelivery)) for o in session.new):
        state.work = True


# SQLAlchemy calls `after_commit` and `after_rollback` for a savepoint too (a use case inside a request's transaction,
# services/unit.Unit): the work is saved, or lost, only with the transaction around it. Told at the savepoint, a worker
# looked before the commit, found nothing, and the mail waited for the minute's sweep.
@event.listens_for(Session, "after_commit")
def _saved(session: Session) -> None:
    state = unit_state(session)
    if state.listeners is None or session.in_nested_transaction():
        return
    rows, state.activity = state.activity, []
    if rows:
        for listener in state.listeners.on_activity:
            listener(rows)
    work, state.work = state.work, False
    if work:
        for wake in state.listeners.on_work:
            wake()


@event.listens_for(Session, "after_rollback")
def _undone(session: Session) -> None:
    state = unit_state(session)
    if state.listeners is None or session.in_nested_transaction():
        return  # what the savepoints before it wrote is still to commit (a wake-up for nothing costs nothing)
    state.activity = []
    state.work = False


def sealing_of(session: Session) -> str | None:
    """The instance's secret key the store `session` belongs to was given (None: it signs nothing)."""
    return unit_state(session).sealing


def seal_pdf_of(session: Session) -> PdfSealer | None:
    """The seal of published PDFs the store `session` belongs to was given (None: PDFs are published unsealed)."""
    return unit_state(session).seal_pdf


def objects_of(session: Session) -> ObjectStore | None:
    """The object store of the store `session` belongs to (None: files are kept in the database)."""
    return unit_state(session).objects


@event.listens_for(Engine, "before_cursor_execute")
def _read_only(conn: Any, _cursor: Any, statement: str, _parameters: Any, context: Any, _many: bool) -> None:
    """Refuse a write a read sends, however it is sent: an ORM or Core statement, or SQL of its own."""
    if conn.get_execution_options().get(_READ) and (
        (context is not None and (context.isinsert or context.isupdate or context.isdelete))
        or statement.lstrip()[:9].upper().startswith(_WRITING)
    ):
        raise ReadOnlyViolation("a read transaction tried to write")


@event.listens_for(Session, "before_flush")
def _no_flush_in_reads(session: Session, _context: Any, _instances: Any) -> None:
    if unit_state(session).read_only and (session.new or session.dirty or session.deleted):
        raise ReadOnlyViolation("a read transaction tried to write")


@event.listens_for(Session, "do_orm_execute")
def _no_writes_in_reads(state: ORMExecuteState) -> None:
    if unit_state(state.session).read_only and (state.is_insert or state.is_update or state.is_delete):
        raise ReadOnlyViolation("a read transaction tried to write")


_BUSY_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available


def is_busy(exc: BaseException) -> bool:
    """A write that lost a race for a lock, or a statement whose connection died under it: worth a retry, never the
    person's fault."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(orig or exc)


@contextmanager
def transaction(store: Store, *, write: bool = True) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any error."""
    with (store.writer if write else store.reader)() as session:
        try:
            yield session
            session.commit()
        except BaseException as exc:
            session.rollback()
            mapped = domain_error(exc)
            if mapped is exc:
                raise
            raise mapped from exc


def domain_error(exc: BaseException) -> BaseException:
    """The domain error a database error means, or the error itself when it means none."""
    if is_busy(exc):
        log.warning("a write lost a race for a lock: %s", getattr(exc, "orig", exc))
        return Busy(N_("Accord is busy with other changes; please try again in a moment."))
    if isinstance(exc, IntegrityError):
        # The constraint's name and the row's keys are internals: never shown to the person.
        return Conflict(N_("This conflicts with something that already exists."))
    if isinstance(exc, (DataError, OverflowError)) or (
        isinstance(exc, StatementError) and isinstance(exc.orig, OverflowError)
    ):
        # A value the database cannot hold (a number out of range, a NUL character on PostgreSQL,
        # an id beyond 64 bits on SQLite): the person's input, not our failure.
        return InvalidInput(N_("Some of the information given is not valid."))
    return exc
