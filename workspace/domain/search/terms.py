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

import Stemmer

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
    "fr": (("eaux", "eau"), ("aux", "al"), ("eux", "eux"), ("s", ""), ("x", "")),
    "en": (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"), ("ss", "ss"), ("s", "")),
}
_VOWELS = frozenset("aeiou")
_AFTER_VOWEL = frozenset("lnrdjsyz")  # the consonants a Spanish word ends in that take -es: ciudad, región, mujer
MIN_STEM = 4  # a shorter stem ("san" of "sanit" and "sans") joins words nobody means together: prefixes find them


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
            if language == "es" and ending == "es" and not (stem[-1] in _AFTER_VOWEL and stem[-2] in _VOWELS):
                return word[:-1]  # "clases", "renovables", "grandes": a vowel's -s after all
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
    return Stemmer.Stemmer(name) if name else None


def index_words(text: str, language: str) -> tuple[str, str]:
    """What the index keeps of a text: its distinct folded words and their keys, each a space-separated string."""
    folded = fold(text)
    seen = dict.fromkeys(token.word for token in tokens(folded))
    keys = dict.fromkeys(k for word in seen for k in (key(word, language), _own_key(word, language)))
    return " ".join(seen), " ".join(keys)


@lru_cache(maxsize=65536)
def _own_key(word: str, language: str) -> str:
    """A text's word's key as it is, plural or not: a singular ending like a plural ("país", "crisis") is met by
    the key of its plural's singular ("países" → "pais")."""
    stemmer = _stemmer(language)
    return language + stemmer.stemWord(word) if stemmer is not None else language + word


def query_key(word: str, language: str) -> str | None:
    """A query word's key in `language`, if it is one to match by: not a stem cut short of the word to a few letters
    ("sanit" and "sans" are both `san` in French)."""
    found = key(word, language)
    stem = found[len(language) :]
    return found if len(stem) >= MIN_STEM or stem == word else None


def query_keys(word: str, language: str | None) -> list[str]:
    """A query word's keys: in `language` when the reader narrowed the search to one, else in each language (a
    query in French finds the French edition); none may be left (the word is then found by prefix only)."""
    found = (query_key(word, code) for code in ((language,) if language else LANGUAGES))
    return list(dict.fromkeys(k for k in found if k is not None))
