"""What the submission use cases hand back."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from ..delegations.views import DelegationRef

PROPOSALS_PAGE = 100  # a list of proposals' rows per page (services.screens.submissions; a search hit's link)


class WindowView(Struct, frozen=True, kw_only=True):
    number: int
    opens: datetime
    closes: datetime
    eids: list[str] | None  # the paragraphs it opens (None: the whole text)
    open: bool  # open now
    submissions: int


class WentView(Struct, frozen=True, kw_only=True):
    """Where a compiled proposal's words are now: in the latest version (`version`), in the paragraphs `eids` (as
    printed: `refs`), kept, amended or merged into another; or dropped; or (`draft`) compiled into the working
    draft, not circulated yet."""

    approach: str  # draft, kept, amended, merged, dropped
    version: str | None
    eids: list[str]
    refs: list[str]


class SubmissionView(Struct, frozen=True, kw_only=True):
    number: int
    window: int
    delegation: DelegationRef
    kind: str  # modify, insert, delete
    eid: str | None
    after: str | None
    ref: str  # the paragraph it is about (or goes after) as printed, in the reader's language
    text: str
    filed_by: str | None
    filed_at: datetime
    compiled_eid: str | None  # the paragraph of the working draft that holds it, once compiled
    went: WentView | None = None  # once compiled: where its words are now
    lang: str = ""  # the edition it is written in
    # Its wording in the source language: `text` when written there, the committee's rendering otherwise (None until
    # rendered: the compilation waits for it).
    source_text: str | None = None
    # Written in another edition: the revision a rendering into the source names as its `base_revision`.
    source_revision: str | None = None


class CompiledParagraph(Struct, frozen=True, kw_only=True):
    eid: str
    ref: str
    submission: int
    delegation: str  # its code
    text: str


class CompilationView(Struct, frozen=True, kw_only=True):
    window: int
    paragraphs: list[CompiledParagraph]
    version: str | None  # the version circulated with it, if asked


class SourceView(Struct, frozen=True, kw_only=True):
    eid: str
    ref: str
    delegations: list[str]


class ProvenanceRowView(Struct, frozen=True, kw_only=True):
    eid: str | None  # None: a paragraph of the version before that came to nothing
    ref: str
    sources: list[SourceView]
    delegations: list[str]  # whose proposals it holds, through its sources
    approach: str  # kept, amended, moved, merged, new, dropped


class ProvenanceView(Struct, frozen=True, kw_only=True):
    version: str
    previous: str | None
    rows: list[ProvenanceRowView]
