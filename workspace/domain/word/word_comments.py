"""The margin comments of a Word file (comments.xml; commentsExtended.xml says which one replies to which and
which are resolved), each anchored in the body paragraph its range starts in, at the offsets of its words in
that paragraph's two texts. `word_reading` reads the paragraphs and finds where each comment mark falls in their
texts (`MarkPlaces`); here, what each comment says and where it stands. A comment on no words of a body
paragraph, and a mark of the body that names no comment of the file, are listed as not read."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from ..errors import N_, ImportFailed, Phrase
from .word_body import Body
from .word_document import Unplaced, WordComment, WordParagraph
from .word_markdown import markdown
from .word_package import Package, Part
from .word_styles import Styles, q
from .word_text import W14, Mark, ParagraphReader, Uncarried

__all__ = ["MarkPlaces", "Marks", "comment_ids", "dangling_marks", "read_comments"]

W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_P, _COMMENT, _ID, _AUTHOR, _DATE = q("p"), q("comment"), q("id"), q("author"), q("date")

Marks = dict[Mark, tuple[int, int]]
"""Where each comment mark falls in one text of the paragraphs: mark → (the paragraph's index, its offset)."""
Place = tuple[int, int | None, int | None, int | None, int | None]  # paragraph, start, end, after_start, after_end
Thread = tuple[str, bool]  # the w14:paraId of the comment it replies to ("" if none), resolved


@dataclass(frozen=True)
class MarkPlaces:
    """Where each comment mark falls in the paragraphs' texts, before the changes and after them."""

    before: Marks
    after: Marks


@dataclass(frozen=True)
class _Comment:
    """One comment of comments.xml as read: its element, its place among the file's comments (1 …, as messages
    name it), its body as Markdown and the w14:paraId of its last paragraph (what commentsExtended.xml names it by)."""

    element: etree._Element
    number: int
    body: str
    last: str

    @property
    def id(self) -> str:
        return self.element.get(_ID) or ""


def comment_ids(package: Package) -> set[str]:
    """The ids (w:id) of the comments the file holds."""
    if package.comments is None:
        return set()
    return {element.get(_ID) or "" for element in package.comments.root.iter(_COMMENT)}


def dangling_marks(body: Body, known: set[str], unplaced: list[Unplaced]) -> None:
    """A comment mark of the body (its reference, or the start of its range) naming a comment the file does not
    hold: Word shows nothing there, and nothing is read for it; said once per comment id."""
    said: set[str] = set()
    for raw in body.blocks:
        if raw is None:
            continue
        for comment in [*raw.references, *raw.starts]:
            if comment not in known and comment not in said:
                said.add(comment)
                unplaced.append(
                    Unplaced(
                        Phrase(N_("paragraph {n}"), n=raw.index + 1),
                        N_(
                            "A comment mark in paragraph {n} names comment {id}, which the file does not hold: "
                            "nothing is read for it."
                        ),
                        {"n": str(raw.index + 1), "id": comment},
                    )
                )


def read_comments(
    package: Package,
    styles: Styles,
    body: Body,
    paragraphs: list[WordParagraph],
    marks: MarkPlaces,
    unplaced: list[Unplaced],
    file: str,
) -> list[WordComment]:
    """The comments on words of the body's `paragraphs` (read), where `marks` fall in their texts; the others are
    listed in `unplaced`. ImportFailed for a comment holding a character no file can carry."""
    if package.comments is None:
        return []
    anchors = _Anchors(marks, {p.index: p for p in paragraphs}, _references(body))
    comments = _read_all(package.comments, styles, file)
    threads = _threads(package.comments_extended)
    by_paragraph_id = _by_paragraph_id(comments)
    out: list[WordComment] = []
    places: dict[str, Place | None] = {}
    for comment in comments:
        thread = threads.get(comment.last)
        parent = by_paragraph_id.get(thread[0]) if thread is not None else None
        # a reply on no words of its own stands where the comment it answers stands
        places[comment.id] = where = anchors.place(comment.id) or (places.get(parent) if parent is not None else None)
        if where is None:
            unplaced.append(_not_read(comment, parent, body.in_table))
        else:
            out.append(_word_comment(comment, where, parent, resolved=thread is not None and thread[1]))
    placed = {c.id for c in out}
    return [c if c.parent is None or c.parent in placed else replace(c, parent=None) for c in out]


def _references(body: Body) -> dict[str, int]:
    """Each comment's reference (w:commentReference) → the index of the paragraph it stands in."""
    return {comment: raw.index for raw in body.blocks if raw is not None for comment in raw.references}


def _read_all(part: Part, styles: Styles, file: str) -> list[_Comment]:
    """Every comment of comments.xml, in the order of the file."""
    reader = ParagraphReader(styles, part.links)
    return [_read_one(reader, element, number, file) for number, element in enumerate(part.root.iter(_COMMENT), 1)]


def _read_one(reader: ParagraphReader, element: etree._Element, number: int, file: str) -> _Comment:
    """Comment `number`: its paragraphs' texts as Markdown, joined by an empty line."""
    paragraphs = list(element.iter(_P))
    try:
        body = "\n\n".join(text for p in paragraphs if (text := markdown(reader.read(p, 0).after)[0]))
    except Uncarried as exc:
        raise ImportFailed(
            file,
            None,
            N_("Comment {n} holds a character that no file can carry (U+{code}): remove it and send the file again."),
            n=number,
            code=exc.code,
        ) from None
    last = paragraphs[-1].get(f"{{{W14}}}paraId") or "" if paragraphs else ""
    return _Comment(element, number, body, last)


def _by_paragraph_id(comments: list[_Comment]) -> dict[str, str]:
    """The id of the comment each w14:paraId ends (the first one, if a damaged file repeats it)."""
    found: dict[str, str] = {}
    for comment in comments:
        found.setdefault(comment.last, comment.id)
    return found


def _threads(root: etree._Element | None) -> dict[str, Thread]:
    """commentsExtended.xml: a comment's last paragraph id → (its parent's, resolved)."""
    if root is None:
        return {}
    return {
        element.get(f"{{{W15}}}paraId") or "": (
            element.get(f"{{{W15}}}paraIdParent") or "",
            (element.get(f"{{{W15}}}done") or "0") in ("1", "true", "on"),
        )
        for element in root.iter(f"{{{W15}}}commentEx")
    }


@dataclass(frozen=True)
class _Anchors:
    """What places a comment: where the marks of its range fall, the paragraphs read, and where its reference is."""

    marks: MarkPlaces
    texts: dict[int, WordParagraph]
    references: dict[str, int]

    def place(self, comment: str) -> Place | None:
        """The paragraph whose text holds the commented words: before the changes, else after them (words all
        inserted, in a paragraph whose marks went into the one before it), else where the range starts; else the
        one its reference stands in, on no words. None: it is on no paragraph read."""
        start = Mark(comment, True)
        starts = [at[start][0] for at in (self.marks.before, self.marks.after) if start in at]
        if not starts:
            index = self.references.get(comment)
            return (index, None, None, None, None) if index in self.texts else None
        spans = {
            index: (
                _span(self.marks.before, comment, index, len(self.texts[index].before)),
                _span(self.marks.after, comment, index, len(self.texts[index].after)),
            )
            for index in starts
        }
        index = next((i for i in starts if spans[i][0][0] is not None), None)
        index = next((i for i in starts if spans[i][1][0] is not None), starts[0]) if index is None else index
        return (index, *spans[index][0], *spans[index][1])


def _span(marks: Marks, comment: str, index: int, length: int) -> tuple[int | None, int | None]:
    """The commented words' offsets in one text of paragraph `index`: clipped to its end when the range
    runs on into the next paragraph; None when they are not in that text."""
    start = marks.get(Mark(comment, True))
    if start is None or start[0] != index:
        return None, None
    end = marks.get(Mark(comment, False))
    stop = end[1] if end is not None and end[0] == index and end[1] >= start[1] else length
    return (start[1], stop) if start[1] < stop else (None, None)


def _not_read(comment: _Comment, parent: str | None, in_table: dict[str, int]) -> Unplaced:
    """Why a comment on no words of a paragraph read is not read: it is in a table (or replies to one that is),
    or on words of no paragraph of the body."""
    table = in_table.get(comment.id) or (in_table.get(parent) if parent is not None else None)
    params = {"n": str(comment.number), "author": comment.element.get(_AUTHOR) or ""}
    where = Phrase(N_("comment {n}"), n=comment.number)
    if table is not None:
        return Unplaced(
            where,
            N_("Comment {n} ({author}) is on words in table {table}: it is not read."),
            {**params, "table": str(table)},
        )
    return Unplaced(
        where,
        N_(
            "Comment {n} ({author}) is not on words of a paragraph of the "
            "document (it is in a header, a footnote or a text box, or on an "
            "empty paragraph): it is not read."
        ),
        params,
    )


def _word_comment(comment: _Comment, where: Place, parent: str | None, resolved: bool) -> WordComment:
    """A comment read, at its place."""
    return WordComment(
        id=comment.id,
        author=comment.element.get(_AUTHOR) or "",
        date=comment.element.get(_DATE) or None,
        body=comment.body,
        paragraph=where[0],
        start=where[1],
        end=where[2],
        after_start=where[3],
        after_end=where[4],
        parent=parent if parent != comment.id else None,
        resolved=resolved,
    )
