"""How well a text the index found matches a query, the same on every store: the store finds the candidates (every
word a prefix of one of the text's words, or of the same key), this decides and ranks them."""

from __future__ import annotations

import re
from functools import lru_cache

from . import fold
from .query import Query
from .terms import key, query_key

EXACT, KEYED, PREFIX = 3, 2, 1  # a word as typed, the same word inflected, the beginning of a word
PHRASE = 4  # each quoted phrase found


def score(query: Query, words: str, keys: str, text: str, language: str) -> int:
    """0 when the text (its index `words` and `keys`, the text itself) does not hold the query, else how well: for
    each word, found as typed, inflected or as a word's beginning, and each phrase found whole."""
    own, owned_keys = f" {words} ", f" {keys} "  # space-separated: a word is found by its spaces, in C
    total = 0
    for word in query.words:
        if f" {word} " in own:
            total += EXACT
        elif (wanted := query_key(word, language)) is not None and f" {wanted} " in owned_keys:
            total += KEYED
        elif f" {word}" in own:
            total += PREFIX
        else:
            return 0
    if not query.phrases and len(query.words) < 2:
        return total  # no phrase to look for: the text itself is not read (a common word finds thousands)
    folded = fold(text)
    for phrase in query.phrases:
        if not _phrase(phrase).search(folded):
            return 0
        total += PHRASE
    if len(query.words) > 1 and _phrase(query.words).search(folded):
        total += PHRASE  # the words as typed, side by side: "financiación climática" before "financiación … climática"
    return total


@lru_cache(maxsize=256)
def _phrase(words: tuple[str, ...]) -> re.Pattern[str]:
    """The phrase's words one after the other, whatever stands between them but letters (a comma, a space)."""
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![^\W_])")


def matches(query: Query, word: str, language: str) -> bool:
    """Whether a folded word of a text is one the query asks for (to mark it in a snippet)."""
    for wanted in query.words:
        if word == wanted or word.startswith(wanted) or key(word, language) == key(wanted, language):
            return True
    return False
