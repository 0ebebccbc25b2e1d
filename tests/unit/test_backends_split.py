"""Which PostgreSQL twins `make test` runs (tests/backends.py): the store's tests and the modules marked
BACKENDS_DIFFER; `make test-postgresql` runs the others, each once."""

from __future__ import annotations

import types

from tests import backends


class Item:
    """What the selection reads of a collected test."""

    def __init__(self, name: str, backend: str | None, marked: bool = False, folder: str = "web") -> None:
        self.nodeid = f"tests/{folder}/test_x.py::{name}[{backend}]"
        self.callspec = types.SimpleNamespace(params={"db_url": backend}) if backend else None
        self.marked = marked

    def get_closest_marker(self, name: str) -> object:
        return object() if self.marked and name == "backends_differ" else None


class Config:
    def __init__(self) -> None:
        self.deselected: list[Item] = []
        self.hook = types.SimpleNamespace(pytest_deselected=lambda items: self.deselected.extend(items))


def test_make_test_and_make_test_postgresql_share_out_every_test_once(monkeypatch):
    def made() -> list[Item]:
        return [
            *(
                Item(name, backend)
                for name in ("test_one_request", "test_a_race")
                for backend in ("sqlite", "postgresql")
            ),
            Item("test_one_request", "postgresql", marked=True),
            Item("test_one_request", "postgresql", folder="integration/store"),
            Item("test_one_request", None),
        ]

    chosen = {}
    for mode in backends.MODES:
        monkeypatch.setenv("ACCORD_BACKENDS", mode)
        items, config = made(), Config()
        backends.pytest_collection_modifyitems(config, items)  # type: ignore[arg-type]
        chosen[mode] = [item.nodeid + str(item.marked) for item in items]
        assert len(config.deselected) == 7 - len(items)
    assert len(chosen["all"]) == 7
    assert sorted(chosen["split"] + chosen["postgresql-rest"]) == sorted(chosen["all"])  # each once, none lost
    assert sorted(chosen["postgresql-rest"]) == [  # a race's twin with the others: only the store and marked stay
        "tests/web/test_x.py::test_a_race[postgresql]False",
        "tests/web/test_x.py::test_one_request[postgresql]False",
    ]
