"""What a person typed into the search box, read: its words, its "quoted phrases", and whether it is a printed
reference ("OP 14", "pd 7 bis") that names a paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..declaration.references import Number, parse
from ..errors import N_, NN_, InvalidInput
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

    @property
    def loose(self) -> tuple[str, ...]:
        """The words typed outside quotes (a word matches them by prefix or inflection, not only as typed)."""
        quoted = {word for phrase in self.phrases for word in phrase}
        return tuple(word for word in self.words if word not in quoted)


def read(typed: str) -> Query:
    """The query `typed`, or InvalidInput when there is nothing to look for or too much."""
    text = (typed or "").strip()
    if len(text) > MAX_QUERY:
        raise InvalidInput(
            NN_("A search is at most {limit} character.", "A search is at most {limit} characters.", "limit"),
            limit=MAX_QUERY,
            detail={"field": "q", "limit": MAX_QUERY},
        )
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
