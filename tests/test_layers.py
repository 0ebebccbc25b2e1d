"""The rooms of workspace/ and which way their doors open, read from the imports with ast.

Domain imports only domain, the standard library and a few pure libraries; no circle of imports
inside domain (between its modules, or between its packages and core modules); no two feature
packages of services import each other (services/screens sits above them: it may import any
feature, none imports it); and the layers import one way (README.md, Architecture). Each failure
names the importing module and what it imports.

`python tests/test_layers.py [root]` prints the package graphs and their circles.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Pure libraries domain may use: no I/O of their own, no framework.
DOMAIN_LIBRARIES = {
    "babel",
    "diff_match_patch",
    "docx",
    "lxml",
    "markdown_it",
    "mdit_py_plugins",
    "msgspec",
    "pycrdt",  # Yrs's CRDT documents, in memory: a shared room's text and its updates (domain.rooms)
    "cryptography",  # AES-GCM and HKDF, in memory: a webhook's secret sealed with the instance's key (domain.sealing)
    "minisign",  # minisign's formats, in memory: a manifest signed and verified (domain.publication.signing)
    "Stemmer",  # PyStemmer: Snowball's stemmers, a pure function of a word (domain.search.terms)
    "tomli_w",
    "yaml",
}

# What each room of workspace/ may import of the others (the rooms of the house, one way).
LAYERS: dict[str, set[str]] = {
    "domain": set(),
    "settings": set(),
    "serving": set(),  # uvicorn's workers on sockets of their own, for `accord serve`
    "mail": {"settings"},
    "metrics": set(),  # what /metrics counts (prometheus-client), hooked into services, worker and web
    "tracing": set(),  # the request id a request and the jobs it leaves share (a context variable)
    "i18n": {"domain", "settings"},
    "store": {"domain", "settings"},
    "renderers": {"domain", "i18n", "settings"},
    "services": {"domain", "store", "renderers", "mail", "i18n", "settings", "metrics", "tracing"},
    "worker": {"services", "domain", "store", "renderers", "mail", "i18n", "settings", "metrics", "tracing"},
    "web": {"services", "domain", "renderers", "worker", "i18n", "settings", "store.db", "metrics", "tracing"},
    "cli": {"services", "domain", "store", "renderers", "worker", "mail", "i18n", "settings", "serving", "metrics"},
}

Edge = tuple[str, str, int]  # importer, imported, line


def module_name(root: Path, path: Path) -> str:
    name = ".".join(path.relative_to(root).with_suffix("").parts)
    return name.removesuffix(".__init__")


def is_module(root: Path, name: str) -> bool:
    path = root / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


@cache
def imports(root: Path = ROOT) -> tuple[Edge, ...]:
    """Every import under workspace/ (in functions and TYPE_CHECKING blocks too), made absolute."""
    return tuple(_imports(root))


def _imports(root: Path) -> Iterator[Edge]:
    for path in sorted((root / "workspace").rglob("*.py")):
        name = module_name(root, path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield name, alias.name, node.lineno
            elif isinstance(node, ast.ImportFrom):
                source = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - (node.level - 1)]
                    source = ".".join(parts + ([source] if source else []))
                for alias in node.names:
                    full = f"{source}.{alias.name}"
                    yield name, full if is_module(root, full) else source, node.lineno


def room(name: str) -> str:
    return name.split(".")[1] if name.startswith("workspace.") else name


def unit(name: str, layer: str, root: Path) -> str | None:
    """The package (or top-level module) of `layer` that `name` belongs to: workspace.domain.word."""
    parts = name.split(".")
    if parts[:2] != ["workspace", layer] or len(parts) < 3:
        return None
    return ".".join(parts[:3])


def graph(edges: tuple[Edge, ...], node) -> dict[str, dict[str, tuple[str, str, int]]]:
    """Nodes to the nodes they import, each edge with one import that makes it."""
    out: dict[str, dict[str, tuple[str, str, int]]] = defaultdict(dict)
    for importer, imported, line in edges:
        a, b = node(importer), node(imported)
        if a and b and a != b:
            out[a].setdefault(b, (importer, imported, line))
    return out


def circles(out: dict[str, dict[str, tuple[str, str, int]]]) -> list[list[str]]:
    """Each strongly connected group of more than one node (Tarjan): the nodes of one or more circles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in out.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(set(out) | {w for ws in out.values() for w in ws}):
        if v not in index:
            visit(v)
    return [sorted(group) for group in groups]


def circle_in(group: list[str], out: dict[str, dict[str, tuple[str, str, int]]]) -> list[str]:
    """A shortest way from the group's first node back to itself, inside the group."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(out.get(v, {})):
            if w == start:
                return paths[v] + [start]
            if w in members and w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    return group


def elementary(out: dict[str, dict[str, tuple[str, str, int]]]) -> int:
    """How many distinct circles (no node twice) the graph holds: each counted from its least node."""
    count = 0

    def walk(start: str, v: str, seen: set[str]) -> None:
        nonlocal count
        for w in out.get(v, {}):
            if w == start:
                count += 1
            elif w > start and w not in seen:
                walk(start, w, seen | {w})

    for start in sorted(out):
        walk(start, start, {start})
    return count


def described(group: list[str], out: dict[str, dict[str, tuple[str, str, int]]]) -> str:
    """One circle of the group edge by edge, then the group's other edges (any may be one to break)."""
    inside, circle = set(group), circle_in(group, out)
    edges = list(pairwise(circle))
    edges += sorted((a, b) for a in inside for b in out.get(a, {}) if b in inside and (a, b) not in edges)
    return "\n  ".join(f"{a} -> {b} ({out[a][b][0]}:{out[a][b][2]} imports {out[a][b][1]})" for a, b in edges)


def domain_modules(root: Path):
    return lambda name: name if name.startswith("workspace.domain.") else None


def domain_packages(root: Path):
    return lambda name: unit(name, "domain", root)


def service_features(root: Path):
    return lambda name: unit(name, "services", root)


def test_domain_imports_only_domain_the_standard_library_and_pure_libraries() -> None:
    allowed = set(sys.stdlib_module_names) | DOMAIN_LIBRARIES
    wrong = [
        f"{a}:{line} imports {b}"
        for a, b, line in imports()
        if room(a) == "domain" and not (room(b) == "domain" or b.split(".")[0] in allowed)
    ]
    assert not wrong, "\n".join(wrong)


def test_no_circle_between_the_modules_of_domain() -> None:
    out = graph(imports(), domain_modules(ROOT))
    found = circles(out)
    assert not found, "\n".join(described(c, out) for c in found)


def test_no_circle_between_the_packages_of_domain() -> None:
    out = graph(imports(), domain_packages(ROOT))
    found = circles(out)
    assert not found, "\n".join(described(c, out) for c in found)


def test_no_two_feature_packages_of_services_import_each_other() -> None:
    out = graph(imports(), service_features(ROOT))
    found = circles(out)
    assert not found, "\n".join(described(c, out) for c in found)


def test_no_feature_of_services_imports_the_screens_above_it() -> None:
    screens = "workspace.services.screens"
    wrong = [
        f"{a}:{line} imports {b}"
        for a, b, line in imports()
        if b.startswith(screens) and not a.startswith(screens) and room(a) == "services"
    ]
    assert not wrong, "\n".join(wrong)


def test_the_layers_import_one_way() -> None:
    wrong = []
    for a, b, line in imports():
        if not b.startswith("workspace.") or room(a) == room(b) or room(b) == "workspace":
            continue
        allowed = LAYERS.get(room(a), set())
        if room(b) not in allowed and ".".join(b.split(".")[1:3]) not in allowed:
            wrong.append(f"{a}:{line} imports {b}")
    assert not wrong, "\n".join(wrong)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports(root: Path = ROOT) -> list[str]:
    """Every import under workspace/ of a name another module of workspace/ keeps to itself (`from .x import _y`,
    `import workspace.x._y`). A library's own names are its business (lxml's `_Element` is how one names its
    element type)."""
    found = []
    for path in sorted((root / "workspace").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("workspace")):
                module = "." * node.level + (node.module or "")
                names = [f"{module} import {a.name}" for a in node.names if _is_private(a.name)]
                names += [f"{module} import {a.name}" for a in node.names if any(map(_is_private, module.split(".")))]
            elif isinstance(node, ast.Import):
                names = [
                    a.name
                    for a in node.names
                    if a.name.startswith("workspace") and any(map(_is_private, a.name.split(".")))
                ]
            else:
                continue
            found += [f"{path.relative_to(root)}:{node.lineno}: {name}" for name in names]
    return found


# Going with the API's wire structs (issue 62: each action's input declared once, on its command), then this goes.
def test_no_module_imports_another_modules_private_names() -> None:
    found = list(private_imports())
    assert not found, "make the name public, or move it where it belongs:\n" + "\n".join(found)


STATE = "workspace/store/state.py"
"""The one module that reads and writes SQLAlchemy's `info` (a session's, a connection's): its typed holders."""


def _is_info(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "info"


def info_uses(root: Path = ROOT) -> list[str]:
    """Every use of an `info` mapping under workspace/ outside store/state.py: `x.info[...]`, `x.info.get(...)` (any
    method), `... in x.info`, `info=` given to a call (a sessionmaker's). A plain read of an attribute named info
    (a markdown token's) is not one."""
    found = []
    for path in sorted((root / "workspace").rglob("*.py")):
        if path.relative_to(root).as_posix() == STATE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                (isinstance(node, (ast.Subscript, ast.Attribute)) and _is_info(node.value))
                or (isinstance(node, ast.Compare) and any(map(_is_info, node.comparators)))
                or (isinstance(node, ast.Call) and any(k.arg == "info" for k in node.keywords))
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_what_travels_with_a_session_is_typed_in_one_place() -> None:
    found = info_uses()
    assert not found, f"read and write a session's state through {STATE} (unit_state):\n" + "\n".join(found)


def report(root: Path) -> None:
    edges = imports(root)
    for title, node in [
        ("domain modules", domain_modules(root)),
        ("domain packages", domain_packages(root)),
        ("service packages", service_features(root)),
    ]:
        out = graph(edges, node)
        found = circles(out)
        print(
            f"{title}: {sum(map(len, out.values()))} edges, {len(found)} knots "
            f"({elementary(out)} distinct circles in them)" + "".join(f"\n  {described(c, out)}" for c in found)
        )


if __name__ == "__main__":
    report(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT)
