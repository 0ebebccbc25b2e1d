"""A declaration version as one Markdown file, and the matching of its paragraphs to the last version.

`#` headings are heading paragraphs, top-level numbered list items operative paragraphs,
every other top-level block (paragraph, bullet item) a preambular paragraph. A paragraph
may carry its eId as a trailing `{#op_12}` or on a `{#op_12}` line before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from .diffing import similarity, word_similarity
from .document import EID, PREFIX, Block, Kind, next_eid
from .errors import N_, ImportFailed
from .markdown import top_level_blocks
from .words import normalize_space, words

_TRAILING_ID = re.compile(r"[ \t]*\{#([^}\s]+)\}[ \t]*$")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+|^ {0,3}#{1,6}$")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_ORDERED = re.compile(r"^ {0,3}\d{1,9}[.)]([ \t]+|$)")
_BULLET = re.compile(r"^ {0,3}[-+*]([ \t]+|$)")
SIMILAR_ENOUGH = 0.5  # like git's rename detection: at least half the words in common
MAX_PARAGRAPHS = 5000  # per file: a declaration, even a long negotiation text, has a few hundred
_COMMON_WORD = 50  # paragraphs: a word in more of them does not point at a similar one
_CANDIDATES = 5  # free paragraphs scored for each imported one, the most promising first


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
        if len(blocks) == MAX_PARAGRAPHS:
            raise ImportFailed(file, start + 1, N_("A declaration file may hold at most {limit} paragraphs: this is one more."),
                               limit=MAX_PARAGRAPHS)
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
    how: str  # "explicit", "identical", "similar", "neighbours", "new"
    score: float = 1.0
    line: int = 0


def match_paragraphs(previous: Sequence[Block], imported: Sequence[ImportedBlock], used_eids: set[str]) -> list[Match]:
    """Give every imported paragraph an eId: its own; else that of the previous paragraph it reads the
    same as, or is similar to, or stands in for (alone between the same neighbours); else a fresh one.
    `used_eids` holds every eId the process ever had."""
    explicit = {b.eid for b in imported if b.eid}
    found: dict[int, tuple[Block, str, float]] = {}
    free = [p for p in previous if p.eid not in explicit]
    todo = [i for i, b in enumerate(imported) if b.eid is None]
    for i, p in _identical(free, imported, todo).items():
        found[i] = (p, "identical", 1.0)
    claimed = {p.eid for p, _, _ in found.values()}
    free = [p for p in free if p.eid not in claimed]
    todo = [i for i in todo if i not in found]
    for i, (p, score) in _similar(free, imported, todo).items():
        found[i] = (p, "similar", score)
    eid_of = {i: b.eid for i, b in enumerate(imported) if b.eid} | {i: p.eid for i, (p, _, _) in found.items()}
    for i, p in _neighbours(previous, imported, eid_of).items():
        found[i] = (p, "neighbours", similarity(p.text, imported[i].text))

    fresh = _fresh_eids(set(used_eids) | explicit | {p.eid for p, _, _ in found.values()})
    matches: list[Match] = []
    for i, b in enumerate(imported):
        if b.eid:
            matches.append(Match(Block(b.eid, b.kind, b.text), "explicit", 1.0, b.line))
        elif i in found:
            p, how, score = found[i]
            matches.append(Match(Block(p.eid, b.kind, b.text), how, score, b.line))
        else:
            matches.append(Match(Block(fresh(b.kind), b.kind, b.text), "new", 0.0, b.line))
    return matches


def _fresh_eids(taken: set[str]) -> Callable[[Kind], str]:
    """Hands out new eIds, after every one of `taken` and of each other: the highest one is
    looked for once per kind, not once per new paragraph."""
    last: dict[Kind, str] = {}

    def fresh(kind: Kind) -> str:
        last[kind] = next_eid(kind, [last[kind]] if kind in last else taken)
        return last[kind]

    return fresh


def _identical(free: list[Block], imported: Sequence[ImportedBlock], todo: list[int]) -> dict[int, Block]:
    """Imported paragraphs that read the same as a free previous one (wrapping aside), paired in order."""
    by_text: dict[str, deque[Block]] = {}
    for p in free:
        by_text.setdefault(normalize_space(p.text), deque()).append(p)
    pairs: dict[int, Block] = {}
    for i in todo:
        same = by_text.get(normalize_space(imported[i].text))
        if same:
            pairs[i] = same.popleft()
    return pairs


def _similar(free: list[Block], imported: Sequence[ImportedBlock], todo: list[int]) -> dict[int, tuple[Block, float]]:
    """The most similar pairs first (then in document order), at least SIMILAR_ENOUGH alike. Only the
    few free paragraphs sharing the most rare words with an imported one are scored: near-linear."""
    free_words = [words(p.text) for p in free]
    bags = [Counter(found) for found in free_words]
    index: dict[str, list[int]] = {}
    for j, bag in enumerate(bags):
        for word in bag:
            index.setdefault(word, []).append(j)
    pairs: list[tuple[float, int, int]] = []
    for i in todo:
        own = words(imported[i].text)
        bag = Counter(own)
        for j in _candidates(bag, index):
            # Cheap bound first: the words in common, in any order, limit the words in common in order.
            if _bound(bag, bags[j]) >= SIMILAR_ENOUGH:
                score = word_similarity(free_words[j], own)
                if score >= SIMILAR_ENOUGH:
                    pairs.append((score, i, j))
    chosen: dict[int, tuple[Block, float]] = {}
    taken: set[int] = set()
    for score, i, j in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if i not in chosen and j not in taken:
            chosen[i] = (free[j], score)
            taken.add(j)
    return chosen


def _candidates(bag: Counter[str], index: dict[str, list[int]]) -> list[int]:
    """The free paragraphs sharing the most rare words with `bag`. A word found in many paragraphs
    tells them apart poorly and would cost a look at each: it is skipped."""
    shared: Counter[int] = Counter()
    for word in bag:
        found = index.get(word, ())
        if len(found) <= _COMMON_WORD:
            shared.update(found)
    return [j for j, _ in shared.most_common(_CANDIDATES)]


def _bound(a: Counter[str], b: Counter[str]) -> float:
    total = a.total() + b.total()
    return 2 * sum(min(n, b[w]) for w, n in a.items() if w in b) / total if total else 1.0


def _neighbours(previous: Sequence[Block], imported: Sequence[ImportedBlock], eid_of: dict[int, str]) -> dict[int, Block]:
    """An unmatched imported paragraph whose previous and next paragraphs are matched, and enclose
    exactly one unmatched previous paragraph, of its kind, is that paragraph however much it changed:
    nothing else around it moved."""
    where = {p.eid: k for k, p in enumerate(previous)}
    claimed = set(eid_of.values())
    unmatched = [k for k, p in enumerate(previous) if p.eid not in claimed]  # positions, in order
    pairs: dict[int, Block] = {}
    for i in range(1, len(imported) - 1):
        before, after = where.get(eid_of.get(i - 1, "")), where.get(eid_of.get(i + 1, ""))
        if i in eid_of or before is None or after is None:
            continue
        lo, hi = bisect_right(unmatched, before), bisect_left(unmatched, after)
        if hi - lo == 1 and previous[unmatched[lo]].kind == imported[i].kind:
            pairs[i] = previous[unmatched.pop(lo)]
    return pairs


__all__ = [
    "MAX_PARAGRAPHS", "PREFIX", "ImportedBlock", "Match", "match_paragraphs", "parse_declaration", "render_declaration",
]
