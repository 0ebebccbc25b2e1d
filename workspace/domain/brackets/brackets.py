"""The square brackets of a negotiated text: what is not agreed yet.

A bracket is `[…]`, possibly nested, possibly one of adjacent alternatives: `[shall][should][other]` is one
bracket (a choice) with three options; `[Be measurable;]` one with a single option (keep it or drop it);
`[Placeholder for …]` a placeholder. Not brackets: links (`[text](url)`, `[text][label]` and `[label]` when the
paragraph defines the label), footnote markers (`[^1]`) and definitions (`[^1]: …`), images, escaped brackets
(`\\[`) and code spans. A bracket never closed, or a `]` that closes none, is *unbalanced*: counted and named by its
line, never an error (real drafts have them).

Resolving a bracket is an edit of the paragraph: agreeing on option n puts its words in place of the whole bracket
(its brackets gone, the brackets nested in it kept); dropping it takes the whole bracket out, and the space before it.
The clean text resolves every bracket to its leading option (the first one unless the committee says otherwise; a
placeholder is dropped).

What a person can follow has limits (MAX_DEPTH, MAX_MARKS): a write past them is refused (domain.brackets.limits);
a text stored before is read as one bracket of kind "unread", still not agreed, that the clean text leaves as it is.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from .marks import Marks, read_marks


class BracketState(StrEnum):
    OPEN = "open"  # the text holds it
    AGREED = "agreed"  # on one of its options
    DROPPED = "dropped"


PLACEHOLDER = re.compile(r"^\s*(placeholder|espacio reservado|marcador de posición|espace réservé)\b", re.IGNORECASE)
_DEFINED = re.compile(r"^ {0,3}\[([^\]\n]+)\]:", re.MULTILINE)  # on one line: a "[" per line costs no rescan
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:", re.MULTILINE)
MAX_DEPTH = 10
"""Brackets nested in brackets, at most: real drafts nest three or four."""
MAX_MARKS = 300
"""Brackets in one paragraph at most, the unbalanced "[" and "]" counted: a heavily negotiated one holds some fifty."""
UNREAD = "unread"


@dataclass(frozen=True)
class Bracket:
    """One bracket of a paragraph: where it stands in the text (`start` at its first "[", `end` after its last
    "]"), its options' words (the text inside each pair of brackets, nested brackets included as written), the
    bracket it stands in (an index into the same list, None at the top) and its kind."""

    start: int
    end: int
    options: tuple[str, ...]
    parent: int | None = None
    kind: str = "choice"  # choice (two options or more), optional (one), placeholder, unread (past the limits)
    inner: tuple[tuple[int, int], ...] = ()  # where each option's words stand in the text

    def span(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Unbalanced:
    """A "[" never closed, or a "]" closing none: where (an offset into the text) and which."""

    at: int
    char: str


@dataclass(frozen=True)
class Reading:
    brackets: list[Bracket] = field(default_factory=list)
    unbalanced: list[Unbalanced] = field(default_factory=list)
    over: str = ""  # past a limit ("depth" or "count"): read as one unread bracket


def _defined(text: str) -> set[str]:
    return {label.strip().casefold() for label in _DEFINED.findall(text) if not label.startswith("^")}


def _not_a_bracket(text: str, marks: Marks, start: int, close: int, defined: set[str]) -> int | None:
    """If the brackets at start..close are markup (a link, a footnote, an image), the offset after that markup."""
    after = text[close + 1 : close + 2]
    if text.startswith("^", start + 1) and text.find(" ", start + 1, close) == -1:  # a footnote marker
        return close + 1
    if start > 0 and text[start - 1] == "!":  # an image
        return (_destination_end(marks, close + 1) if after == "(" else None) or close + 1
    if after == "(":
        end = _destination_end(marks, close + 1)
        if end is not None:
            return end
    if not defined:
        return None
    inner = text[start + 1 : close].strip().casefold()
    if after == "[":  # a reference link `[text][label]`, if the label is defined
        label_close = marks.closes.get(close + 1)
        if label_close is not None and (text[close + 2 : label_close].strip().casefold() or inner) in defined:
            return label_close + 1
    if inner in defined:  # `[label]`, a shortcut reference link
        return close + 1
    return None


def _destination_end(marks: Marks, opening: int) -> int | None:
    """The offset after the ")" of a link's destination opened at `opening`, None if it is no destination."""
    end = marks.ends.get(opening)
    return end + 1 if end is not None else None


def _opens_definition(text: str, at: int) -> bool:
    """Whether the "[" at `at` opens a footnote's definition (`[^1]: …` at a line's start, indented 3 at most)."""
    if not text.startswith("^", at + 1):
        return False
    line = text.rfind("\n", max(0, at - 4), at) + 1
    if line == 0 and at > 3:
        return False
    return not text[line:at].strip(" ") and _FOOTNOTE_DEFINITION.match(text, line) is not None


def read_brackets(text: str) -> Reading:
    """Every bracket of `text` in document order (an enclosing one before those nested in it), and what is
    unbalanced. A text holding more than MAX_MARKS brackets (unbalanced ones counted), or nesting them more than
    MAX_DEPTH deep, is read as one bracket of kind "unread" from its first mark to its last (`over` says why)."""
    if "[" not in text and "]" not in text:
        return Reading()
    reader = _Reader(text, read_marks(text), _defined(text))
    try:
        reader.read()
    except _PastLimit as past:
        return _unread(text, reader.marks, past.why)
    return Reading(reader.found, reader.unbalanced)


_Part = tuple[int, int, int | None, int]
"""A part of the text left to read: from, to, the bracket it stands in (an index into those found) and its depth."""


class _PastLimit(Exception):
    """A text past MAX_DEPTH or MAX_MARKS: `why` is "depth" or "count"."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


@dataclass
class _Reader:
    """The reading of one text's brackets: its marks, the labels it defines, and what is found so far."""

    text: str
    marks: Marks
    defined: set[str]
    found: list[Bracket] = field(default_factory=list)
    unbalanced: list[Unbalanced] = field(default_factory=list)

    def read(self) -> None:
        """Reads the whole text, part by part (no recursion: the depth of a text costs no stack)."""
        left: list[_Part] = [(0, len(self.text), None, 0)]  # the next part to read last
        while left:
            left.extend(self._part(*left.pop()))

    def _part(self, start: int, stop: int, parent: int | None, depth: int) -> list[_Part]:
        """Reads from `start` up to the first bracket before `stop`: the parts that bracket leaves to read, the
        next one last (none when no bracket stands there)."""
        at = self.marks.at
        i = self.marks.first_from(start)
        while i < len(at) and (k := at[i]) < stop:
            following = self._skipped(i, stop)
            if following is not None:
                i = following
                continue
            if depth >= MAX_DEPTH:
                raise _PastLimit("depth")
            return self._bracket(k, stop, parent, depth)
        return []

    def _skipped(self, i: int, stop: int) -> int | None:
        """If the mark `at[i]` opens no bracket (unbalanced, a footnote's definition, markup), the index of the
        next mark to read, the unbalanced one counted; None if it opens a bracket closed before `stop`."""
        text, marks, k = self.text, self.marks, self.marks.at[i]
        if text[k] == "]":
            return self._unbalanced(i, "]")
        if _opens_definition(text, k):
            after = marks.next_closing(k)
            return marks.first_from(after + 1) if after is not None else len(marks.at)
        close = marks.closes.get(k)
        if close is None or close >= stop:
            return self._unbalanced(i, "[")
        skip = _not_a_bracket(text, marks, k, close, self.defined)
        return marks.first_from(skip) if skip is not None else None

    def _bracket(self, k: int, stop: int, parent: int | None, depth: int) -> list[_Part]:
        """Records the bracket opened at `k` (with its adjacent alternatives): the parts left to read, its options
        after what follows it, so that they are read first (the order of the text, enclosing ones first)."""
        spans = _alternatives(self.text, self.marks, k, self.marks.closes[k], stop, self.defined)
        options = tuple(self.text[a + 1 : b] for a, b in spans)
        end = spans[-1][1] + 1
        self.found.append(Bracket(k, end, options, parent, _kind(options), tuple((a + 1, b) for a, b in spans)))
        self._check_count()
        index = len(self.found) - 1
        return [(end, stop, parent, depth), *((a + 1, b, index, depth + 1) for a, b in reversed(spans))]

    def _unbalanced(self, i: int, char: str) -> int:
        """Records the mark `at[i]` as unbalanced: the index of the next mark to read."""
        self.unbalanced.append(Unbalanced(self.marks.at[i], char))
        self._check_count()
        return i + 1

    def _check_count(self) -> None:
        """Past MAX_MARKS, checked as each bracket or unbalanced mark is found."""
        if len(self.found) + len(self.unbalanced) > MAX_MARKS:
            raise _PastLimit("count")


def _kind(options: tuple[str, ...]) -> str:
    """A bracket's kind by its options: a choice among several, else a placeholder or an optional one."""
    if len(options) > 1:
        return "choice"
    return "placeholder" if PLACEHOLDER.match(options[0]) else "optional"


def _alternatives(text: str, marks: Marks, k: int, close: int, stop: int, defined: set[str]) -> list[tuple[int, int]]:
    """Adjacent alternatives: `[shall][should][other]`, each closed right where the next opens."""
    spans = [(k, close)]
    while spans[-1][1] + 1 < stop and text[spans[-1][1] + 1] == "[":
        following = marks.closes.get(spans[-1][1] + 1)
        if following is None or following >= stop:
            break
        if _not_a_bracket(text, marks, spans[-1][1] + 1, following, defined) is not None:
            break
        spans.append((spans[-1][1] + 1, following))
    return spans


def _unread(text: str, marks: Marks, why: str) -> Reading:
    """A text past the limits, as one bracket from its first mark to its last: still not agreed, never an error."""
    first, last = marks.at[0], marks.at[-1]
    return Reading([Bracket(first, last + 1, (text[first + 1 : last],), None, UNREAD, ((first + 1, last),))], [], why)


def line_of(text: str, at: int) -> int:
    """The 1-based line of the paragraph an offset is on."""
    return text.count("\n", 0, at) + 1


def bracket_id(eid: str, text: str, bracket: Bracket, brackets: Sequence[Bracket]) -> str:
    """A bracket's id: its paragraph and a digest of its own words, counted among the brackets of the paragraph with
    the same words. It stays the same while the paragraph changes elsewhere (a bracket beside it or nested in another
    resolved), and in the versions that carry the same bracket; a bracket whose own words change is another one."""
    return f"{eid}~{digests(brackets)[brackets.index(bracket)]}"


def digests(brackets: Sequence[Bracket]) -> list[str]:
    """The digest of each bracket's id (`bracket_id` after the paragraph's eId and "~"), in one pass."""
    seen: dict[str, int] = {}
    found = []
    for b in brackets:
        key = _key(b)
        same = seen.get(key, 0)
        seen[key] = same + 1
        found.append(hashlib.sha256(f"{key}\x1d{same}".encode()).hexdigest()[:10])
    return found


def _key(bracket: Bracket) -> str:
    return "\x1f".join(bracket.options)


def resolved(text: str, bracket: Bracket, option: int | None) -> str:
    """`text` with `bracket` agreed on its option `option` (0-based: its words in place of the whole bracket) or,
    with None, dropped (taken out with the space before it, or after it at a line's start)."""
    if option is not None:
        return text[: bracket.start] + bracket.options[option] + text[bracket.end :]
    before, after = text[: bracket.start], text[bracket.end :]
    if before.endswith(" ") and (after[:1] in ("", " ", "\n") or after[:1] in ",.;:)"):
        before = before.rstrip(" ")
    elif (not before or before.endswith("\n")) and after.startswith(" "):
        after = after.lstrip(" ")
    return before + after


def clean(text: str, leading: Mapping[str, int | None] | None = None, eid: str = "") -> str:
    """`text` with every bracket resolved to its leading option (`leading`, by bracket id: an option's index, or
    None to drop it; otherwise the first option, and a placeholder dropped), nested ones too (those in the options
    taken). What is unbalanced stays as written, and so does a text past the limits (read as one unread bracket)."""
    reading = read_brackets(text)
    return cleaned(text, reading.brackets, [f"{eid}~{d}" for d in digests(reading.brackets)], leading)


def cleaned(
    text: str, brackets: Sequence[Bracket], ids: Sequence[str], leading: Mapping[str, int | None] | None = None
) -> str:
    """`clean` of a text whose brackets (and their ids) were read already."""
    children: dict[int | None, list[int]] = {}
    for i, b in enumerate(brackets):
        children.setdefault(b.parent, []).append(i)
    chosen = dict(leading or {})

    def written(start: int, stop: int, parent: int | None) -> str:
        out, at = "", start
        for i in children.get(parent, []):
            b = brackets[i]
            if not start <= b.start < stop:
                continue
            out += text[at : b.start]
            if b.kind == UNREAD:  # past the limits: left as written
                out, at = out + b.span(text), b.end
            elif (option := _leading_option(b, chosen, ids[i])) is None:
                out, at = _dropped(out, text, b)
            else:
                out, at = out + written(*b.inner[option], i), b.end
        return out + text[at:stop]

    return written(0, len(text), None)


def _leading_option(bracket: Bracket, leading: Mapping[str, int | None], bracket_id: str) -> int | None:
    """The option a bracket is cleaned to, None to drop it: the one `leading` names, else its first (a placeholder
    none); an option out of range, or itself a placeholder, holds no words."""
    option = leading.get(bracket_id, None if bracket.kind == "placeholder" else 0)
    if option is None or not 0 <= option < len(bracket.options) or PLACEHOLDER.match(bracket.options[option]):
        return None
    return option


def _dropped(out: str, text: str, bracket: Bracket) -> tuple[str, int]:
    """`out` (the clean text up to a dropped bracket) and where `text` goes on after it: the bracket taken out with
    the space before it, or with the space after it at a line's start."""
    after = text[bracket.end : bracket.end + 1]
    if out.endswith(" ") and (after in ("", " ", "\n") or after in ",.;:)"):
        return out.rstrip(" "), bracket.end
    if (not out or out.endswith("\n")) and after == " ":
        return out, bracket.end + 1
    return out, bracket.end


# Whole alternative paragraphs: "**Option 1:** …", "Option 2: …" (es "Opción", fr "Option"), one after the other at
# the same place in the lists: one choice among paragraphs.
# (No two runs of spaces side by side where one may be empty: "Option 1" and 20,000 spaces then took seconds to fail.)
_OPTION_LABEL = re.compile(
    r"^\s*(?:(?:\*\*|__)\s*)?(?:option|opción|opcion)\s+(?:\d{1,2}|[A-Z])"
    r"\s*(?:(?:\*\*|__)\s*)?[:.]\s*(?:\*\*|__)?[ \u00a0]*",
    re.IGNORECASE,
)


class Paragraph(Protocol):
    @property
    def eid(self) -> str: ...
    @property
    def depth(self) -> int: ...


def option_groups(paragraphs: Sequence[Paragraph], texts: Mapping[str, str]) -> list[list[str]]:
    """The runs of two or more paragraphs in a row, at one depth, each labelled as an option: their eIds."""
    groups: list[list[str]] = []
    run: list[str] = []
    depth = -1
    for p in paragraphs:
        labelled = p.eid in texts and _OPTION_LABEL.match(texts[p.eid]) is not None
        if labelled and run and p.depth == depth:
            run.append(p.eid)
            continue
        if len(run) > 1:
            groups.append(run)
        run, depth = ([p.eid], p.depth) if labelled else ([], -1)
    if len(run) > 1:
        groups.append(run)
    return groups


def option_label(text: str) -> int:
    """Where an option paragraph's words begin after its label ("**Option 2:** "); 0 in a paragraph without one."""
    label = _OPTION_LABEL.match(text)
    return label.end() if label else 0


def option_words(text: str) -> str:
    """An option paragraph's words: its label gone, and the brackets around the whole of it (an option not agreed
    is often bracketed whole) with it."""
    label = _OPTION_LABEL.match(text)
    words = text[label.end() :] if label else text
    whole = read_brackets(words).brackets
    outer = whole[0] if whole else None
    if (
        outer
        and outer.parent is None
        and outer.start == 0
        and outer.end == len(words.rstrip())
        and len(outer.options) == 1
    ):
        return outer.options[0] + words[outer.end :]
    return words


def options_id(eids: Sequence[str]) -> str:
    """The id of a choice among paragraphs: its first paragraph and a digest of its paragraphs' eIds (which hold
    while their words change)."""
    return f"{eids[0]}~o{hashlib.sha256(chr(31).join(eids).encode()).hexdigest()[:9]}"
