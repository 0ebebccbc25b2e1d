"""Statements compiled once per test process, not once per test.

SQLAlchemy keeps the statements it compiled in its engine's cache, keyed by the engine's dialect object, and each
test makes new engines (each store on its own fresh database): every test compiled again the same few hundred
statements, 17 % of the service tests' processor (py-spy over tests/integration/services). Here every engine that
`workspace.store.db` makes in a test process uses one dialect per driver and one cache of compiled statements. The
engines, their pools and their connections stay each store's own; only what turns a statement into SQL is shared,
and it is the same for every engine of a driver: the same library, the same server, and no option of Accord's but
the pool's (workspace/store/db.py). The shared dialect is initialised (the server's version and features) on a
connection of its own, to an in-memory SQLite database or the tests' PostgreSQL database, never the test's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import Dialect
from sqlalchemy.util import LRUCache

from workspace.store import db

_PROBES = {"sqlite": "sqlite://", "postgresql+psycopg": None}  # None: the tests' PostgreSQL (tests.conftest)


def _initialised(driver: str, create: Any) -> Dialect | None:
    """A dialect of `driver` that has met its server, or None when none can be made here (no PostgreSQL)."""
    if driver not in _PROBES:
        return None
    from tests.conftest import PG_ADMIN_URL

    url = _PROBES[driver] or PG_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://")
    probe: Engine = create(url)
    try:
        with probe.connect():
            pass
    except Exception:  # noqa: BLE001 - no server: the engines keep their own dialects
        return None
    finally:
        probe.dispose()
    return probe.dialect


@pytest.fixture(scope="session", autouse=True)
def statements_compiled_once() -> Iterator[None]:
    real = db.create_engine
    shared: dict[str, tuple[Dialect, LRUCache[Any, Any]] | None] = {}

    def create_engine(url: Any, **options: Any) -> Engine:
        engine = real(url, **options)
        driver = engine.url.drivername
        if driver not in shared:
            dialect = _initialised(driver, real)
            shared[driver] = (dialect, LRUCache(5000)) if dialect is not None else None
        kept = shared[driver]
        if kept is not None:
            engine.dialect = kept[0]
            engine.update_execution_options(compiled_cache=kept[1])
        return engine

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db, "create_engine", create_engine)
        yield
