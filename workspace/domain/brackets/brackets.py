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
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class BracketState(StrEnum):
    OPEN = "open"  # the text holds it
    AGREED = "agreed"  # on one of its options
    DROPPED = "dropped"


PLACEHOLDER = re.compile(r"^\s*(placeholder|espacio reservado|marcador de posición|espace réservé)\b", re.IGNORECASE)
_DEFINED = re.compile(r"^\s{0,3}\[([^\]]+)\]:", re.MULTILINE)
_FOOTNOTE_DEFINITION = re.compile(r"^\s{0,3}\[\^[^\]\s]+\]:", re.MULTILINE)


@dataclass(frozen=True)
class Bracket:
    """One bracket of a paragraph: where it stands in the text (`start` at its first "[", `end` after its last
    "]"), its options' words (the text inside each pair of brackets, nested brackets included as written), the
    bracket it stands in (an index into the same list, None at the top) and its kind."""

    start: int
    end: int
    options: tuple[str, ...]
    parent: int | None = None
    kind: str = "choice"  # choice (two options or more), optional (one), placeholder
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


def _closing(text: str, at: int) -> int | None:
    """The offset of the "]" that closes the "[" at `at` (nesting counted, escapes and code spans skipped)."""
    depth, k = 0, at
    while k < len(text):
        char = text[k]
        if char == "\\":
            k += 2
            continue
        if char == "`":
            k = _after_code(text, k)
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return k
        k += 1
    return None


def _after_code(text: str, at: int) -> int:
    """The offset after a code span opened at `at` (a run of backticks closed by the same run), or after the run
    if it is never closed (then it is text)."""
    run = len(text[at:]) - len(text[at:].lstrip("`"))
    closing = text.find("`" * run, at + run)
    while closing != -1 and text[closing + run : closing + run + 1] == "`":  # a longer run closes nothing
        closing = text.find("`" * run, closing + run + 1)
    return closing + run if closing != -1 else at + run


def _defined(text: str) -> set[str]:
    return {label.strip().casefold() for label in _DEFINED.findall(text) if not label.startswith("^")}


def _not_a_bracket(text: str, start: int, close: int, defined: set[str]) -> int | None:
    """If the brackets at start..close are markup (a link, a footnote, an image), the offset after that markup."""
    inner = text[start + 1 : close]
    after = text[close + 1 : close + 2]
    if inner.startswith("^") and " " not in inner:  # a footnote marker, or a footnote's definition
        return close + 1
    if start > 0 and text[start - 1] == "!":  # an image
        return _after_link(text, close, defined) or close + 1
    if after == "(":
        end = _destination_end(text, close + 1)
        if end is not None:
            return end
    if after == "[":  # a reference link `[text][label]`, if the label is defined
        label_close = _closing(text, close + 1)
        if label_close is not None:
            label = text[close + 2 : label_close].strip().casefold() or inner.strip().casefold()
            if label in defined:
                return label_close + 1
    if inner.strip().casefold() in defined:  # `[label]`, a shortcut reference link
        return close + 1
    return None


def _after_link(text: str, close: int, defined: set[str]) -> int | None:
    if text[close + 1 : close + 2] == "(":
        return _destination_end(text, close + 1)
    return None


def _destination_end(text: str, opening: int) -> int | None:
    """The offset after the ")" of a link's destination opened at `opening`, None if it is no destination."""
    depth, k = 0, opening
    while k < len(text):
        char = text[k]
        if char == "\\":
            k += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return k + 1
        elif char == "\n" and text[k + 1 : k + 2] == "\n":
            return None
        k += 1
    return None


def read_brackets(text: str) -> Reading:
    """Every bracket of `text` in document order (an enclosing one before those nested in it), and what is
    unbalanced."""
    defined = _defined(text)
    found: list[Bracket] = []
    unbalanced: list[Unbalanced] = []
    _scan(text, 0, len(text), None, defined, found, unbalanced)
    return Reading(found, unbalanced)


def _scan(
    text: str,
    start: int,
    stop: int,
    parent: int | None,
    defined: set[str],
    found: list[Bracket],
    unbalanced: list[Unbalanced],
) -> None:
    k = start
    while k < stop:
        char = text[k]
        if char == "\\":
            k += 2
            continue
        if char == "`":
            k = _after_code(text, k)
            continue
        if char == "]":
            unbalanced.append(Unbalanced(k, "]"))
            k += 1
            continue
        if char != "[":
            k += 1
            continue
        if _FOOTNOTE_DEFINITION.match(text, _line_start(text, k)) and _line_start(text, k) + _lead(text, k) == k:
            k = text.find("]", k) + 1  # `[^1]:` opening a footnote's definition
            continue
        close = _closing(text, k)
        if close is None or close >= stop:
            unbalanced.append(Unbalanced(k, "["))
            k += 1
            continue
        skip = _not_a_bracket(text, k, close, defined)
        if skip is not None:
            k = skip
            continue
        # Adjacent alternatives: `[shall][should][other]`, each closed right where the next opens.
        spans = [(k, close)]
        while spans[-1][1] + 1 < stop and text[spans[-1][1] + 1] == "[":
            following = _closing(text, spans[-1][1] + 1)
            if following is None or following >= stop:
                break
            if _not_a_bracket(text, spans[-1][1] + 1, following, defined) is not None:
                break
            spans.append((spans[-1][1] + 1, following))
        options = tuple(text[a + 1 : b] for a, b in spans)
        kind = "choice" if len(options) > 1 else "placeholder" if PLACEHOLDER.match(options[0]) else "optional"
        index = len(found)
        found.append(Bracket(k, spans[-1][1] + 1, options, parent, kind, tuple((a + 1, b) for a, b in spans)))
        for a, b in spans:
            _scan(text, a + 1, b, index, defined, found, unbalanced)
        k = spans[-1][1] + 1


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _lead(text: str, at: int) -> int:
    line = text[_line_start(text, at) : at]
    return len(line) - len(line.lstrip(" "))


def line_of(text: str, at: int) -> int:
    """The 1-based line of the paragraph an offset is on."""
    return text.count("\n", 0, at) + 1


def bracket_id(eid: str, text: str, bracket: Bracket, brackets: Sequence[Bracket]) -> str:
    """A bracket's id: its paragraph and a digest of its own words, counted among the brackets of the paragraph with
    the same words. It stays the same while the paragraph changes elsewhere (a bracket beside it or nested in another
    resolved), and in the versions that carry the same bracket; a bracket whose own words change is another one."""
    key = _key(bracket)
    same = sum(1 for b in brackets[: brackets.index(bracket)] if _key(b) == key)
    digest = hashlib.sha256(f"{key}\x1d{same}".encode()).hexdigest()[:10]
    return f"{eid}~{digest}"


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
    taken). What is unbalanced stays as written."""
    reading = read_brackets(text)
    ids = [bracket_id(eid, text, b, reading.brackets) for b in reading.brackets]
    return cleaned(text, reading.brackets, ids, leading)


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
            option = chosen.get(ids[i], None if b.kind == "placeholder" else 0)  # a placeholder holds no words
            if option is not None and 0 <= option < len(b.options) and PLACEHOLDER.match(b.options[option]):
                option = None  # an option that is a placeholder, chosen to lead, holds no words either
            if option is None or not 0 <= option < len(b.options):
                after = text[b.end : b.end + 1]
                if out.endswith(" ") and (after in ("", " ", "\n") or after in ",.;:)"):
                    out = out.rstrip(" ")
                elif (not out or out.endswith("\n")) and after == " ":
                    at = b.end + 1
                    continue
            else:
                a, z = b.inner[option]
                out += written(a, z, i)
            at = b.end
        return out + text[at:stop]

    return written(0, len(text), None)


# Whole alternative paragraphs: "**Option 1:** …", "Option 2: …" (es "Opción", fr "Option"), one after the other at
# the same place in the lists: one choice among paragraphs.
_OPTION_LABEL = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:option|opción|opcion)\s+(?:\d{1,2}|[A-Z])\s*(?:\*\*|__)?\s*[:.]\s*(?:\*\*|__)?[ \u00a0]*",
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
