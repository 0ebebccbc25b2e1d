"""The body of a Word document in order: its paragraphs read (`word_text`), None where a table stands
between them, and what is not read; then what the changes of paragraph marks mean (see `word_reading`)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

from lxml import etree

from ..errors import N_, Phrase
from ..limits import MAX_PARAGRAPHS
from .word_markdown import has_text, take_label
from .word_styles import q
from .word_text import Item, Mark, ParagraphReader, RawParagraph

_P, _TBL, _SDT, _SDT_CONTENT, _CUSTOM_XML = q("p"), q("tbl"), q("sdt"), q("sdtContent"), q("customXml")
_BOOKMARK, _C_START, _C_END, _C_REF = (
    q("bookmarkStart"),
    q("commentRangeStart"),
    q("commentRangeEnd"),
    q("commentReference"),
)
# Where such an object stands, as a reader names it.
_OBJECT_PLACES = {
    "image": N_("image in paragraph {n}"),
    "text box": N_("text box in paragraph {n}"),
    "equation": N_("equation in paragraph {n}"),
    "note": N_("note in paragraph {n}"),
}
_OBJECT_REASONS = {
    "image": N_("An image in paragraph {n} is not read."),
    "text box": N_("A text box in paragraph {n} is not read: its text, changes and comments are left out."),
    "equation": N_("An equation in paragraph {n} is not read."),
    "note": N_(
        "A note (footnote or endnote) in paragraph {n} is not read: its text, changes and comments are left out."
    ),
}


MAX_ELEMENTS = 10 * MAX_PARAGRAPHS
"""Paragraph elements of a body, empty ones included (Word files space their text with empty paragraphs)."""


class TooLong(Exception):
    """The body holds more paragraphs than a file may: `count` read so far, over `limit`."""

    def __init__(self, count: int, limit: int) -> None:
        super().__init__(count, limit)
        self.count, self.limit = count, limit


class Body:
    """The body's paragraphs in order (None where a table stands between them), and what is not read.
    Stops (TooLong) at the first paragraph with text over MAX_PARAGRAPHS, or element over MAX_ELEMENTS."""

    def __init__(self, reader: ParagraphReader) -> None:
        self.reader = reader
        self.blocks: list[RawParagraph | None] = []
        self.unplaced: list[tuple[Phrase, str, dict[str, str]]] = []  # where, why (a message id), its parameters
        self.in_table: dict[str, int] = {}  # comment id → the table its range starts in
        self._index = count()
        self._tables = count(1)
        self._bookmarks: list[str] = []  # between paragraphs: they belong to the next one
        self._starts: list[str] = []
        self._texts = 0  # paragraphs with text read so far
        # What each child of the body (or of a content control around paragraphs) is read by; any other may be
        # a move range between paragraphs (`ParagraphReader.move_range`).
        self._readers: dict[object, Callable[[etree._Element], None]] = {
            _P: self._paragraph,
            _TBL: self._table,
            _SDT: self._content_control,
            _CUSTOM_XML: self.walk,
            _BOOKMARK: self._bookmark,
            _C_START: self._comment_start,
            _C_END: self._comment_end,
        }

    def walk(self, container: etree._Element) -> None:
        """The children of `container` read in order: the body's, or those of an element around paragraphs."""
        for child in container:
            reader = self._readers.get(child.tag)
            if reader is None:
                self.reader.move_range(child)
            else:
                reader(child)

    def _content_control(self, control: etree._Element) -> None:
        """A content control's paragraphs (w:sdtContent), as if it were not there."""
        content = control.find(_SDT_CONTENT)
        if content is not None:
            self.walk(content)

    def _bookmark(self, bookmark: etree._Element) -> None:
        """A bookmark between paragraphs, kept for the next one (unless it is one of Word's own)."""
        name = bookmark.get(q("name")) or ""
        if name and not name.startswith("_"):
            self._bookmarks.append(name)

    def _comment_start(self, start: etree._Element) -> None:
        """A comment's range starting between paragraphs: it starts in the next one."""
        self._starts.append(start.get(q("id")) or "")

    def _comment_end(self, end: etree._Element) -> None:
        """A comment's range ending between paragraphs: it ends at the end of the one before (if a paragraph)."""
        last = self.blocks[-1] if self.blocks else None
        if last is not None:
            mark = Mark(end.get(q("id")) or "", False)
            last.before.append(mark)
            last.after.append(mark)

    def _paragraph(self, element: etree._Element) -> None:
        index = next(self._index)
        if index >= MAX_ELEMENTS:
            raise TooLong(index + 1, MAX_ELEMENTS)
        raw = self.reader.read(element, index)
        if has_text(raw.before) or has_text(raw.after):
            self._texts += 1
            if self._texts > MAX_PARAGRAPHS:
                raise TooLong(self._texts, MAX_PARAGRAPHS)
        if self._starts:
            marks = [Mark(comment, True) for comment in self._starts]
            raw.before[:0] = marks
            raw.after[:0] = marks
            raw.starts[:0] = self._starts
            self._starts = []
        if self._bookmarks:
            raw.bookmarks[:0] = self._bookmarks
            self._bookmarks = []
        for kind in raw.objects:
            self.unplaced.append(
                (Phrase(_OBJECT_PLACES[kind], n=raw.index + 1), _OBJECT_REASONS[kind], {"n": str(raw.index + 1)})
            )
        self.blocks.append(raw)

    def _table(self, table: etree._Element) -> None:
        number = next(self._tables)
        self.blocks.append(None)
        self.unplaced.append(
            (
                Phrase(N_("table {n}"), n=number),
                N_("Table {n} is not read: its text, changes and comments are left out."),
                {"n": str(number)},
            )
        )
        for element in table.iter(_C_START, _C_REF, *_RANGE_TAGS):
            if element.tag in (_C_START, _C_REF):
                self.in_table.setdefault(element.get(q("id")) or "", number)
            else:
                self.reader.move_range(element)


_RANGE_TAGS = (q("moveFromRangeStart"), q("moveFromRangeEnd"), q("moveToRangeStart"), q("moveToRangeEnd"))


def take_labels(blocks: list[RawParagraph | None]) -> dict[int, str]:
    """Each paragraph's own number or bullet taken off its two texts, before paragraphs are joined."""
    labels = {}
    for raw in blocks:
        if raw is None:
            continue
        raw.before, before = take_label(raw.before)
        raw.after, after = take_label(raw.after)
        if before or after:
            labels[raw.index] = after or before
    return labels


def join(blocks: list[RawParagraph | None]) -> None:
    """Paragraphs whose mark is deleted (inserted) run on into the next ones after (before) the changes."""
    for i, raw in enumerate(blocks):
        if raw is None:
            continue
        for side, flag in (("after", "mark_deleted"), ("before", "mark_inserted")):
            items: list[Item] = getattr(raw, side)
            if not getattr(raw, flag) or not has_text(items):
                continue
            j = i
            while getattr(blocks[j], flag) and j + 1 < len(blocks) and (following := blocks[j + 1]) is not None:
                joined = getattr(following, side)
                if has_text(joined):  # its changes are now this paragraph's too
                    raw.revisions.extend(r for r in following.revisions if r not in raw.revisions)
                items.extend(joined)
                setattr(following, side, [])
                j += 1
