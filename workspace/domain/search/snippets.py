"""The few words around what a search found, HTML-escaped, the words it asked for in `<mark>`."""

from __future__ import annotations

from html import escape

from . import fold
from .matching import matches
from .query import Query
from .terms import WORD

BEFORE, AFTER = 12, 24  # words shown before the first marked word, and after it


def snippet(text: str, query: Query, language: str) -> str:
    """The text near its first matched word: "… los <mark>gobiernos</mark> locales …", at most some forty words."""
    found = [(m.start(), m.end(), matches(query, fold(m.group()), language)) for m in WORD.finditer(text)]
    if not found:
        return escape(text[:200])
    first = next((i for i, (_, _, marked) in enumerate(found) if marked), 0)
    lo, hi = max(0, first - BEFORE), min(len(found), first + AFTER)
    start = found[lo][0] if lo > 0 else 0
    end = found[hi - 1][1] if hi < len(found) else len(text)
    out = ["… " if lo > 0 else ""]
    cursor = start
    for begin, finish, marked in found[lo:hi]:
        if marked:
            out.append(escape(text[cursor:begin]))
            out.append(f"<mark>{escape(text[begin:finish])}</mark>")
            cursor = finish
    out.append(escape(text[cursor:end]))
    out.append(" …" if hi < len(found) else "")
    return "".join(out).strip()
