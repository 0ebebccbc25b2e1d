"""Which PostgreSQL twins `make test` runs (tests/backends.py): every test that races, found from its source."""

from __future__ import annotations

import textwrap
import types

from tests import backends


def module_of(source: str) -> types.ModuleType:
    """A module made from `source`, its functions' source readable as a test module's is."""
    import linecache

    name = f"made_{abs(hash(source))}"
    path = f"<{name}>"
    code = textwrap.dedent(source)
    linecache.cache[path] = (len(code), None, code.splitlines(True), path)
    module = types.ModuleType(name)
    module.__file__ = path
    exec(compile(code, path, "exec"), module.__dict__)
    return module


MODULE = module_of(
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    def burst(n):
        with ThreadPoolExecutor(n) as pool:
            return list(pool.map(print, range(n)))

    def plain(n):
        return n + 1

    def test_two_at_once(store):
        threads = [threading.Thread(target=print) for _ in range(2)]

    def test_through_a_helper(store):
        assert burst(4)

    def test_a_race(store):
        race(lambda: 1, lambda: 2)

    def test_one_request(store):
        '''A Thread is opened here, and races are named in prose only.'''
        assert plain(1) == 2

    def test_a_subprocess(tmp_path):
        import subprocess
        server = subprocess.Popen(["accord", "serve"])

    def test_a_program_run_to_its_end(tmp_path):
        import subprocess
        subprocess.run(["pdftotext", "a.pdf"], check=True)
    """
)


def test_a_test_that_starts_threads_processes_or_a_race_runs_on_both_backends():
    runs = {name: backends.starts_concurrent_work(getattr(MODULE, name), MODULE) for name in dir(MODULE)}
    assert runs["test_two_at_once"] and runs["test_through_a_helper"] and runs["test_a_race"]
    assert runs["test_a_subprocess"]  # a server beside the test
    assert not runs["test_one_request"]  # a word in a docstring is no thread
    assert not runs["test_a_program_run_to_its_end"]  # the test waits for it: nothing works beside it


def test_the_helpers_that_start_concurrent_work_are_found_in_the_module():
    assert backends._sources(MODULE)[1] == frozenset({"burst"})


class Item:
    """What the selection reads of a collected test."""

    def __init__(self, name: str, backend: str | None, marked: bool = False, folder: str = "web") -> None:
        self.function, self.module = getattr(MODULE, name), MODULE
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
    assert len(chosen["all"]) == 7
    assert sorted(chosen["split"] + chosen["postgresql-rest"]) == sorted(chosen["all"])  # each once, none lost
    assert chosen["postgresql-rest"] == ["tests/web/test_x.py::test_one_request[postgresql]False"]
