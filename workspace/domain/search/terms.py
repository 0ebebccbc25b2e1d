"""A text's words as the search index keeps them, the same on every store: each word folded (accents and case set
aside: `fold`), and its key in the text's language — the Snowball stem of its singular, so that "gobiernos" and
"gobierno", "ciudades" and "ciudad", "collectivités" and "collectivite" meet (Snowball alone reads "gobiernos" as
`gobi` and "gobierno" as `gobiern`, "ciudad" as `ciud` and "ciudades" as `ciudad`; PostgreSQL's Spanish
configuration is the same algorithm). Keys carry their language ("es:" is written `es` before the stem: a column of
words a tokenizer reads without splitting them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import snowballstemmer

from ..vocabulary import LANGUAGES
from . import fold

_STEMMERS = {"es": "spanish", "en": "english", "fr": "french"}
# A word as the index reads it: letters and digits (the tokenizers of SQLite's FTS5 and PostgreSQL's `simple`
# configuration split on the rest: "l'Agenda" is "l" and "agenda", "2030" a word).
WORD = re.compile(r"[^\W_]+")
# The plural endings taken off before the stem, longest first: Spanish adds -s after a vowel, -es after a consonant
# (-ces from -z); French -s, -x (-aux from -al); English -s, -es after s/x/z/ch/sh, -ies from -y.
_SINGULAR = {
    "es": (("ces", "z"), ("es", ""), ("s", "")),
    "fr": (("aux", "al"), ("eaux", "eau"), ("s", ""), ("x", "")),
    "en": (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"), ("ss", "ss"), ("s", "")),
}
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True)
class Token:
    """A word of a text: folded, and where it stands in the folded text (`fold(text)[start:end]`)."""

    word: str
    start: int
    end: int


def tokens(folded: str) -> Iterator[Token]:
    """The words of an already folded text, in order."""
    for match in WORD.finditer(folded):
        yield Token(match.group(), match.start(), match.end())


def singular(word: str, language: str) -> str:
    """A folded word without its plural ending, as far as one can tell without a dictionary ("ciudades" →
    "ciudad", "regiones" → "region", "villes" → "ville", "cities" → "city"); short words are left as they are."""
    if len(word) <= 3 or word.isdigit():
        return word
    for ending, replacement in _SINGULAR.get(language, ()):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            if language == "es" and ending == "es" and stem[-1] in _VOWELS:
                return word[:-1]  # "clases": a vowel's -s after all
            return stem + replacement
    return word


@lru_cache(maxsize=65536)
def key(word: str, language: str) -> str:
    """A folded word's key in `language`: the language's code, then the Snowball stem of its singular."""
    stemmer = _stemmer(language)
    return language + stemmer.stemWord(singular(word, language)) if stemmer is not None else language + word


@cache
def _stemmer(language: str) -> Any:
    name = _STEMMERS.get(language)
    return snowballstemmer.stemmer(name) if name else None


def index_words(text: str, language: str) -> tuple[str, str]:
    """What the index keeps of a text: its distinct folded words and their keys, each a space-separated string."""
    folded = fold(text)
    seen = dict.fromkeys(token.word for token in tokens(folded))
    return " ".join(seen), " ".join(dict.fromkeys(key(word, language) for word in seen))


def query_keys(word: str, language: str | None) -> list[str]:
    """A query word's keys: in `language` when the reader narrowed the search to one, else in each language (a
    query in French finds the French edition)."""
    return list(dict.fromkeys(key(word, code) for code in ((language,) if language else LANGUAGES)))
