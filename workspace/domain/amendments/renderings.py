"""An amendment in every language (issue 34): proposed in any edition, rendered into the others from that edition's
own paragraph, so that in each language only the amended words differ (a rendering that starts from the current
translation mirrors the original's diff instead of adding translation-only noise, as Antragsgrün puts it).

A rendering that changes words far from where the original changes them is taken, but flagged for the reviewer:
words do not line up across languages, so "where" is a share of the paragraph's words, with a margin."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from ..diffing import Op, word_diff
from ..errors import N_, InvalidInput
from ..inputs import Command, Rule, says, text_schema
from ..values import MAX_TEXT, check_carried
from ..words import words

MARGIN = 0.25  # of the paragraph's words, either side of the original's change: word order differs by language
MARGIN_WORDS = 5  # at least this many words either side (an English adverb goes to the end of a short sentence)


class RenderingState(StrEnum):
    TO_RENDER = "to_render"  # no rendering yet: the edition's paragraph as it reads
    RENDERED = "rendered"
    APPROVED = "approved"
    ORIGINAL = "original"  # the language it was proposed in: the amendment's own words


SETTABLE = (RenderingState.RENDERED, RenderingState.APPROVED)


class _Rendered(Rule):
    """A rendering's words: the amended paragraph in that language, as a file can carry it."""

    def __call__(self, value: Any, field: str) -> Any:
        if not value.strip():
            raise InvalidInput(
                N_("The rendering is empty: write the amended paragraph in this language."), detail={"field": field}
            )
        if len(value) > MAX_TEXT:
            raise InvalidInput(N_("The rendering is too long."), detail={"field": field})
        check_carried(value)
        return value.strip()


class _Settable(Rule):
    def __call__(self, value: Any, field: str) -> Any:
        if value not in {s.value for s in SETTABLE}:
            raise InvalidInput(
                N_("A rendering is “rendered” or “approved”, not “{state}”."), state=value, detail={"field": field}
            )
        return value


class _MadeFrom(Rule):
    def __call__(self, value: Any, field: str) -> Any:
        if not value.strip():
            raise InvalidInput(
                N_("Say which text the rendering was made from (base_revision)."), detail={"field": field}
            )
        return value.strip()


class SetRendering(Command, frozen=True):
    """An amendment's words in another edition, `rendered` (or `approved` by a reviewer of that language), made from
    `base_revision`: the revision of the rendering the translator started from (the edition's paragraph at first)."""

    text: Annotated[str, says(**text_schema(MAX_TEXT, required=True)), _Rendered()]
    state: Annotated[str, says(enum=[s.value for s in SETTABLE]), _Settable()]
    base_revision: Annotated[str, says(**text_schema(64, required=True)), _MadeFrom()]


def changed_span(base: str, text: str) -> tuple[float, float] | None:
    """Where the words of `base` that `text` changes lie, as shares of its words (0: its start, 1: its end); None
    when no word changes."""
    total = len(words(base))
    at, first, last = 0, None, None
    for piece in word_diff(base, text):
        count = len(words(piece.text))
        if piece.op == Op.EQUAL:
            at += count
            continue
        if not count:
            continue
        first = at if first is None else first
        at += count if piece.op == Op.DELETE else 0
        last = at
    if first is None or last is None:
        return None
    return (first / total, last / total) if total else (0.0, 1.0)


def outside_span(original_base: str, original: str, base: str, rendering: str) -> bool:
    """Does `rendering` (of `base`, in its language) change words outside the span the original amendment changes
    (`original_base` → `original`), give or take MARGIN of the paragraph (MARGIN_WORDS at least)?"""
    mine = changed_span(base, rendering)
    if mine is None:
        return False
    theirs = changed_span(original_base, original)
    if theirs is None:
        return True
    margin = max(MARGIN, MARGIN_WORDS / max(len(words(base)), 1))
    return mine[0] < theirs[0] - margin or mine[1] > theirs[1] + margin
