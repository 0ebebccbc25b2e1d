"""What a negotiation leaves in a text that must not be published unnoticed (issue 67): the compilation's tags, a
paragraph a proposal was meant to replace still standing beside its replacement, placeholders, and footnote markers
with no definition. Pure: the caller says which proposals were compiled, into which paragraphs.

Each is recognised as it is written, never by a loose pattern, so that ordinary parentheses and abbreviations pass:
- a compile tag is a delegation's code in parentheses as the compilation writes it after a proposal's words
  (domain.submissions.compiled: "Promoveremos la cooperación. (BCN)"), and only the codes of delegations whose
  proposals were compiled count; it stands alone (a space or the start before it, a space or the end after it),
  either ending a paragraph that is not a heading or right after a sentence's end (where compiled paragraphs were
  merged). "Local Governments (UCLG), “Life …”", "the Union (EU) and" or "(EU)." are no tags;
- a placeholder is a bracket of that kind (domain.brackets: "[Placeholder for …]"), or a paragraph that begins with
  the word ("Placeholder for a paragraph on finance.");
- a footnote marker `[^n]` is defined by a line `[^n]: …` in any paragraph of the same edition (labels compared as
  CommonMark does, without case); escaped brackets and code spans hold none.

What the committee keeps on purpose it says once, by the leftover's key (`kind:eid:what`, the same in every
edition and every later version): the leftover is then listed as kept, no longer blocking.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..brackets.brackets import PLACEHOLDER, read_brackets
from ..brackets.marks import read_marks
from ..declaration.document import Block, Kind


class LeftoverKind(StrEnum):
    TAG = "tag"  # a compile tag: "(BCN)"
    REPLACED = "replaced"  # a paragraph and the proposal meant to replace (or delete) it, both standing
    PLACEHOLDER = "placeholder"
    FOOTNOTE = "footnote"  # a footnote marker with no definition


@dataclass(frozen=True)
class CompiledProposal:
    """A proposal the compilation added to the text: the paragraph that holds it (`eid`), its delegation's code,
    its kind (modify, insert, delete) and the paragraph a modification or deletion is about (`target`)."""

    eid: str
    code: str
    kind: str
    target: str | None = None


@dataclass(frozen=True)
class Leftover:
    """One leftover of one paragraph, in the source (`language` None) or an edition: `what` as the text holds it
    (the tag, the placeholder, the marker; for a replaced paragraph, the paragraph it replaces), and `key`, what
    the committee keeps it by."""

    kind: LeftoverKind
    eid: str
    language: str | None
    what: str
    key: str
    code: str = ""  # the delegation of a tag or a proposal
    proposal: str = ""  # replaced: the proposal's kind (modify or delete)


def key_of(kind: LeftoverKind, eid: str, what: str) -> str:
    """The key a leftover is kept by: the same in every edition of the paragraph."""
    return f"{kind.value}:{eid}:{what[:64]}"


_SENTENCE_END = re.compile(r"[.;:!?…][\"'’”»)\]*_]*$")  # a sentence's end, its closing quotes or emphasis after it


def compile_tags(text: str, codes: Collection[str], heading: bool = False) -> list[str]:
    """The compile tags `text` holds ("(BCN)"), in order, of the delegations whose `codes` were compiled (see the
    module's docstring: alone, ending a paragraph that is no heading, or right after a sentence's end)."""
    if not codes or "(" not in text:
        return []
    found = []
    for m in _tag_pattern(frozenset(codes)).finditer(text):
        start, end = m.span()
        if (start and not text[start - 1].isspace()) or (end < len(text) and not text[end].isspace()):
            continue  # not alone: "(EU).", "x(EU)"
        ends = not text[end:].strip()
        if (ends and not heading) or _SENTENCE_END.search(text[:start].rstrip()):
            found.append(m.group())
    return found


_PATTERNS: dict[frozenset[str], re.Pattern[str]] = {}


def _tag_pattern(codes: frozenset[str]) -> re.Pattern[str]:
    """`(CODE)` for one of `codes` (made once per set of codes: a gate reads thousands of texts). A literal "(" first,
    which the regular expression engine looks for quickly; what stands around it is checked after."""
    if codes not in _PATTERNS:
        if len(_PATTERNS) > 64:
            _PATTERNS.clear()
        names = "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True))
        _PATTERNS[codes] = re.compile(rf"\((?:{names})\)")
    return _PATTERNS[codes]


def placeholders(text: str) -> list[str]:
    """The placeholders `text` holds, as written: its outermost brackets of kind placeholder, or the whole text when
    it begins with the word."""
    if PLACEHOLDER.match(text):
        return [text.strip()]
    if "[" not in text:
        return []
    return [b.span(text) for b in read_brackets(text).brackets if b.parent is None and b.kind == "placeholder"]


def other_brackets(text: str) -> bool:
    """Whether `text` holds square brackets that are not placeholders (or a "[" or "]" left unbalanced)."""
    if "[" not in text and "]" not in text:
        return False
    reading = read_brackets(text)
    return bool(reading.unbalanced) or any(b.parent is None and b.kind != "placeholder" for b in reading.brackets)


_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)


def footnote_definitions(texts: Iterable[str]) -> set[str]:
    """The footnote labels `texts` define (`[^n]: …` at a line's start), without case."""
    return {label.casefold() for text in texts if "[^" in text for label in _DEFINITION.findall(text)}


def footnote_markers(text: str) -> list[str]:
    """The footnote markers of `text` ("[^1]") in order, each once, its definitions' labels not counted."""
    if "[^" not in text:
        return []
    marks = read_marks(text)  # escaped brackets and code spans hold none
    found: dict[str, None] = {}
    for start, close in sorted(marks.closes.items()):
        label = text[start + 2 : close]
        if text.startswith("^", start + 1) and label and not any(c.isspace() for c in label):
            line = text.rfind("\n", 0, start) + 1
            if text.startswith(":", close + 1) and len(text[line:start]) <= 3 and not text[line:start].strip(" "):
                continue  # a definition, not a marker
            found[text[start : close + 1]] = None
    return list(found)


def _label(marker: str) -> str:
    return marker[2:-1].casefold()


def text_leftovers(
    block: Block, text: str, language: str | None, codes: Collection[str], defined: Collection[str]
) -> list[Leftover]:
    """The leftovers of paragraph `block` as `text` reads in `language` (None: the source): its compile tags (of
    `codes`), its placeholders, its footnote markers that no label of `defined` defines."""
    found = []
    for tag in dict.fromkeys(compile_tags(text, codes, block.kind == Kind.HEADING)):
        code = tag[1:-1]
        found.append(
            Leftover(LeftoverKind.TAG, block.eid, language, tag, key_of(LeftoverKind.TAG, block.eid, code), code)
        )
    for n, p in enumerate(placeholders(text), 1):  # the paragraph's n-th: the same in every edition
        found.append(
            Leftover(
                LeftoverKind.PLACEHOLDER, block.eid, language, p, key_of(LeftoverKind.PLACEHOLDER, block.eid, str(n))
            )
        )
    for m in footnote_markers(text):
        if _label(m) not in defined:
            key = key_of(LeftoverKind.FOOTNOTE, block.eid, _label(m))
            found.append(Leftover(LeftoverKind.FOOTNOTE, block.eid, language, m, key))
    return found


def replaced(source: Sequence[Block], compiled: Sequence[CompiledProposal]) -> list[Leftover]:
    """Each paragraph that a compiled modification or deletion was meant to replace, standing in `source` with the
    paragraph holding that proposal: named on the proposal's paragraph, `what` the one it replaces."""
    standing = {b.eid for b in source}
    return [
        Leftover(
            LeftoverKind.REPLACED,
            c.eid,
            None,
            c.target,
            key_of(LeftoverKind.REPLACED, c.eid, c.target),
            c.code,
            c.kind,
        )
        for c in compiled
        if c.kind in ("modify", "delete") and c.target and c.eid in standing and c.target in standing
    ]


def compiled_codes(compiled: Iterable[CompiledProposal]) -> frozenset[str]:
    """The codes of the delegations whose proposals were compiled: the only tags the compilation wrote."""
    return frozenset(c.code for c in compiled)


def edition_leftovers(
    source: Sequence[Block], texts: Mapping[str, str | None], language: str | None, codes: Collection[str]
) -> list[Leftover]:
    """The leftovers of one edition (`texts`: each paragraph's text in it; the source's own for the source), in
    the source's order."""
    defined = footnote_definitions(t for t in texts.values() if t)
    return [
        found
        for b in source
        if (text := texts.get(b.eid))
        for found in text_leftovers(b, text, language, codes, defined)
    ]
