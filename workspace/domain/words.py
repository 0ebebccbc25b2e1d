"""How Accord cuts text: words with their accents, runs of space, and single other characters.

Diffs, patches and paragraph matching all cut text here, so that a letter is never split from its
combining accent, a CRLF never split in two, and a space means what it means in Markdown.
"""

from __future__ import annotations

import re
import unicodedata


def _marks_class() -> str:
    """A regex class of the combining marks (categories Mn, Mc, Me) of the Basic Multilingual Plane:
    `re` has no \\p{M}, and \\w does not include marks. Marks beyond it (historic scripts, a few
    recent ones) are left out: a class reaching past U+FFFF is matched range by range, 3x slower."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)


_M = _marks_class()
# Markdown's spaces: a run not followed by a combining mark (a mark on a space is a visible sign,
# kept whole with its space below). Each CRLF is atomic, so backing off never splits it.
_SPACES = rf"(?>\r\n|[ \t\n\r\f\v])+(?![{_M}])"
# Letters and digits with their marks (a mark leads only at the start of a text), unrolled for speed.
_WORD = re.compile(rf"[^\W_]+(?:[{_M}]+[^\W_]*)*|[{_M}]+(?:[^\W_]+[{_M}]*)*")
_TOKEN = re.compile(rf"{_WORD.pattern}|{_SPACES}|(?:\r\n|.)[{_M}]*", re.DOTALL)
_SPACE_RUN = re.compile(_SPACES)
_LINE_END = re.compile(r"\r\n|\r|\n")


def tokens(text: str) -> list[str]:
    """`text` cut into words (letters and digits with their marks), runs of space, and other characters.
    Joined, they give `text` back. `_` is punctuation: in Markdown it is emphasis, not part of a word."""
    return _TOKEN.findall(text)


def is_word(token: str) -> bool:
    """A token of letters or digits (a mark may lead it only at the start of a text)."""
    first = token[:1]
    return first.isalnum() or (first != "" and unicodedata.category(first)[0] == "M")


def is_space(token: str) -> bool:
    return _SPACE_RUN.fullmatch(token) is not None


def line_ends(token: str) -> int:
    """How many line breaks a run of space holds (0 for any other token)."""
    return len(_LINE_END.findall(token)) if is_space(token) else 0


def single_spaced(text: str) -> bool:
    """No line break, tab or run of spaces: `normalize_space` leaves the text as it is. (Substring
    tests, several times faster than one regular expression looking for them all.)"""
    return "  " not in text and not any(c in text for c in "\n\t\r\f\v")


def _as_read(space: re.Match[str]) -> str:
    return "\n\n" if line_ends(space.group()) >= 2 else " "


def normalize_space(text: str) -> str:
    """`text` as Markdown reads it: a run of spaces, tabs and line breaks is one space, or one blank
    line if it holds one. Two texts with the same normal form differ only in how they are wrapped."""
    if single_spaced(text):
        return text  # every run is already one space: the common case, worth skipping the work
    return _SPACE_RUN.sub(_as_read, text)


def words(text: str) -> list[str]:
    """The words of `text` as a reader compares them: no markup or punctuation, case and
    composition of accents ignored (a precomposed "é" and "e" + U+0301 are one letter)."""
    return [unicodedata.normalize("NFC", w).casefold() for w in _WORD.findall(text)]
