"""Bracket hits: a paragraph found where the words asked stand inside one of its brackets ("[financiación
climática / recursos]"), named by its paragraph, the bracket and its options shown."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.brackets.brackets import read_brackets
from ...domain.search.matching import score
from ...domain.search.query import Query
from ...domain.search.terms import index_words
from .paragraphs import ParagraphHit


@dataclass
class BracketHit(ParagraphHit):
    bracket: str = ""  # the bracket as the text holds it, brackets and options


def in_brackets(hits: list[ParagraphHit], query: Query) -> list[BracketHit]:
    """The hits whose words asked stand inside a bracket of the text found (the first such bracket of each)."""
    found = []
    for hit in hits:
        text, language = hit.row.text, hit.row.language
        if "[" not in text:
            continue
        for bracket in read_brackets(text).brackets:
            inside = text[bracket.start : bracket.end]
            words, keys = index_words(inside, language)
            if score(query, words, keys, inside, language):
                found.append(
                    BracketHit(hit.scope, hit.eid, hit.score, hit.row, hit.newest, hit.matched, bracket=inside)
                )
                break
    return found
