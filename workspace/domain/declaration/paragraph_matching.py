"""Each paragraph of an imported declaration file (Markdown or Word) given its eId: the one it was written with;
else that of the last version's paragraph it reads the same as (wrapping aside), or is similar to (at least half
its words in common, like git's rename detection), or stands in for (alone between the same neighbours); else a
fresh one. `SimilarIndex` says which texts another is similar to without comparing each with each.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..diffing import similarity, word_similarity
from ..words import normalize_space, words
from .document import Block, ImportedBlock, Kind, next_eid

SIMILAR_ENOUGH = 0.5  # like git's rename detection: at least half the words in common
_COMMON_WORD = 50  # paragraphs: a word in more of them does not point at a similar one
_CANDIDATES = 5  # free paragraphs scored for each imported one, the most promising first


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
    found = _found_by_text(previous, imported, explicit)
    eid_of = {i: b.eid for i, b in enumerate(imported) if b.eid} | {i: p.eid for i, (p, _, _) in found.items()}
    for i, p in _neighbours(previous, imported, eid_of).items():
        found[i] = (p, "neighbours", similarity(p.text, imported[i].text))
    fresh = _fresh_eids(set(used_eids) | explicit | {p.eid for p, _, _ in found.values()})
    return [_match(b, found.get(i), fresh) for i, b in enumerate(imported)]


_Found = tuple[Block, str, float]  # the previous paragraph an imported one is, how it was found, how alike they are


def _found_by_text(
    previous: Sequence[Block], imported: Sequence[ImportedBlock], explicit: set[str]
) -> dict[int, _Found]:
    """The previous paragraphs that imported ones without an eId read the same as, then those they are similar
    to, among the previous paragraphs no imported one names: each taken once."""
    free = [p for p in previous if p.eid not in explicit]
    todo = [i for i, b in enumerate(imported) if b.eid is None]
    found: dict[int, _Found] = {i: (p, "identical", 1.0) for i, p in _identical(free, imported, todo).items()}
    claimed = {p.eid for p, _, _ in found.values()}
    free = [p for p in free if p.eid not in claimed]
    todo = [i for i in todo if i not in found]
    for i, (p, score) in _similar(free, imported, todo).items():
        found[i] = (p, "similar", score)
    return found


def _match(block: ImportedBlock, found: _Found | None, fresh: Callable[[Kind], str]) -> Match:
    """The imported paragraph with its eId: the one it was written with, else the previous paragraph's it was
    found to be, else a fresh one."""
    if block.eid:
        return Match(_with_eid(block, block.eid), "explicit", 1.0, block.line)
    if found is not None:
        paragraph, how, score = found
        return Match(_with_eid(block, paragraph.eid), how, score, block.line)
    return Match(_with_eid(block, fresh(block.kind)), "new", 0.0, block.line)


def _with_eid(block: ImportedBlock, eid: str) -> Block:
    """The imported paragraph as a paragraph of the declaration, under `eid`."""
    return Block(eid, block.kind, block.text, block.depth, block.marker)


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
    """The most similar pairs first (then in document order), at least SIMILAR_ENOUGH alike."""
    index = SimilarIndex([p.text for p in free])
    pairs = [(score, i, j) for i in todo for j, score in index.similar(imported[i].text, SIMILAR_ENOUGH)]
    chosen: dict[int, tuple[Block, float]] = {}
    taken: set[int] = set()
    for score, i, j in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if i not in chosen and j not in taken:
            chosen[i] = (free[j], score)
            taken.add(j)
    return chosen


class SimilarIndex:
    """Paragraph texts indexed by their words, to say which of them another text is similar to. Only the few
    sharing the most rare words with it are scored: near-linear where comparing each with each is quadratic."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.words = [words(text) for text in texts]
        self.bags = [Counter(found) for found in self.words]
        self.index: dict[str, list[int]] = {}
        for j, bag in enumerate(self.bags):
            for word in bag:
                self.index.setdefault(word, []).append(j)

    def similar(self, text: str, at_least: float) -> list[tuple[int, float]]:
        """(index, similarity) of the indexed texts at least `at_least` alike to `text`."""
        own = words(text)
        bag = Counter(own)
        found = []
        for j in _candidates(bag, self.index):
            # Cheap bound first: the words in common, in any order, limit the words in common in order.
            if _bound(bag, self.bags[j]) >= at_least:
                score = word_similarity(self.words[j], own)
                if score >= at_least:
                    found.append((j, score))
        return found


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


def _neighbours(
    previous: Sequence[Block], imported: Sequence[ImportedBlock], eid_of: dict[int, str]
) -> dict[int, Block]:
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


__all__ = ["SIMILAR_ENOUGH", "Match", "SimilarIndex", "match_paragraphs"]
