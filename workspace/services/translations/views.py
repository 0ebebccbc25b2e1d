"""What the translation use cases hand back."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from ...domain.diffing import Piece


class CheckView(Struct, frozen=True, kw_only=True):
    check: str  # numbers, markdown, identical, spaces, french_typography, glossary, glossary_forbidden, empty
    severity: str  # warning, error
    message: str


class TranslationView(Struct, frozen=True, kw_only=True):
    eid: str
    source_revision: str  # the source text's revision now: name it when saving
    source_text: str
    text: str
    state: str  # missing, draft, translated, approved, outdated
    made_from: str | None  # the source revision the translation was made from
    source_diff: list[Piece] | None  # outdated: the source's change from `made_from` to now
    checks: list[CheckView]
    kind: str = "operative"
    number: int | None = None
    ref: str = ""  # the printed reference in the reader's language ("OP 14", "PD 7 bis", "§ 2")
    note: str = ""  # the reviewer's, when sent back
    check_editorial: bool = False  # carried over an editorial change of the source: to check
    updated_by: str | None = None
    updated_at: datetime | None = None
    text_revision: str = (
        ""  # the text's revision, if made from this source: name it as `base_text_revision` when saving
    )
    # Confirmed unchanged by its translator as still correct over a source change: the source revision it was
    # made from, and the source's change from it to now (for its reviewer to check); None otherwise.
    confirmed_over: str | None = None
    confirmed_over_diff: list[Piece] | None = None


class SkippedView(Struct, frozen=True, kw_only=True):
    eid: str
    reason: str  # not_in_version, missing, draft, outdated, approved, checks, to_check
    message: str  # the reason in the reader's language


class ApprovalView(Struct, frozen=True, kw_only=True):
    """What a bulk approval did: the paragraphs approved, and those skipped with their reasons, in the text's order."""

    version: str
    language: str
    approved: list[str]
    skipped: list[SkippedView]


class LanguageProgress(Struct, frozen=True, kw_only=True):
    language: str
    total: int
    missing: int
    draft: int
    translated: int
    approved: int
    outdated: int
    percent: int  # approved, of all paragraphs


class ProgressView(Struct, frozen=True, kw_only=True):
    version: str  # a label, or "draft"
    languages: list[LanguageProgress]


class EditionParagraph(Struct, frozen=True, kw_only=True):
    eid: str
    kind: str
    number: int | None
    text: str | None  # None: no translation made from this version's source text
    state: str
    ref: str = ""  # the printed reference as the edition's language prints it ("OP 14", "PD 14", "§ 2")


class EditionView(Struct, frozen=True, kw_only=True):
    version: str
    language: str
    complete: bool  # every paragraph translated and approved from exactly this version's source
    paragraphs: list[EditionParagraph]


class GlossaryEntry(Struct, frozen=True, kw_only=True):
    source: str
    translations: dict[str, str] = {}
    forbidden: dict[str, list[str]] = {}
    note: str = ""


class GlossaryView(Struct, frozen=True, kw_only=True):
    revision: str  # name it when replacing the glossary
    terms: list[GlossaryEntry]


class SuggestionView(Struct, frozen=True, kw_only=True):
    source: str
    text: str
    similarity: float
    diff: list[Piece]  # from the memory's source to the one asked about
    # Asked for a paragraph (`eid`): this is that paragraph's own earlier translation (made from an earlier source
    # text of it), not another paragraph's; the paragraph's current translation is never suggested.
    previous: bool = False


class GlossaryProposalView(Struct, frozen=True, kw_only=True):
    """A term proposed for the glossary: not used by the checks nor shown as a glossary term until approved."""

    id: int
    source: str
    translations: dict[str, str]
    note: str
    state: str  # proposed, approved, rejected
    proposed_by: str | None
    proposed_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str = ""  # why it was rejected


class ReplaceChange(Struct, frozen=True, kw_only=True):
    """One paragraph's translation that the search changes: before and after, and the change as pieces."""

    eid: str
    ref: str  # the printed reference in the reader's language ("OP 14")
    state: str  # the translation's state now: draft, translated or approved (saved translated again: re-reviewed)
    text_revision: str  # the translation's revision read: name it in `revisions` to apply only if it is unchanged
    before: str
    after: str
    count: int  # matches in the paragraph
    diff: list[Piece]  # each match deleted and its replacement inserted, the rest kept


class ReplaceSkipped(Struct, frozen=True, kw_only=True):
    eid: str
    ref: str
    reason: str  # stale (changed since the preview), no_match (the words are no longer there), gone (no such paragraph
    # in the text), empty, too_long
    message: str  # the reason in the reader's language


class ReplaceView(Struct, frozen=True, kw_only=True):
    """A search and replace in one language: the changes it makes (a preview), or those it made (applied), the
    paragraphs it left (skipped, each with why), and the outdated translations holding the words (left to update
    against their source's change in the editor)."""

    language: str
    version: str  # a label, or "draft"
    preview: bool
    changes: list[ReplaceChange]  # preview: every change it would make; applied: those made
    applied: list[str]  # eIds saved (empty in a preview)
    skipped: list[ReplaceSkipped]
    outdated: list[str]  # eIds whose translation, made from an earlier source, holds the words: not changed
    outdated_refs: list[str] = []  # their printed references, in the same order


class UnitReport(Struct, frozen=True, kw_only=True):
    """What an import did with one unit (XLIFF) or paragraph (Markdown) of its file."""

    eid: str
    line: int | None  # in the file
    outcome: str  # unchanged (nothing written), updated, refused
    state: str  # the paragraph's state in the language after the import (refused: as it stays)
    reason: str = ""  # refused: why


class ImportReport(Struct, frozen=True, kw_only=True):
    language: str
    version: str
    imported: int  # units updated
    unchanged: int  # units left as they were: the same text (and a state the file could not take further), or no target
    outdated: list[str]  # made from an earlier source: imported as outdated
    not_in_file: list[str]
    refused: int = 0
    saved: bool = True  # False: some unit was refused, and nothing was written
    file: str = ""
    units: list[UnitReport] = []  # in the order of the file
    refs: dict[str, str] = {}  # the printed reference of each paragraph named, in the reader's language ("OP 14")
