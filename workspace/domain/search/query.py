"""What a person typed into the search box, read: its words, its "quoted phrases", and whether it is a printed
reference ("OP 14", "pd 7 bis") that names a paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..declaration.references import Number, parse
from ..errors import N_, NN_, InvalidInput
from ..values import text_value
from . import fold
from .terms import WORD

MAX_QUERY = 200  # characters: a sentence pasted from a paragraph, not the paragraph
MAX_WORDS = 12  # each word is a condition on the index: a whole paragraph pasted is a slower search, not a better one
# Straight, curly and French quotes around a phrase.
_PHRASE = re.compile(r"[\"“”«»„]\s*([^\"“”«»„]+?)\s*[\"“”«»„]")


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]  # every word, folded: each must match (the phrases' words included)
    phrases: tuple[tuple[str, ...], ...]  # the quoted phrases' folded words, to be found one after the other
    reference: Number | None  # the query, read as a printed reference


def read(typed: str) -> Query:
    """The query `typed`, or InvalidInput when there is nothing to look for or too much."""
    text = text_value(typed, "q", required=True, limit=MAX_QUERY)  # control characters refused, as in any text
    phrases = tuple(p for p in (tuple(WORD.findall(fold(m))) for m in _PHRASE.findall(text)) if p)
    words = tuple(dict.fromkeys(WORD.findall(fold(text))))
    if not words:
        raise InvalidInput(N_("Type a word to look for."), detail={"field": "q"})
    if len(words) > MAX_WORDS:
        raise InvalidInput(
            NN_("A search looks for at most {limit} word.", "A search looks for at most {limit} words.", "limit"),
            limit=MAX_WORDS,
            detail={"field": "q", "limit": MAX_WORDS},
        )
    return Query(words=words, phrases=phrases, reference=parse(text) if len(text) <= 20 else None)
