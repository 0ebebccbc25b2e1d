"""What the declaration use cases hand back."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from ...domain.diffing import Piece


class ParagraphView(Struct, frozen=True, kw_only=True):
    eid: str
    kind: str
    number: int | None  # operative paragraphs at the top level only: 1, 2, 3 … in order
    text: str
    ref: str = ""  # its printed reference in the reader's language: "PP 3", "OP 14", "OP 7 bis", "§ 2", "OP 14 (a)"
    revision: str  # sha256 of the text: name it as the base of an edit
    recommendations: list[str] = []
    depth: int = 0  # 0: the top level; a sub-item is one deeper than the item it belongs to
    marker: str = ""  # how the file writes it: "-", "3.", "##" …; "" a plain paragraph


class DraftView(Struct, frozen=True, kw_only=True):
    paragraphs: list[ParagraphView]
    language: str
    latest_version: int | None
    order: int = 0  # the draft's order revision: name it as `base_order` of an add or a move


class VersionSummary(Struct, frozen=True, kw_only=True):
    number: int
    label: str  # in the source language, the version's own
    labels: dict[str, str]  # its name in each language that has one, the source's first (`label`)
    circulated_on: str
    note: str
    language: str
    paragraphs: int
    created_by: str | None
    created_at: datetime


class VersionView(Struct, frozen=True, kw_only=True):
    version: VersionSummary
    paragraphs: list[ParagraphView]


class ChangeView(Struct, frozen=True, kw_only=True):
    eid: str
    change: str  # added, deleted, moved, modified, unchanged
    kind: str
    old_number: int | None
    new_number: int | None
    old_text: str | None
    new_text: str | None
    ops: list[Piece]
    moved: bool = False
    old_ref: str = ""  # its printed reference in each text, in the reader's language ("OP 14"; "" where it is not)
    new_ref: str = ""


class CompareView(Struct, frozen=True, kw_only=True):
    old: str  # the label of each side, or "draft"
    new: str
    changes: list[ChangeView]
    counts: dict[str, int]


class WriterView(Struct, frozen=True, kw_only=True):
    """One of the people who wrote a revision together in a room."""

    person: str
    delegation: str | None = None


class HistoryEntry(Struct, frozen=True, kw_only=True):
    """One change of a paragraph: an edit of the draft, and the version that first circulated it."""

    action: str  # created, edited, moved, deleted, restored
    cause: str  # edit, import, amendment, translation, restore, meeting, together
    actor: str | None
    at: datetime
    note: str
    old_text: str | None
    new_text: str | None
    ops: list[Piece]
    circulated_in: str | None  # label of the version that circulated this very text, if one did
    cause_ref: str = ""  # the imported file, the amendment …
    editorial: bool = False
    old_revision: str | None = None  # the revisions (content hashes) before and after, to restore one
    new_revision: str | None = None
    writers: list[WriterView] = []  # cause "together": everyone who wrote it in the room


class ParagraphHistory(Struct, frozen=True, kw_only=True):
    eid: str
    versions: list[tuple[str, str]]  # (label, "added" | "modified" | "unchanged" | "moved" | "deleted" | "absent")
    entries: list[HistoryEntry]
    current_revision: str | None = None  # its revision in the working draft (None: not there, or not shown)
    ref: str = (
        ""  # its printed reference in the reader's language: the draft's (the committee's), else the last version's
    )


class MatchView(Struct, frozen=True, kw_only=True):
    eid: str
    kind: str
    how: str  # explicit, identical, similar, neighbours, new
    score: float
    line: int
    text: str
    depth: int = 0
    marker: str = ""


class NoticeView(Struct, frozen=True, kw_only=True):
    """Something of an imported file set aside or read as plain text, with its place."""

    file: str
    line: int  # 0: a place in a Word file that is no line, said in `where`
    message: str
    where: str = ""


class ImportView(Struct, frozen=True, kw_only=True):
    label: str
    saved: bool
    matches: list[MatchView]
    compare: CompareView
    version: int | None = None
    # What the working draft holds that no version circulated: the import replaces it, so
    # saving needs `replace_draft` when this is not empty.
    draft_changes: list[ChangeView] = []
    base_draft: str = ""  # the draft revision this preview was made on; send it back to save
    notices: list[NoticeView] = []  # what the file holds that is set aside or read as plain text


class CoverageItem(Struct, frozen=True, kw_only=True):
    ref: str
    text: str
    status: str
    session_ref: str
    session_title: str
    themes: list[str]
    paragraphs: list[tuple[str, int | None]]  # (eid, operative number in the draft or latest version)
    refs: dict[str, str] = {}  # each paragraph's printed reference there, in the reader's language ("OP 14")


class CoverageGroup(Struct, frozen=True, kw_only=True):
    key: str
    title: str
    total: int
    taken_up: int
    items: list[CoverageItem]


class CoverageView(Struct, frozen=True, kw_only=True):
    by_session: list[CoverageGroup]
    by_theme: list[CoverageGroup]
    not_taken_up: list[CoverageItem]
    total: int
    taken_up: int


class LinkedParagraph(Struct, frozen=True, kw_only=True):
    """A paragraph that takes up a recommendation, as the reference text holds it (None: not there)."""

    eid: str
    number: int | None
    text: str | None
    ref: str = ""  # its printed reference in that text, in the reader's language ("OP 14")


class LinkChoices(Struct, frozen=True, kw_only=True):
    """What a committee member links from: paragraphs of the working draft, and recommendations."""

    paragraphs: list[LinkedParagraph]
    recommendations: list[tuple[str, str]]  # (ref, text)


class CrosswalkRow(Struct, frozen=True, kw_only=True):
    eid: str
    old: str | None  # its reference before (None: new)
    new: str | None  # its reference now (None: deleted at a renumbering)


class CrosswalkView(Struct, frozen=True, kw_only=True):
    """How printed references changed from a version (`previous`) to the next (or to the renumbered draft)."""

    version: str  # the version's label, or "draft"
    previous: str | None
    renumbered: bool  # whether the numbers were made clean then (else they held still: bis, ter, [deleted])
    rows: list[CrosswalkRow]
