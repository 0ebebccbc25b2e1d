"""What the bracket use cases hand back."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from ..delegations.views import DelegationRef


class BracketView(Struct, frozen=True, kw_only=True):
    id: str  # stable while the paragraph changes elsewhere: "op_12~3f9c0a41be"
    eid: str
    ref: str  # the paragraph's printed reference in the reader's language
    lang: str
    start: int  # where it stands in the paragraph's text (characters), its first "["
    end: int  # after its last "]"
    text: str  # the bracket as written, brackets and all
    options: list[str]  # the words inside each pair of brackets: one for an optional one, two or more for a choice
    parent: str | None  # the id of the bracket it stands in
    kind: str  # choice, optional, placeholder, options (whole paragraphs), unread (a paragraph past the limits)
    state: str  # open, agreed, dropped
    delegation: DelegationRef | None  # who introduced it, where the committee said so
    chosen: int | None  # agreed: the option's index
    leading: int | None  # the option the clean text takes (None: the first; a placeholder is dropped)
    line: int  # the line of the paragraph it starts on
    updated_by: str | None = None
    updated_at: datetime | None = None


class UnbalancedView(Struct, frozen=True, kw_only=True):
    eid: str
    ref: str
    lang: str
    line: int  # the line of the paragraph
    char: str  # "[" never closed, or "]" closing none


class ArticleBrackets(Struct, frozen=True, kw_only=True):
    """The brackets of one article: a top-level paragraph with its sub-items (a heading: those under it stand
    apart), by state and by delegation."""

    ref: str
    eid: str
    section: str  # the reference of the heading it stands under ("" before any)
    counts: dict[str, int]  # open, agreed, dropped
    delegations: dict[str, int]  # open ones per delegation code ("" for no one said)
    unbalanced: int


class BracketSummary(Struct, frozen=True, kw_only=True):
    version: str  # its label, or "draft"
    lang: str
    articles: list[ArticleBrackets]
    totals: dict[str, int]
    unbalanced: list[UnbalancedView]


class BurndownPoint(Struct, frozen=True, kw_only=True):
    version: str  # its label, or "draft"
    number: int | None
    open: int


class CleanParagraph(Struct, frozen=True, kw_only=True):
    eid: str
    ref: str
    kind: str
    text: str
    depth: int = 0
    marker: str = ""


class CleanView(Struct, frozen=True, kw_only=True):
    version: str
    lang: str
    paragraphs: list[CleanParagraph]
    resolved: int  # the brackets the preview resolved
