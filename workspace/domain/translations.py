"""Where a translation stands against the source it is read with, and what may happen to it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .errors import N_, Conflict, InvalidInput
from .values import MAX_TEXT, text_field
from .vocabulary import parse_enum


class Stored(StrEnum):
    """The states a translation is saved in."""

    DRAFT = "draft"
    TRANSLATED = "translated"
    APPROVED = "approved"


class State(StrEnum):
    """What a reader sees for a paragraph in a language."""

    MISSING = "missing"  # nothing made from any source revision of it
    DRAFT = "draft"
    TRANSLATED = "translated"
    APPROVED = "approved"
    OUTDATED = "outdated"  # made from another source revision than the one read


def state_of(stored: Stored | None, made_from: str | None, source: str) -> State:
    """A paragraph's state in a language: its translation's state if made from exactly `source`."""
    if stored is None or made_from is None:
        return State.MISSING
    if made_from != source:
        return State.OUTDATED
    return State(stored.value)


def check_approvable(state: State, text: str) -> None:
    """Only a current, non-empty translation is approved (409 otherwise)."""
    if state == State.OUTDATED:
        raise Conflict(N_("This translation was made from an earlier source text: update it before approving it."))
    if state in (State.MISSING,) or not text.strip():
        raise Conflict(N_("There is no translation to approve yet."))
    if state == State.APPROVED:
        raise Conflict(N_("This translation is approved already."))


@dataclass(frozen=True)


class SaveTranslation:
    text: str
    source_revision: str
    state: Stored  # draft or translated
    base: str | None = None  # the translation's text revision it was read with ("": none yet); None: not checked

    @classmethod
    def build(cls, text: Any, source_revision: Any, state: Any = "draft", base: Any = None) -> SaveTranslation:
        parsed = Stored(parse_enum(Stored, state if isinstance(state, str) else "", "state").value)
        if parsed == Stored.APPROVED:
            raise InvalidInput(N_("A translation is approved by a reviewer, not saved as approved."), detail={"field": "state"})
        body = text_field({"text": text}, "text", required=parsed == Stored.TRANSLATED, limit=MAX_TEXT)
        revision = text_field({"source_revision": source_revision}, "source_revision", required=True, limit=64)
        seen = None if base is None else text_field({"base_text_revision": base}, "base_text_revision", limit=64)
        return cls(body, revision, parsed, seen)
