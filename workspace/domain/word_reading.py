"""Reading a Word file (.docx) as Accord needs it: each body paragraph as it was before the changes
tracked in it (every `w:ins` rejected, every `w:del` kept) and as it reads once they are accepted,
with who made them and when, its bookmarks (Accord's own Word files name each paragraph's eId), and
the margin comments anchored in it with their replies. Pure: bytes in, values out.

INTERFACE STUB: the reader is being written (see tests/unit/domain/test_word_reading.py); the
services are built on these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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

    index: int  # 0-based among the body's paragraphs: its place in the file, for messages
    before: str  # as it was: every insertion rejected, every deletion kept (Markdown, see `read_docx`)
    after: str  # as it reads once every change is accepted
    bookmarks: tuple[str, ...] = ()  # names of the bookmarks that start in it
    inserted: bool = False  # the whole paragraph is new (its mark is inserted, or all of its text is)
    deleted: bool = False  # the whole paragraph goes (its mark is deleted, or all of its text is)
    moved: Moved | None = None  # a moved paragraph: where it left, or where it went
    move_name: str = ""  # w:name that pairs a moveFrom with its moveTo
    revisions: tuple[Revision, ...] = ()  # every tracked change in it, in order
    heading: int = 0  # its outline level when a Heading style, else 0
    numbered: bool = False  # a list paragraph (w:numPr), or its text began with a paragraph number that was taken off

    @property
    def changed(self) -> bool:
        return bool(self.revisions) and (self.before != self.after or self.inserted or self.deleted or self.moved is not None)


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


@dataclass(frozen=True)
class Unplaced:
    """Something of the file that is not read as a paragraph: a table, an image, a text box …"""

    where: str  # "table 1", "image in paragraph 12" …: its place in the file
    reason: str  # a gettext message id
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WordDocument:
    paragraphs: tuple[WordParagraph, ...]
    comments: tuple[WordComment, ...]
    unplaced: tuple[Unplaced, ...]

    @property
    def tracked(self) -> bool:
        """Does it hold any tracked change (else it is a clean rewrite, compared paragraph by paragraph)?"""
        return any(p.revisions for p in self.paragraphs)


MAX_DOCX = 20 * 1024 * 1024  # bytes of the file
MAX_UNPACKED = 200 * 1024 * 1024  # bytes of all its parts unpacked: a zip bomb stops here


def read_docx(data: bytes, file: str) -> WordDocument:
    """The document's paragraphs, comments and what is not read. ImportFailed (naming the file and
    the part) for what is not a Word document Accord can read: not a zip, a macro-enabled document,
    an encrypted one, a zip bomb, XML with a DTD or entities."""
    raise NotImplementedError
