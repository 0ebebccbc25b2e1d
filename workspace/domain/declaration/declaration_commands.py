"""What a committee member asks of the declaration, declared once: the API decodes these commands from JSON, the
pages from their forms, and each is checked when it is made (domain/inputs.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from typing import Annotated, Any

import msgspec

from ..errors import N_, InvalidInput
from ..inputs import (
    Command,
    Label,
    Line,
    PerLanguage,
    RequiredText,
    Rule,
    Text,
    Whole,
    per_language_schema,
    says,
    text_schema,
)
from ..values import MAX_LABEL, MAX_TEXT, text_value
from ..vocabulary import LANGUAGES, parse_enum, parse_language
from .declaration_format import blank_lines_emptied, check_text
from .document import EID, MAX_DEPTH, Kind, parse_eid

MAX_PARAGRAPH = MAX_TEXT


def paragraph_text(kind: Kind, value: str | None, depth: int = 0, marker: str = "") -> str:
    text = blank_lines_emptied(text_value(value, "text", required=True, limit=MAX_PARAGRAPH))
    check_text(kind, text, depth, marker)
    return text


@dataclass(frozen=True)
class OfKind(Rule):
    """A paragraph's kind (heading, preambular, operative), kept as a Kind; empty stands for `empty`."""

    empty: Kind | None = None

    def __call__(self, value: Any, field: str) -> Any:
        return Kind(parse_enum(Kind, value, "kind").value) if value else self.empty


@dataclass(frozen=True)
class Place(Rule):
    """A paragraph of the draft named by its eId; empty (as a form sends "the beginning") is none."""

    def __call__(self, value: Any, field: str) -> Any:
        return parse_eid(value.strip()) if value.strip() else None


@dataclass(frozen=True)
class Language(Rule):
    """A content language's code."""

    def __call__(self, value: Any, field: str) -> Any:
        return parse_language(value) if value else None


@dataclass(frozen=True)
class Seen(Rule):
    """The revision of a text the person saw (any other text is simply not the current one: the write answers 409
    with it); empty is refused, or none where the command may go without."""

    optional: bool = False

    def __call__(self, value: Any, field: str) -> Any:
        value = value.strip().lower()
        if not value and not self.optional:
            raise InvalidInput(
                N_("Say which revision your edit is based on ({field})."), field=field, detail={"field": field}
            )
        return value[:64] or None


EidOrEmpty = Annotated[
    str, says(pattern=f"^(?:{EID.pattern.strip('^$')})?$", description="An eId, or empty (the same as null)."), Place()
]
Depth = Annotated[int, says(minimum=0, maximum=MAX_DEPTH), Whole(0, MAX_DEPTH)]
"""A list item's level: 0, or a sub-item one deeper than the item it belongs to."""
Marker = Annotated[str, says(pattern=r"^(?:[-+*]|\d{1,9}[.)]|\)|#{2,6})?$"), Text(12)]
"""How a list item is marked: "-", "1." …; "##" for a second-level heading."""
SeenRevision = Annotated[str, says(**text_schema(64, required=True)), Seen()]
"""The revision of the paragraph the person edited: 409 with the current text when it moved on."""
Labels = Annotated[dict[str, str], per_language_schema(MAX_LABEL), PerLanguage(MAX_LABEL)]
"""A version's names in the process's other languages ("Zero draft", "Avant-projet")."""


class AddParagraph(Command, frozen=True):
    """A new paragraph of `kind` after `after` (an eId; none or empty: at the start), on the draft's order
    `base_order` the person saw (409 when it moved on); `depth` makes it a sub-item of the list item `after` (or of
    its list), `marker` says how it is marked ("-", "1." … for a list item, "##" for a heading)."""

    kind: Annotated[str, says(enum=[kind.value for kind in Kind]), OfKind(Kind.OPERATIVE)]
    text: RequiredText
    after: EidOrEmpty | None = None
    base_order: int | None = None
    depth: Depth = 0
    marker: Marker = ""

    def check(self) -> None:
        msgspec.structs.force_setattr(self, "text", blank_lines_emptied(self.text))
        check_text(Kind(self.kind), self.text, self.depth, self.marker)


class EditParagraph(Command, frozen=True):
    """A paragraph's new text, on `base_revision`, the revision the person edited (409 with the current text when it
    moved on). `kind`, `depth`, `marker`: none keeps its own; `editorial`: a typo or punctuation, the translations
    stay valid; `note`: why."""

    base_revision: SeenRevision
    text: RequiredText
    kind: Annotated[str | None, says(enum=[*(kind.value for kind in Kind), None]), OfKind()] = None
    note: Line = ""
    editorial: bool = False
    depth: Depth | None = None
    marker: Marker | None = None

    def check(self) -> None:
        msgspec.structs.force_setattr(self, "text", blank_lines_emptied(self.text))
        if self.kind and self.depth is None and self.marker is None:  # else checked against its place, where known
            check_text(Kind(self.kind), self.text)


class MoveParagraph(Command, frozen=True):
    """The paragraph goes after `after` (an eId; none or empty: first), on the draft's order `base_order` the person
    saw (409 when it moved on)."""

    after: EidOrEmpty | None = None
    base_order: int | None = None


class DeleteParagraph(Command, frozen=True):
    """The paragraph leaves the draft, if its text is still `base_revision` (409 with the current one)."""

    base_revision: SeenRevision
    note: Line = ""


class RestoreParagraph(Command, frozen=True):
    """An earlier text (`revision`, from the paragraph's history) becomes its text again, if the current one is still
    `base_revision` (required while the paragraph is in the draft); a deleted paragraph comes back with its eId after
    `after` (none or empty: after its old neighbour)."""

    revision: SeenRevision
    base_revision: Annotated[str, says(**text_schema(64, required=True)), Seen(optional=True)] | None = None
    after: EidOrEmpty | None = None


class Circulate(Command, frozen=True):
    """The working draft circulated as the next version: its `label` ("Rev.1"), its names in the process's other
    languages (`labels`), its `date` (today in the process's time zone by default), a `note`; `renumber`: its
    paragraphs numbered cleanly, else they hold still (OP 7 bis, OP 9 [deleted])."""

    label: Label
    note: Annotated[str, says(**text_schema(5000)), Text(5000)] = ""
    date: Annotated[str, says(format="date"), Text(10)] | None = None
    labels: Labels | None = None
    renumber: bool = False

    def check(self) -> None:
        for name in ("label", "note", "date"):  # a file's front matter may hold a list where a text goes
            if not isinstance(getattr(self, name), (str, type(None))):
                raise InvalidInput(N_("The field “{field}” must be text."), field=name, detail={"field": name})
        if not self.date:
            msgspec.structs.force_setattr(self, "date", None)
            return
        try:
            Date.fromisoformat(self.date)
        except ValueError:
            raise InvalidInput(N_("The date must be written as YYYY-MM-DD."), detail={"field": "date"}) from None

    @property
    def names(self) -> dict[str, str]:
        """Its names in the other languages, by language."""
        return self.labels or {}


class SetVersionLabels(Command, frozen=True):
    """`{"labels": {"en": "Zero draft", "fr": "Avant-projet"}}`: every name in the other languages at once (one left
    out has none: the source's label stands for it)."""

    labels: Labels


class ImportVersion(Command, frozen=True):
    """A new version from a Markdown file (`filename`, its `text`): its `label` (else the file's front matter's) and
    `language` (else the process's source language); `preview` shows the matching and the changes without saving;
    `replace_draft`: the person saw the uncirculated edits it replaces, and agrees, on the draft's revision
    `base_draft` the preview was made on (409 if it changed since)."""

    filename: Annotated[str, says(**text_schema(255)), Text(255)]
    text: str
    label: Annotated[str, says(**text_schema(MAX_LABEL, required=True)), Text(MAX_LABEL)] | None = None
    language: Annotated[str | None, says(enum=[*LANGUAGES, None]), Language()] = None
    preview: bool = False
    replace_draft: bool = False
    base_draft: Annotated[str, Seen(optional=True)] | None = None

    def check(self) -> None:
        msgspec.structs.force_setattr(self, "filename", self.filename or "declaration.md")
        msgspec.structs.force_setattr(self, "label", self.label or None)

    @property
    def word(self) -> bytes | None:
        """A Word file's bytes (WordVersion); none: the Markdown `text`."""
        return None


class WordVersion(ImportVersion, frozen=True):
    """A new version from a Word file (.docx, its text with every change accepted), from the page or the command
    line."""

    docx: bytes = b""

    @property
    def word(self) -> bytes | None:
        return self.docx
