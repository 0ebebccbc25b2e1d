"""A text's brackets as the bracket views take them: read once per paragraph revision, then looked up.

A revision never changes, so its brackets are read once, as it is stored (`paragraph_revisions.brackets`,
domain.brackets.kept), and every worker takes them from there; a worker keeps those it took, by the revision's
sha256 (the same text reads the same in any process and any database). A text kept by no one (stored by an older
Accord, or another way) is read here. What a version's views make of them is kept by `views.Kept`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.brackets.brackets import Bracket, Unbalanced
from ...domain.brackets.kept import NONE, Kept, from_value, kept
from ...domain.declaration.document import Block, revision_id
from ...store.models import ParagraphRevision, Process
from ..declaration.sides import Side
from ..kept import LastUsed
from ..translations.editions import exact_edition

_MEMORY: LastUsed[str, Kept] = LastUsed(20_000)
"""A worker's readings, by revision: a 3,000-paragraph version in its three languages, and some more."""


@dataclass(frozen=True)
class Found:
    """A paragraph's brackets as read, with their ids."""

    eid: str
    text: str
    brackets: list[Bracket]
    ids: list[str]
    unbalanced: list[Unbalanced]


def marked(text: str) -> bool:
    """Whether a text holds a bracket mark at all (most do not: nothing to read)."""
    return "[" in text or "]" in text


def readings(tx: Session, texts: Iterable[str]) -> dict[str, Kept]:
    """The brackets of each of `texts`, by text: from the worker's memory, else as kept in the store (one query for
    them all), else read now."""
    wanted = {revision_id(text): text for text in texts if marked(text)}
    found: dict[str, Kept] = {}
    missing: dict[str, str] = {}
    for sha, text in wanted.items():
        known = _MEMORY.find(sha)
        if known is None:
            missing[sha] = text
        else:
            found[text] = known
    if missing:
        asked = select(ParagraphRevision.sha, ParagraphRevision.brackets).where(ParagraphRevision.sha.in_(missing))
        stored = dict(tx.execute(asked).all())
        for sha, text in missing.items():
            made = from_value(text, stored.get(sha)) or kept(text)
            _MEMORY.put(sha, made)
            found[text] = made
    return found


def found(eid: str, text: str, kept_one: Kept) -> Found:
    reading = kept_one.reading
    return Found(eid, text, reading.brackets, [f"{eid}~{d}" for d in kept_one.digests], reading.unbalanced)


def read_one(tx: Session, eid: str, text: str) -> Found:
    """One paragraph's brackets (an action on a bracket of the draft)."""
    return found(eid, text, readings(tx, [text]).get(text, NONE))


def side_texts(tx: Session, process: Process, on: Side, lang: str) -> list[tuple[Block, str]]:
    """Each paragraph of `on` with its text in `lang` (a translated one left out where it has no exact translation)."""
    if lang == process.source_language:
        return [(b, b.text) for b in on.blocks]
    edition = exact_edition(tx, process, on.version, lang)
    return [(b, text) for b in on.blocks if (text := edition.get(b.eid, ("", None))[1]) is not None]


def found_in(tx: Session, texts: Sequence[tuple[Block, str]]) -> list[Found]:
    """The paragraphs of `texts` (`side_texts`) that hold a bracket mark, with their brackets."""
    held = [(b.eid, text) for b, text in texts if marked(text)]
    kept_ones = readings(tx, (text for _, text in held))
    return [found(eid, text, kept_ones[text]) for eid, text in held]
