"""A declaration's structure: paragraphs with stable eIds, kinds, numbering, content addresses."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..errors import N_, InvalidInput


class Kind(StrEnum):
    HEADING = "heading"
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"


PREFIX = {Kind.HEADING: "hdg", Kind.PREAMBULAR: "pre", Kind.OPERATIVE: "op"}
EID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_NUMBERED = re.compile(r"^([a-z][a-z0-9]*)_(\d+)$")
MAX_DEPTH = 8  # sub-items of sub-items …: UN texts go to (a), (i), then rarely one more


@dataclass(frozen=True)
class Block:
    """One paragraph of a declaration: its eId, its kind, its Markdown text, and where it stands in
    the file's lists. `depth` 0 is the top level; a nested list item or a paragraph inside a list item
    is one deeper than the item holding it (and of that item's kind). `marker` is how the file writes
    it: "#" to "######" for a heading, "-", "*", "+" or a number with "." or ")" ("3.", "1)") for a
    list item, "" for a plain paragraph (or, nested, a paragraph continuing the item above it)."""

    eid: str
    kind: Kind
    text: str
    depth: int = 0
    marker: str = ""

    @property
    def numbered(self) -> bool:
        """An operative paragraph at the top level: the ones numbered 1, 2, 3 …"""
        return self.kind == Kind.OPERATIVE and self.depth == 0


@dataclass(frozen=True)
class ImportedBlock:
    """A paragraph as a file gives it (a declaration file, a Word document): its eId only if the file wrote one,
    and the line it starts on."""

    eid: str | None
    kind: Kind
    text: str
    line: int  # 1-based, for messages
    depth: int = 0
    marker: str = ""


def revision_id(text: str) -> str:
    """The content address of a paragraph text: equal texts are stored once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_eid(value: str) -> str:
    if not EID.match(value or ""):
        raise InvalidInput(N_("“{eid}” is not a paragraph identifier (e.g. op_12)."), eid=value)
    return value


def next_eid(kind: Kind, taken: Iterable[str]) -> str:
    """A fresh eId for `kind`, after every number ever used: an eId is never given twice."""
    prefix = PREFIX[kind]
    highest = 0
    for eid in taken:
        match = _NUMBERED.match(eid)
        if match and match.group(1) == prefix:
            highest = max(highest, int(match.group(2)))
    return f"{prefix}_{highest + 1}"


def numbering(blocks: Sequence[Block]) -> dict[str, int]:
    """Operative paragraphs numbered 1, 2, 3 … in document order; the number is display, the eId is identity."""
    numbers: dict[str, int] = {}
    for block in blocks:
        if block.numbered:
            numbers[block.eid] = len(numbers) + 1
    return numbers


def check_unique(blocks: Sequence[Block]) -> None:
    seen: set[str] = set()
    for block in blocks:
        if block.eid in seen:
            raise InvalidInput(N_("The paragraph identifier “{eid}” is used twice."), eid=block.eid)
        seen.add(block.eid)


_MARKERS = {
    Kind.HEADING: re.compile(r"^(?:#{2,6})?$"),  # "" is a level-1 heading
    Kind.PREAMBULAR: re.compile(r"^(?:[-+*]|\d{1,9}[.)])?$"),
    Kind.OPERATIVE: re.compile(r"^(?:[-+*]|\d{1,9}[.)]|\))?$"),
}


def is_item(block: Block) -> bool:
    """Does the file write it as a list item (that sub-items may belong to)?"""
    return block.numbered or (block.kind != Kind.HEADING and block.marker != "")


def check_place(kind: Kind, depth: int, marker: str) -> None:
    """A depth and marker the declaration file can write for this kind."""
    valid = 0 <= depth <= MAX_DEPTH and _MARKERS[kind].match(marker or "") is not None
    if kind == Kind.HEADING and depth > 0:
        valid = False
    if depth == 0 and kind == Kind.OPERATIVE and marker not in ("", ")"):
        valid = False  # numbered 1, 2, 3 …: only the delimiter is the file's
    if not valid:
        raise InvalidInput(
            N_("A paragraph of this kind cannot stand at depth {depth} with the marker “{marker}”."),
            depth=depth,
            marker=marker,
            detail={"field": "marker"},
        )


def _number(marker: str) -> tuple[int, str] | None:
    """(number, delimiter) of an ordered list marker ("3." → (3, ".")), None for any other marker."""
    return (int(marker[:-1]), marker[-1]) if marker[:1].isdigit() else None


def written_marks(blocks: Sequence[Block]) -> list[tuple[int, str]]:
    """How the declaration file writes each paragraph's place: its depth (a sub-item without an item
    above it goes up a level, see check_structure) and the mark before its text: "##" for a heading,
    "3." for the third operative paragraph, the number a nested numbered list reaches (it counts on
    from its first item's number), "-" for a bullet, "" for a plain paragraph."""
    writer = _MarkWriter()
    return [writer.place(block) for block in blocks]


class _MarkWriter:
    """What written_marks carries from one paragraph to the next: the operative paragraphs numbered so far, the
    list items open above the next paragraph, and the last number of the numbered list open at each depth."""

    def __init__(self) -> None:
        self.number = 0
        self.levels = 0  # list items open above the next paragraph
        self.runs: dict[int, tuple[int, str]] = {}  # the last number of the numbered list open at each depth

    def place(self, block: Block) -> tuple[int, str]:
        """The paragraph's depth as written and its mark."""
        depth = min(block.depth, self.levels)
        for open_depth in [d for d in self.runs if d > depth]:
            del self.runs[open_depth]
        mark = self._mark(block, depth)
        self.levels = depth + (1 if mark and not (block.kind == Kind.HEADING and depth == 0) else 0)
        return depth, mark

    def _mark(self, block: Block, depth: int) -> str:
        """The mark before the paragraph's text, at the depth it is written at."""
        ordered = _number(block.marker)
        if ordered is None:
            self.runs.pop(depth, None)  # any other paragraph ends the numbered list at its depth
        if block.kind == Kind.HEADING and depth == 0:
            return block.marker or "#"
        if block.numbered:
            self.number += 1
            return f"{self.number}{block.marker or '.'}"
        if ordered is None:
            return block.marker
        previous = self.runs.get(depth)  # a nested numbered list counts on from its first item's number
        value = previous[0] + 1 if previous and previous[1] == ordered[1] else ordered[0]
        self.runs[depth] = (value, ordered[1])
        return f"{value}{ordered[1]}"


def list_labels(blocks: Sequence[Block]) -> dict[str, str]:
    """What a reader sees before each sub-item: "•" for a bullet, its number for a numbered one."""
    return {
        b.eid: ("•" if mark in ("-", "*", "+") else mark)
        for b, (depth, mark) in zip(blocks, written_marks(blocks), strict=True)
        if depth and mark
    }


def sibling_place(anchor: Block, kind: Kind) -> tuple[Kind, int, str]:
    """(kind, depth, marker) of a new paragraph put right after `anchor`: beside it, in its list. A
    sub-item's sibling is a sub-item of the same kind; at the top level the new paragraph keeps its kind."""
    if anchor.depth:
        number = anchor.marker[:-1]
        marker = f"{int(number) + 1}{anchor.marker[-1]}" if number.isdigit() else anchor.marker
        return anchor.kind, anchor.depth, marker
    if kind == anchor.kind and kind != Kind.HEADING:
        return kind, 0, anchor.marker
    return kind, 0, ""


def check_structure(blocks: Sequence[Block]) -> None:
    """Every sub-item belongs to a list item one level up; a paragraph continuing a numbered paragraph
    comes after the sub-items that open it (right after it, it would be part of that paragraph)."""
    items: list[Block] = []  # the list item open at each depth
    previous: Block | None = None
    for block in blocks:
        del items[block.depth :]
        if len(items) < block.depth:
            raise InvalidInput(
                N_("The sub-item “{eid}” has no list item above it to belong to."),
                eid=block.eid,
                detail={"eid": block.eid},
            )
        if block.depth and block.kind != items[0].kind:  # the file reads a sub-item as of its item's kind
            raise InvalidInput(
                N_("The sub-item “{eid}” must be of the kind of the paragraph it belongs to."),
                eid=block.eid,
                detail={"eid": block.eid},
            )
        if block.depth and not block.marker and previous is items[-1] and previous.numbered:
            raise InvalidInput(
                N_(
                    "The paragraph “{eid}” cannot continue the numbered paragraph right above it: it would be part of "
                    "it."
                ),
                eid=block.eid,
                detail={"eid": block.eid},
            )
        if is_item(block):
            items.append(block)
        previous = block


_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S")


def split_definitions(text: str) -> tuple[str, str]:
    """(the text, its link reference definitions): the definitions are the last part after an empty
    line when every line of it is one (`[src]: https://…`), which the text's links may use."""
    main, sep, tail = text.rpartition("\n\n")
    lines = tail.strip("\n").split("\n")
    if sep and main.strip() and all(_DEFINITION.match(line) for line in lines):
        return main.rstrip(), "\n".join(line.strip() for line in lines)
    return text, ""
