"""A text read without its bracket marks: where a thread looks for its words when brackets came, went or moved.

A negotiation puts words in brackets and takes the brackets away while the words stay: "recorded [in an annual
inventory]" becomes "recorded in an annual inventory", and "report on their plans" may come back as "report on [their]
plans". Read without its marks, each text keeps its words in their order, so a quote that crossed a bracket's edge is
found as it is. What is taken out: every "[" and "]" the bracket reader counts (those of brackets and of options, and
the unbalanced ones; a link, a footnote marker or an escaped bracket is no mark), the "][" between two options read as
the space between their words, and the label of an option paragraph ("**Option 2:** "). Each character kept knows its
offset in the text as written, so that words found are shown where they stand, and never on a mark that is gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .brackets import option_label, read_brackets


@dataclass(frozen=True)
class Unmarked:
    """`text` without its marks; `written[k]`: the offset in the text as written of text[k]; `kept[at]`: how many
    characters of `text` come from the written text before offset `at` (so `text` goes on from there). Both None
    for a text without marks, which is itself."""

    text: str
    written: tuple[int, ...] | None = None
    kept: tuple[int, ...] | None = None

    def inward(self, at: int) -> int:
        """An offset of the text as written, in `text`: a mark's offset goes to the words after it."""
        return at if self.kept is None else self.kept[at]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The written text's span from text[start] to text[end - 1], both included (marks inside it kept)."""
        if self.written is None:
            return start, end
        return self.written[start], self.written[end - 1] + 1


def marks_of(text: str) -> list[int]:
    """The offsets of `text`'s bracket marks in order, the option label's characters first."""
    reading = read_brackets(text)
    found = list(range(option_label(text)))
    for bracket in reading.brackets:
        for start, end in bracket.inner:
            found += (start - 1, end)
    found += (u.at for u in reading.unbalanced)
    return sorted(set(found))


@lru_cache(maxsize=1024)
def unmarked(text: str) -> Unmarked:
    """`text` without its marks (see the module's docstring). A text without any is itself."""
    marks = marks_of(text) if "[" in text or "]" in text or option_label(text) else []
    if not marks:
        return Unmarked(text)
    taken = set(marks)
    written = _written(text, taken)
    kept, k = [], 0
    for offset in range(len(text) + 1):
        while k < len(written) and written[k] < offset:
            k += 1
        kept.append(k)
    bare = "".join(" " if w in taken else text[w] for w in written)
    return Unmarked(bare, tuple(written), tuple(kept))


def _written(text: str, taken: set[int]) -> list[int]:
    """The offsets of `text` that stay once the marks at `taken` are left out, in order: each character not a mark,
    and for a run of marks between two options side by side ("shall][should"), the offset of its "][", which stands
    for the space that keeps their words apart."""
    written: list[int] = []
    at = 0
    while at < len(text):
        if at not in taken:
            written.append(at)
            at += 1
            continue
        run = at
        while at < len(text) and at in taken:
            at += 1
        between = text.find("][", run, at)
        if between >= 0 and run > 0 and at < len(text) and not text[run - 1].isspace() and not text[at].isspace():
            written.append(between)
    return written
