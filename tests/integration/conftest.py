"""Integration fixtures: more fresh databases on the test's backend."""

from __future__ import annotations

import os
import shutil
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import PgWorkerDatabase, _pg_url
from workspace.cli import main
from workspace.store.db import Store, make_store


class OtherDatabases:
    """`fresh_store`'s PostgreSQL databases in this test process, each emptied for its next use (as the
    worker's own database is) once no store of it is left: creating and dropping a database from the
    template cost a third of a second each, and a hypothesis test asks for two at each example."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.made: list[tuple[PgWorkerDatabase, list[weakref.ref[Store] | None]]] = []

    def take(self) -> tuple[PgWorkerDatabase, list[weakref.ref[Store] | None]]:
        for database, holder in self.made:
            if holder[0] is None or holder[0]() is None:  # its test ended, or the store is gone
                database.reset()
                return database, holder
        made = (PgWorkerDatabase(self.template, f"accord_o{os.getpid()}_{len(self.made)}"), [None])
        self.made.append(made)
        return made

    def drop(self) -> None:
        for database, _ in self.made:
            database.drop()


@pytest.fixture(scope="session")
def other_databases(pg_template: str) -> Iterator[OtherDatabases]:
    made = OtherDatabases(pg_template)
    yield made
    made.drop()


@pytest.fixture
def fresh_store(
    request: pytest.FixtureRequest, db_url: str, tmp_path: Path, sqlite_template: Path
) -> Iterator[Callable[[], Store]]:
    """Make another empty, migrated database on the same backend as `store` (for export → import)."""
    engines: list[weakref.ref[Store]] = []
    holders: list[list[weakref.ref[Store] | None]] = []

    def make() -> Store:
        if db_url.startswith("sqlite"):
            path = tmp_path / f"other-{len(engines)}.db"
            shutil.copy(sqlite_template, path)
            made = make_store(f"sqlite:///{path}")
        else:
            database, holder = request.getfixturevalue("other_databases").take()
            made = make_store(_pg_url(database.name))
            holder[0] = weakref.ref(made)
            holders.append(holder)
        engines.append(weakref.ref(made))
        return made

    yield make
    for ref in engines:
        if (made := ref()) is not None:
            made.dispose()
    for holder in holders:
        holder[0] = None


@pytest.fixture
def accord(db_url, monkeypatch):
    """The command line on the test's database, run in this process: `accord("search", SLUG, "…")` gives what it
    printed, asserting its exit status (0, or 1 with `ok=False`)."""
    monkeypatch.setenv("ACCORD_DATABASE_URL", db_url)
    monkeypatch.setenv("ACCORD_SECRET_KEY", "cli-test-secret-0123456789abcdef")
    runner = CliRunner()

    def run(*args: str, ok: bool = True) -> str:
        result = runner.invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == (0 if ok else 1), result.output
        return result.output

    return run
