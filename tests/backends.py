"""Which backend each test that takes a database runs on: both where the answer can depend on it, one elsewhere.

Every test that asks for `db_url` (or `module_db_url`) is made twice, on SQLite and on PostgreSQL. `make test` keeps
the PostgreSQL twin only where the backend can change the outcome:

- a test that races (its source, or a helper of its module it calls, starts threads, processes or a barrier, or calls
  a `race` helper): SQLite serialises writers with BEGIN IMMEDIATE, PostgreSQL with row locks, advisory locks and
  SKIP LOCKED, and each has failed where the other passed;
- a module that says so with `pytestmark = BACKENDS_DIFFER` (the store itself, migrations, backups, the deletion job,
  crash safety …), and everything under
  tests/integration/store.

The other PostgreSQL twins (a rendering, a page, a refusal computed above the store: the same on both) run in
`make test-postgresql` (ACCORD_BACKENDS=postgresql-rest), which CI runs after `make test`: CI runs every twin, the
suite a developer runs at each change stays within eight minutes. ACCORD_BACKENDS=all runs everything in one go.
"""

from __future__ import annotations

import ast
import inspect
import os
import re
from collections import Counter
from functools import cache
from types import ModuleType

import pytest

BACKENDS_DIFFER = pytest.mark.backends_differ
"""A module (pytestmark) or test whose outcome can depend on the backend: it runs on both in `make test`."""

MODES = ("split", "postgresql-rest", "all")
_DATABASE_FIXTURES = ("db_url", "module_db_url")
_CONCURRENT = re.compile(
    r"threading\.|\b(Barrier|Thread|ThreadPoolExecutor|ProcessPoolExecutor|Popen|race|raced|gather|running_server)\(|"
    r"\bmultiprocessing\b"
)
"""What starts concurrent work against the database (or a server process beside the test's own). A program run to its
end (`subprocess.run`: pdftotext, minisign, LibreOffice, a command) works beside nothing: the test waits for it."""


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


@cache
def _sources(module: ModuleType) -> tuple[dict[str, str], frozenset[str]]:
    """The module parsed once (inspect.getsource per test took seconds of each worker's collection): the source of each
    function, decorators included, whose name is its module's only one, and the names of its own functions (not tests)
    whose source starts concurrent work (one level: what a test calls directly)."""
    try:
        source = inspect.getsource(module)
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return {}, frozenset()
    lines = source.splitlines()
    functions = {
        node: "\n".join(lines[min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1 : node.end_lineno])
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    names = Counter(node.name for node in functions)
    segments = {node.name: text for node, text in functions.items() if names[node.name] == 1}
    helpers = frozenset(
        node.name for node, text in functions.items() if not node.name.startswith("test_") and _CONCURRENT.search(text)
    )
    return segments, helpers


def races(item: pytest.Item) -> bool:
    function, module = getattr(item, "function", None), getattr(item, "module", None)
    return function is not None and isinstance(module, ModuleType) and starts_concurrent_work(function, module)


def starts_concurrent_work(function: object, module: ModuleType) -> bool:
    """Whether the test function's source starts threads, processes or a server, or calls a function of its module
    that does."""
    segments, helpers = _sources(module)
    source = segments.get(getattr(function, "__name__", ""))
    if source is None:  # a name the module defines twice (a method), or a function from elsewhere
        try:
            source = inspect.getsource(function)  # type: ignore[arg-type]
        except (OSError, TypeError):
            return False
    if _CONCURRENT.search(source):
        return True
    return any(re.search(rf"\b{re.escape(name)}\(", source) for name in helpers)


def both_backends(item: pytest.Item) -> bool:
    """Whether `make test` runs the test's PostgreSQL twin too."""
    return (
        item.get_closest_marker("backends_differ") is not None
        or "/integration/store/" in item.nodeid.replace("\\", "/")
        or races(item)
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
