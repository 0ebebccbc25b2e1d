"""Helpers shared by integration and API tests: cheap password hashing, a whole-database snapshot."""

from __future__ import annotations

import json
import sqlite3

from argon2 import PasswordHasher

from workspace.store.db import Store
from workspace.store.models import Base

# argon2id still, with the cheapest parameters: each test makes about a dozen accounts, and the
# production cost (~0.1 s a hash) would make the suite spend most of its time hashing.
QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order, as the database holds it (JSON as its text): equal dumps
    mean nothing was written. Read by the driver's own cursor: the types' conversions made a dump cost 50 ms, and
    the engine's rows made into tuples were still most of what a dump cost. One transaction (a BEGIN on SQLite, as
    the store's reads): every table as one moment left it."""
    with store.engine.connect() as conn, conn.begin():
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            made = {}
            for table in Base.metadata.sorted_tables:
                order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
                cursor.execute(f'SELECT * FROM "{table.name}" ORDER BY {order}')
                made[table.name] = [tuple(row) for row in cursor.fetchall()]
            return made
        finally:
            cursor.close()


def state(store: Store) -> object:
    """What the database holds, to compare: equal states mean nothing was written. On SQLite `dump`, read again only
    once another connection has committed since the last one (`_unchanged_since`). On PostgreSQL a digest of each
    table made by the server in one query (the rows of ~45 tables over the wire cost 25 ms a read), read again only
    once the cluster's snapshot has moved: a transaction took an id (none writes without one), or one in progress
    ended."""
    if store.engine.dialect.name != "postgresql":
        watch = _unchanged_since(store)
        if watch[2] is None:
            watch[2] = dump(store)
        return watch[2]
    kept = store.__dict__.setdefault("_pg_state", [None, None])
    # One snapshot for both reads: what the digest saw is what the snapshot names.
    with store.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        snapshot = conn.exec_driver_sql("SELECT pg_current_snapshot()::text").scalar_one()
        if snapshot != kept[0]:
            kept[:] = [snapshot, sorted(tuple(row) for row in conn.exec_driver_sql(_DIGESTS))]
    return kept[1]


_DIGESTS = " UNION ALL ".join(
    f"SELECT '{table.name}', count(*), md5(coalesce(string_agg(t::text, chr(30) ORDER BY "
    + ", ".join(f't."{c.name}"' for c in table.primary_key.columns)
    + f"), '')) FROM \"{table.name}\" t"
    for table in Base.metadata.sorted_tables
)


def counts(store: Store) -> dict[str, int]:
    return {name: len(rows) for name, rows in dump(store).items()}


def _unchanged_since(store: Store) -> list:
    """[connection, data_version, dump or None]: a connection of the tests' own on the store's SQLite file, kept with
    the store, whose PRAGMA data_version changes when any other connection commits (and at nothing else); the dump
    kept is forgotten when it changes. `tests.conftest._put_back` forgets the whole watch when it replaces the file."""
    watch = store.__dict__.get("_state_watch")
    if watch is None:
        connection = sqlite3.connect(str(store.engine.url.database), isolation_level=None, check_same_thread=False)
        watch = store.__dict__["_state_watch"] = [connection, None, None]
    version = watch[0].execute("PRAGMA data_version").fetchone()[0]
    if version != watch[1]:
        watch[1], watch[2] = version, None
    return watch


def forget_state(store: Store) -> None:
    """Close the watch of `_unchanged_since`, before the store's file is replaced or removed."""
    watch = store.__dict__.pop("_state_watch", None)
    if watch is not None:
        watch[0].close()


def as_rendered(name: str, body: bytes) -> bytes:
    """A kept file's bytes as its model renders them: the JSON bundle without the signed manifest it carries (signed
    at its moment, the one part no rendering makes again); any other file as it is."""
    if not name.endswith(".json"):
        return body
    doc = json.loads(body)
    doc.pop("manifest", None)
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
