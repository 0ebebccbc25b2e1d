"""The one module that uses diff-match-patch. Word diffs and structure-aware document compares.

Texts are cut into tokens (`words.tokens`: words with their accents, runs of space, other characters);
each distinct token becomes one character, as diff-match-patch's own line mode does with lines, and the
library diffs those. The cleanup for reading is ours and works on whole tokens too, so every cut falls
between tokens of both texts: never inside a word, never between a letter and its accent. Tokens are
compared as Markdown reads them (a line break and a space alike), but the pieces always rebuild both
texts exactly: a re-wrap is kept in them as a deletion and an insertion of spaces.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import msgspec
from diff_match_patch import diff_match_patch, patch_obj

from .errors import N_, Conflict, FailedHunk, PatchFailed
from .token_runs import Op, Run, absorb, slide, tidy
from .words import is_word, normalize_space, single_spaced, tokens, words


class Piece(msgspec.Struct, frozen=True, array_like=True):
    """A run of text kept, deleted or inserted. On the wire `[op, text]`, e.g. `[1, " y más"]`."""

    op: Op
    text: str


def wire(pieces: Iterable[Piece]) -> list[list[int | str]]:
    """Pieces as they travel in JSON and in a refusal's detail, `[[op, text], …]`: what each `Piece` encodes to."""
    encoded: list[list[int | str]] = msgspec.to_builtins(list(pieces))
    return encoded


def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # exact diffs: paragraphs are small, and a timeout makes results vary by machine
    return engine


_DMP = _engine()
_CONTEXT_WORDS = 4  # kept around the differences of two long texts, for the cleanup to see


def _code(n: int) -> str:
    # Skip the surrogate range: those code points cannot stand alone in a str.
    return chr(n + 1 if n + 1 < 0xD800 else n + 1 + 0x800)


def token_diff(a: list[str], b: list[str]) -> list[Run]:
    """The shortest edit from `a` to `b`, item by item: each distinct item is one character for the library."""
    if a == b:
        return [(Op.EQUAL, a)] if a else []
    codes: dict[str, str] = {}
    for item in (*a, *b):
        if item not in codes:
            codes[item] = _code(len(codes))
    back = {c: item for item, c in codes.items()}
    diffs = _DMP.diff_main("".join(map(codes.__getitem__, a)), "".join(map(codes.__getitem__, b)), False)
    return [(Op(op), [back[c] for c in chars]) for op, chars in diffs]


def _align(a: list[str], b: list[str]) -> list[Run]:
    """Words first, then the spaces and punctuation between them. Aligning every token at once would
    weigh a space as much as a word, and could keep a space rather than the word beside it."""
    wordy = {t for t in {*a, *b} if is_word(t)}
    wa, wb = _places(a, wordy), _places(b, wordy)
    runs: list[Run] = []
    i = j = x = y = 0  # next token of a and of b, next word of a and of b
    for op, keys in token_diff([a[k] for k in wa], [b[k] for k in wb]):
        n = len(keys)
        if op == Op.EQUAL:
            for ka, kb in _anchors(a, b, wa[x : x + n], wb[y : y + n]):
                runs += _gap(a[i:ka], b[j:kb])
                runs.append((Op.EQUAL, [a[ka]]))
                i, j = ka + 1, kb + 1
        x += 0 if op == Op.INSERT else n
        y += 0 if op == Op.DELETE else n
    return runs + token_diff(a[i:], b[j:])


def _places(items: list[str], wordy: set[str]) -> list[int]:
    """Where the words stand among `items`."""
    return [k for k, t in enumerate(items) if t in wordy]


def _anchors(a: list[str], b: list[str], words_a: list[int], words_b: list[int]) -> list[tuple[int, int]]:
    """Where the words of one kept run stand in `a` and in `b`, pair by pair: the gaps between them are aligned
    next. Only its first and last word when nothing changed between them (the usual case)."""
    kept = list(zip(words_a, words_b, strict=True))
    (first_a, first_b), (last_a, last_b) = kept[0], kept[-1]
    if len(kept) > 1 and a[first_a : last_a + 1] == b[first_b : last_b + 1]:
        return [kept[0], kept[-1]]
    return kept


def _gap(gap_a: list[str], gap_b: list[str]) -> list[Run]:
    """The spaces and punctuation between two kept words, aligned (kept whole when they are the same)."""
    return [(Op.EQUAL, gap_a)] if gap_a == gap_b else token_diff(gap_a, gap_b)


def _set_aside(old: str, new: str) -> tuple[int, int]:
    """How much of the common start and of the common end of both texts needs no tokenizing: each
    stops where a word follows a space (a token boundary whatever surrounds it), a few words short
    of the first difference, so that the cleanup still sees the words around it."""
    start = _word_start_before(old, _DMP.diff_commonPrefix(old, new))
    common_end = min(_DMP.diff_commonSuffix(old, new), min(len(old), len(new)) - start)
    return start, len(old) - _word_start_after(old, len(old) - common_end)


def _word_start_before(text: str, limit: int) -> int:
    at = limit - 1
    for _ in range(_CONTEXT_WORDS):
        at = text.rfind(" ", 0, max(at, 0))
        while at >= 0 and not text[at + 1].isalnum():
            at = text.rfind(" ", 0, at)
        if at < 0:
            return 0
    return at + 1


def _word_start_after(text: str, limit: int) -> int:
    at = limit - 1
    for _ in range(_CONTEXT_WORDS):
        at = text.find(" ", at + 1)
        while 0 <= at < len(text) - 1 and not text[at + 1].isalnum():
            at = text.find(" ", at + 1)
        if not 0 <= at < len(text) - 1:
            return len(text)
    return at + 1


def _tokens_between(text: str, start: int, end: int) -> list[str]:
    """The tokens of `text`, with its first `start` and last `end` characters as one token each."""
    head, tail = text[:start], text[len(text) - end :]
    return [*([head] if head else []), *tokens(text[start : len(text) - end]), *([tail] if tail else [])]


def _pieces(runs: list[Run], old: list[str], new: list[str]) -> tuple[Piece, ...]:
    """The runs (of keys) as text: deletions from the old tokens, insertions from the new. Where equal
    keys hold different tokens (spaces re-wrapped), the old token is deleted and the new one inserted,
    so that the pieces rebuild both texts exactly; each change between two kept runs is then one
    deletion followed by one insertion."""
    spans: list[tuple[Op, list[str]]] = []  # (op, tokens), of one kind at a time but for DELETE + INSERT

    def add(op: Op, texts: list[str]) -> None:
        if op == Op.DELETE and spans and spans[-1][0] == Op.INSERT:  # joins the change before it, as its deletion
            if len(spans) > 1 and spans[-2][0] == Op.DELETE:
                spans[-2][1].extend(texts)
            else:
                spans.insert(len(spans) - 1, (op, list(texts)))
        elif spans and spans[-1][0] == op:
            spans[-1][1].extend(texts)
        else:
            spans.append((op, list(texts)))

    i = j = 0
    for op, keys in runs:
        n = len(keys)
        if op != Op.EQUAL:
            add(op, old[i : i + n] if op == Op.DELETE else new[j : j + n])
        else:
            olds, news = old[i : i + n], new[j : j + n]
            at = 0
            for k in [] if olds == news else [k for k, (a, b) in enumerate(zip(olds, news, strict=True)) if a != b]:
                if k > at:
                    add(Op.EQUAL, news[at:k])
                add(Op.DELETE, [olds[k]])
                add(Op.INSERT, [news[k]])
                at = k + 1
            if at < n:
                add(Op.EQUAL, news[at:])
        i += 0 if op == Op.INSERT else n
        j += 0 if op == Op.DELETE else n
    return tuple(Piece(op, "".join(texts)) for op, texts in spans)


@lru_cache(maxsize=8192)
def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """Word-level insertions and deletions turning `old` into `new`, cleaned up for reading. Kept for the
    last 8,192 pairs of texts: a list of amendments, a compare or the editor's outdated paragraphs ask for
    the same diffs at each view (200 amendments' diffs cost 100 ms), and a diff is immutable.

    Tokens are compared as Markdown reads them (`normalize_space`: a line break and a space alike), so
    re-wrapped lines never hide a change of words; yet the pieces rebuild both texts exactly, spaces
    included: where only the wrapping differs, the old spaces are deleted and the new ones inserted
    (`compare_render.as_read` shows those as kept)."""
    if old == new:
        return (Piece(Op.EQUAL, new),) if new else ()
    # Most revisions touch a few words: the common start and end need not be cut into tokens.
    start, end = _set_aside(old, new)
    a, b = _tokens_between(old, start, end), _tokens_between(new, start, end)
    if single_spaced(old) and single_spaced(new):  # no token holds a line break: each is its own key
        runs = _align(a, b)
    else:
        keyed = {t: normalize_space(t) for t in {*a, *b}}
        runs = _align([keyed[t] for t in a], [keyed[t] for t in b])
    return _pieces(absorb(slide(tidy(runs))), a, b)


def fine_diff(old: str, new: str) -> tuple[Piece, ...]:
    """Character-level pieces turning `old` into `new`, cleaned up only as far as meaning needs: what an edit made
    by the server in a shared text uses, so that it deletes no character it keeps (a concurrent edit next to a kept
    character stays where its writer put it)."""
    diffs = _DMP.diff_main(old, new)
    _DMP.diff_cleanupSemantic(diffs)
    return tuple(Piece(Op(op), text) for op, text in diffs)


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
        raise Conflict(N_("This change was made on another text."))
    return result_of(pieces)


def similarity(a: str, b: str) -> float:
    """0..1: the share of words two texts have in common, in order (1: the same words). Only words
    count: markup, punctuation, spacing, case and how an accent is written do not."""
    return word_similarity(words(a), words(b))


def word_similarity(a: list[str], b: list[str]) -> float:
    """`similarity` of two texts already cut into `words.words`."""
    if not a and not b:
        return 1.0
    kept = sum(len(keys) for op, keys in token_diff(a, b) if op == Op.EQUAL)
    return 2 * kept / (len(a) + len(b))


# Patches: the amendments' way of carrying a change from one text to another.

_START, _END = "\x02", "\x03"  # control characters no paragraph holds: they pin a hunk to the text's edges
_PATCH_CONTEXT = 3  # words of context on each side of a change, more when they are not unique


@dataclass(frozen=True)
class Patch:
    """A change as diff-match-patch hunks, each a change of whole words with words of context;
    stored as diff-match-patch's patch text (`as_text`, `Patch.from_text`)."""

    text: str  # the stored form, and what makes two patches equal
    hunks: tuple[Any, ...] = field(compare=False, repr=False)  # diff-match-patch's patch objects

    @classmethod
    def from_text(cls, text: str) -> Patch:
        """The patch stored as `text` (ValueError if it is not a patch)."""
        return cls._of(_DMP.patch_fromText(text))

    @classmethod
    def _of(cls, hunks: list[Any]) -> Patch:
        return cls(_DMP.patch_toText(hunks), tuple(hunks))

    def as_text(self) -> str:
        return self.text


def make_patch(old: str, new: str) -> Patch:
    """The change from `old` to `new` as a patch, from the word diff: hunks change whole words."""
    a = _START + old + _END
    pieces = _framed(word_diff(old, new))
    around = _PATCH_CONTEXT
    hunks = _hunks(pieces, around)
    while not _unique(hunks, a) and around < len(words(a)):  # with all the words, the edges make it unique
        around += 1
        hunks = _hunks(pieces, around)
    return Patch._of(hunks)


def _framed(pieces: tuple[Piece, ...]) -> list[Piece]:
    """The pieces between the edge markers, kept on both sides (joined to a kept piece next to them)."""
    framed: list[Piece] = []
    for piece in (Piece(Op.EQUAL, _START), *pieces, Piece(Op.EQUAL, _END)):
        if framed and framed[-1].op == piece.op == Op.EQUAL:
            piece = Piece(Op.EQUAL, framed.pop().text + piece.text)
        framed.append(piece)
    return framed


def _unique(hunks: list[Any], text: str) -> bool:
    """Does each hunk's text occur once in `text`? Then it cannot be applied at the wrong place."""
    return all(text.find(source) == text.rfind(source) for source in (_DMP.diff_text1(h.diffs) for h in hunks))


def _hunks(pieces: Sequence[Piece], around: int) -> list[Any]:
    """The changes with `around` words of context on each side; changes closer than twice that join."""
    hunks: list[Any] = []
    hunk: Any = None
    at_a = at_b = 0
    for k, piece in enumerate(pieces):
        if piece.op != Op.EQUAL:
            hunk.diffs.append((piece.op, piece.text))
        elif 0 < k < len(pieces) - 1 and len(words(piece.text)) <= 2 * around:
            hunk.diffs.append((Op.EQUAL, piece.text))  # a short equality between two changes: one hunk
        else:
            if k > 0:
                hunk.diffs.append((Op.EQUAL, _words_at_start(piece.text, around)))
                hunks.append(_closed(hunk))
            if k < len(pieces) - 1:
                context = _words_at_end(piece.text, around)
                hunk = patch_obj()
                hunk.start1, hunk.start2 = at_a + len(piece.text) - len(context), at_b + len(piece.text) - len(context)
                hunk.diffs.append((Op.EQUAL, context))
        at_a += 0 if piece.op == Op.INSERT else len(piece.text)
        at_b += 0 if piece.op == Op.DELETE else len(piece.text)
    return hunks


def _closed(hunk: Any) -> Any:
    hunk.length1, hunk.length2 = len(_DMP.diff_text1(hunk.diffs)), len(_DMP.diff_text2(hunk.diffs))
    return hunk


def _words_at_start(text: str, n: int) -> str:
    """The start of `text` up to its `n`-th word (all of it if it has fewer)."""
    end = 0
    for token in tokens(text):
        if n == 0:
            break
        end += len(token)
        n -= is_word(token)
    return text[:end]


def _words_at_end(text: str, n: int) -> str:
    """The end of `text` from its `n`-th word before the end (all of it if it has fewer)."""
    start = len(text)
    for token in reversed(tokens(text)):
        if n == 0:
            break
        start -= len(token)
        n -= is_word(token)
    return text[start:]


def apply_patch(patch: Patch, text: str) -> str:
    """`text` with the patch applied, strictly: each hunk must find the very words it expects (its
    context and what it deletes), though maybe elsewhere if the text changed around it. If any hunk
    does not, PatchFailed names them all and nothing is applied: an amendment is never misapplied.

    Not diff-match-patch's patch_apply: made strict (Match_Threshold 0), it only accepts a hunk at
    the very offset it expects (its match score counts the distance), so an edit earlier in the
    paragraph would fail every hunk after it; and made lenient, it applies near-matches."""
    target = _START + text + _END
    out: list[str] = []
    failed: list[FailedHunk] = []
    cursor = drift = 0  # how far the target is applied; how far the last hunk was from where expected
    for index, hunk in enumerate(patch.hunks):
        source = _DMP.diff_text1(hunk.diffs)
        at = _nearest(target, source, hunk.start1 + drift, cursor)
        if at < 0:
            failed.append(FailedHunk(index, source.strip(_START + _END)))
            continue
        out += [target[cursor:at], _DMP.diff_text2(hunk.diffs)]
        cursor, drift = at + len(source), at - hunk.start1
    if failed:
        raise PatchFailed(failed)
    return "".join([*out, target[cursor:]])[len(_START) : -len(_END)]


def _nearest(text: str, source: str, guess: int, cursor: int) -> int:
    """Where `source` occurs in `text`, at or after `cursor`, nearest to `guess` (-1: nowhere)."""
    guess = max(guess, cursor)
    found = [at for at in (text.find(source, guess), text.rfind(source, cursor, guess + len(source) - 1)) if at >= 0]
    return min(found, key=lambda at: abs(at - guess), default=-1)


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
    """How one paragraph changed. Its `ops` rebuild both texts exactly: `source_of(ops)` is `old_text`
    and `result_of(ops)` is `new_text`, character for character (None standing for "")."""

    eid: str
    change: str
    old_text: str | None
    new_text: str | None
    ops: tuple[Piece, ...]
    moved: bool = False  # a modified paragraph may also have moved

    def as_json(self) -> dict[str, object]:
        return {
            "eid": self.eid,
            "change": self.change,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "ops": wire(self.ops),
            "moved": self.moved,
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


def moved_eids(old: Sequence[str], new: Sequence[str]) -> set[str]:
    """The eIds of `new` that moved since `old`: those outside the longest order both keep."""
    old_at = {eid: i for i, eid in enumerate(old)}
    common = [eid for eid in new if eid in old_at]
    in_order = _stayed_in_order([old_at[eid] for eid in common])
    return {eid for i, eid in enumerate(common) if i not in in_order}


def compare(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> list[ParagraphChange]:
    """Paragraphs aligned by eId (moves found as what leaves the longest common order), then
    words diffed inside the changed ones. In the newer version's order; a deleted paragraph
    comes right after the paragraph that preceded it in the older version.

    As in Markdown, a line break and a space are the same: a paragraph only re-wrapped is unchanged,
    and in a modified one the wrapping is no change of words. The pieces still rebuild both texts
    exactly (see `word_diff`)."""
    old_at = {p.eid: i for i, p in enumerate(old)}
    new_eids = {p.eid for p in new}
    moved = moved_eids([p.eid for p in old], [p.eid for p in new])

    changes: dict[str, ParagraphChange] = {}
    for p in new:
        if p.eid not in old_at:
            changes[p.eid] = ParagraphChange(
                p.eid, Change.ADDED, None, p.text, (Piece(Op.INSERT, p.text),) if p.text else ()
            )
            continue
        before = old[old_at[p.eid]].text
        rewrapped = before == p.text or normalize_space(before) == normalize_space(p.text)
        kind = (Change.MOVED if p.eid in moved else Change.UNCHANGED) if rewrapped else Change.MODIFIED
        changes[p.eid] = ParagraphChange(p.eid, kind, before, p.text, word_diff(before, p.text), p.eid in moved)

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


def merge(base: str, mine: str, theirs: str) -> str | None:
    """Both edits of `base` in one text: `mine`'s change (a strict patch) applied to `theirs`; None when they
    changed the same words (the person merges by hand, seeing the three texts)."""
    if mine in (base, theirs):
        return theirs
    if theirs == base:
        return mine
    try:
        return apply_patch(make_patch(base, mine), theirs)
    except PatchFailed:
        return None


__all__ = [
    "Change",
    "Op",
    "Paragraph",
    "ParagraphChange",
    "Patch",
    "PatchFailed",
    "Piece",
    "apply",
    "apply_patch",
    "char_diff",
    "compare",
    "make_patch",
    "merge",
    "normalize_space",
    "result_of",
    "similarity",
    "source_of",
    "tokens",
    "word_diff",
    "word_similarity",
]
