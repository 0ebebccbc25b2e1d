"""Text as search compares it: accents and case set aside, spaces collapsed ("Financiación  LOCAL"
and "financiacion local" are the same), so that a search works on any database."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase, without combining marks (é → e, ç → c, ñ → n), one space between words."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def words(query: str) -> list[str]:
    """The words of a query, folded: a record matches when it holds every one of them."""
    return [w for w in fold(query).split(" ") if w]
