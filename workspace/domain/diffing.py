"""The one module that uses diff-match-patch. Word diffs and structure-aware document compares.

Words are mapped to single characters (as diff-match-patch's own line mode does with lines),
diffed, cleaned up semantically at word level, then expanded back. Every boundary therefore
falls between whole tokens: a letter is never split from its combining accent.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from diff_match_patch import diff_match_patch

from .errors import N_, Conflict

# A word with its combining marks, a run of spaces, or any other single character (with its marks).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_TOKEN = re.compile(rf"[\w{_MARKS}]+|\s+|.[{_MARKS}]*", re.S)


class Op(IntEnum):
    DELETE = -1
    EQUAL = 0
    INSERT = 1


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # exact diffs: paragraphs are small, and a timeout makes results vary by machine
    return engine


_DMP = _engine()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _code(n: int) -> str:
    # Skip the surrogate range: those code points cannot stand alone in a str.
    return chr(n + 1 if n + 1 < 0xD800 else n + 1 + 0x800)


def _encode(a: str, b: str) -> tuple[str, str, dict[str, str]]:
    """Each distinct token becomes one character; returns both texts and the way back."""
    ta, tb = tokens(a), tokens(b)
    codes: dict[str, str] = {}
    for token in ta + tb:
        if token not in codes:
            codes[token] = _code(len(codes))
    back = {c: t for t, c in codes.items()}
    return "".join(map(codes.__getitem__, ta)), "".join(map(codes.__getitem__, tb)), back


def _decode(chars: str, back: dict[str, str]) -> str:
    return "".join(map(back.__getitem__, chars))


def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or bool(unicodedata.combining(ch))


def _cut_allowed(a: str, b: str, i: int, j: int) -> bool:
    """May the texts be cut before a[i] and b[j]? Never inside a word, never before an accent."""
    before = a[i - 1] if i > 0 else ""
    for text, k in ((a, i), (b, j)):
        after = text[k] if k < len(text) else ""
        if after and unicodedata.combining(after):
            return False
        if before and after and _wordish(before) and _wordish(after):
            return False
    return True


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix, each ending on a word boundary."""
    prefix = _DMP.diff_commonPrefix(old, new)
    while prefix and not _cut_allowed(old, new, prefix, prefix):
        prefix -= 1
    limit = min(len(old), len(new)) - prefix
    suffix = min(_DMP.diff_commonSuffix(old, new), limit)
    while suffix and not _cut_allowed(old, new, len(old) - suffix, len(new) - suffix):
        suffix -= 1
    return prefix, suffix


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """Word-level insertions and deletions turning `old` into `new`, cleaned up for reading."""
    if old == new:
        return (Piece(Op.EQUAL, old),) if old else ()
    prefix, suffix = _common_ends(old, new)
    a, b, back = _encode(old[prefix : len(old) - suffix], new[prefix : len(new) - suffix])
    # Diff whole tokens, then clean up on the real text: the heuristic weighs lengths in characters,
    # so a short word kept between two edits stays kept ("un apoyo firme": only "un" and "firme" are new).
    diffs = [(op, _decode(chars, back)) for op, chars in _DMP.diff_main(a, b, False)]
    _DMP.diff_cleanupSemantic(diffs)
    expanded = [(Op.EQUAL, old[:prefix])] + [(Op(op), text) for op, text in diffs]
    expanded.append((Op.EQUAL, old[len(old) - suffix :]))
    pieces: list[Piece] = []
    for op, text in expanded:
        if not text:
            continue
        if pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))
    return tuple(pieces)


def char_diff(old: str, new: str) -> int:
    """A whole-text character diff, as a naive tool would do it (kept to measure against)."""
    diffs = _DMP.diff_main(old, new)
    _DMP.diff_cleanupSemantic(diffs)
    return len(diffs)


def source_of(pieces: Sequence[Piece]) -> str:
    return "".join(p.text for p in pieces if p.op != Op.INSERT)


def result_of(pieces: Sequence[Piece]) -> str:
    return "".join(p.text for p in pieces if p.op != Op.DELETE)


def apply(old: str, pieces: Sequence[Piece]) -> str:
    """`new` from `old` and its diff; Conflict if the diff was not made from this text."""
    if source_of(pieces) != old:
        raise Conflict(N_("This change was made against another text."))
    return result_of(pieces)


def similarity(a: str, b: str) -> float:
    """0..1: the share of words two texts have in common, in order (1 is identical)."""
    if a == b:
        return 1.0
    total = len(tokens(a)) + len(tokens(b))
    if total == 0:
        return 1.0
    kept = sum(len(tokens(p.text)) for p in word_diff(a, b) if p.op == Op.EQUAL)
    return 2 * kept / total


class Change:
    ADDED = "added"
    DELETED = "deleted"
    MOVED = "moved"
    MODIFIED = "modified"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Paragraph:
    """What a compare needs of a paragraph: its stable eId and its text."""

    eid: str
    text: str


@dataclass(frozen=True)
class ParagraphChange:
    eid: str
    change: str
    old_text: str | None
    new_text: str | None
    ops: tuple[Piece, ...]
    moved: bool = False  # a modified paragraph may also have moved

    def as_json(self) -> dict[str, object]:
        return {
            "eid": self.eid, "change": self.change, "old_text": self.old_text, "new_text": self.new_text,
            "ops": [[int(p.op), p.text] for p in self.ops], "moved": self.moved,
        }


def _stayed_in_order(old_positions: list[int]) -> set[int]:
    """Indexes (into `old_positions`) of a longest increasing subsequence: what did not move."""
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(old_positions)
    for i, value in enumerate(old_positions):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[k] = value
            tail_index[k] = i
        previous[i] = tail_index[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        keep.add(i)
        i = previous[i]
    return keep


def compare(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> list[ParagraphChange]:
    """Paragraphs aligned by eId (moves found as what leaves the longest common order), then
    words diffed inside the changed ones. In the newer version's order; a deleted paragraph
    comes right after the paragraph that preceded it in the older version."""
    old_at = {p.eid: i for i, p in enumerate(old)}
    new_eids = {p.eid for p in new}
    common = [p for p in new if p.eid in old_at]
    in_order = _stayed_in_order([old_at[p.eid] for p in common])
    moved = {p.eid for i, p in enumerate(common) if i not in in_order}

    changes: dict[str, ParagraphChange] = {}
    for p in new:
        if p.eid not in old_at:
            changes[p.eid] = ParagraphChange(p.eid, Change.ADDED, None, p.text, (Piece(Op.INSERT, p.text),) if p.text else ())
            continue
        before = old[old_at[p.eid]].text
        if before == p.text:
            kind = Change.MOVED if p.eid in moved else Change.UNCHANGED
            ops = (Piece(Op.EQUAL, p.text),) if p.text else ()
            changes[p.eid] = ParagraphChange(p.eid, kind, before, p.text, ops, p.eid in moved)
        else:
            changes[p.eid] = ParagraphChange(p.eid, Change.MODIFIED, before, p.text, word_diff(before, p.text), p.eid in moved)

    # Place deletions after their nearest preceding survivor of the older version.
    after: dict[str | None, list[ParagraphChange]] = {}
    anchor: str | None = None
    for p in old:
        if p.eid in new_eids:
            anchor = p.eid
        else:
            gone = ParagraphChange(p.eid, Change.DELETED, p.text, None, (Piece(Op.DELETE, p.text),) if p.text else ())
            after.setdefault(anchor, []).append(gone)
    result = list(after.get(None, []))
    for p in new:
        result.append(changes[p.eid])
        result.extend(after.get(p.eid, []))
    return result
