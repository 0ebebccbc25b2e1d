"""Submission windows, proposals, the compilation of proposals into a text, and the provenance table.

A compilation keeps each proposal *in full as submitted* (the Rio+20 co-chairs' guidance): the text it compiles
from stays as it is, and each proposal follows the paragraph it is about (a new wording or a deletion) or the one it
goes after (a new paragraph), in the order of the text, then of the delegations' codes, then of submission, its
delegation named after it. The facilitator then streamlines; the provenance table says, for each paragraph of the
new text, the paragraphs it came from and how (kept, amended, moved, merged, new), and which came to nothing
(dropped).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from ..declaration.declaration_format import SimilarIndex
from ..declaration.document import EID, Block, Kind
from ..diffing import moved_eids
from ..errors import N_, NN_, Choices, InvalidInput
from ..inputs import Command, DelegationCode, RequiredText, Revision, Rule, Text, says, text_schema
from ..vocabulary import LANGUAGES

MAX_PROPOSAL = 20_000
MAX_OPENED = 5_000  # paragraphs a window names: a declaration file's own cap
SIMILAR = 0.5  # a paragraph of the new text comes from an old one with at least half its words (as imports match)
# The document's own word for a proposal to delete a paragraph, in the text's language (part of the text, as a
# publication's words are: not from the interface catalogs).
DELETE = {"es": "Suprimir", "en": "Delete", "fr": "Supprimer"}


class ProposalKind(StrEnum):
    MODIFY = "modify"  # new wording for a paragraph
    INSERT = "insert"  # a new paragraph after another
    DELETE = "delete"


def _moment(text: str, field: str) -> datetime:
    try:
        return datetime.fromisoformat(text)  # without an offset: the process's own clock (the service places it)
    except ValueError:
        raise InvalidInput(
            N_("The field “{field}” must be a date and time (YYYY-MM-DDTHH:MM, with its offset)."),
            field=field,
            detail={"field": field},
        ) from None


@dataclass(frozen=True)
class When(Rule):
    """A date and time as ISO 8601 writes it (kept as sent: `OpenWindow.placed` reads it)."""

    def __call__(self, value: Any, field: str) -> Any:
        _moment(value, field)
        return value


@dataclass(frozen=True)
class Blank(Rule):
    """An empty text (as a form sends a field left empty) is none."""

    def __call__(self, value: Any, field: str) -> Any:
        return value or None


@dataclass(frozen=True)
class Opened(Rule):
    """The paragraphs a window opens: each once, at most MAX_OPENED; none (an empty list) is the whole text."""

    def __call__(self, value: Any, field: str) -> Any:
        if len(value) > MAX_OPENED:
            raise InvalidInput(
                NN_(
                    "A window opens at most {limit} paragraph (or the whole text).",
                    "A window opens at most {limit} paragraphs (or the whole text).",
                    "limit",
                ),
                limit=MAX_OPENED,
                detail={"field": field},
            )
        return list(dict.fromkeys(e.strip() for e in value if e.strip())) or None


@dataclass(frozen=True)
class OfProposal(Rule):
    """A proposal's kind, kept as a ProposalKind."""

    def __call__(self, value: Any, field: str) -> Any:
        try:
            return ProposalKind(str(value))
        except ValueError:
            raise InvalidInput(
                N_("Unknown {what} “{value}”: use one of {allowed}."),
                what=field,
                value=value,
                allowed=Choices(k.value for k in ProposalKind),
                detail={"field": field},
            ) from None


@dataclass(frozen=True)
class Lowered(Rule):
    """A language's code in small letters; empty is none."""

    def __call__(self, value: Any, field: str) -> Any:
        return value.strip().lower() or None


Moment = Annotated[
    str,
    says(
        max_length=40,
        format="date-time",
        description="A date and time, 2026-12-01T09:00+01:00 (without its offset: on the process's clock)",
    ),
    Text(40, required=True),
    When(),
]
Target = Annotated[
    str, says(pattern=EID.pattern, max_length=64, description="A paragraph's eId (op_12)."), Text(64), Blank()
]
EID_ITEM = {"type": "string", "pattern": EID.pattern, "maxLength": 64, "description": "A paragraph's eId (op_12)."}
"""A Target in a list (said by the list: an item's own is not)."""


class OpenWindow(Command, frozen=True):
    """From `opens` to `closes`; `eids`: the paragraphs of the latest version it opens (null: the whole text)."""

    opens: Moment
    closes: Moment
    eids: Annotated[list[Target], says(max_items=MAX_OPENED, items=EID_ITEM), Opened()] | None = None

    def check(self) -> None:
        start, end = _moment(self.opens, "opens"), _moment(self.closes, "closes")
        if (start.tzinfo is None) == (end.tzinfo is None) and end <= start:
            raise InvalidInput(N_("A window closes after it opens."), detail={"field": "closes"})

    def placed(self, timezone: str) -> tuple[datetime, datetime]:
        """When it opens and closes, a time given without its offset read on the process's clock (`timezone`)."""
        zone = ZoneInfo(timezone)
        start, end = (
            m if m.tzinfo else m.replace(tzinfo=zone)
            for m in (_moment(self.opens, "opens"), _moment(self.closes, "closes"))
        )
        if end <= start:
            raise InvalidInput(N_("A window closes after it opens."), detail={"field": "closes"})
        return start, end


class Submit(Command, frozen=True):
    """New wording for `eid` (modify), a new paragraph after `after` (insert) or `eid` deleted (delete), on behalf of
    `delegation` (the caller's own when left out); `lang`: the edition the text is written in (left out: the source
    language)."""

    kind: Annotated[str, says(enum=[k.value for k in ProposalKind]), OfProposal()]
    text: Annotated[str, says(**text_schema(MAX_PROPOSAL)), Text(MAX_PROPOSAL)] = ""
    eid: Target | None = None
    after: Target | None = None
    delegation: Annotated[DelegationCode, Blank()] | None = None
    lang: Annotated[str, says(enum=[*LANGUAGES, None]), Text(8), Lowered()] | None = None  # null: said beside the union

    def check(self) -> None:
        insert = self.kind == ProposalKind.INSERT
        if insert and not self.after:
            raise InvalidInput(
                N_("A new paragraph says which paragraph it goes after (“after”)."), detail={"field": "after"}
            )
        if not insert and not self.eid:
            raise InvalidInput(N_("Say which paragraph the proposal is about (“eid”)."), detail={"field": "eid"})
        wrong = "eid" if insert and self.eid else "after" if not insert and self.after else None
        if wrong is not None:  # one of the two would be silently left unread
            raise InvalidInput(
                N_("A proposal of kind “{kind}” has no “{key}”."),  # as the drafts files say it
                kind=self.kind,
                key=wrong,
                detail={"field": wrong},
            )
        if self.kind != ProposalKind.DELETE and not self.text:
            raise InvalidInput(N_("The field “{field}” is required."), field="text", detail={"field": "text"})


class RenderSubmission(Command, frozen=True):
    """The proposal's wording in the source language, made from `base_revision` (its `source_revision`)."""

    text: RequiredText
    base_revision: Revision


class CompileSubmissions(Command, frozen=True):
    """`window`: its number (default: the latest); `circulate`: a label to circulate the compilation with."""

    window: Annotated[int, says(minimum=1)] | None = None
    circulate: Annotated[str, says(**text_schema(100)), Blank()] | None = None


@dataclass(frozen=True)
class Proposal:
    """A proposal as the compilation reads it."""

    number: int
    kind: str
    eid: str | None
    after: str | None
    text: str
    code: str  # the delegation's


@dataclass(frozen=True)
class Compiled:
    """A paragraph the compilation adds, after `after`: the proposal it holds in full, its delegation named."""

    after: str
    kind: Kind
    depth: int
    marker: str
    text: str
    number: int  # the proposal's


def compiled(blocks: Sequence[Block], proposals: Sequence[Proposal], language: str) -> list[Compiled]:
    """The paragraphs a compilation adds to `blocks`, in the text's order: after each paragraph, the proposals on it
    and those going after it, by delegation code then submission. A proposal on a paragraph the text lacks is left
    out (the caller refuses it before)."""
    place = {b.eid: i for i, b in enumerate(blocks)}
    by_eid = {b.eid: b for b in blocks}
    found: list[tuple[int, str, int, Compiled]] = []
    for p in proposals:
        target = by_eid.get((p.after if p.kind == ProposalKind.INSERT else p.eid) or "")
        if target is None:
            continue
        words = DELETE.get(language, DELETE["en"]) if p.kind == ProposalKind.DELETE else p.text
        heading = target.kind == Kind.HEADING  # a proposal on a heading: a paragraph under it
        kind, marker = (Kind.PREAMBULAR, "") if heading else (target.kind, target.marker)
        text = f"{words.rstrip()} ({p.code})"
        found.append(
            (
                place[target.eid],
                p.code,
                p.number,
                Compiled(target.eid, kind, target.depth, marker, text, p.number),
            )
        )
    return [c for _, _, _, c in sorted(found, key=lambda f: f[:3])]


def compiled_order(blocks: Sequence[Block], added: Sequence[Compiled], eids: Sequence[str]) -> list[str]:
    """The draft's order once `added` (with their eIds `eids`) stand after their paragraphs: each after its paragraph
    and the sub-items under it, those of a deeper paragraph first where two such places meet, each paragraph's in
    the compilation's order."""
    place = {b.eid: i for i, b in enumerate(blocks)}
    ends: list[int] = []
    for i, b in enumerate(blocks):  # where each paragraph's sub-items end
        j = i + 1
        while j < len(blocks) and blocks[j].depth > b.depth:
            j += 1
        ends.append(j)
    waiting: dict[int, list[tuple[int, int, str]]] = {}
    for k, (c, eid) in enumerate(zip(added, eids, strict=True)):
        at = place[c.after]
        waiting.setdefault(ends[at], []).append((-at, k, eid))
    order: list[str] = []
    for i in range(len(blocks) + 1):
        order += [eid for _, _, eid in sorted(waiting.get(i, []))]
        if i < len(blocks):
            order.append(blocks[i].eid)
    return order


@dataclass(frozen=True)
class Source:
    eid: str
    delegations: tuple[str, ...]


@dataclass(frozen=True)
class ProvenanceRow:
    eid: str | None  # the paragraph of the new text (None: a paragraph dropped)
    sources: tuple[Source, ...]
    approach: str  # kept, amended, moved, merged, new, dropped


def provenance(
    before: Sequence[Block], after: Sequence[Block], delegations: Mapping[str, Sequence[str]]
) -> list[ProvenanceRow]:
    """Each paragraph of `after` (a streamlined text) with the paragraphs of `before` (the compilation) it came from
    and how: kept (the same paragraph, the same words), amended (the same paragraph, reworded), moved (the same
    paragraph, out of the order the others keep: reworded or not), merged (it holds the words of several), new
    (none); then each paragraph of `before` that came to nothing, dropped. `delegations`: the delegations whose
    proposals each paragraph of `before` holds."""
    old = {b.eid: b for b in before}
    moved = moved_eids([b.eid for b in before], [a.eid for a in after])
    gone = [b for b in before if b.eid not in {a.eid for a in after}]
    similar = SimilarIndex([g.text for g in gone])
    rows: list[ProvenanceRow] = []
    for b in after:
        sources = _sources(b, old.get(b.eid), gone, similar, delegations)
        approach = _approach(b, sources, b.eid in moved, delegations)
        rows.append(ProvenanceRow(b.eid, _named(sources, delegations), approach))
    used = {s.eid for row in rows for s in row.sources}
    rows += [ProvenanceRow(None, _named([g], delegations), "dropped") for g in gone if g.eid not in used]
    return rows


def _sources(
    b: Block, own: Block | None, gone: Sequence[Block], similar: SimilarIndex, delegations: Mapping[str, Sequence[str]]
) -> list[Block]:
    """The paragraphs of the compilation that paragraph `b` of the new text came from: its own (`own`, the same
    eId), then each paragraph `gone` from the new text that is alike and whose own words it holds beyond its own's
    (a proposal alike, none of whose own words it holds, came to nothing here: dropped)."""
    sources = [own] if own is not None else []
    held = _words(b.text) - (_words(own.text) if own is not None else set())  # what it holds that it did not
    return sources + [
        gone[j]
        for j, _ in sorted(similar.similar(b.text, SIMILAR))
        if own is None or held & _words(_untagged(gone[j].text, delegations.get(gone[j].eid, ())))
    ]


def _approach(b: Block, sources: Sequence[Block], moved: bool, delegations: Mapping[str, Sequence[str]]) -> str:
    """How paragraph `b` of the new text came from its `sources`: new, merged, moved, kept or amended."""
    if not sources:
        return "new"
    if len(sources) > 1:
        return "merged"
    if moved:
        return "moved"
    if sources[0].eid == b.eid and _untagged(sources[0].text, delegations.get(b.eid, ())) == b.text:
        return "kept"  # a proposal kept word for word, its delegation's tag taken off
    return "amended"


def _named(sources: Sequence[Block], delegations: Mapping[str, Sequence[str]]) -> tuple[Source, ...]:
    """Each source paragraph with the delegations whose proposals it holds."""
    return tuple(Source(s.eid, tuple(delegations.get(s.eid, ()))) for s in sources)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _untagged(text: str, codes: Sequence[str]) -> str:
    """A compiled paragraph's words without the tag naming its delegation (" (ARG)", as `compiled` writes it)."""
    for code in codes:
        if text.endswith(f" ({code})"):
            return text[: -len(code) - 3]
    return text


@dataclass(frozen=True)
class Went:
    """Where the words of a paragraph went over the versions after it: `places` are the paragraphs of the last version
    that hold them (none: dropped); `approach` kept (the same paragraph, the same words), amended, merged (into
    another), dropped."""

    places: tuple[str, ...]
    approach: str


def successors(rows: Sequence[ProvenanceRow]) -> dict[str, tuple[str, ...]]:
    """A provenance table read the other way: each paragraph of the text before, and those of the text after that
    hold its words (none: dropped)."""
    found: dict[str, list[str]] = {}
    for row in rows:
        for source in row.sources:
            targets = found.setdefault(source.eid, [])
            if row.eid is not None:
                targets.append(row.eid)
    return {eid: tuple(targets) for eid, targets in found.items()}


def where_it_went(eid: str, text: str, steps: Sequence[Mapping[str, Sequence[str]]], last: Mapping[str, str]) -> Went:
    """Follow paragraph `eid` (reading `text`) through the versions after it: `steps` holds, for each in order, the
    `successors` of its provenance table; `last` is the last version's text of each paragraph."""
    places = {eid}
    for step in steps:
        places = {target for place in places for target in step.get(place, ())}
        if not places:
            return Went((), "dropped")
    if places != {eid}:
        return Went(tuple(sorted(places)), "merged")
    return Went((eid,), "kept" if last.get(eid) == text else "amended")


# What a file that is not Word nor Markdown is, by its first bytes: named in the 415.
_KINDS_OF_FILE = (
    (b"%PDF", N_("a PDF file")),
    (b"\x89PNG", N_("a PNG image")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"GIF8", N_("a GIF image")),
    (b"\xd0\xcf\x11\xe0", N_("an old Word (.doc) or Excel file")),
    (b"{\\rtf", N_("an RTF file")),
)
DOCX_MAGIC = b"PK\x03\x04"


def what_file(data: bytes) -> str | None:
    """What a file of another kind than Word (.docx) or Markdown is, as its first bytes tell (a message id); None
    for a file that may be either, or binary data that is no text (the caller says so)."""
    return next((name for magic, name in _KINDS_OF_FILE if data.startswith(magic)), None)


@dataclass(frozen=True)
class FileProposal:
    kind: ProposalKind
    eid: str  # the paragraph it changes or deletes; for a new one, the paragraph it goes after
    text: str


def proposals_of_text(version: Sequence[Block], matched: Sequence[tuple[Block, str]]) -> list[FileProposal]:
    """What a delegation's text of the version asks (`matched`: the file's paragraphs in order, each with the eId it
    was matched to, or a new one): new wording where a paragraph's words changed, a new paragraph after the one the
    file's text had reached, a deletion where the version's paragraph is missing."""
    old = {b.eid: b for b in version}
    found: list[FileProposal] = []
    reached: str | None = None
    seen: set[str] = set()
    for block, how in matched:
        if block.eid in old and how != "new":
            seen.add(block.eid)
            if block.text != old[block.eid].text:
                found.append(FileProposal(ProposalKind.MODIFY, block.eid, block.text))
            reached = block.eid
        elif reached is not None:
            found.append(FileProposal(ProposalKind.INSERT, reached, block.text))
    found += [FileProposal(ProposalKind.DELETE, b.eid, "") for b in version if b.eid not in seen]
    return found
