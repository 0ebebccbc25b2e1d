"""What a committee member asks of the declaration, validated once where the request comes in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date

from ..errors import N_, InvalidInput
from ..values import MAX_LABEL, MAX_TEXT, per_language, text_field
from ..vocabulary import parse_enum, parse_language
from .declaration_format import blank_lines_emptied, check_text
from .document import MAX_DEPTH, Kind, parse_eid

MAX_PARAGRAPH = MAX_TEXT


def _kind(value: str | None) -> Kind | None:
    return Kind(parse_enum(Kind, value, "kind").value) if value else None


def _eid(value: str | None) -> str | None:
    return parse_eid(value.strip()) if value and value.strip() else None


def _revision(value: str | None, name: str = "base_revision") -> str:
    value = (value or "").strip().lower()
    if not value:
        raise InvalidInput(
            N_("Say which revision your edit is based on ({field})."), field=name, detail={"field": name}
        )
    # Any other text is simply not the current revision: the write answers 409 with the current one.
    return value[:64]


def paragraph_text(kind: Kind, value: str | None, depth: int = 0, marker: str = "") -> str:
    text = blank_lines_emptied(text_field({"text": value}, "text", required=True, limit=MAX_PARAGRAPH))
    check_text(kind, text, depth, marker)
    return text


def _depth(value: int | str | None) -> int | None:
    if isinstance(value, str):  # from a form
        value = int(value) if value.strip().isdecimal() else (None if not value.strip() else -1)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DEPTH):
        raise InvalidInput(
            N_("The field “{field}” must be a whole number from 0 to {limit}."),
            field="depth",
            limit=MAX_DEPTH,
            detail={"field": "depth"},
        )
    return value


def _marker(value: str | None) -> str | None:
    return None if value is None else text_field({"marker": value}, "marker", limit=12)


@dataclass(frozen=True)
class AddParagraph:
    kind: Kind
    text: str
    after: str | None = None
    base_order: int | None = None  # the draft's order revision the person saw: 409 if it moved on
    depth: int = 0  # a sub-item: one deeper than the list item it belongs to
    marker: str = ""  # "-", "1." … for a list item; "##" for a second-level heading

    @classmethod
    def build(
        cls,
        kind: str,
        text: str,
        after: str | None = None,
        base_order: int | None = None,
        depth: int | str | None = 0,
        marker: str | None = "",
    ) -> AddParagraph:
        parsed = _kind(kind) or Kind.OPERATIVE
        place, written = _depth(depth) or 0, _marker(marker) or ""
        return cls(parsed, paragraph_text(parsed, text, place, written), _eid(after), base_order, place, written)


@dataclass(frozen=True)
class EditParagraph:
    base_revision: str
    text: str
    kind: Kind | None = None  # None: keep the kind
    note: str = ""
    editorial: bool = False  # a typo or punctuation: translations stay valid
    depth: int | None = None  # None: keep its place in the lists
    marker: str | None = None

    @classmethod
    def build(
        cls,
        base_revision: str,
        text: str,
        kind: str | None = None,
        note: str = "",
        editorial: bool = False,
        depth: int | str | None = None,
        marker: str | None = None,
    ) -> EditParagraph:
        parsed = _kind(kind)
        body = blank_lines_emptied(text_field({"text": text}, "text", required=True, limit=MAX_PARAGRAPH))
        place, written = _depth(depth), _marker(marker)
        if (
            parsed and place is None and written is None
        ):  # else checked against the paragraph's place, where it is known
            check_text(parsed, body)
        return cls(
            _revision(base_revision), body, parsed, text_field({"note": note}, "note"), bool(editorial), place, written
        )


@dataclass(frozen=True)
class MoveParagraph:
    after: str | None = None
    base_order: int | None = None

    @classmethod
    def build(cls, after: str | None = None, base_order: int | None = None) -> MoveParagraph:
        return cls(_eid(after), base_order)


@dataclass(frozen=True)
class DeleteParagraph:
    base_revision: str
    note: str = ""

    @classmethod
    def build(cls, base_revision: str, note: str = "") -> DeleteParagraph:
        return cls(_revision(base_revision), text_field({"note": note}, "note"))


@dataclass(frozen=True)
class RestoreParagraph:
    """Bring back an earlier text of a paragraph (its revision), or the paragraph itself if it was deleted."""

    revision: str
    base_revision: str | None = None  # the current text the person saw (required if the paragraph is in the draft)
    after: str | None = None  # where a deleted paragraph comes back (default: after its old neighbour)

    @classmethod
    def build(cls, revision: str, base_revision: str | None = None, after: str | None = None) -> RestoreParagraph:
        return cls(_revision(revision, "revision"), _revision(base_revision) if base_revision else None, _eid(after))


@dataclass(frozen=True)
class Circulate:
    label: str
    date: str | None = None  # ISO date; today in the process's time zone when None
    note: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # its names in the process's other languages
    renumber: bool = False  # number its paragraphs cleanly (else they hold still: OP 7 bis, OP 9 [deleted])

    @classmethod
    def build(
        cls, label: str, date: str | None = None, note: str = "", labels: object = None, renumber: bool = False
    ) -> Circulate:
        on = text_field({"date": date}, "date", limit=10) or None
        if on:
            try:
                Date.fromisoformat(on)
            except ValueError:
                raise InvalidInput(N_("The date must be written as YYYY-MM-DD."), detail={"field": "date"}) from None
        return cls(
            text_field({"label": label}, "label", required=True, limit=MAX_LABEL),
            on,
            text_field({"note": note}, "note", limit=5000),
            per_language(labels, "labels", limit=MAX_LABEL),
            bool(renumber),
        )


@dataclass(frozen=True)
class SetVersionLabels:
    """A version's names in the process's other languages, all of them: a language left out or empty has none
    (the source language's label stands for it)."""

    labels: dict[str, str]

    @classmethod
    def build(cls, labels: object) -> SetVersionLabels:
        return cls(per_language(labels, "labels", limit=MAX_LABEL))


@dataclass(frozen=True)
class ImportVersion:
    filename: str
    text: str
    label: str | None = None  # else the file's front matter `label`
    language: str | None = None
    preview: bool = False
    replace_draft: bool = False  # the person saw the uncirculated edits this import replaces, and agrees
    base_draft: str | None = None  # the draft revision the preview was made on: 409 if it changed since
    word: bytes | None = None  # a Word file (.docx) instead of Markdown: its text with every change accepted

    @classmethod
    def build(
        cls,
        filename: str,
        text: str,
        label: str | None = None,
        language: str | None = None,
        preview: bool = False,
        replace_draft: bool = False,
        base_draft: str | None = None,
        word: bytes | None = None,
    ) -> ImportVersion:
        name = text_field({"filename": filename}, "filename", limit=255) or "declaration.md"
        return cls(
            name,
            text,
            text_field({"label": label}, "label", limit=MAX_LABEL) or None,
            parse_language(language) if language else None,
            bool(preview),
            bool(replace_draft),
            _revision(base_draft, "base_draft") if base_draft else None,
            word,
        )
