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

from dataclasses import replace
from itertools import count

from lxml import etree

from ..errors import N_, NN_, ImportFailed, Phrase
from ..limits import MAX_WORD_COMMENTS
from .word_body import Body, TooLong, join, take_labels
from .word_comments import MarkPlaces, Marks, comment_ids, dangling_marks, read_comments
from .word_document import Moved, Revision, Unplaced, WordComment, WordDocument, WordParagraph
from .word_markdown import markdown
from .word_package import MAX_DOCX, MAX_UNPACKED, open_package
from .word_styles import FRONT_STYLES, Styles, q
from .word_text import Mark, ParagraphReader, RawParagraph, Uncarried

__all__ = [
    "FRONT_BOOKMARK",
    "FRONT_STYLES",
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
FRONT_BOOKMARK = "AccordFront"
"""How Accord's own Word files name the bookmark of each paragraph of their title block (symbol, title, version,
"AccordFront1" …): no paragraph of the text, so not read as one. No eId can be named so (an eId is lowercase). The
block's paragraph styles (`FRONT_STYLES`) say it too, where an editor dropped the bookmarks."""


_BODY = q("body")


def read_docx(data: bytes, file: str) -> WordDocument:
    """The document's paragraphs, comments and what is not read. ImportFailed (naming the file and
    the part) for what is not a Word document Accord can read: not a zip, a macro-enabled document,
    an encrypted one, a zip bomb, XML with a DTD or entities.

    Paragraphs are the body's own (`w:body`'s, and those of a content control around them) in order;
    a table is not read but listed in `unplaced`, as are an image, a text box, an equation or a note in
    a paragraph (`where`: "table 2", "image in paragraph 12", "text box …", "equation …", "note …"). A paragraph with no
    text before the changes nor after them is left out (its index is kept by the others), and so is the title block
    of Accord's own file (its paragraphs bookmarked `FRONT_BOOKMARK…`, or in one of `FRONT_STYLES`): the text's
    paragraphs follow it, and the document is `own`. The texts
    are Markdown (see `word_markdown`): bold, italic and links marked, a leading paragraph number ("12." and a tab or
    a space) or bullet taken off (`label`)."""
    package = open_package(data, file)
    body = package.document.root.find(_BODY)
    if body is None:
        raise ImportFailed(file, None, N_("The file is not a Word document (.docx)."))
    styles = Styles(package.styles)
    walked = _walk(body, ParagraphReader(styles, package.document.links), file)
    unplaced = [Unplaced(where, reason, params) for where, reason, params in walked.unplaced]
    unplaced += _unended_moves(walked.reader)
    labels = take_labels(walked.blocks)
    join(walked.blocks)
    own = any(raw is not None and _front(raw, styles) for raw in walked.blocks)
    paragraphs, marks = _paragraphs(walked.blocks, labels, styles, unplaced)
    known = comment_ids(package)
    _refuse_too_many_comments(known, file)
    dangling_marks(walked, known, unplaced)
    comments = read_comments(package, styles, walked, paragraphs, marks, unplaced, file)
    return WordDocument(tuple(paragraphs), tuple(comments), tuple(unplaced), own)


def _walk(body: etree._Element, reader: ParagraphReader, file: str) -> Body:
    """The body read in order; ImportFailed when it holds more paragraphs than a file may, or a character no
    file can carry."""
    walked = Body(reader)
    try:
        walked.walk(body)
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
    return walked


_UNENDED = {
    "from": N_("A move (w:id {id}) begins at paragraph {n} and never ends: its text is read where it stands."),
    "to": N_(
        "The new place of a move (w:id {id}) begins at paragraph {n} and never ends: its text is read where it stands."
    ),
}


def _unended_moves(reader: ParagraphReader) -> list[Unplaced]:
    """The move ranges still open at the end of the body, in the order of the paragraphs they begin in."""
    return [
        Unplaced(Phrase(N_("paragraph {n}"), n=at + 1), _UNENDED[side], {"n": str(at + 1), "id": ident})
        for (side, ident), at in sorted(reader.opened.items(), key=lambda item: item[1])
    ]


def _refuse_too_many_comments(known: set[str], file: str) -> None:
    """ImportFailed when the file holds more comments than one may."""
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


def _paragraphs(
    blocks: list[RawParagraph | None], labels: dict[int, str], styles: Styles, unplaced: list[Unplaced]
) -> tuple[list[WordParagraph], MarkPlaces]:
    """The paragraphs read, and where each comment mark is in their texts."""
    out: list[WordParagraph] = []
    marks = MarkPlaces({}, {})
    for raw in blocks:
        if raw is not None and (paragraph := _paragraph(raw, labels, styles, marks)) is not None:
            out.append(paragraph)
    return _paired(out, unplaced), marks


def _paragraph(raw: RawParagraph, labels: dict[int, str], styles: Styles, marks: MarkPlaces) -> WordParagraph | None:
    """One paragraph read as Markdown, where its comment marks are noted in `marks`; None for one left out: with no
    text before the changes nor after them, or of the title block of Accord's own file."""
    heading = _heading(raw, styles)
    before, before_marks = markdown(raw.before, heading > 0)
    after, after_marks = markdown(raw.after, heading > 0)
    if (not before and not after) or _front(raw, styles):
        return None
    _note(marks.before, before_marks, raw.index)
    _note(marks.after, after_marks, raw.index)
    moved = _moved(raw, before, after)
    return WordParagraph(
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


def _front(raw: RawParagraph, styles: Styles) -> bool:
    """A paragraph of the title block of Accord's own file: by its bookmark, else by its style."""
    return styles.front(raw.style) or any(name.startswith(FRONT_BOOKMARK) for name in raw.bookmarks)


def _heading(raw: RawParagraph, styles: Styles) -> int:
    """Its outline level (1 … 9): its own, else its style's; 0 for no heading."""
    return raw.outline + 1 if raw.outline is not None and raw.outline < 9 else styles.heading(raw.style)


def _moved(raw: RawParagraph, before: str, after: str) -> Moved | None:
    """A paragraph all of whose text was moved away (it has none after), or moved here (none before)."""
    if not after and raw.before_moved:
        return Moved.FROM
    if not before and raw.after_moved:
        return Moved.TO
    return None


def _note(found: Marks, offsets: dict[Mark, int], index: int) -> None:
    """The comment marks of paragraph `index` at their offsets in its text, where no paragraph before had them."""
    for mark, at in offsets.items():
        found.setdefault(mark, (index, at))


_UNPAIRED = {
    Moved.FROM: N_(
        "Paragraph {n} is marked as moved away, but the file holds no place it moved to: it is read as deleted."
    ),
    Moved.TO: N_(
        "Paragraph {n} is marked as moved here, but the file holds no place it moved from: it is read as inserted."
    ),
}


def _paired(paragraphs: list[WordParagraph], unplaced: list[Unplaced]) -> list[WordParagraph]:
    """Moves whose two ends are found, by name, else by the same text; the others are no moves (a deletion
    or an insertion where they stand), each listed in `unplaced` with why."""
    ends = {side: [p for p in paragraphs if p.moved == side] for side in Moved}
    names = _paired_by_name(ends)
    _pair_by_text(ends, names)
    for side in Moved:
        unplaced.extend(
            Unplaced(Phrase(N_("paragraph {n}"), n=p.index + 1), _UNPAIRED[side], {"n": str(p.index + 1)})
            for p in ends[side]
            if p.index not in names
        )
    return [_as_paired(p, names) for p in paragraphs]


def _paired_by_name(ends: dict[Moved, list[WordParagraph]]) -> dict[int, str]:
    """The ends of moves whose name both ends carry: paragraph index → the move's name."""
    named = {p.move_name for p in ends[Moved.FROM] if p.move_name} & {
        p.move_name for p in ends[Moved.TO] if p.move_name
    }
    return {p.index: p.move_name for side in Moved for p in ends[side] if p.move_name in named}


def _pair_by_text(ends: dict[Moved, list[WordParagraph]], names: dict[int, str]) -> None:
    """The ends of moves not paired by name, paired in `names` where the text that left is the text that arrived
    (LibreOffice names no move), each pair given a name of its own ("_move1" …)."""
    unpaired_to = [p for p in ends[Moved.TO] if p.index not in names]
    made = count(1)
    for origin in ends[Moved.FROM]:
        if origin.index in names:
            continue
        target = next((p for p in unpaired_to if p.after == origin.before), None)
        if target is not None:
            unpaired_to.remove(target)
            names[origin.index] = names[target.index] = f"_move{next(made)}"


def _as_paired(p: WordParagraph, names: dict[int, str]) -> WordParagraph:
    """A paragraph with the name of the move it is an end of, or no move if its other end is not found."""
    if p.moved is None or (p.index in names and p.move_name == names[p.index]):
        return p
    return replace(p, moved=p.moved if p.index in names else None, move_name=names.get(p.index, ""))
