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

from ..errors import N_, NN_, ImportFailed, Phrase
from ..limits import MAX_WORD_COMMENTS
from .word_body import Body, TooLong, join, take_labels
from .word_markdown import markdown
from .word_package import MAX_DOCX, MAX_UNPACKED, Package, open_package
from .word_styles import Styles, q
from .word_text import W14, Mark, ParagraphReader, RawParagraph, Uncarried

__all__ = [
    "FRONT_BOOKMARK",
    "MAX_DOCX",
    "MAX_UNPACKED",
    "Moved",
    "Revision",
    "Unplaced",
    "WordComment",
    "WordDocument",
    "WordParagraph",
    "read_docx",
]
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
FRONT_BOOKMARK = "AccordFront"
"""How Accord's own Word files name the bookmark of each paragraph of their title block (symbol, title, version,
"AccordFront1" …): no paragraph of the text, so not read as one. No eId can be named so (an eId is lowercase)."""


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

    @property
    def tracked(self) -> bool:
        """Does it hold any tracked change (else it is a clean rewrite, compared paragraph by paragraph)?"""
        return any(p.revisions for p in self.paragraphs)


_BODY, _P = q("body"), q("p")


def read_docx(data: bytes, file: str) -> WordDocument:
    """The document's paragraphs, comments and what is not read. ImportFailed (naming the file and
    the part) for what is not a Word document Accord can read: not a zip, a macro-enabled document,
    an encrypted one, a zip bomb, XML with a DTD or entities.

    Paragraphs are the body's own (`w:body`'s, and those of a content control around them) in order;
    a table is not read but listed in `unplaced`, as are an image, a text box, an equation or a note in
    a paragraph (`where`: "table 2", "image in paragraph 12", "text box …", "equation …", "note …"). A paragraph with no
    text before the changes nor after them is left out (its index is kept by the others), and so is the title block
    of Accord's own file (its paragraphs bookmarked `FRONT_BOOKMARK…`): the text's paragraphs follow it. The texts
    are Markdown (see `word_markdown`): bold, italic and links marked, a leading paragraph number ("12." and a tab or
    a space) or bullet taken off (`label`)."""
    package = open_package(data, file)
    body = package.document.root.find(_BODY)
    if body is None:
        raise ImportFailed(file, None, N_("The file is not a Word document (.docx)."))
    styles = Styles(package.styles)
    body_reader = Body(ParagraphReader(styles, package.document.links))
    try:
        body_reader.walk(body)
    except TooLong as exc:
        raise ImportFailed(
            file,
            None,
            NN_(
                "A Word file may hold at most {limit} paragraph: this one holds more, and is not read.",
                "A Word file may hold at most {limit} paragraphs: this one holds more, and is not read.",
                "limit",
            ),
            limit=exc.limit,
        ) from None
    except Uncarried as exc:
        raise ImportFailed(
            file,
            None,
            N_("Paragraph {n} holds a character that no file can carry (U+{code}): remove it and send the file again."),
            n=exc.index + 1,
            code=exc.code,
        ) from None
    blocks = body_reader.blocks
    unplaced = [Unplaced(where, reason, params) for where, reason, params in body_reader.unplaced]
    for (side, ident), at in sorted(body_reader.reader.opened.items(), key=lambda item: item[1]):
        unplaced.append(
            Unplaced(
                Phrase(N_("paragraph {n}"), n=at + 1),
                N_("A move (w:id {id}) begins at paragraph {n} and never ends: its text is read where it stands.")
                if side == "from"
                else N_(
                    "The new place of a move (w:id {id}) begins at paragraph {n} and never ends: its text is "
                    "read where it stands."
                ),
                {"n": str(at + 1), "id": ident},
            )
        )
    labels = take_labels(blocks)
    join(blocks)
    paragraphs, before_at, after_at = _paragraphs(blocks, labels, styles, unplaced)
    comments = _comments(package, styles, body_reader, paragraphs, before_at, after_at, unplaced, file)
    return WordDocument(tuple(paragraphs), tuple(comments), tuple(unplaced))


def _paragraphs(
    blocks: list[RawParagraph | None], labels: dict[int, str], styles: Styles, unplaced: list[Unplaced]
) -> tuple[list[WordParagraph], dict[Mark, tuple[int, int]], dict[Mark, tuple[int, int]]]:
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
        if (not before and not after) or any(name.startswith(FRONT_BOOKMARK) for name in raw.bookmarks):
            continue
        for mark, at in before_marks.items():
            before_at.setdefault(mark, (raw.index, at))
        for mark, at in after_marks.items():
            after_at.setdefault(mark, (raw.index, at))
        moved = Moved.FROM if not after and raw.before_moved else Moved.TO if not before and raw.after_moved else None
        out.append(
            WordParagraph(
                index=raw.index,
                before=before,
                after=after,
                bookmarks=tuple(raw.bookmarks),
                inserted=not before,
                deleted=not after,
                moved=moved,
                move_name=raw.move_from if moved == Moved.FROM else raw.move_to if moved == Moved.TO else "",
                revisions=tuple(Revision(*r) for r in raw.revisions),
                heading=heading,
                numbered=raw.numbered or raw.index in labels or (not heading and styles.numbered(raw.style)),
                label=labels.get(raw.index, ""),
            )
        )
    return _paired(out, unplaced), before_at, after_at


def _paired(paragraphs: list[WordParagraph], unplaced: list[Unplaced]) -> list[WordParagraph]:
    """Moves whose two ends are found, by name, else by the same text; the others are no moves (a deletion
    or an insertion where they stand), each listed in `unplaced` with why."""
    ends = {side: [p for p in paragraphs if p.moved == side] for side in Moved}
    named = {p.move_name for p in ends[Moved.FROM] if p.move_name} & {
        p.move_name for p in ends[Moved.TO] if p.move_name
    }
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
    for side in Moved:
        for p in ends[side]:
            if p.index not in names:
                reason = (
                    N_(
                        "Paragraph {n} is marked as moved away, but the file holds no place it moved to: it is read as "
                        "deleted."
                    )
                    if side == Moved.FROM
                    else N_(
                        "Paragraph {n} is marked as moved here, but the file holds no place it moved from: it is read "
                        "as inserted."
                    )
                )
                unplaced.append(Unplaced(Phrase(N_("paragraph {n}"), n=p.index + 1), reason, {"n": str(p.index + 1)}))
    return [
        p
        if p.moved is None or (p.index in names and p.move_name == names[p.index])
        else replace(p, moved=p.moved if p.index in names else None, move_name=names.get(p.index, ""))
        for p in paragraphs
    ]


Place = tuple[int, int | None, int | None, int | None, int | None]  # paragraph, start, end, after_start, after_end


def _comments(
    package: Package,
    styles: Styles,
    body: Body,
    paragraphs: list[WordParagraph],
    before_at: dict[Mark, tuple[int, int]],
    after_at: dict[Mark, tuple[int, int]],
    unplaced: list[Unplaced],
    file: str,
) -> list[WordComment]:
    """The comments on words of the body's paragraphs; the others, and the marks of the body that name
    no comment of the file, are listed in `unplaced`."""
    known = (
        {element.get(q("id")) or "" for element in package.comments.root.iter(q("comment"))}
        if package.comments is not None
        else set()
    )
    if len(known) > MAX_WORD_COMMENTS:
        raise ImportFailed(
            file,
            None,
            NN_(
                "A Word file may hold at most {limit} comment: this one holds more, and is not read.",
                "A Word file may hold at most {limit} comments: this one holds more, and is not read.",
                "limit",
            ),
            limit=MAX_WORD_COMMENTS,
        )
    _dangling(body, known, unplaced)
    if package.comments is None:
        return []
    texts = {p.index: p for p in paragraphs}
    references = {comment: raw.index for raw in body.blocks if raw is not None for comment in raw.references}
    reader = ParagraphReader(styles, package.comments.links)
    threads = _threads(package.comments_extended)
    read: list[tuple[etree._Element, str, str, bool]] = []  # the comment, its body, its last paragraph's id, resolved
    by_paragraph_id: dict[str, str] = {}
    for number, element in enumerate(package.comments.root.iter(q("comment")), 1):
        paragraphs_of = list(element.iter(_P))
        try:
            body_text = "\n\n".join(text for p in paragraphs_of if (text := markdown(reader.read(p, 0).after)[0]))
        except Uncarried as exc:
            raise ImportFailed(
                file,
                None,
                N_(
                    "Comment {n} holds a character that no file can carry (U+{code}): remove it "
                    "and send the file again."
                ),
                n=number,
                code=exc.code,
            ) from None
        last = paragraphs_of[-1].get(f"{{{W14}}}paraId") or "" if paragraphs_of else ""
        by_paragraph_id.setdefault(last, element.get(q("id")) or "")
        read.append((element, body_text, last, threads.get(last, ("", False))[1]))

    def place(comment: str) -> Place | None:
        # The paragraph whose text holds the commented words: before the changes, else after them (words
        # all inserted, in a paragraph whose marks went into the one before it), else where the range starts.
        starts = [at[Mark(comment, True)][0] for at in (before_at, after_at) if Mark(comment, True) in at]
        if not starts:
            index = references.get(comment)
            return (index, None, None, None, None) if index in texts else None
        spans = {
            index: (
                _span(before_at, comment, index, len(texts[index].before)),
                _span(after_at, comment, index, len(texts[index].after)),
            )
            for index in starts
        }
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
                unplaced.append(
                    Unplaced(
                        Phrase(N_("comment {n}"), n=number),
                        N_("Comment {n} ({author}) is on words in table {table}: it is not read."),
                        {**params, "table": str(table)},
                    )
                )
            else:
                unplaced.append(
                    Unplaced(
                        Phrase(N_("comment {n}"), n=number),
                        N_(
                            "Comment {n} ({author}) is not on words of a paragraph of the "
                            "document (it is in a header, a footnote or a text box, or on an "
                            "empty paragraph): it is not read."
                        ),
                        params,
                    )
                )
            continue
        out.append(
            WordComment(
                id=comment,
                author=author,
                date=element.get(q("date")) or None,
                body=body_text,
                paragraph=where[0],
                start=where[1],
                end=where[2],
                after_start=where[3],
                after_end=where[4],
                parent=parent if parent != comment else None,
                resolved=resolved,
            )
        )
    placed = {c.id for c in out}
    return [c if c.parent is None or c.parent in placed else replace(c, parent=None) for c in out]


def _dangling(body: Body, known: set[str], unplaced: list[Unplaced]) -> None:
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
    return {
        element.get(f"{{{W15}}}paraId") or "": (
            element.get(f"{{{W15}}}paraIdParent") or "",
            (element.get(f"{{{W15}}}done") or "0") in ("1", "true", "on"),
        )
        for element in root.iter(f"{{{W15}}}commentEx")
    }
