"""Anchors of comment threads: a quoted phrase of a paragraph, found again on another version.

A thread keeps what a W3C Web Annotation keeps of a selection: the quote (exact, with up to 32
characters of prefix and suffix) and its place (start, end) in the paragraph text it was made on.
On another version the quote is looked for in this order, and never placed on other words:

- exact: a shortest edit from the origin text to the current one leaves the quote untouched; it is
  where that edit takes it (the word diff's reading first; if that reading cuts into the quote, any
  occurrence that another shortest reading leaves untouched, as when "la casa" becomes "la la casa");
- moved: the same characters elsewhere in the paragraph (prefix and suffix pick the occurrence, then
  nearness to where the edit took the quote), or untouched in a paragraph that moved; unless the edit leaves
  the quote's words at their place once bracket marks are set aside (below): they are fuzzy there;
- fuzzy: the quote's words unchanged once both texts are read without their bracket marks (a bracket taken away, put
  in or moved: domain.brackets.unmarked), shown from its first word to its last; else, for a quote holding brackets,
  its words as the negotiation leaves them (a bracket agreed or dropped); else words at least FUZZY_THRESHOLD similar
  to the quote, where the edit took it or found by diff-match-patch's match_main (Bitap) near there, snapped to whole
  words;
- outdated: none of these. The reader gets the quote and the word diff "changed since you commented".

Like the Hypothesis client's text-quote anchoring, exact occurrences are weighed by their context
and their nearness to the expected place before any approximate search, and an approximate match
must pass a similarity check. Texts are compared in NFC (a precomposed "é" and "e" + U+0301 are one
letter); offsets in and out are code point indices of the texts as given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from diff_match_patch import diff_match_patch

from ..brackets.brackets import read_brackets, resolved
from ..brackets.unmarked import unmarked
from ..diffing import Op, Piece, normalize_space, similarity, token_diff, wire, word_diff, word_similarity
from ..words import is_word, tokens, words
from .quotes import CONTEXT, Quote, check_quote, nfc, quote_at, splits

FUZZY_THRESHOLD = 0.75  # word similarity an approximate match needs; below, the thread is outdated
_LENGTH_RATIO = 2.0  # a fuzzy match is at most twice as long, and at least half as long, as the quote
_NEAR = 12  # characters of context that weigh most: the words next to a quote tell its occurrence
_MAX_BITS = 32  # diff-match-patch's Bitap handles patterns of up to Match_MaxBits characters


def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Match_MaxBits = _MAX_BITS
    engine.Match_Threshold = 0.4  # errors per pattern character (plus distance) still taken as a match
    engine.Match_Distance = 100  # characters away from the expected place that cost as much as a full mismatch
    return engine


_DMP = _engine()


class AnchorState(StrEnum):
    EXACT = "exact"  # the quote, unchanged, where the edit took it
    MOVED = "moved"  # the quote, unchanged, elsewhere in the paragraph, or the paragraph moved
    FUZZY = "fuzzy"  # words similar to the quote
    OUTDATED = "outdated"  # not found: shown with the diff since the thread was made


@dataclass(frozen=True)
class Anchor:
    """Where a thread's quote is in the text being read, and how sure that is."""

    state: AnchorState
    start: int | None  # in the current text; None when outdated
    end: int | None
    text: str | None  # current[start:end]
    score: float  # 1.0 exact or moved; the similarity when fuzzy; the best similarity seen when outdated
    diff: tuple[Piece, ...]  # fuzzy and outdated: word diff of the origin text to the current one

    def as_json(self) -> dict[str, object]:
        return {
            "state": self.state.value,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 3),
            "diff": wire(self.diff),
        }


# Texts in NFC, with their offsets mapped both ways


@dataclass(frozen=True)
class _Normal:
    text: str  # NFC
    to_nfc: tuple[int, ...] | None  # index in the text as given -> index in `text`; None when the same
    to_given: tuple[int, ...] | None

    def inward(self, at: int) -> int:
        return at if self.to_nfc is None else self.to_nfc[at]

    def outward(self, at: int) -> int:
        return at if self.to_given is None else self.to_given[at]


@lru_cache(maxsize=4096)
def _normal(given: str) -> _Normal:
    """`given` in NFC, cut into clusters that normalise on their own (a letter with its marks, or
    letters that compose, as Hangul jamo); an offset inside a cluster goes to the cluster's start."""
    if unicodedata.is_normalized("NFC", given):
        return _Normal(given, None, None)
    clusters: list[str] = []
    for char in given:
        if (
            clusters
            and char >= "\u0300"
            and (unicodedata.combining(char) or len(nfc(clusters[-1] + char)) <= len(nfc(clusters[-1])))
        ):
            clusters[-1] += char
        else:
            clusters.append(char)
    parts = [nfc(cluster) for cluster in clusters]
    if "".join(parts) != nfc(given):  # a composition across clusters we do not know: compare as given
        return _Normal(given, None, None)
    to_nfc: list[int] = []
    to_given: list[int] = []
    at_given = at_nfc = 0
    for cluster, part in zip(clusters, parts, strict=True):
        to_nfc += [at_nfc] * len(cluster)
        to_given += [at_given] * len(part)
        at_given, at_nfc = at_given + len(cluster), at_nfc + len(part)
    return _Normal("".join(parts), (*to_nfc, at_nfc), (*to_given, at_given))


_diff = lru_cache(maxsize=4096)(word_diff)  # many threads share a paragraph and its two texts


# Anchoring


def anchor(quote: Quote | None, origin: str, current: str | None, *, paragraph_moved: bool = False) -> Anchor:
    """Where a thread made on `origin` (on its `quote`, or on the whole paragraph when None) is in
    `current`, the paragraph's text on the version read (None: the paragraph is not in it)."""
    o = _normal(origin)
    if current is None:
        return Anchor(AnchorState.OUTDATED, None, None, None, 0.0, _diff(o.text, ""))
    c = _normal(current)
    if quote is None:
        return _whole(o.text, current, c.text, paragraph_moved)
    exact = nfc(quote.exact)
    start = _in_origin(origin, o, quote, exact)
    end = start + len(exact)
    found = _exactly(o.text, c.text, exact, start, end, quote)
    if found is not None and found[1]:
        return _at(
            AnchorState.MOVED if paragraph_moved else AnchorState.EXACT, current, c, found[0], found[0] + len(exact)
        )
    # Its words as they are, bracket marks ignored on both sides (brackets taken away, put in or moved): where the
    # edit left them, they are the thread's words, rather than the same characters, marks and all, elsewhere.
    unmarked_at = _unmarked(o.text, c.text, start, end)
    if found is not None and (unmarked_at is None or not unmarked_at[2] or unmarked_at[0] == found[0]):
        return _at(AnchorState.MOVED, current, c, found[0], found[0] + len(exact))
    span: tuple[int, int] | None = None
    score = 0.0
    if unmarked_at is not None:
        span, score = (unmarked_at[0], unmarked_at[1]), 1.0  # the same words: only marks differ
    elif "[" in exact or "]" in exact:  # as the negotiation leaves its words (the closest reading)
        span, score = _unbracketed(o.text, c.text, exact, start, end, quote, 0.0)
    if span is None:
        span, score = _approximately(o.text, c.text, exact, start, end)
    pieces = _diff(o.text, c.text)
    if span is None:
        return Anchor(AnchorState.OUTDATED, None, None, None, score, pieces)
    return _at(AnchorState.FUZZY, current, c, *span, score, pieces)


def _unmarked(o: str, c: str, start: int, end: int) -> tuple[int, int, bool] | None:
    """Where the quote's words are in `c` once both texts are read without their bracket marks (domain.brackets.
    unmarked), its context read so too: the span over any marks between them, and whether the edit of the marks'
    texts leaves them untouched there. None when not found, or when neither text has a mark."""
    uo, uc = unmarked(o), unmarked(c)
    if uo.text == o and uc.text == c:
        return None  # no marks: already looked for as it is
    s, e = uo.inward(start), uo.inward(end)
    while s < e and uo.text[s].isspace():  # a space a mark stood before, or the one of "][" at an edge
        s += 1
    while e > s and uo.text[e - 1].isspace():
        e -= 1
    bare = uo.text[s:e]
    if not words(bare):
        return None
    found = _exactly(
        uo.text, uc.text, bare, s, e, Quote(bare, uo.text[max(0, s - CONTEXT) : s], uo.text[e : e + CONTEXT], s, e)
    )
    return None if found is None else (*uc.span(found[0], found[0] + len(bare)), found[1])


def _unbracketed(
    o: str, c: str, exact: str, start: int, end: int, quote: Quote, best: float
) -> tuple[tuple[int, int] | None, float]:
    """A quote holding square brackets, looked for as the negotiation leaves its words: each bracket agreed on an
    option (the same one for all, each in turn) or dropped, and any bracket cut by the quote's edges gone. The
    origin is read as if it had been resolved so, and the words found there are fuzzy. A reading found word for word
    wins over any found approximately (an option's words may be near-repeated elsewhere in the paragraph), then the
    closest approximate one, the earlier reading on a tie."""
    readings = [words for words in _resolutions(exact) if words.strip()]
    for words_left in readings:
        read, at = _read_as(o, start, end, exact, words_left)
        found = _exactly(read, c, words_left, at, at + len(words_left), replace(quote, exact=words_left))
        if found is not None:
            return (found[0], found[0] + len(words_left)), 1.0
    chosen: tuple[int, int] | None = None
    for words_left in readings:
        read, at = _read_as(o, start, end, exact, words_left)
        span, score = _approximately(read, c, words_left, at, at + len(words_left))
        if span is not None and (chosen is None or score > best):
            chosen, best = span, score
        elif chosen is None:
            best = max(best, score)
    return chosen, best


def _read_as(o: str, start: int, end: int, exact: str, words_left: str) -> tuple[str, int]:
    """The origin with its quote read as `words_left`, and where that starts. A mark at the quote's edge that kept two
    words apart ("[an][Party" quoted up to the second "[") keeps them apart as a space: joined, they would make one
    word ("anParty"), whose cut would pass for the same cut inside another word ("an|nual")."""
    before, after = o[:start], o[end:]
    if before and words_left and is_word(before[-1]) and is_word(words_left[0]) and not is_word(exact[0]):
        before += " "
    if after and words_left and is_word(after[0]) and is_word(words_left[-1]) and not is_word(exact[-1]):
        after = " " + after
    return before + words_left + after, len(before)


def _resolutions(exact: str) -> list[str]:
    """The quote's words once its brackets are resolved: to the first option, the second … and all dropped; then
    every "[" and "]" left (a bracket the quote cuts) taken out."""
    reading = read_brackets(exact)
    tops = [b for b in reading.brackets if b.parent is None]
    most = max((len(b.options) for b in tops), default=1)
    variants: list[str] = []
    for option in [*range(most), None]:
        text = exact
        for b in reversed(tops):
            text = resolved(text, b, None if option is None else min(option, len(b.options) - 1))
        text = text.replace("][", " ").replace("[", "").replace("]", "")
        text = re.sub(r" {2,}", " ", text)
        if text not in variants:
            variants.append(text)
    return variants


def _at(
    state: AnchorState, current: str, c: _Normal, start: int, end: int, score: float = 1.0, diff: tuple[Piece, ...] = ()
) -> Anchor:
    start, end = c.outward(start), c.outward(end)
    return Anchor(state, start, end, current[start:end], score, diff)


def _whole(origin: str, current: str, current_nfc: str, moved: bool) -> Anchor:
    """A thread on the whole paragraph: the same text (maybe re-wrapped), or a changed one."""
    if normalize_space(origin) == normalize_space(current_nfc):
        return Anchor(AnchorState.MOVED if moved else AnchorState.EXACT, 0, len(current), current, 1.0, ())
    return Anchor(
        AnchorState.FUZZY, 0, len(current), current, similarity(origin, current_nfc), _diff(origin, current_nfc)
    )


def _in_origin(origin: str, o: _Normal, quote: Quote, exact: str) -> int:
    """Where the quote is in the origin text (NFC). A checked quote is at its place; for any other,
    the occurrence that fits best, else its place as a hint for the search."""
    start = o.inward(min(max(quote.start, 0), len(origin)))
    if o.text.startswith(exact, start):
        return start
    places = _occurrences(o.text, exact)
    if not places:
        return start
    return max(places, key=lambda at: (*_context(o.text, at, at + len(exact), quote), -abs(at - start)))


def _occurrences(text: str, exact: str) -> list[int]:
    found: list[int] = []
    at = text.find(exact)
    while at >= 0:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def _cut(text: str, at: int) -> bool:
    """Does `at` fall inside a word, or between a character and its combining mark?"""
    return 0 < at < len(text) and ((is_word(text[at - 1]) and is_word(text[at])) or splits(text, at))


def _same_cuts(o: str, start: int, end: int, c: str, at: int) -> bool:
    """An occurrence is the quote only if it begins and ends as the quote did: a quote of whole words
    is never found inside longer words ("casa" in "casamiento"), nor a letter without its mark."""
    after = at + end - start
    return (
        _cut(c, at) == _cut(o, start) and _cut(c, after) == _cut(o, end) and not splits(c, at) and not splits(c, after)
    )


def _context(text: str, start: int, end: int, quote: Quote) -> tuple[float, float]:
    """How well text[start:end] is surrounded as the quote was: the share of the quote's prefix found
    right before it plus the share of its suffix right after (each of what the text holds there),
    over the nearest _NEAR characters, then over the whole context. An empty prefix (suffix) says
    the quote began (ended) the paragraph."""
    before, after = nfc(quote.prefix)[::-1], nfc(quote.suffix)
    text_before, text_after = text[:start][::-1], text[end:]
    near = _share(before[:_NEAR], text_before) + _share(after[:_NEAR], text_after)
    return near, _share(before, text_before) + _share(after, text_after)


def _share(context: str, text: str) -> float:
    if not context or not text:
        return float(context == text)
    window = text[: len(context)]
    shared: int = _DMP.diff_commonPrefix(context, window)  # diff_match_patch has no types: its count of characters
    return shared / len(window)


def _blocks(pieces: tuple[Piece, ...]) -> list[tuple[bool, int, int]]:
    """The diff as (kept, length in the origin text, length in the current text): each run of equal
    text, and each change (the deletions and insertions between two of them) as one block."""
    blocks: list[tuple[bool, int, int]] = []
    for piece in pieces:
        kept = piece.op == Op.EQUAL
        old, new = (0 if piece.op == Op.INSERT else len(piece.text)), (0 if piece.op == Op.DELETE else len(piece.text))
        if blocks and not kept and not blocks[-1][0]:
            old, new = old + blocks[-1][1], new + blocks.pop()[2]
        blocks.append((kept, old, new))
    return blocks


def _image(pieces: tuple[Piece, ...], start: int, end: int) -> tuple[int, int, bool]:
    """Where the edit takes origin[start:end]: the span of the current text it became, and whether
    the edit touched it (deleted some of it, or inserted inside it). Insertions right before or after
    the span stay outside it; what replaces deleted text at its edges is inside."""
    new_start = new_end = -1
    touched = False
    at_old = at_new = 0
    for kept, old, new in _blocks(pieces):
        if kept:
            if new_start < 0 and at_old <= start < at_old + old:
                new_start = at_new + start - at_old
            if new_end < 0 and at_old < end <= at_old + old:
                new_end = at_new + end - at_old
        else:
            if new_start < 0 and at_old <= start < at_old + old:
                new_start = at_new  # the quote begins in deleted text: its replacement belongs to it
            if new_end < 0 and at_old < end <= at_old + old:
                new_end = at_new + new  # and likewise where it ends
            touched |= (at_old < end and start < at_old + old) if old else start < at_old < end
        at_old, at_new = at_old + old, at_new + new
    new_start = at_new if new_start < 0 else new_start
    new_end = at_new if new_end < 0 else new_end
    return new_start, max(new_start, new_end), touched


@lru_cache(maxsize=4096)
def _edit_size(old: str, new: str) -> int:
    """Tokens deleted and inserted by a shortest edit of `old` into `new` (whole tokens, as diffs cut)."""
    if old == new:
        return 0
    return sum(len(keys) for op, keys in token_diff(tokens(old), tokens(new)) if op != Op.EQUAL)


def _exactly(o: str, c: str, exact: str, start: int, end: int, quote: Quote) -> tuple[int, bool] | None:
    """Where the quote occurs unchanged in the current text, and whether the edit leaves it untouched
    there (exact) or not (moved); None if it does not occur.

    As in the Hypothesis client, each occurrence is weighed: 1 if the edit leaves it untouched (the word
    diff's reading, or any other shortest edit), plus the shares of prefix and suffix around it; then
    untouched first, then nearness to where the edit took the quote. An untouched occurrence keeps its
    context on the side the edit did not reach, so it is only passed over for one whose context is
    whole on both sides, as when sentences are reordered."""
    if o == c and c.startswith(exact, start):
        return start, True
    pieces = _diff(o, c)
    expected, expected_end, touched = _image(pieces, start, end)
    places = [at for at in _occurrences(c, exact) if _same_cuts(o, start, end, c, at)]
    imaged = not touched and c[expected:expected_end] == exact and expected in places
    if imaged and len(places) == 1:
        return expected, True
    if not places:
        return None
    shown = sum(len(tokens(piece.text)) for piece in pieces if piece.op != Op.EQUAL)

    def untouched(at: int) -> bool:
        if imaged and at == expected:
            return True
        before, after = (o[:start], c[:at]), (o[end:], c[at + len(exact) :])
        least = abs(len(tokens(before[0])) - len(tokens(before[1]))) + abs(
            len(tokens(after[0])) - len(tokens(after[1]))
        )
        if least > shown:  # more than the edit shown, so more than a shortest one: spares three diffs
            return False
        whole = _edit_size(o, c)
        return least <= whole and _edit_size(*before) + _edit_size(*after) <= whole

    def weight(at: int) -> tuple[float, bool, float, int]:
        kept = untouched(at)
        near, far = _context(c, at, at + len(exact), quote)
        return kept + near, kept, far, -abs(at - expected)

    best = max(places, key=weight)
    return best, untouched(best)


@lru_cache(maxsize=4096)
def _word_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """Each word of `text`: where it begins and ends, and how it compares (NFC, casefolded)."""
    spans: list[tuple[int, int, str]] = []
    at = 0
    for token in tokens(text):
        if is_word(token):
            spans.append((at, at + len(token), nfc(token).casefold()))
        at += len(token)
    return tuple(spans)


def _fit(text: str, start: int, end: int, quoted: list[str]) -> tuple[int, int]:
    """The words of `text` that a found span touches, fitted to the quote at its edges: a word that is
    not the quote's goes while the span has more words than the quote; a neighbouring word of the
    quote comes if it keeps more of it. A search gives a place, not where the words end."""
    spans = _word_spans(text)
    inside = [k for k, (s, e, _) in enumerate(spans) if s < end and start < e]
    if not inside:
        return start, start
    ours = set(quoted)

    def kept(a: int, b: int) -> float:
        return word_similarity(quoted, [w for _, _, w in spans[a:b]]) * (len(quoted) + b - a)

    i, j = inside[0], inside[-1] + 1
    grown = True
    while grown:
        while j - i > len(quoted) and spans[i][2] not in ours:
            i += 1
        while j - i > len(quoted) and spans[j - 1][2] not in ours:
            j -= 1
        grown = False
        for a, b, word in ((i - 1, j, i - 1), (i, j + 1, j)):
            if a >= 0 and b <= len(spans) and spans[word][2] in ours and kept(a, b) > kept(i, j) + 1:
                i, j, grown = a, b, True
    return spans[i][0], spans[j - 1][1]


def _bitap(text: str, exact: str, near: int) -> tuple[int, int] | None:
    """diff-match-patch's approximate search near `near`. Bitap takes at most Match_MaxBits characters:
    a longer quote is found by its first ones, then its end by its last ones."""
    head, tail = exact[:_MAX_BITS], exact[-_MAX_BITS:]
    start = _DMP.match_main(text, head, near)
    if start < 0:
        return None
    last = _DMP.match_main(text, tail, start + len(exact) - len(tail)) if len(exact) > _MAX_BITS else start
    end = min(last + len(tail), len(text))  # a match may hang over the end
    return (start, end) if last >= 0 and end > start else None


def _may_be_similar(quoted: list[str], text: str) -> bool:
    """A cheap bound before searching: a span FUZZY_THRESHOLD similar to the quote holds at least this
    share of its words (2k / (n + m) >= t with m >= k needs k >= t / (2 - t) n)."""
    pool = words(text)
    shared = sum(min(pool.count(word), quoted.count(word)) for word in set(quoted))
    return shared >= FUZZY_THRESHOLD / (2 - FUZZY_THRESHOLD) * len(quoted)


def _searched(c: str, exact: str, quoted: list[str], new_start: int, new_end: int) -> Iterator[tuple[int, int]]:
    """Spans to weigh, in order: what the edit made of the quote, then Bitap's find near there."""
    if new_end > new_start:
        yield new_start, new_end
    if _may_be_similar(quoted, c):
        found = _bitap(c, exact, new_start)
        if found is not None:
            yield found


def _approximately(o: str, c: str, exact: str, start: int, end: int) -> tuple[tuple[int, int] | None, float]:
    """Whole words of the current text similar enough to the quote, and their similarity; else None
    and the best similarity seen. A quote without words (punctuation) is only ever found exactly."""
    quoted = words(exact)
    if not quoted:
        return None, 0.0
    new_start, new_end, _ = _image(_diff(o, c), start, end)
    best = 0.0
    for span in _searched(c, exact, quoted, new_start, new_end):
        s, e = _fit(c, *span, quoted)
        if s >= e or not 1 / _LENGTH_RATIO <= (e - s) / len(exact) <= _LENGTH_RATIO:
            continue
        score = word_similarity(quoted, words(c[s:e]))
        if score >= FUZZY_THRESHOLD:
            return (s, e), score
        best = max(best, score)
    return None, best


__all__ = ["CONTEXT", "FUZZY_THRESHOLD", "Anchor", "AnchorState", "Quote", "anchor", "check_quote", "quote_at"]
