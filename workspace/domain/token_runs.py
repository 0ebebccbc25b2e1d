"""Runs of tokens kept, deleted or inserted, and the cleanup that makes a word diff readable.

The cleanup works on whole tokens (`words.tokens`), so it can never cut a word: it slides each lone
change to where it reads best, and joins two changes around a run that holds no word or one short word.
"""

from __future__ import annotations

import unicodedata
from enum import IntEnum

from .words import is_space, is_word, line_ends


class Op(IntEnum):
    DELETE = -1
    EQUAL = 0
    INSERT = 1


Run = tuple[Op, list[str]]  # an operation on a run of tokens (or of the keys they are compared by)
_SHORT_WORD = 3  # letters: "de", "y", "al", "les" may be swallowed by the changes around them


def tidy(runs: list[Run]) -> list[Run]:
    """Empty runs dropped, neighbours of one kind joined, and within each change the deletion first."""
    out: list[Run] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op, keys in [*runs, (Op.EQUAL, [])]:
        if op == Op.DELETE:
            deleted.extend(keys)
        elif op == Op.INSERT:
            inserted.extend(keys)
        else:
            if deleted or inserted:
                out += [(o, k) for o, k in ((Op.DELETE, deleted), (Op.INSERT, inserted)) if k]
                deleted, inserted = [], []
            if keys and out and out[-1][0] == Op.EQUAL:
                out[-1][1].extend(keys)
            elif keys:
                out.append((Op.EQUAL, list(keys)))
    return out


def _boundary(left: str | None, right: str | None) -> int:
    """How well a change reads when it starts or ends between these two tokens (None: the text's edge).
    diff-match-patch's semantic scores, on tokens: a blank line 5, a line break 4, after a punctuation
    mark and before a space 3, next to a space 2, next to punctuation 1 (two words never touch)."""
    if left is None or right is None:
        return 6
    breaks = max(line_ends(left), line_ends(right))
    if breaks:
        return 5 if breaks >= 2 else 4
    if is_space(right) and not is_word(left) and not is_space(left):
        return 3
    return 2 if is_space(left) or is_space(right) else 1


def _slide_once(runs: list[Run]) -> list[Run]:
    """Move each lone insertion or deletion over the equal tokens around it (the texts stay the same):
    onto a neighbouring change if it can swallow the whole equality between them, else to where
    it reads best; on a tie, the rightmost place (a change ending in a space rather than starting with one)."""
    runs = list(runs)
    for i in range(1, len(runs) - 1):
        (before_op, before), (op, edit), (after_op, after) = runs[i - 1 : i + 2]
        if op == Op.EQUAL or before_op != Op.EQUAL or after_op != Op.EQUAL:
            continue
        seq, n = before + edit + after, len(edit)
        lo = hi = len(before)
        while lo > 0 and seq[lo - 1] == seq[lo + n - 1]:
            lo -= 1
        while hi + n < len(seq) and seq[hi] == seq[hi + n]:
            hi += 1
        if lo == 0 and i >= 2:
            at = lo
        elif hi + n == len(seq) and i + 2 < len(runs):
            at = hi
        else:
            at = max(
                range(lo, hi + 1),
                key=lambda s: (
                    _boundary(seq[s - 1] if s else None, seq[s])
                    + _boundary(seq[s + n - 1], seq[s + n] if s + n < len(seq) else None),
                    s,
                ),
            )
        runs[i - 1 : i + 2] = [(Op.EQUAL, seq[:at]), (op, seq[at : at + n]), (Op.EQUAL, seq[at + n :])]
    return tidy(runs)


def slide(runs: list[Run]) -> list[Run]:
    """Lone changes moved where they read best, again while one of them joins another."""
    while len(slid := _slide_once(runs)) < len(runs):  # a change swallowed an equality: look again
        runs = slid
    return slid


def _slight(keys: list[str]) -> bool:
    """No word, or a single short one ("de", "y", "al"): not worth keeping apart between two changes."""
    found = [k for k in keys if is_word(k)]
    return not found or (len(found) == 1 and len(unicodedata.normalize("NFC", found[0])) <= _SHORT_WORD)


def absorb(runs: list[Run]) -> list[Run]:
    """An equality between two changes joins them when it is slight: one change reads better than a
    scatter of small ones. A longer kept run of words is never absorbed: the reader must see it kept."""
    out: list[Run] = []
    for i, (op, keys) in enumerate(runs):
        between_changes = 0 < i < len(runs) - 1 and runs[i - 1][0] != Op.EQUAL and runs[i + 1][0] != Op.EQUAL
        if op == Op.EQUAL and between_changes and _slight(keys):
            out += [(Op.DELETE, keys), (Op.INSERT, keys)]
        else:
            out.append((op, keys))
    return tidy(out)
