"""The store boundary: aware UTC datetimes, database errors become domain errors, SQLite set up like PostgreSQL."""

from __future__ import annotations

import gc
import weakref
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import StatementError

from tests.conftest import _pg_admin
from workspace.domain.errors import Busy, Conflict
from workspace.services.unit import Unit, reads
from workspace.store import db as db_module
from workspace.store.db import ReadOnlyViolation, make_engine, make_store, transaction
from workspace.store.models import Membership, Outbox, Process, User


def process(slug: str, **kw) -> Process:
    return Process(slug=slug, titles={"es": "T"}, source_language="es", languages=["es"], timezone="UTC", **kw)


def test_datetimes_come_back_aware_and_in_utc_whatever_offset_went_in(store):
    moment = datetime(2021, 5, 26, 9, 55, 30, 123456, tzinfo=timezone(timedelta(hours=-3)))
    with transaction(store) as tx:
        tx.add(process("p", created_at=moment))
    with store() as tx:
        back = tx.scalar(select(Process.created_at))
    assert back == moment
    assert back.utcoffset() == timedelta(0) and back.tzinfo is not None
    assert back == datetime(2021, 5, 26, 12, 55, 30, 123456, tzinfo=UTC)


def test_a_store_let_go_is_freed_with_its_engine(db_url):
    """Nothing keeps a store its user let go, though it wrote and told its listeners: hooks closing over the store,
    kept by SQLAlchemy's registry of its sessionmaker's class, kept every store ever made (its engine, pool and
    statement cache) for the life of the process, and a test process's memory and collections grew with each test."""

    def used() -> tuple[weakref.ref, weakref.ref, list]:
        store = make_store(db_url)
        told: list[bool] = []
        store.on_work.append(lambda: told.append(True))
        with transaction(store) as tx:
            tx.add(Outbox(kind="mail", data={}))
        store.dispose()
        return weakref.ref(store), weakref.ref(store.engine), told

    store, engine, told = used()
    gc.collect()
    assert told == [True]  # the work written was announced once, after its commit
    assert store() is None and engine() is None


def test_a_naive_datetime_is_refused(store):
    with pytest.raises(StatementError), transaction(store) as tx:
        tx.add(process("p", created_at=datetime(2021, 5, 26, 9, 55)))
    with store() as tx:
        assert tx.scalar(select(func.count()).select_from(Process)) == 0


def test_a_unique_violation_becomes_a_conflict_and_nothing_of_the_unit_is_kept(store):
    with transaction(store) as tx:
        tx.add(process("p"))
    with pytest.raises(Conflict), transaction(store) as tx:
        tx.add(User(email="u@example.org", name="U"))
        tx.flush()
        tx.add(process("p"))
    with store() as tx:
        assert tx.scalar(select(func.count()).select_from(Process)) == 1
        assert tx.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize(
    "write",
    [
        lambda tx: tx.connection().execute(update(Process).values(phase="closed")),
        lambda tx: tx.connection().execute(insert(User).values(email="x@example.org", name="X")),
        lambda tx: tx.execute(delete(Process)),
        lambda tx: tx.connection().exec_driver_sql("  update processes set phase = 'closed'"),
        lambda tx: tx.connection().exec_driver_sql("DELETE FROM processes"),
        lambda tx: tx.execute(text("insert into users (email, name) values ('y@example.org', 'Y')")),
        lambda tx: tx.connection().exec_driver_sql("CREATE TABLE sneaked (n INTEGER)"),
        lambda tx: (tx.add(process("q")), tx.flush()),
    ],
    ids=["core update", "core insert", "orm delete", "raw update", "raw delete", "text insert", "ddl", "flush"],
)
def test_a_read_writes_nothing_however_the_write_is_sent(store, write):
    """A read's statements are looked at before they go (PostgreSQL runs them on their own, outside a transaction
    that could have been opened read-only): a write of any form is refused, and the database keeps what it had."""
    with transaction(store) as tx:
        tx.add(process("p"))
    with pytest.raises(ReadOnlyViolation), transaction(store, write=False) as tx:
        write(tx)
    with store() as tx:
        assert tx.scalars(select(Process.phase)).all() == ["consultation"]
        assert tx.scalar(select(func.count()).select_from(User)) == 0
        assert tx.scalar(select(func.count()).select_from(Process)) == 1
    with transaction(store) as tx:  # a write is a write
        tx.execute(update(Process).values(phase="closed"))
    with store() as tx:
        assert tx.scalars(select(Process.phase)).all() == ["closed"]


def test_foreign_keys_are_enforced(store):
    with pytest.raises(Conflict), transaction(store) as tx:
        tx.add(Membership(process_id=999, user_id=999, role="member", languages=[]))


def test_lower_knows_more_than_ascii(store):
    with store() as tx:
        assert tx.scalar(select(func.lower("ÉCONOMÍA ÇA İŞ"))) in ("économía ça i̇ş", "économía ça iş")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.scalar(text("PRAGMA journal_mode")) == "wal"
        assert conn.scalar(text("PRAGMA foreign_keys")) == 1
    engine.dispose()


def test_a_write_that_cannot_get_its_lock_is_busy_after_bounded_retries(db_url, monkeypatch):
    """SQLite's "database is locked" and PostgreSQL's lock timeout become Busy (503), never a 500: the
    use case is tried ATTEMPTS times, with a pause between tries, and goes through once the lock is free."""
    from types import SimpleNamespace

    from sqlalchemy import create_engine

    from workspace.domain.errors import Busy
    from workspace.services import unit
    from workspace.services.accounts import touch_token
    from workspace.store import db as store_db

    monkeypatch.setattr(store_db, "BUSY_SECONDS", 0.2)
    monkeypatch.setattr(unit, "ATTEMPTS", 2)
    tries: list[bool] = []
    pauses: list[float] = []

    def counted(db, *, write):
        tries.append(write)
        return transaction(db, write=write)

    monkeypatch.setattr(unit, "transaction", counted)
    monkeypatch.setattr(unit, "time", SimpleNamespace(sleep=pauses.append))
    store = store_db.make_store(db_url)
    with transaction(store) as tx:
        tx.add(process("p"))
    blocker = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with blocker.connect() as other:
        if other.dialect.name == "sqlite":
            other.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            other.exec_driver_sql("BEGIN")
            other.exec_driver_sql("LOCK TABLE api_tokens IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(Busy):
            touch_token(store, "acc_whatever")
        assert tries == [True, True] and len(pauses) == 1 and 0 < pauses[0] < 1
        other.rollback()
    touch_token(store, "acc_whatever")  # the lock released: the same write goes through, at once
    assert tries == [True, True, True] and len(pauses) == 1
    blocker.dispose()
    store.dispose()


def _cut_every_connection(store) -> None:
    """What a restart of the server does to the connections a pool holds: each ended under it."""
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
            {"name": store.engine.url.database},
        )
    admin.dispose()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_connections_cut_under_the_pool_are_replaced_and_nothing_fails_for_good(db_url, monkeypatch):
    """A connection is asked whether it lives only after it sat idle: one cut while it was in use (or just after)
    fails its statement as Busy (a 503 to a request, which may be sent again), and a use case called with the store
    is tried again on a new connection; one cut while idle is found out before it is used, and nobody sees it."""
    store = make_store(db_url)
    try:
        with transaction(store) as tx:
            tx.add(process("p"))
        read = reads(lambda tx: tx.scalar(select(func.count()).select_from(Process)))
        assert read(store) == 1  # the pool holds a connection now
        _cut_every_connection(store)
        unit = Unit(store, write=False)
        with pytest.raises(Busy) as refused:
            unit.run(lambda tx: tx.scalar(select(func.count()).select_from(Process)), False)
        unit.finish(refused.value)  # as a request that failed
        _cut_every_connection(store)
        assert read(store) == 1  # tried again on a new connection
        monkeypatch.setattr(db_module, "PING_AFTER_SECONDS", 0.0)  # every connection idle long enough
        _cut_every_connection(store)
        unit = Unit(store, write=False)
        assert unit.run(lambda tx: tx.scalar(select(func.count()).select_from(Process)), False) == 1
        unit.finish(None)
    finally:
        store.dispose()
