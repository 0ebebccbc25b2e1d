"""What the publication use cases hand back."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct


class BlockerView(Struct, frozen=True, kw_only=True):
    kind: str  # translation, amendment, status, brackets, alignment …; tag, replaced, placeholder, footnote
    message: str
    eid: str | None = None
    language: str | None = None
    amendment: int | None = None
    amendment_label: str | None = None  # "A7", or "D3" (the committee's, on the working draft)
    fix: str = ""  # the page where it is fixed
    leftover: str | None = None  # a negotiation's leftover: its key, to keep it on purpose (POST …/gate/kept)


class GateView(Struct, frozen=True, kw_only=True):
    version: str
    clear: bool
    blockers: list[BlockerView]  # of the kind asked (all kinds by default), a part of them if asked
    total: int = 0  # how many blockers of that kind there are, in all
    counts: dict[str, int] = {}  # how many blockers of each kind, in the gate's order
    kept: list[BlockerView] = []  # the leftovers the committee keeps on purpose: listed, not blocking


class PublishedFile(Struct, frozen=True, kw_only=True):
    """A file of a publication as it was kept when published: its bytes never change."""

    name: str  # kutahya-2021.es-en-fr.pdf
    media_type: str
    size: int  # bytes
    sha256: str  # of the file's bytes: the download's ETag


class RenderingView(Struct, frozen=True, kw_only=True):
    """A publication's files being made by a worker: `done` of `total` so far."""

    done: int
    total: int


class PublicationSummary(Struct, frozen=True, kw_only=True):
    number: int
    version: str
    symbol: str
    date_line: dict[str, str]  # per language
    published_at: datetime
    languages: list[str]
    checksums: dict[str, str]  # per language: sha256 of the edition's canonical text
    corrigendum_of: int | None = None
    corrects: str = ""
    files: list[PublishedFile] = []  # every download, in order, with the sha256 of its bytes
    rendering: RenderingView | None = None  # while a worker makes the files (`files` is then empty)


class PublishedDeclaration(Struct, frozen=True, kw_only=True):
    """A published declaration as the public finds it: its process's titles and its latest publication."""

    slug: str
    titles: dict[str, str]  # per language
    languages: list[str]
    symbol: str
    day: str  # ISO date of the date line
