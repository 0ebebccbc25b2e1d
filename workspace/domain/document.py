"""A declaration's structure: paragraphs with stable eIds, kinds, numbering, content addresses."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .errors import N_, InvalidInput


class Kind(StrEnum):
    HEADING = "heading"
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"


PREFIX = {Kind.HEADING: "hdg", Kind.PREAMBULAR: "pre", Kind.OPERATIVE: "op"}
EID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_NUMBERED = re.compile(r"^([a-z][a-z0-9]*)_(\d+)$")


@dataclass(frozen=True)
class Block:
    """One paragraph of a declaration: its eId, its kind, and its Markdown text."""

    eid: str
    kind: Kind
    text: str


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
        if block.kind == Kind.OPERATIVE:
            numbers[block.eid] = len(numbers) + 1
    return numbers


def check_unique(blocks: Sequence[Block]) -> None:
    seen: set[str] = set()
    for block in blocks:
        if block.eid in seen:
            raise InvalidInput(N_("The paragraph identifier “{eid}” is used twice."), eid=block.eid)
        seen.add(block.eid)


_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S")


def split_definitions(text: str) -> tuple[str, str]:
    """(the text, its link reference definitions): the definitions are the last part after an empty
    line when every line of it is one (`[src]: https://…`), which the text's links may use."""
    main, sep, tail = text.rpartition("\n\n")
    lines = tail.strip("\n").split("\n")
    if sep and main.strip() and all(_DEFINITION.match(line) for line in lines):
        return main.rstrip(), "\n".join(line.strip() for line in lines)
    return text, ""


def check_text(kind: Kind, text: str) -> None:
    """A text the declaration file can carry for its kind: a heading is one line, and only an
    operative paragraph (a numbered item, whose lines are indented) may hold an empty line;
    any paragraph may end with link reference definitions after an empty line."""
    main, _ = split_definitions(text)
    if kind == Kind.HEADING and "\n" in main:
        raise InvalidInput(N_("A heading is a single line."), detail={"field": "text"})
    if kind == Kind.PREAMBULAR and "\n\n" in main.replace(" ", "").replace("\t", ""):
        raise InvalidInput(
            N_("A preambular paragraph cannot hold an empty line: make it two paragraphs."), detail={"field": "text"}
        )
    from .declaration_format import check_carried  # the file format is built on this module

    check_carried(kind, text)