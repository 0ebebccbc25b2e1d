"""Brackets: listed per version and language, resolved on the working draft, counted per article, burnt down over the
versions, and the clean text they leave (issue 33)."""

from .brackets import (
    bracket_summary,
    burndown,
    clean_markdown,
    clean_text,
    list_brackets,
    mark_bracket,
    resolve_bracket,
)
from .views import BracketSummary, BracketView, BurndownPoint, CleanView

__all__ = [
    "BracketSummary",
    "BracketView",
    "BurndownPoint",
    "CleanView",
    "bracket_summary",
    "burndown",
    "clean_markdown",
    "clean_text",
    "list_brackets",
    "mark_bracket",
    "resolve_bracket",
]
