"""Which backend each test that takes a database runs on: both where the store's own code differs, one elsewhere.

Every test that asks for `db_url` (or `module_db_url`) is made twice, on SQLite and on PostgreSQL. `make test` keeps
the PostgreSQL twin where the store's code or SQL differs by backend: everything under tests/integration/store (the
store itself, its migrations), and the modules that say so with `pytestmark = BACKENDS_DIFFER` (search, backups, the
deletion job, the job queue, crash safety …).

Every other PostgreSQL twin runs in `make test-postgresql` (ACCORD_BACKENDS=postgresql-rest), which CI runs after
`make test`: the races on PostgreSQL (threads or servers at once: row locks, advisory locks, SKIP LOCKED, where SQLite
serialises writers with BEGIN IMMEDIATE) are there with the pages, renderings and refusals decided above the store.
In `make test` they took 258 s of its 2,040 s of test time (2026-12-01). CI runs
every twin; the suite a developer runs at each change stays short. ACCORD_BACKENDS=all runs everything in one go.
"""

from __future__ import annotations

import os

import pytest

BACKENDS_DIFFER = pytest.mark.backends_differ
"""A module (pytestmark) or test whose outcome can depend on the backend: it runs on both in `make test`."""

MODES = ("split", "postgresql-rest", "all")
_DATABASE_FIXTURES = ("db_url", "module_db_url")


def mode(config: pytest.Config) -> str:
    chosen = os.environ.get("ACCORD_BACKENDS", "split")
    if chosen not in MODES:
        raise pytest.UsageError(f"ACCORD_BACKENDS={chosen!r}: one of {', '.join(MODES)}")
    return chosen


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "backends_differ: the outcome can depend on the backend: run on SQLite and PostgreSQL in make test"
    )


def _backend(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return None
    for name in _DATABASE_FIXTURES:
        if name in callspec.params:
            return str(callspec.params[name])
    return None


def both_backends(item: pytest.Item) -> bool:
    """Whether `make test` runs the test's PostgreSQL twin too: the store's own tests and the modules marked
    BACKENDS_DIFFER. A race's PostgreSQL twin runs in `make test-postgresql` (see the module's docstring)."""
    return item.get_closest_marker("backends_differ") is not None or "/integration/store/" in item.nodeid.replace(
        "\\", "/"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = mode(config)
    if chosen == "all":
        return
    kept, dropped = [], []
    for item in items:
        twin = _backend(item) == "postgresql" and not both_backends(item)
        (dropped if twin == (chosen == "split") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
