"""A text's brackets as they are kept with it: read once when the text is stored, then looked up.

A paragraph revision never changes (it is its text's sha256), so neither do its brackets: they are written beside
the text as a short JSON value (offsets, kinds, parents and id digests: no words, which the text holds), and every
reader, in every worker, takes them from there instead of reading the text again. A change to what the reader finds
bumps FORMAT: a value of another format (kept by an older Accord), or one that cannot be read, is none, and the
text is read again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .brackets import Bracket, Reading, Unbalanced, digests, read_brackets

FORMAT = 1


@dataclass(frozen=True)
class Kept:
    """A text's brackets (`reading`) and the digest of each one's id (domain.brackets.brackets.digests)."""

    reading: Reading = field(default_factory=Reading)
    digests: list[str] = field(default_factory=list)


NONE = Kept()


def kept(text: str) -> Kept:
    """The brackets of `text`, read now."""
    if "[" not in text and "]" not in text:
        return NONE
    reading = read_brackets(text)
    return Kept(reading, digests(reading.brackets))


def kept_value(text: str) -> str | None:
    """What is written beside `text` (None for a text without a bracket mark: nothing to read)."""
    if "[" not in text and "]" not in text:
        return None
    found = kept(text)
    return json.dumps(
        {
            "f": FORMAT,
            "b": [
                [b.start, b.end, b.parent, b.kind, [x for span in b.inner for x in span], d]
                for b, d in zip(found.reading.brackets, found.digests, strict=True)
            ],
            "u": [[u.at, u.char] for u in found.reading.unbalanced],
            "o": found.reading.over,
        },
        separators=(",", ":"),
    )


def from_value(text: str, value: str | None) -> Kept | None:
    """The brackets kept as `value` beside `text`; None if they must be read again (none kept, another format)."""
    if value is None:
        return None
    try:
        stored = json.loads(value)
        if not isinstance(stored, dict) or stored.get("f") != FORMAT:
            return None
        brackets = []
        for start, end, parent, kind, flat, _ in stored["b"]:
            inner = tuple(zip(flat[::2], flat[1::2], strict=True))
            brackets.append(Bracket(start, end, tuple(text[a:z] for a, z in inner), parent, kind, inner))
        unbalanced = [Unbalanced(at, char) for at, char in stored["u"]]
        return Kept(Reading(brackets, unbalanced, stored["o"]), [row[5] for row in stored["b"]])
    except (ValueError, TypeError, KeyError):  # not what this Accord writes: read the text again
        return None
