"""The render model of a publication: the frozen text of each language edition, that every
download format (HTML, PDF, Word, Markdown, Akoma Ntoso, JSON) is made from.

Pure: no I/O. Babel is used here only for its CLDR data (the date line of each edition is part
of the frozen text, in the edition's language, whatever the reader's interface language).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from babel.dates import format_date

from ..declaration.document import Block, Kind, list_labels, numbering
from ..declaration.references import Number, crosswalk, printed_numbers

# International English writes "8 October 2021", as UN and UCLG documents do (as workspace.i18n).
_CLDR_LOCALE = {"en": "en_GB"}
# How each language joins the place and the day: "Kütahya, le 8 octobre 2021".
_DATE_LINE = {"fr": "{place}, le {day}"}


@dataclass(frozen=True)
class PubParagraph:
    """One paragraph of an edition: its eId, its kind (heading|preambular|operative), its
    operative number (None for the others), its Markdown text."""

    eid: str
    kind: str
    number: int | None
    text: str
    depth: int = 0  # a sub-item: one deeper than the list item it belongs to
    marker: str = ""  # as the declaration file writes it ("-", "1.", "##" …)
    label: str = ""  # what a reader sees before a sub-item: "•", "2." …; "" for the others


@dataclass(frozen=True)
class Edition:
    """The text of a publication in one language, with its place and date line (in that language) and
    the checksum of its text."""

    language: str
    title: str
    paragraphs: tuple[PubParagraph, ...]
    date_line: str
    checksum: str
    place: str = ""
    version_label: str = ""  # the version's name in this language, where the committee gave one ("": the model's)


@dataclass(frozen=True)
class PublicationModel:
    """A publication as every format renders it; `editions` are the process's languages, source first."""

    slug: str
    symbol: str
    version_label: str
    published_at: datetime
    date: date
    editions: tuple[Edition, ...]
    corrigendum_of: str | None = None  # the symbol (or id) of the publication this one corrects
    corrects: str = ""  # what a corrigendum corrects, in the words of the committee
    numbered_lines: bool = False  # a download for the room: each page's lines numbered (never a publication's)
    # The published version's printed numbers as it circulated, (eid, kind, number, suffix, deleted) each: what the
    # room called each paragraph, for the crosswalk to the published numbers (empty for a publication made before).
    circulated: tuple[tuple[str, str, int, int, bool], ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(edition.language for edition in self.editions)

    @property
    def places(self) -> dict[str, str]:
        return {edition.language: edition.place for edition in self.editions}

    def version_in(self, language: str) -> str:
        """The version's name as the `language` edition prints it ("Rév.3 (finale)"), else as it circulated."""
        named = next((e.version_label for e in self.editions if e.language == language), "")
        return named or self.version_label

    def edition(self, language: str) -> Edition:
        for edition in self.editions:
            if edition.language == language:
                return edition
        raise KeyError(language)


def edition_text(paragraphs: Sequence[PubParagraph]) -> str:
    """The canonical text of an edition, what its checksum is of: one line per paragraph, the JSON
    array `[eId, kind, text]` (UTF-8, no escaping beyond JSON's own, so a text's own line breaks
    cannot be mistaken for the start of another paragraph), with `depth, marker` after them for a
    paragraph in a list. The number is left out: it follows from the order and the kinds, which are in."""
    return "".join(
        json.dumps(
            [p.eid, p.kind, p.text, *((p.depth, p.marker) if p.depth or p.marker else ())],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
        for p in paragraphs
    )


def checksum(paragraphs: Sequence[PubParagraph]) -> str:
    """sha256 (hex) of the edition's canonical text."""
    return hashlib.sha256(edition_text(paragraphs).encode("utf-8")).hexdigest()


def date_line(place: str, day: date, language: str) -> str:
    """ "Kütahya, 8 de octubre de 2021" / "Kütahya, 8 October 2021" / "Kütahya, le 8 octobre 2021"."""
    formatted = format_date(day, "long", locale=_CLDR_LOCALE.get(language, language))
    if language == "fr" and day.day == 1:
        formatted = "1er" + formatted[1:]  # French writes the first of the month as an ordinal
    if not place:  # a version's Word file before the committee gave the place in its language
        return formatted
    return _DATE_LINE.get(language, "{place}, {day}").format(place=place, day=formatted)


def build_edition(language: str, title: str, blocks: Sequence[Block], place: str, day: date) -> Edition:
    """An edition from a version's paragraphs in one language: operative paragraphs numbered
    1, 2, 3 … in order, the date line in that language, the checksum of the text."""
    numbers, labels = numbering(blocks), list_labels(blocks)
    paragraphs = tuple(
        PubParagraph(b.eid, str(b.kind), numbers.get(b.eid), b.text, b.depth, b.marker, labels.get(b.eid, ""))
        for b in blocks
    )
    return Edition(language, title, paragraphs, date_line(place, day, language), checksum(paragraphs), place)


def file_name(slug: str, languages: Sequence[str], extension: str) -> str:
    """`kutahya-2021.fr.pdf` for one language, `kutahya-2021.es-en-fr.pdf` for several."""
    return f"{slug}.{'-'.join(languages)}.{extension}"


def parallel_rows(editions: Sequence[Edition]) -> list[tuple[PubParagraph, ...]]:
    """The paragraphs side by side, in the first edition's order, matched by eId."""
    by_eid = [{p.eid: p for p in edition.paragraphs} for edition in editions]
    rows = []
    for p in editions[0].paragraphs:
        try:
            rows.append(tuple(index[p.eid] for index in by_eid))
        except KeyError:
            missing = [e.language for e, index in zip(editions, by_eid, strict=True) if p.eid not in index]
            raise ValueError(f"paragraph {p.eid} has no text in {', '.join(missing)}") from None
    return rows


HEAD = ("language", "title", "date_line", "checksum")


def model_head(model: PublicationModel) -> dict[str, Any]:
    """What a list of publications shows of one, as plain JSON data kept beside its model: its version's label
    and each edition's language, title, date line and checksum (a long text's model is megabytes)."""
    return {
        "version_label": model.version_label,
        "editions": [{key: getattr(edition, key) for key in HEAD} for edition in model.editions],
    }


def model_data(model: PublicationModel) -> dict[str, Any]:
    """The model as plain JSON data: what a publication row keeps, and what the renderer's process reads."""
    data = asdict(model)
    data["published_at"] = model.published_at.isoformat()
    data["date"] = model.date.isoformat()
    if not model.numbered_lines:  # what a publication keeps stays as it was
        data.pop("numbered_lines")
    if not model.circulated:
        data.pop("circulated")
    return data


def model_from_data(data: dict[str, Any]) -> PublicationModel:
    """The model back from `model_data`'s JSON data."""
    # A publication made before places had languages kept one `place` for every edition.
    editions = tuple(
        Edition(
            e["language"],
            e["title"],
            tuple(PubParagraph(**p) for p in e["paragraphs"]),
            e["date_line"],
            e["checksum"],
            e.get("place", data.get("place", "")),
            e.get("version_label", ""),  # a publication made before printed the version's one name
        )
        for e in data["editions"]
    )
    return PublicationModel(
        data["slug"],
        data["symbol"],
        data["version_label"],
        datetime.fromisoformat(data["published_at"]),
        date.fromisoformat(data["date"]),
        editions,
        data.get("corrigendum_of"),
        data.get("corrects", ""),
        bool(data.get("numbered_lines", False)),
        tuple(
            (str(eid), str(kind), int(n), int(suffix), bool(deleted))
            for eid, kind, n, suffix, deleted in data.get("circulated", ())
        ),
    )


def published_crosswalk(model: PublicationModel, language: str) -> list[tuple[str, str | None, str | None]]:
    """(eid, reference as the version circulated, reference as published) for every paragraph the version numbered,
    in `language`: the published text is numbered cleanly (PP 1 …, OP 1 …), the version may have held its numbers
    still (OP 7 bis, OP 9 [deleted]). Empty for a publication made before the circulated numbers were kept."""
    if not model.circulated or not model.editions:
        return []
    before = {eid: Number(Kind(kind), n, suffix, deleted) for eid, kind, n, suffix, deleted in model.circulated}
    blocks = [Block(p.eid, Kind(p.kind), "", p.depth, p.marker) for p in model.editions[0].paragraphs]
    return crosswalk(before, printed_numbers(blocks, None), language)
