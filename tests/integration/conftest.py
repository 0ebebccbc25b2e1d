"""Integration fixtures: more fresh databases on the test's backend."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import _counter, _pg_admin, _pg_url
from workspace.store.db import Store, make_store


@pytest.fixture
def fresh_store(
    request: pytest.FixtureRequest, db_url: str, tmp_path: Path, sqlite_template: Path
) -> Iterator[Callable[[], Store]]:
    """Make another empty, migrated database on the same backend as `store` (for export → import)."""
    engines, databases = [], []

    def make() -> Store:
        if db_url.startswith("sqlite"):
            path = tmp_path / f"other-{len(engines)}.db"
            shutil.copy(sqlite_template, path)
            url = f"sqlite:///{path}"
        else:
            template = request.getfixturevalue("pg_template")
            name = f"accord_o{os.getpid()}_{next(_counter)}"
            admin = _pg_admin()
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
            admin.dispose()
            databases.append(name)
            url = _pg_url(name)
        made = make_store(url)
        engines.append(made)
        return made

    yield make
    for made in engines:
        made.dispose()
    if databases:
        admin = _pg_admin()
        with admin.connect() as conn:
            for name in databases:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
