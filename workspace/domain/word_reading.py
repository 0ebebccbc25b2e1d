"""Reading a Word file (.docx) as Accord needs it: each body paragraph as it was before the changes
tracked in it (every `w:ins` rejected, every `w:del` kept) and as it reads once they are accepted,
with who made them and when, its bookmarks (Accord's own Word files name each paragraph's eId), and
the margin comments anchored in it with their replies. Pure: bytes in, values out.

How the parts are read: the package and its refusals in `word_package`, a paragraph's runs in
`word_text`, their Markdown in `word_markdown`; here, the body in order and what a change of a
paragraph mark means. Word keeps a paragraph's mark as the last character of the paragraph: when it
is deleted, the paragraph runs on into the next one once the changes are accepted; when it is
inserted, the paragraph was split in two. So a paragraph whose mark is deleted but whose text is
kept (two paragraphs joined) reads, after the changes, with the next paragraph's text at its end,
and that next paragraph is then `deleted` (its text went into the one before); one whose mark is
inserted while it had text before (a paragraph split) reads, before the changes, with the next
paragraph's text at its end, and that next one is `inserted`. A paragraph whose mark and all its
text are deleted is simply `deleted` (Word writes a deleted paragraph so: LibreOffice marks the
mark of the paragraph before, which joins nothing since the deleted one's text is gone).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import count

from lxml import etree

from .errors import N_, ImportFailed
from .word_markdown import has_text, markdown, take_label
from .word_package import MAX_DOCX, MAX_UNPACKED, Package, open_package
from .word_styles import Styles, q
from .word_text import W14, Item, Mark, ParagraphReader, RawParagraph

__all__ = ["MAX_DOCX", "MAX_UNPACKED", "Moved", "Revision", "Unplaced", "WordComment", "WordDocument", "WordParagraph",
           "read_docx"]
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


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
    revisions: tuple[Revision, ...] = ()  # every tracked change in it, in the order of the file
    heading: int = 0  # its outline level when a Heading style, else 0
    numbered: bool = False  # a list paragraph (w:numPr), or its text began with a paragraph number that was taken off
    label: str = ""  # the number ("12.") or bullet ("•") taken off the start of its text, "" if none

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
    resolved: bool = False  # marked done in Word (w15:done)


@dataclass(frozen=True)
class Unplaced:
    """Something of the file that is not read as a paragraph: a table, an image, a text box …"""

    where: str  # "table 1", "image in paragraph 12" …: its place in the file
    reason: str  # a gettext message id
    params: dict[str, str] = field(default_factory=dict)  # the reason's parameters


@dataclass(frozen=True)
class WordDocument:
    paragraphs: tuple[WordParagraph, ...]
    comments: tuple[WordComment, ...]
    unplaced: tuple[Unplaced, ...]

    @property
    def tracked(self) -> bool:
        """Does it hold any tracked change (else it is a clean rewrite, compared paragraph by paragraph)?"""
        return any(p.revisions for p in self.paragraphs)



_P, _TBL, _BODY, _SDT, _SDT_CONTENT, _CUSTOM_XML = q("p"), q("tbl"), q("body"), q("sdt"), q("sdtContent"), q("customXml")
_BOOKMARK, _C_START, _C_END, _C_REF = q("bookmarkStart"), q("commentRangeStart"), q("commentRangeEnd"), q("commentReference")
_OBJECT_REASONS = {
    "image": N_("An image in paragraph {n} is not read."),
    "text box": N_("A text box in paragraph {n} is not read: its text, changes and comments are left out."),
    "equation": N_("An equation in paragraph {n} is not read."),
}


def read_docx(data: bytes, file: str) -> WordDocument:
    """The document's paragraphs, comments and what is not read. ImportFailed (naming the file and
    the part) for what is not a Word document Accord can read: not a zip, a macro-enabled document,
    an encrypted one, a zip bomb, XML with a DTD or entities.

    Paragraphs are the body's own (`w:body`'s, and those of a content control around them) in order;
    a table is not read but listed in `unplaced`, as are an image, a text box or an equation in a
    paragraph. A paragraph with no text before the changes nor after them is left out (its index is
    kept by the others). The texts are Markdown (see `word_markdown`): bold, italic and links marked,
    a leading paragraph number ("12." and a tab or a space) or bullet taken off (`label`)."""
    package = open_package(data, file)
    body = package.document.root.find(_BODY)
    if body is None:
        raise ImportFailed(file, None, N_("The file is not a Word document (.docx)."))
    styles = Styles(package.styles)
    body_reader = _Body(ParagraphReader(styles, package.document.links))
    body_reader.walk(body)
    blocks, unplaced = body_reader.blocks, body_reader.unplaced
    labels = _labels(blocks)
    _join(blocks)
    paragraphs, before_at, after_at = _paragraphs(blocks, labels, styles)
    comments = _comments(package, styles, body_reader, paragraphs, before_at, after_at, unplaced)
    return WordDocument(tuple(paragraphs), tuple(comments), tuple(unplaced))


class _Body:
    """The body's paragraphs in order (None where a table stands between them), and what is not read."""

    def __init__(self, reader: ParagraphReader) -> None:
        self.reader = reader
        self.blocks: list[RawParagraph | None] = []
        self.unplaced: list[Unplaced] = []
        self.in_table: dict[str, int] = {}  # comment id → the table its range starts in
        self._index = count()
        self._tables = count(1)
        self._bookmarks: list[str] = []  # between paragraphs: they belong to the next one
        self._starts: list[str] = []

    def walk(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self._paragraph(child)
            elif tag == _TBL:
                self._table(child)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.walk(content)
            elif tag == _CUSTOM_XML:
                self.walk(child)
            elif tag == _BOOKMARK:
                name = child.get(q("name")) or ""
                if name and not name.startswith("_"):
                    self._bookmarks.append(name)
            elif tag == _C_START:
                self._starts.append(child.get(q("id")) or "")
            elif tag == _C_END:
                last = self.blocks[-1] if self.blocks else None
                if last is not None:
                    mark = Mark(child.get(q("id")) or "", False)
                    last.before.append(mark)
                    last.after.append(mark)
            else:
                self.reader.move_range(child)

    def _paragraph(self, element: etree._Element) -> None:
        raw = self.reader.read(element, next(self._index))
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
            self.unplaced.append(Unplaced(f"{kind} in paragraph {raw.index + 1}", _OBJECT_REASONS[kind], {"n": str(raw.index + 1)}))
        self.blocks.append(raw)

    def _table(self, table: etree._Element) -> None:
        number = next(self._tables)
        self.blocks.append(None)
        self.unplaced.append(Unplaced(f"table {number}", N_("Table {n} is not read: its text, changes and comments are left out."),
                                      {"n": str(number)}))
        for element in table.iter(_C_START, _C_REF, *_RANGE_TAGS):
            if element.tag in (_C_START, _C_REF):
                self.in_table.setdefault(element.get(q("id")) or "", number)
            else:
                self.reader.move_range(element)


_RANGE_TAGS = (q("moveFromRangeStart"), q("moveFromRangeEnd"), q("moveToRangeStart"), q("moveToRangeEnd"))


def _labels(blocks: list[RawParagraph | None]) -> dict[int, str]:
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


def _join(blocks: list[RawParagraph | None]) -> None:
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
                items.extend(getattr(following, side))
                setattr(following, side, [])
                raw.revisions.extend(r for r in following.revisions if r not in raw.revisions)
                j += 1


def _paragraphs(blocks: list[RawParagraph | None], labels: dict[int, str],
                styles: Styles) -> tuple[list[WordParagraph], dict[Mark, tuple[int, int]], dict[Mark, tuple[int, int]]]:
    """The paragraphs read, and where each comment mark is in their texts: mark → (index, offset)."""
    out: list[WordParagraph] = []
    before_at: dict[Mark, tuple[int, int]] = {}
    after_at: dict[Mark, tuple[int, int]] = {}
    for raw in blocks:
        if raw is None:
            continue
        heading = raw.outline + 1 if raw.outline is not None and raw.outline < 9 else styles.heading(raw.style)
        before, before_marks = markdown(raw.before, heading > 0)
        after, after_marks = markdown(raw.after, heading > 0)
        if not before and not after:
            continue
        for mark, at in before_marks.items():
            before_at.setdefault(mark, (raw.index, at))
        for mark, at in after_marks.items():
            after_at.setdefault(mark, (raw.index, at))
        out.append(WordParagraph(
            index=raw.index, before=before, after=after, bookmarks=tuple(raw.bookmarks),
            inserted=not before, deleted=not after,
            moved=Moved.FROM if not after and raw.before_moved else Moved.TO if not before and raw.after_moved else None,
            move_name=raw.move_from if not after else raw.move_to,
            revisions=tuple(Revision(*r) for r in raw.revisions), heading=heading,
            numbered=raw.numbered or raw.index in labels or (not heading and styles.numbered(raw.style)),
            label=labels.get(raw.index, ""),
        ))
    return _paired(out), before_at, after_at


def _paired(paragraphs: list[WordParagraph]) -> list[WordParagraph]:
    """Moves whose two ends are found, by name, else by the same text; the others are no moves."""
    ends = {side: [p for p in paragraphs if p.moved == side] for side in Moved}
    named = {p.move_name for p in ends[Moved.FROM] if p.move_name} & {p.move_name for p in ends[Moved.TO] if p.move_name}
    names: dict[int, str] = {p.index: p.move_name for side in Moved for p in ends[side] if p.move_name in named}
    unpaired_to = [p for p in ends[Moved.TO] if p.index not in names]
    made = count(1)
    for origin in ends[Moved.FROM]:
        if origin.index in names:
            continue
        target = next((p for p in unpaired_to if p.after == origin.before), None)
        if target is not None:
            unpaired_to.remove(target)
            names[origin.index] = names[target.index] = f"_move{next(made)}"
    return [p if p.moved is None or p.index in names and p.move_name == names[p.index]
            else replace(p, moved=p.moved if p.index in names else None, move_name=names.get(p.index, ""))
            for p in paragraphs]


Place = tuple[int, int | None, int | None, int | None, int | None]  # paragraph, start, end, after_start, after_end


def _comments(package: Package, styles: Styles, body: _Body, paragraphs: list[WordParagraph],
              before_at: dict[Mark, tuple[int, int]], after_at: dict[Mark, tuple[int, int]],
              unplaced: list[Unplaced]) -> list[WordComment]:
    """The comments on words of the body's paragraphs; the others are listed in `unplaced`."""
    if package.comments is None:
        return []
    texts = {p.index: p for p in paragraphs}
    references = {comment: raw.index for raw in body.blocks if raw is not None for comment in raw.references}
    reader = ParagraphReader(styles, package.comments.links)
    threads = _threads(package.comments_extended)
    read: list[tuple[etree._Element, str, str, bool]] = []  # the comment, its body, its last paragraph's id, resolved
    by_paragraph_id: dict[str, str] = {}
    for element in package.comments.root.iter(q("comment")):
        paragraphs_of = list(element.iter(_P))
        body_text = "\n\n".join(text for p in paragraphs_of if (text := markdown(reader.read(p, 0).after)[0]))
        last = paragraphs_of[-1].get(f"{{{W14}}}paraId") or "" if paragraphs_of else ""
        by_paragraph_id.setdefault(last, element.get(q("id")) or "")
        read.append((element, body_text, last, threads.get(last, ("", False))[1]))

    def place(comment: str) -> Place | None:
        # The paragraph whose text holds the commented words: before the changes, else after them (words
        # all inserted, in a paragraph whose marks went into the one before it), else where the range starts.
        starts = [at[Mark(comment, True)][0] for at in (before_at, after_at) if Mark(comment, True) in at]
        if not starts:
            index = references.get(comment)
            return (index, None, None, None, None) if index in texts else None  # type: ignore[return-value]
        spans = {index: (_span(before_at, comment, index, len(texts[index].before)),
                         _span(after_at, comment, index, len(texts[index].after))) for index in starts}
        index = next((i for i in starts if spans[i][0][0] is not None), None)
        index = next((i for i in starts if spans[i][1][0] is not None), starts[0]) if index is None else index
        return (index, *spans[index][0], *spans[index][1])

    out: list[WordComment] = []
    places: dict[str, Place | None] = {}
    for number, (element, body_text, last, resolved) in enumerate(read, 1):
        comment = element.get(q("id")) or ""
        parent = by_paragraph_id.get(threads.get(last, ("", False))[0]) if last in threads else None
        places[comment] = where = place(comment) or (places.get(parent) if parent is not None else None)
        author = element.get(q("author")) or ""
        if where is None:
            table = body.in_table.get(comment) or (body.in_table.get(parent) if parent is not None else None)
            params = {"n": str(number), "author": author}
            if table is not None:
                unplaced.append(Unplaced(f"comment {number}", N_("Comment {n} ({author}) is on words in table {table}: it is not read."),
                                         {**params, "table": str(table)}))
            else:
                unplaced.append(Unplaced(f"comment {number}", N_("Comment {n} ({author}) is not on words of a paragraph of the "
                                                                 "document (it is in a header, a footnote or a text box, or on an "
                                                                 "empty paragraph): it is not read."), params))
            continue
        out.append(WordComment(id=comment, author=author, date=element.get(q("date")) or None, body=body_text,
                               paragraph=where[0], start=where[1], end=where[2], after_start=where[3], after_end=where[4],
                               parent=parent if parent != comment else None, resolved=resolved))
    placed = {c.id for c in out}
    return [c if c.parent is None or c.parent in placed else replace(c, parent=None) for c in out]


def _span(marks: dict[Mark, tuple[int, int]], comment: str, index: int, length: int) -> tuple[int | None, int | None]:
    """The commented words' offsets in one text of paragraph `index`: clipped to its end when the range
    runs on into the next paragraph; None when they are not in that text."""
    start = marks.get(Mark(comment, True))
    if start is None or start[0] != index:
        return None, None
    end = marks.get(Mark(comment, False))
    stop = end[1] if end is not None and end[0] == index and end[1] >= start[1] else length
    return (start[1], stop) if start[1] < stop else (None, None)


def _threads(root: etree._Element | None) -> dict[str, tuple[str, bool]]:
    """commentsExtended.xml: a comment's last paragraph id → (its parent's, resolved)."""
    if root is None:
        return {}
    return {element.get(f"{{{W15}}}paraId") or "": (element.get(f"{{{W15}}}paraIdParent") or "",
                                                       (element.get(f"{{{W15}}}done") or "0") in ("1", "true", "on"))
            for element in root.iter(f"{{{W15}}}commentEx")}
