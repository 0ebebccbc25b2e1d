"""What the delegation use cases hand back."""

from __future__ import annotations

from msgspec import Struct


class DelegationRef(Struct, frozen=True, kw_only=True):
    """A delegation as an amendment, a thread or a position names it: its code and its name in the reader's
    language."""

    code: str
    name: str


class DelegationView(Struct, frozen=True, kw_only=True):
    code: str
    names: dict[str, str]  # by language; a language without its own name shows the source language's
    name: str  # in the reader's language
    kind: str
    members: int = 0  # the people who speak for it in the process
