"""A declaration version as one Markdown file, and the matching of its paragraphs to the last version.

`#` headings are heading paragraphs, top-level numbered list items operative paragraphs,
every other top-level block (paragraph, bullet item) a preambular paragraph. A paragraph
may carry its eId as a trailing `{#op_12}` or on a `{#op_12}` line before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from .diffing import similarity
from .document import EID, PREFIX, Block, Kind, next_eid
from .errors import N_, ImportFailed
from .markdown import top_level_blocks

_TRAILING_ID = re.compile(r"[ \t]*\{#([^}\s]+)\}[ \t]*$")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+|^ {0,3}#{1,6}$")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_ORDERED = re.compile(r"^ {0,3}\d{1,9}[.)]([ \t]+|$)")
_BULLET = re.compile(r"^ {0,3}[-+*]([ \t]+|$)")
SIMILAR_ENOUGH = 0.5  # like git's rename detection: at least half the words in common


@dataclass(frozen=True)
class ImportedBlock:
    eid: str | None
    kind: Kind
    text: str
    line: int  # 1-based, for messages


def _dedent(lines: list[str], marker: re.Pattern[str]) -> list[str]:
    """A list item's lines without its marker, continuation lines without the item's indent."""
    found = marker.match(lines[0])
    width = len(found.group(0)) if found else 0
    rest = [line[width:] if line[:width].strip() == "" else line.lstrip() for line in lines[1:]]
    return [lines[0][width:], *rest]


def parse_declaration(text: str, file: str) -> tuple[dict[str, Any], list[ImportedBlock]]:
    """Front matter and paragraphs of a declaration file; ImportFailed names the line if malformed."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    meta: dict[str, Any] = {}
    blocks: list[ImportedBlock] = []
    for kind, start, end, attr_id in top_level_blocks(text):
        chunk = [l for l in lines[start:end]]
        while chunk and not chunk[-1].strip():
            chunk.pop()
        if kind == "front_matter":
            try:
                loaded = yaml.safe_load("\n".join(chunk[1:-1])) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                raise ImportFailed(file, (mark.line + 2) if mark else 1, N_("The front matter is not valid YAML.")) from None
            if not isinstance(loaded, dict):
                raise ImportFailed(file, 2, N_("The front matter must be a set of “key: value” lines."))
            meta = loaded
            continue
        if kind == "heading":
            if not _HEADING.match(chunk[0]):
                raise ImportFailed(file, start + 1, N_("Headings must be written with “#”."))
            chunk = [_CLOSING_HASHES.sub("", _HEADING.sub("", chunk[0], count=1))]
            block_kind = Kind.HEADING
        elif kind == "ordered_item":
            chunk, block_kind = _dedent(chunk, _ORDERED), Kind.OPERATIVE
        elif kind == "bullet_item":
            chunk, block_kind = _dedent(chunk, _BULLET), Kind.PREAMBULAR
        else:
            block_kind = Kind.PREAMBULAR
        body = "\n".join(chunk).strip()
        eid = attr_id
        found = _TRAILING_ID.search(body)
        if found:
            eid, body = found.group(1), body[: found.start()].rstrip()
        if eid is not None and not EID.match(eid):
            raise ImportFailed(file, start + 1, N_("“{eid}” is not a paragraph identifier (e.g. op_12)."), eid=eid)
        if not body:
            raise ImportFailed(file, start + 1, N_("This paragraph is empty."))
        blocks.append(ImportedBlock(eid, block_kind, body, start + 1))
    seen: dict[str, int] = {}
    for block in blocks:
        if block.eid and block.eid in seen:
            raise ImportFailed(file, block.line, N_("The paragraph identifier “{eid}” is used twice."), eid=block.eid)
        if block.eid:
            seen[block.eid] = block.line
    return meta, blocks


def render_declaration(blocks: Sequence[Block]) -> str:
    """The canonical file of a version: parse(render(x)) gives x back."""
    out: list[str] = []
    number = 0
    for block in blocks:
        if block.kind == Kind.HEADING:
            out.append(f"# {block.text} {{#{block.eid}}}")
        elif block.kind == Kind.OPERATIVE:
            number += 1
            marker = f"{number}. "
            first, *rest = block.text.split("\n")
            body = "\n".join([marker + first, *((" " * len(marker) + l) if l.strip() else "" for l in rest)])
            out.append(f"{body} {{#{block.eid}}}")
        else:
            out.append(f"{block.text} {{#{block.eid}}}")
    return "\n\n".join(out) + "\n"


@dataclass(frozen=True)
class Match:
    block: Block
    how: str  # "explicit", "identical", "similar", "new"
    score: float = 1.0
    line: int = 0


def match_paragraphs(previous: Sequence[Block], imported: Sequence[ImportedBlock], used_eids: set[str]) -> list[Match]:
    """Give every imported paragraph an eId: its own, else the previous paragraph it is (nearly)
    the same as, else a fresh one. `used_eids` holds every eId the process ever had."""
    explicit = {b.eid for b in imported if b.eid}
    free = [p for p in previous if p.eid not in explicit]
    assigned: dict[int, tuple[str, str, float]] = {}

    # Identical texts first, in order; then the most similar pairs above the threshold.
    by_text: dict[str, list[Block]] = {}
    for p in free:
        by_text.setdefault(p.text, []).append(p)
    taken: set[str] = set()
    for i, b in enumerate(imported):
        if b.eid is None and by_text.get(b.text):
            p = by_text[b.text].pop(0)
            assigned[i] = (p.eid, "identical", 1.0)
            taken.add(p.eid)
    candidates = [p for p in free if p.eid not in taken]
    pairs: list[tuple[float, int, int]] = []
    for i, b in enumerate(imported):
        if b.eid is not None or i in assigned:
            continue
        words = set(b.text.lower().split())
        for j, p in enumerate(candidates):
            other = set(p.text.lower().split())
            # Cheap bound first: texts sharing few words cannot be similar enough.
            if words and other and len(words & other) * 2 / (len(words) + len(other)) < SIMILAR_ENOUGH / 2:
                continue
            score = similarity(p.text, b.text)
            if score >= SIMILAR_ENOUGH:
                pairs.append((score, i, j))
    for score, i, j in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        eid = candidates[j].eid
        if i in assigned or eid in taken:
            continue
        assigned[i] = (eid, "similar", score)
        taken.add(eid)

    everything = set(used_eids) | explicit | taken
    matches: list[Match] = []
    for i, b in enumerate(imported):
        if b.eid:
            matches.append(Match(Block(b.eid, b.kind, b.text), "explicit", 1.0, b.line))
        elif i in assigned:
            eid, how, score = assigned[i]
            matches.append(Match(Block(eid, b.kind, b.text), how, score, b.line))
        else:
            eid = next_eid(b.kind, everything)
            everything.add(eid)
            matches.append(Match(Block(eid, b.kind, b.text), "new", 0.0, b.line))
    return matches


__all__ = ["ImportedBlock", "Match", "PREFIX", "match_paragraphs", "parse_declaration", "render_declaration"]
