"""Language editions side by side: paragraphs aligned by eId, never by shifting.

A paragraph that a language edition lacks is reported missing and leaves a gap in that column; one
that only a language edition has is reported extra. Nothing moves to fill a gap: a shifted row would
show a reader two different paragraphs as each other's translation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..diffing import moved_eids
from .document import Block, check_unique, numbering


@dataclass(frozen=True)
class AlignedRow:
    eid: str
    number: int | None  # the operative paragraph's number in the source edition
    paragraphs: dict[str, Block | None]  # lang -> that edition's paragraph, None where it has none


@dataclass(frozen=True)
class Alignment:
    languages: tuple[str, ...]  # the source language first
    rows: tuple[AlignedRow, ...]
    missing: dict[str, list[str]]  # lang -> eIds of the source that the edition lacks
    extra: dict[str, list[str]]  # lang -> eIds the edition has and the source does not
    moved: dict[str, list[str]]  # lang -> eIds the edition holds in another order than the source

    @property
    def complete(self) -> bool:
        """Every edition has exactly the source's paragraphs, in its order."""
        return not any((*self.missing.values(), *self.extra.values(), *self.moved.values()))


def align_editions(editions: Mapping[str, Sequence[Block]]) -> Alignment:
    """Rows by eId in the source order (the first language given is the source). An edition's extra
    paragraph gets a row of its own after the row of the paragraph it follows in that edition.
    InvalidInput if an edition uses an eId twice."""
    languages = tuple(editions)
    if not languages:
        return Alignment((), (), {}, {}, {})
    for blocks in editions.values():
        check_unique(blocks)
    source = editions[languages[0]]
    by_eid = {lang: {b.eid: b for b in blocks} for lang, blocks in editions.items()}
    after, extra = _extra(editions, by_eid[languages[0]])
    numbers = numbering(source)

    def row(eid: str) -> AlignedRow:
        return AlignedRow(eid, numbers.get(eid), {lang: by_eid[lang].get(eid) for lang in languages})

    rows = [row(eid) for eid in after.get(None, [])]
    for block in source:
        rows.append(row(block.eid))
        rows.extend(row(eid) for eid in after.get(block.eid, []))
    order = [b.eid for b in source]
    missing = {lang: [eid for eid in order if eid not in by_eid[lang]] for lang in editions}
    moved = {lang: _moved(order, blocks) for lang, blocks in editions.items()}
    return Alignment(languages, tuple(rows), missing, extra, moved)


def _extra(
    editions: Mapping[str, Sequence[Block]], in_source: Mapping[str, Block]
) -> tuple[dict[str | None, list[str]], dict[str, list[str]]]:
    """The rows of the paragraphs the source lacks, by the eId of the row they come after (None: before the first),
    and each edition's such paragraphs. A row comes after the paragraph it follows in its edition (the first
    edition that has it decides)."""
    after: dict[str | None, list[str]] = {}
    placed: set[str] = set()
    extra: dict[str, list[str]] = {lang: [] for lang in editions}
    for lang, blocks in editions.items():
        anchor: str | None = None
        for block in blocks:
            if block.eid in in_source:
                anchor = block.eid
                continue
            extra[lang].append(block.eid)
            if block.eid not in placed:
                placed.add(block.eid)
                after.setdefault(anchor, []).append(block.eid)
    return after, extra


def _moved(order: list[str], blocks: Sequence[Block]) -> list[str]:
    """The eIds an edition holds in another order than the source's (`order`), in the edition's order."""
    shifted = moved_eids(order, [b.eid for b in blocks])
    return [b.eid for b in blocks if b.eid in shifted]


@dataclass(frozen=True)
class PositionAlignment:
    """Texts without eIds, side by side by position only. When the counts differ, no row after the
    first difference can be trusted, and no guess is made of where a paragraph went missing."""

    languages: tuple[str, ...]
    counts: dict[str, int]
    differences: dict[str, int]  # lang -> its count minus the first language's, where not 0
    rows: tuple[tuple[str | None, ...], ...]  # position -> each language's text (None past its end)

    @property
    def aligned(self) -> bool:
        return not self.differences


def align_by_position(editions: Mapping[str, Sequence[str]]) -> PositionAlignment:
    """Paragraph counts per language and where they differ from the first language's; rows by position."""
    languages = tuple(editions)
    counts = {lang: len(texts) for lang, texts in editions.items()}
    first = counts[languages[0]] if languages else 0
    longest = max(counts.values(), default=0)
    rows = tuple(tuple(editions[lang][i] if i < counts[lang] else None for lang in languages) for i in range(longest))
    return PositionAlignment(languages, counts, {lang: n - first for lang, n in counts.items() if n != first}, rows)


__all__ = ["AlignedRow", "Alignment", "PositionAlignment", "align_by_position", "align_editions"]
