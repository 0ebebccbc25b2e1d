"""Where a paragraph's square brackets and parentheses stand, read in one pass: what the bracket reader walks.

The text is read once, left to right: an escaped character (`\\[`) and a code span (a run of backticks up to the
next run of the same length, CommonMark's rule) hold no mark; every other "[", "]", "(" and ")" is one, and a blank
line ends any parenthesis still open (a link's destination never crosses one). Each "[" is paired with the "]" that
closes it, each "(" with its ")", with a stack: what the reader asks of a bracket (where it closes, whether a link's
destination follows it) is a lookup, so that reading a text costs its length, not its length times its brackets
(`"[a] " * 4999` took 3.6 s when each bracket scanned ahead for its own closing) nor its depth (no recursion).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

_MARK = re.compile(r"\\[\s\S]|`+|[\[\]()]|\n(?=\n)")
_PLAIN_MARK = re.compile(r"[\[\]()]|\n(?=\n)")  # a text without escapes nor backticks: every mark counts
_RUN = re.compile(r"`+")


@dataclass
class Marks:
    """The marks of one text: `at` the offsets of its "[" and "]" in order, `closes` each "[" with its "]",
    `ends` each "(" with its ")", `closing` the offsets of the "]" alone."""

    at: list[int] = field(default_factory=list)
    closes: dict[int, int] = field(default_factory=dict)
    ends: dict[int, int] = field(default_factory=dict)
    closing: list[int] = field(default_factory=list)

    def first_from(self, offset: int) -> int:
        """The index in `at` of the first mark at or after `offset`."""
        return bisect_left(self.at, offset)

    def next_closing(self, offset: int) -> int | None:
        """The offset of the first "]" after `offset`, if any."""
        i = bisect_right(self.closing, offset)
        return self.closing[i] if i < len(self.closing) else None


def read_marks(text: str) -> Marks:
    """The marks of `text` (see the module's docstring)."""
    marks = Marks()
    brackets: list[int] = []  # the "[" not closed yet
    parentheses: list[int] = []
    for at, char in _tokens(text):
        if char == "[":
            brackets.append(at)
            marks.at.append(at)
        elif char == "]":
            if brackets:
                marks.closes[brackets.pop()] = at
            marks.at.append(at)
            marks.closing.append(at)
        elif char == "(":
            parentheses.append(at)
        elif char == ")":
            if parentheses:
                marks.ends[parentheses.pop()] = at
        else:  # a blank line
            parentheses.clear()
    return marks


def _tokens(text: str) -> list[tuple[int, str]]:
    if "\\" not in text and "`" not in text:
        return [(m.start(), m.group()[0]) for m in _PLAIN_MARK.finditer(text)]
    runs: dict[int, list[int]] = {}  # the backtick runs of each length, by where they start
    for run in _RUN.finditer(text):
        runs.setdefault(run.end() - run.start(), []).append(run.start())
    found: list[tuple[int, str]] = []
    search, at = _MARK.search, 0
    while (m := search(text, at)) is not None:
        token, at = m.group(), m.end()
        if token[0] == "\\":
            continue
        if token[0] == "`":  # a code span, if a run of the same length closes it; else the run is text
            same = runs.get(len(token), [])
            k = bisect_right(same, m.start())
            if k < len(same):
                at = same[k] + len(token)
            continue
        found.append((m.start(), token[0]))
    return found
