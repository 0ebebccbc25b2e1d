"""What the publication use cases hand back."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct


class BlockerView(Struct, frozen=True):
    kind: str  # translation, amendment, status, brackets, alignment
    message: str
    eid: str | None = None
    language: str | None = None
    amendment: int | None = None
    fix: str = ""  # the page where it is fixed


class GateView(Struct, frozen=True):
    version: str
    clear: bool
    blockers: list[BlockerView]


class PublicationSummary(Struct, frozen=True):
    number: int
    version: str
    symbol: str
    date_line: dict[str, str]  # per language
    published_at: datetime
    languages: list[str]
    checksums: dict[str, str]  # per language: sha256 of the edition's canonical text
    corrigendum_of: int | None = None
    corrects: str = ""
