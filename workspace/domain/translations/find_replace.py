"""Search and replace in a language's translations: what a translator asks (`Search`) and what it does to one
text (`replaced`), as pieces that show each change where it stands.

The words are matched as typed (NFC, as every stored text is), with no regular expression of the translator's:
the text found is escaped, and the replacement is put in literally (a backslash stays a backslash). A whole
word is bounded by anything but a letter, digit or underscore (so `ciudad` is not found in `ciudades`); a
phrase that begins or ends with punctuation is bounded only on its other side."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..diffing import Piece
from ..errors import N_, NN_, InvalidInput
from ..token_runs import Op
from ..values import clean_text, named

MAX_FIND = 500  # characters of the words found, and of their replacement


def _field(value: Any, name: str) -> str:
    if value is not None and not isinstance(value, str):
        raise InvalidInput(N_("The field “{field}” must be text."), field=name, detail={"field": name})
    text = named(name, lambda: clean_text(value or ""))
    if len(text) > MAX_FIND:
        raise InvalidInput(
            NN_(
                "The field “{field}” is too long (at most {limit} character).",
                "The field “{field}” is too long (at most {limit} characters).",
                "limit",
            ),
            field=name,
            limit=MAX_FIND,
            detail={"field": name},
        )
    return text


@dataclass(frozen=True)
class Search:
    """Words to find in a language's translations and what to put in their place."""

    find: str
    replace: str
    case_sensitive: bool = False
    whole_word: bool = False

    @classmethod
    def build(cls, find: Any, replace: Any, case_sensitive: Any = False, whole_word: Any = False) -> Search:
        found, put = _field(find, "find"), _field(replace, "replace")
        if not found.strip():
            raise InvalidInput(N_("Say which words to find."), detail={"field": "find"})
        search = cls(found, put, case_sensitive is True, whole_word is True)
        if found == put:
            raise InvalidInput(
                N_("The replacement is the same as the words found: nothing would change."), detail={"field": "replace"}
            )
        return search

    def pattern(self) -> re.Pattern[str]:
        body = re.escape(self.find)
        if self.whole_word:
            if re.match(r"\w", self.find):
                body = r"(?<!\w)" + body
            if re.search(r"\w$", self.find):
                body += r"(?!\w)"
        return re.compile(body, 0 if self.case_sensitive else re.IGNORECASE)


@dataclass(frozen=True)
class Replaced:
    """A text with every match replaced: the new text, how many matches, and the change as pieces (each match
    deleted, its replacement inserted, the rest kept)."""

    text: str
    count: int
    pieces: tuple[Piece, ...]


def replaced(text: str, search: Search, pattern: re.Pattern[str] | None = None) -> Replaced | None:
    """`text` with `search` applied, or None where it finds nothing."""
    pieces: list[Piece] = []
    out: list[str] = []
    at = 0
    for match in (pattern or search.pattern()).finditer(text):
        if match.start() > at:
            pieces.append(Piece(Op.EQUAL, text[at : match.start()]))
        pieces.append(Piece(Op.DELETE, match.group()))
        if search.replace:
            pieces.append(Piece(Op.INSERT, search.replace))
        out += [text[at : match.start()], search.replace]
        at = match.end()
    if not out:
        return None
    if at < len(text):
        pieces.append(Piece(Op.EQUAL, text[at:]))
    out.append(text[at:])
    return Replaced("".join(out), len(out) // 2, tuple(pieces))


__all__ = ["MAX_FIND", "Replaced", "Search", "replaced"]
