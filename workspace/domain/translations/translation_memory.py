"""Translation memory: earlier translations of the same or a similar source text, best first.

Like the import's paragraph matching (`paragraph_matching._similar`), only a few entries are scored:
those sharing the most rare words with the asked text. A cheap count of the words two texts share
bounds their similarity before the word diff is run. In memory (`suggest`) that costs one pass over
the memory's words; the store keeps an index of each entry's words instead (`word_keys`), so that
the candidates of a memory of 100,000 entries are found by reading a few short lists of it (`ranked`
then scores them as `suggest` does).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..diffing import Piece, word_diff, word_similarity
from ..words import normalize_space, words

_CANDIDATES = 20  # entries scored with a word diff, the most promising first
_COMMON_WORD = 50  # entries: a word in more of them points at no entry in particular…
_COMMON_SHARE = 0.05  # …unless that is a small share of a large memory
_ROUGH_WORD = re.compile(r"[^\W_]+")  # for choosing candidates only; the score uses `words`


@dataclass(frozen=True)
class Suggestion:
    source: str
    target: str
    similarity: float
    diff: tuple[Piece, ...]  # word diff from the memory's source to the asked source


def suggest(source: str, memory: Iterable[tuple[str, str]], limit: int = 5, threshold: float = 0.5) -> list[Suggestion]:
    """Translations from `memory` ((source, target) pairs) for `source`: exact matches first (wrapping
    aside, similarity 1.0), then the similar ones (at least `threshold` of their words in common, in
    order), most similar first, each pair once."""
    wanted = normalize_space(source).strip()
    asked_rough = set(_ROUGH_WORD.findall(source.casefold()))
    exact: list[tuple[str, str]] = []
    entries: list[tuple[str, str]] = []
    postings: dict[str, list[int]] = {}
    seen: set[tuple[str, str]] = set()
    for pair in memory:
        if pair in seen:
            continue
        seen.add(pair)
        rough = set(_ROUGH_WORD.findall(pair[0].casefold()))
        if rough == asked_rough and normalize_space(pair[0]).strip() == wanted:  # the same words first: cheap
            exact.append(pair)
            continue
        shared = rough & asked_rough
        if shared:
            for word in shared:
                postings.setdefault(word, []).append(len(entries))
            entries.append(pair)
    found = [Suggestion(s, t, 1.0, word_diff(s, source)) for s, t in exact[:limit]]
    if len(found) < limit:
        found += _similar(source, [entries[j] for j in sorted(_candidates(postings, len(entries)))], threshold)[
            : limit - len(found)
        ]
    return found


def ranked(
    source: str, candidates: Iterable[tuple[str, str]], limit: int = 5, threshold: float = 0.5
) -> list[Suggestion]:
    """`suggest` over candidates chosen beforehand (by the store's index of words), most promising first."""
    wanted = normalize_space(source).strip()
    pairs = list(dict.fromkeys(candidates))
    exact = [p for p in pairs if normalize_space(p[0]).strip() == wanted]
    found = [Suggestion(s, t, 1.0, word_diff(s, source)) for s, t in exact[:limit]]
    if len(found) < limit:
        found += _similar(source, [p for p in pairs if p not in exact], threshold)[: limit - len(found)]
    return found


def word_keys(text: str) -> set[int]:
    """The words of `text` as the store indexes them: each distinct word (case aside) as a signed 64-bit
    number. Two words sharing a number (one chance in 2**63) only make an entry a candidate; its score is
    computed on the texts."""
    return {
        int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "big", signed=True)
        for w in set(_ROUGH_WORD.findall(text.casefold()))
    }


def _similar(source: str, candidates: list[tuple[str, str]], threshold: float) -> list[Suggestion]:
    """The candidates' suggestions at least `threshold` alike, most similar first (then in the candidates' order)."""
    own = words(source)
    bag = Counter(own)
    scored: list[tuple[float, int, Suggestion]] = []
    for j, (text, target) in enumerate(candidates):
        theirs = words(text)
        if _bound(bag, Counter(theirs)) < threshold:
            continue  # even all their shared words in order would not be enough
        score = word_similarity(theirs, own)
        if score >= threshold:
            scored.append((score, j, Suggestion(text, target, score, word_diff(text, source))))
    return [s for _, _, s in sorted(scored, key=lambda item: (-item[0], item[1]))]


def _candidates(postings: dict[str, list[int]], size: int) -> list[int]:
    """The entries sharing the most rare words with the asked text. The common words are skipped
    (each would cost a look at many entries and tells them apart poorly), unless no rarer word is
    shared: then the rarest ones are used."""
    common = max(_COMMON_WORD, int(size * _COMMON_SHARE))
    by_rarity = sorted(postings.items(), key=lambda item: len(item[1]))
    rare = [found for _, found in by_rarity if len(found) <= common] or [found for _, found in by_rarity[:1]]
    shared: Counter[int] = Counter()
    for found in rare:
        shared.update(found)
    return [j for j, _ in shared.most_common(_CANDIDATES)]


def _bound(a: Counter[str], b: Counter[str]) -> float:
    """The similarity two texts would have if their shared words were all in order."""
    total = a.total() + b.total()
    return 2 * sum(min(n, b[w]) for w, n in a.items() if w in b) / total if total else 1.0


__all__ = ["Suggestion", "ranked", "suggest", "word_keys"]
