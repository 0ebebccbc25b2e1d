"""Every YAML that Accord reads (the front matter of its files) goes through here: the only module that
reads with PyYAML.

It promises a mapping of plain values (text, whole and decimal numbers, true/false, null, lists and
mappings), or an ImportFailed naming the file, the line and the key; never another exception.
PyYAML's safe loader alone breaks that promise in three ways, each closed here:
- it builds dates and times from unquoted values, and raises ValueError on an impossible one
  (`2021-02-30`): here a date or a time is read as its text, as when it is quoted (the file formats
  write them quoted, and parse them themselves), and `10:30` is not read as the number 630;
- it composes and builds recursively: a deep nesting is a RecursionError. Here the nesting is counted
  while composing, refused beyond MAX_DEPTH before Python's stack is at risk, and measured again
  through aliases (which may nest a deep node in a deep node, or in itself) before anything is built;
- an alias repeats a node without its text (a billion laughs in a few lines): the repeated size is
  measured on the composed nodes, and refused beyond MAX_REPEATED characters.
Explicit tags other than `!!str`, `!!seq` and `!!map` (`!!binary`, `!!timestamp`, `!!python/…`) are
refused with their line, and a value that cannot be built (a number of 5,000 digits) too.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import N_, NN_, ImportFailed

MAX_DEPTH = 16  # lists and mappings inside each other; Accord's own files use 5
MAX_REPEATED = 100_000  # characters that aliases may repeat beyond the text itself
_KEPT_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_STANDARD = "tag:yaml.org,2002:"
_TIMESTAMP, _INT, _FLOAT, _NULL = (f"{_STANDARD}{name}" for name in ("timestamp", "int", "float", "null"))
# YAML 1.1's numbers without base 60 (`1:30` is 90 there): a time of day stays text.
_INT_PATTERN = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$")
_FLOAT_PATTERN = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
    re.VERBOSE,
)

_NOT_YAML = N_("The front matter is not valid YAML: {problem}.")
_NOT_MAPPING = N_("The front matter must be a set of “key: value” lines.")


class _Refused(Exception):
    """A refusal met inside PyYAML, with its place; made an ImportFailed by `read_mapping`."""

    def __init__(self, message: str, mark: Any, **params: Any) -> None:
        super().__init__(message)
        self.message, self.mark, self.params = message, mark, params


class _Loader(yaml.SafeLoader):
    """SafeLoader without dates, times and numbers in base 60, that counts the nesting while composing."""

    # A class's own table, as PyYAML keeps it (add_implicit_resolver is a class method); types-PyYAML says an
    # instance's.
    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {  # type: ignore[misc]
        first: [(tag, pattern) for tag, pattern in resolvers if tag not in (_TIMESTAMP, _INT, _FLOAT)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0
        self.path: list[str] = []  # where the node being composed is: "statuses", "op_1", "status"
        self.aliased = False

    def compose_node(self, parent: Node | None, index: Node | int | None) -> Node:
        event = self.peek_event()  # type: ignore[no-untyped-call]  # types-PyYAML leaves the parser's events untyped
        if parent is None and (isinstance(event, (SequenceStartEvent, AliasEvent)) or event.tag not in _KEPT_TAGS):
            raise _Refused(_NOT_MAPPING, event.start_mark)
        if self.depth == 1 and index is None and not isinstance(event, ScalarEvent):  # a top-level key
            raise _Refused(_NOT_MAPPING, event.start_mark)
        if parent is None:
            return self._compose(event, parent, index)
        # A mapping's key (index None) is named by itself, its value by the key, a list's item by its place.
        self.path.append(
            str(getattr(event, "value", ""))
            if index is None
            else str(index + 1)
            if isinstance(index, int)
            else str(index.value)
        )
        try:
            return self._compose(event, parent, index)
        finally:
            self.path.pop()

    def _compose(self, event: Any, parent: Node | None, index: Node | int | None) -> Node:
        if isinstance(event, AliasEvent):
            self.aliased = True
            return self._compose_next(parent, index)
        if event.tag not in _KEPT_TAGS:
            raise _Refused(
                N_("The value of “{key}” has the tag “{tag}”, which is not read here: write the value without it."),
                event.start_mark,
                key=_named(self.path),
                tag=_written(event.tag),
            )
        nests = isinstance(event, (SequenceStartEvent, MappingStartEvent))
        if nests and self.depth == MAX_DEPTH:
            raise _Refused(_TOO_DEEP, event.start_mark, key=_named(self.path, nesting=True), limit=MAX_DEPTH)
        self.depth += nests
        try:
            return self._compose_next(parent, index)
        finally:
            self.depth -= nests

    def _compose_next(self, parent: Node | None, index: Node | int | None) -> Node:
        # types-PyYAML says `index: int` and a result of `Node | None`: PyYAML passes a mapping's key node (or None
        # for the key itself) too, and returns a node or raises.
        return super().compose_node(parent, index)  # type: ignore[arg-type,return-value]

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:  # int("1" * 5000): Python's digit limit
            raise _Refused(
                N_("The value of “{key}” cannot be read: {problem}."),
                node.start_mark,
                key="",
                problem=str(exc).split("\n")[0].split(";")[0],
            ) from None


_TOO_DEEP = NN_(
    "The value of “{key}” nests lists and mappings more than {limit} level deep.",
    "The value of “{key}” nests lists and mappings more than {limit} levels deep.",
    "limit",
)

_Loader.add_implicit_resolver(_INT, _INT_PATTERN, list("-+0123456789"))
_Loader.add_implicit_resolver(_FLOAT, _FLOAT_PATTERN, list("-+0123456789."))


def _written(tag: str) -> str:
    """A tag as it is written: `!!binary`, not `tag:yaml.org,2002:binary`."""
    return "!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _named(path: list[str], *, nesting: bool = False) -> str:
    """A key as the formats' messages name one: `statuses.op_1.status`, `comments.2.at`; for a nesting,
    the key that holds it (`summary`, not `summary.1.1.1`), its first four steps at most."""
    if nesting:
        while len(path) > 1 and path[-1].isdigit():
            path = path[:-1]
    shown = ".".join(_shown(step) for step in path[:4])
    return shown + ".…" if len(path) > 4 else shown


def read_mapping(text: str, file: str, first_line: int) -> dict[Any, Any]:
    """The front matter `text` (which starts at line `first_line` of `file`) as a mapping; nothing
    at all is an empty one. ImportFailed with the line, and the key when there is one, otherwise."""
    loader = _Loader(text)
    root: Node | None = None
    try:
        root = loader.get_single_node()
        if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL):  # nothing, or only `~`
            return {}
        if not isinstance(root, MappingNode):
            raise ImportFailed(file, first_line, _NOT_MAPPING)
        if loader.aliased:
            _check_repeats(root, len(text))
        value = loader.construct_document(root)
    except _Refused as exc:
        key = exc.params.get("key")
        if key == "" and isinstance(root, MappingNode):  # a value that could not be built: found by its place
            key = _key_at(root, exc.mark.index)
        params = {**exc.params, **({"key": key} if key is not None else {})}
        raise ImportFailed(file, exc.mark.line + first_line, exc.message, **params) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise ImportFailed(file, mark.line + first_line if mark else first_line, _NOT_YAML, problem=problem) from None
    finally:
        loader.dispose()
    return value  # type: ignore[no-any-return]  # a mapping node is built as a dict


def _key_at(root: MappingNode, index: int) -> str:
    """The key (as `_named` writes it) of the innermost entry that holds the character at `index`."""
    path: list[str] = []
    node: Node = root
    for _ in range(MAX_DEPTH):  # no deeper: the nesting was bounded while composing
        if isinstance(node, MappingNode):
            pairs = [(key.value, key, value) for key, value in node.value]
        elif isinstance(node, SequenceNode):
            pairs = [(str(n), item, item) for n, item in enumerate(node.value, 1)]
        else:
            break
        found = next(
            (p for p in pairs if p[1].start_mark.index <= index < max(p[2].end_mark.index, p[1].start_mark.index + 1)),
            None,
        )
        if found is None:
            break
        name, first, value = found
        path.append(name)
        if index < first.end_mark.index:  # in the key itself, or a list's item
            node = first
            if first is not value:
                break
        else:
            node = value
    return _named(path)


def _check_repeats(root: Node, length: int) -> None:
    """Through aliases, the nesting of every top-level value and the characters of the whole: measured
    once per node (an alias is the node it names), without recursion, refusing a node inside itself."""
    measured: dict[int, tuple[int, int]] = {}  # id(node): (nesting, characters)
    total = 0
    for key, value in root.value if isinstance(root, MappingNode) else []:
        depth, size = _measure(value, measured, key)
        if depth + 1 > MAX_DEPTH:
            raise _Refused(_TOO_DEEP, key.start_mark, key=_shown(key.value), limit=MAX_DEPTH)
        total += size + len(str(key.value))
        if total > length + MAX_REPEATED:
            raise _Refused(
                NN_(
                    "The aliases of “{key}” repeat more than {limit} character.",
                    "The aliases of “{key}” repeat more than {limit} characters.",
                    "limit",
                ),
                key.start_mark,
                key=_shown(key.value),
                limit=MAX_REPEATED,
            )


def _measure(top: Node, measured: dict[int, tuple[int, int]], key: ScalarNode) -> tuple[int, int]:
    open_: set[int] = set()
    stack: list[tuple[Node, bool]] = [(top, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in measured:
            continue
        children = _children(node)
        if done:
            open_.discard(id(node))
            inner = [measured[id(c)] for c in children]
            measured[id(node)] = (1 + max((d for d, _ in inner), default=0), 1 + sum(s for _, s in inner))
            continue
        if isinstance(node, ScalarNode):
            measured[id(node)] = (0, len(node.value) + 1)
            continue
        if id(node) in open_:  # an alias to a node it is inside of: nested without end
            raise _Refused(_TOO_DEEP, key.start_mark, key=_shown(key.value), limit=MAX_DEPTH)
        open_.add(id(node))
        stack.append((node, True))
        for child in children:
            if id(child) in open_:
                raise _Refused(_TOO_DEEP, key.start_mark, key=_shown(key.value), limit=MAX_DEPTH)
            if id(child) not in measured:
                stack.append((child, False))
    return measured[id(top)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def entry_lines(text: str, key: str, first_line: int) -> dict[str, tuple[int, dict[str, int]]]:
    """The line of each entry of the top-level mapping `key`, by its key as YAML reads it (a quoted key
    with escapes too), with the line of each of its own keys when it is a mapping; {} when the text is
    not a mapping Accord reads."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except (_Refused, yaml.YAMLError):
        return {}
    finally:
        loader.dispose()
    found: dict[str, tuple[int, dict[str, int]]] = {}
    for name, value in root.value if isinstance(root, MappingNode) else []:
        if isinstance(name, ScalarNode) and name.value == key and isinstance(value, MappingNode):
            for entry, inner in value.value:
                if isinstance(entry, ScalarNode) and entry.value not in found:
                    fields = {
                        field.value: field.start_mark.line + first_line
                        for field, _ in (inner.value if isinstance(inner, MappingNode) else [])
                        if isinstance(field, ScalarNode)
                    }
                    found[entry.value] = (entry.start_mark.line + first_line, fields)
    return found


__all__ = ["MAX_DEPTH", "MAX_REPEATED", "entry_lines", "read_mapping"]
