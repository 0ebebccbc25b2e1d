"""What a Word file reads as (`word_reading.read_docx`): its body paragraphs, each before and after its tracked
changes, the margin comments anchored in them, and what of the file is not read. Values only: the reading is in
`word_reading` (the paragraphs) and `word_comments` (the comments)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Moved", "Revision", "Unplaced", "WordComment", "WordDocument", "WordParagraph"]


class Moved(StrEnum):
    FROM = "from"  # the place a moved paragraph left (w:moveFrom)
    TO = "to"  # the place it went (w:moveTo)


@dataclass(frozen=True)
class Revision:
    """One tracked change: its kind (ins, del, moveFrom, moveTo, pPrChange, rPrChange), who, when."""

    kind: str
    author: str
    date: str | None  # ISO 8601 as Word wrote it (w:date), None if absent


@dataclass(frozen=True)
class WordParagraph:
    """One paragraph of the document body, in document order (tables and text boxes are not in it)."""

    index: int  # 0-based among the body's paragraphs: its place in the file, for messages ("paragraph {index + 1}")
    before: str  # as it was: every insertion rejected, every deletion kept (Markdown, see `read_docx`)
    after: str  # as it reads once every change is accepted
    bookmarks: tuple[str, ...] = ()  # names of the bookmarks that start in it (not Word's own, "_GoBack" …)
    inserted: bool = False  # the whole paragraph is new: no text before the changes, some after
    deleted: bool = False  # the whole paragraph goes: text before the changes, none after
    # A moved paragraph (all its text in w:moveFrom, or all in w:moveTo), only when its other end is
    # found: by the move range's w:name, else (LibreOffice writes no names) by the same text. It is
    # `deleted` (from) or `inserted` (to) as well. A move of several paragraphs gives them one name.
    moved: Moved | None = None
    move_name: str = ""  # w:name that pairs a moveFrom with its moveTo ("_move1" … when paired by text)
    revisions: tuple[
        Revision, ...
    ] = ()  # every tracked change in it, in the order of the file (one split run by run, once)
    heading: int = 0  # its outline level when a Heading style, else 0
    numbered: bool = False  # a list paragraph (w:numPr), or its text began with a paragraph number that was taken off
    label: str = ""  # the number ("12.") or bullet ("•") taken off the start of its text, "" if none

    @property
    def changed(self) -> bool:
        return bool(self.revisions) and (
            self.before != self.after or self.inserted or self.deleted or self.moved is not None
        )


@dataclass(frozen=True)
class WordComment:
    """A margin comment, anchored in one paragraph (the one its range starts in)."""

    id: str  # w:id in comments.xml
    author: str
    date: str | None
    body: str  # Markdown: its paragraphs joined by an empty line
    paragraph: int  # WordParagraph.index of the paragraph its range starts in
    start: int | None  # offsets of the commented words in that paragraph's `before` text (None: not in it)
    end: int | None
    after_start: int | None = None  # the same in its `after` text
    after_end: int | None = None
    parent: str | None = None  # the id of the comment it replies to (commentsExtended.xml w15:paraIdParent)
    resolved: bool = False  # marked done in Word (w15:done)


@dataclass(frozen=True)
class Unplaced:
    """Something of the file that is not read as a paragraph: a table, an image, a text box …"""

    where: str  # "table 1", "image in paragraph 12" …: its place in the file (a Phrase, said in the reader's words)
    reason: str  # a gettext message id
    params: dict[str, str] = field(default_factory=dict)  # the reason's parameters


@dataclass(frozen=True)
class WordDocument:
    paragraphs: tuple[WordParagraph, ...]
    comments: tuple[WordComment, ...]
    unplaced: tuple[Unplaced, ...]
    own: bool = False  # Accord's own file: the title block it writes was found (and left out of `paragraphs`)

    @property
    def tracked(self) -> bool:
        """Does it hold any tracked change (else it is a clean rewrite, compared paragraph by paragraph)?"""
        return any(p.revisions for p in self.paragraphs)
