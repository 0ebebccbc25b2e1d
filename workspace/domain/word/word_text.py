"""One Word paragraph (`w:p`) read into its two texts: as it was (every insertion rejected, every
deletion kept) and as it reads once every change is accepted, each a list of pieces of text with
their emphasis (bold, italic, link) and the zero-width marks where comments start and end.

What becomes text: `w:t` and `w:delText`; a tab is a space; a line break (`w:br`, `w:cr`) is "\n" (a
page or column break is nothing); a non-breaking hyphen is "-"; a symbol (`w:sym`) its character
unless it is a font's private one; a field's result is kept, its instruction (`w:instrText`) is not;
hidden text (`w:vanish`) is not. A control character (which XML lets through, Word shows as nothing,
and pasted text leaves behind) is dropped, so the texts are what `values.clean_text` keeps; a
noncharacter (U+FDD0, U+FFFE …), which no file can carry, is refused (`Uncarried`, naming it), as
every other way in refuses it, rather than filing a text that is not what its author wrote. Before the
changes, a run whose emphasis was changed with tracking (`w:rPrChange`) has its old emphasis.
Images, text boxes, equations and notes (footnotes, endnotes) are not text: they are listed, for
the reader to say so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from ..values import uncarried
from .word_styles import Styles, on, q

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
SAFE_LINKS = ("http://", "https://", "mailto:")


class Fmt(NamedTuple):
    bold: bool = False
    italic: bool = False
    href: str | None = None


PLAIN = Fmt()


class Mark(NamedTuple):
    """Where a comment's range starts or ends, between two characters."""

    comment: str
    start: bool


Item = tuple[str, Fmt] | Mark
RevisionData = tuple[str, str, str | None]  # kind, author, date


@dataclass
class RawParagraph:
    index: int
    before: list[Item] = field(default_factory=list)
    after: list[Item] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    revisions: list[RevisionData] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)  # "image", "text box", "equation", "note", once each
    mark_inserted: bool = False  # the paragraph mark is inserted (or moved here)
    mark_deleted: bool = False  # … deleted (or moved away)
    style: str | None = None
    outline: int | None = None  # a direct w:outlineLvl
    numbered: bool = False  # a direct w:numPr
    # Is its text, on each side, only moved text (and spaces)? None: no text on that side.
    before_moved: bool | None = None
    after_moved: bool | None = None
    move_from: str = ""  # the names of the move ranges its moved text is in
    move_to: str = ""
    references: list[str] = field(default_factory=list)  # w:commentReference ids in it
    starts: list[str] = field(default_factory=list)  # comments whose range starts in it


# Characters no text may hold: C0 and C1 controls (dropped; a tab, line feed or return in w:t is a space), the
# noncharacters (refused) of the first plane; those beyond it are looked for only when such characters are there.
_ODD = re.compile("[\x00-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]")
_DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile("[\t\n\r]")


class Uncarried(Exception):
    """A text of the file holds a character no file can carry: `code` ("FDD0"), in paragraph `index`."""

    def __init__(self, code: str, index: int = -1) -> None:
        super().__init__(code, index)
        self.code, self.index = code, index


def clean(text: str) -> str:
    """`text` with its tabs and line ends as spaces, its controls dropped; Uncarried for a noncharacter."""
    if not _ODD.search(text):  # the common case, at the speed of one search
        return text
    text = _SPACES.sub(" ", _DROPPED.sub("", text))
    code = uncarried(text)
    if code is not None:
        raise Uncarried(code)
    return text


_T, _DEL_T, _R, _RPR, _PPR = q("t"), q("delText"), q("r"), q("rPr"), q("pPr")
_INS, _DEL, _MOVE_FROM, _MOVE_TO = q("ins"), q("del"), q("moveFrom"), q("moveTo")
# Looked up by an element's tag, which lxml types as str, bytes or QName (a comment's is a function): any key.
_CHANGES: dict[object, str] = {_INS: "ins", _DEL: "del", _MOVE_FROM: "moveFrom", _MOVE_TO: "moveTo"}
_RANGES: dict[object, tuple[str, bool]] = {
    q("moveFromRangeStart"): ("from", True),
    q("moveFromRangeEnd"): ("from", False),
    q("moveToRangeStart"): ("to", True),
    q("moveToRangeEnd"): ("to", False),
}
_WRAPPERS = {q("fldSimple"), q("smartTag"), q("customXml"), q("dir"), q("bdo")}
_SDT, _SDT_CONTENT, _HYPERLINK = q("sdt"), q("sdtContent"), q("hyperlink")
_BOOKMARK, _C_START, _C_END, _C_REF = (
    q("bookmarkStart"),
    q("commentRangeStart"),
    q("commentRangeEnd"),
    q("commentReference"),
)
_TAB, _PTAB, _BR, _CR, _NB_HYPHEN, _SYM = q("tab"), q("ptab"), q("br"), q("cr"), q("noBreakHyphen"), q("sym")
_OBJECTS = {q("drawing"), q("pict"), q("object"), f"{{{MC}}}AlternateContent"}
_EQUATIONS = {f"{{{MATH}}}oMath", f"{{{MATH}}}oMathPara"}
_TEXT_BOX = q("txbxContent")
_NOTES = {q("footnoteReference"), q("endnoteReference")}
_ID, _NAME, _AUTHOR, _DATE, _VAL = q("id"), q("name"), q("author"), q("date"), q("val")
_B, _I, _RSTYLE, _VANISH, _RPR_CHANGE, _PPR_CHANGE = (
    q("b"),
    q("i"),
    q("rStyle"),
    q("vanish"),
    q("rPrChange"),
    q("pPrChange"),
)


def revision(element: etree._Element, kind: str) -> RevisionData:
    return kind, element.get(_AUTHOR) or "", element.get(_DATE) or None


class _Within(NamedTuple):
    """What the runs being read stand in: an insertion, a deletion, a move (the side of it they are on, "from"
    or "to", else ""), a link (its address, when it is one Accord keeps)."""

    inserted: bool = False
    deleted: bool = False
    moved: str = ""
    href: str | None = None


_PLAIN_TEXT = _Within()
_Handler = Callable[[etree._Element, RawParagraph, _Within], None]


class ParagraphReader:
    """Reads paragraphs in document order; keeps the move ranges open between them."""

    def __init__(self, styles: Styles, links: Mapping[str, str]) -> None:
        self.styles = styles
        self.links = links
        self.ranges: dict[str, dict[str, str]] = {"from": {}, "to": {}}  # open move ranges: w:id → w:name
        self.opened: dict[tuple[str, str], int] = {}  # the same: (side, w:id) → the paragraph they opened in
        self.at = 0  # the index of the paragraph being read (or the next one, between paragraphs)
        self._fmts: dict[tuple[bool, bool, str | None], Fmt] = {}
        # What each child of a paragraph (or of an element around runs in it) is read by; any other may be a
        # move range (`move_range`).
        self._readers: dict[object, _Handler] = {
            _R: self._run,
            **dict.fromkeys(_CHANGES, self._change),
            _HYPERLINK: self._hyperlink,
            **dict.fromkeys(_WRAPPERS, self._container),
            _SDT: self._content_control,
            _BOOKMARK: _bookmark,
            _C_START: _comment_mark,
            _C_END: _comment_mark,
            **dict.fromkeys(_EQUATIONS, _equation),
        }

    def move_range(self, element: etree._Element) -> bool:
        """Open or close a move range; False if `element` is none."""
        kind = _RANGES.get(element.tag)
        if kind is None:
            return False
        side, opens = kind
        ident = element.get(_ID) or ""
        if opens:
            self.ranges[side][ident] = element.get(_NAME) or ""
            self.opened[(side, ident)] = self.at
        else:
            self.ranges[side].pop(ident, None)
            self.opened.pop((side, ident), None)
        return True

    def read(self, p: etree._Element, index: int) -> RawParagraph:
        self.at = index
        raw = RawParagraph(index)
        ppr = p.find(_PPR)
        if ppr is not None:
            self._properties(ppr, raw)
        try:
            self._container(p, raw, _PLAIN_TEXT)
        except Uncarried as exc:
            raise Uncarried(exc.code, index) from None
        self.at = index + 1
        return raw

    def _properties(self, ppr: etree._Element, raw: RawParagraph) -> None:
        style = ppr.find(q("pStyle"))
        raw.style = style.get(_VAL) if style is not None else None
        level = ppr.find(q("outlineLvl"))
        if level is not None and (level.get(_VAL) or "").isdigit():
            raw.outline = int(level.get(_VAL) or "9")
        num = ppr.find(f"{q('numPr')}/{q('numId')}")
        raw.numbered = num is not None and (num.get(_VAL) or "0") != "0"
        mark = ppr.find(_RPR)
        if mark is not None:
            self._mark_changes(mark, raw)
        change = ppr.find(_PPR_CHANGE)
        if change is not None:
            self._revise(raw, revision(change, "pPrChange"))

    def _mark_changes(self, mark: etree._Element, raw: RawParagraph) -> None:
        """The changes tracked on the paragraph's mark: inserted or deleted (moved here or away), its emphasis."""
        for child in mark:
            kind = _CHANGES.get(child.tag)
            if kind is not None:
                self._revise(raw, revision(child, kind))
                if child.tag in (_INS, _MOVE_TO):
                    raw.mark_inserted = True
                else:
                    raw.mark_deleted = True
            elif child.tag == _RPR_CHANGE:
                self._revise(raw, revision(child, "rPrChange"))

    @staticmethod
    def _revise(raw: RawParagraph, data: RevisionData) -> None:
        if not raw.revisions or raw.revisions[-1] != data:  # a change Word split run by run counts once
            raw.revisions.append(data)

    def _container(self, element: etree._Element, raw: RawParagraph, within: _Within) -> None:
        """The children of a paragraph, or of an element around runs in it (a change, a link …), in order."""
        for child in element:
            reader = self._readers.get(child.tag)
            if reader is None:
                self.move_range(child)
            else:
                reader(child, raw, within)

    def _change(self, change: etree._Element, raw: RawParagraph, within: _Within) -> None:
        """A tracked change around runs (w:ins, w:del, w:moveFrom, w:moveTo): noted, and its runs read in it."""
        kind = _CHANGES[change.tag]
        self._revise(raw, revision(change, kind))
        if kind in ("ins", "moveTo"):
            inside = within._replace(inserted=True, moved="to" if kind == "moveTo" else within.moved)
        else:
            inside = within._replace(deleted=True, moved="from" if kind == "moveFrom" else within.moved)
        self._container(change, raw, inside)

    def _hyperlink(self, link: etree._Element, raw: RawParagraph, within: _Within) -> None:
        """A link's runs: linked to its address when it is a web or mail address (no other is kept)."""
        target = self.links.get(link.get(f"{{{R_NS}}}id") or "")
        href = target if target and target.lower().startswith(SAFE_LINKS) else within.href
        self._container(link, raw, within._replace(href=href))

    def _content_control(self, control: etree._Element, raw: RawParagraph, within: _Within) -> None:
        """A content control's runs (w:sdtContent), as if it were not there."""
        content = control.find(_SDT_CONTENT)
        if content is not None:
            self._container(content, raw, within)

    def _fmt(self, rpr: etree._Element | None, href: str | None) -> Fmt:
        if rpr is None:
            return PLAIN if href is None else self._cached(False, False, href)
        bold, italic = on(rpr.find(_B)), on(rpr.find(_I))
        if bold is None or italic is None:
            style = rpr.find(_RSTYLE)
            if style is not None:
                style_bold, style_italic = self.styles.emphasis(style.get(_VAL))
                bold = style_bold if bold is None else bold
                italic = style_italic if italic is None else italic
        return self._cached(bool(bold), bool(italic), href)

    def _cached(self, bold: bool, italic: bool, href: str | None) -> Fmt:
        key = (bold, italic, href)
        found = self._fmts.get(key)
        if found is None:
            found = self._fmts[key] = Fmt(bold, italic, href)
        return found

    def _run(self, run: etree._Element, raw: RawParagraph, within: _Within) -> None:
        """A run's text added to the paragraph's texts, with its emphasis on each side; hidden text is not."""
        rpr = run.find(_RPR)
        if rpr is not None and on(rpr.find(_VANISH)):
            return
        after = self._fmt(rpr, within.href)
        before = after if rpr is None else self._fmt_before(rpr, raw, within.href, after)
        for child in run:
            text = _run_text(child, raw)
            if text:
                self._add_text(raw, text, before, after, within)

    def _fmt_before(self, rpr: etree._Element, raw: RawParagraph, href: str | None, after: Fmt) -> Fmt:
        """A run's emphasis before the changes: its old one where a change of it was tracked (noted), else `after`."""
        change = rpr.find(_RPR_CHANGE)
        if change is None:
            return after
        self._revise(raw, revision(change, "rPrChange"))
        return self._fmt(change.find(_RPR), href)

    def _add_text(self, raw: RawParagraph, text: str, before: Fmt, after: Fmt, within: _Within) -> None:
        """`text` added to the paragraph's text before the changes unless inserted, and after them unless deleted;
        where it is more than spaces, whether the paragraph's text on that side is all moved is noted."""
        solid = not text.isspace()
        if not within.inserted:
            _add(raw.before, text, before)
            if solid:
                self._moved_before(raw, within.moved == "from")
        if not within.deleted:
            _add(raw.after, text, after)
            if solid:
                self._moved_after(raw, within.moved == "to")

    def _moved_before(self, raw: RawParagraph, moved: bool) -> None:
        """Some text before the changes: moved away (in the move range open, the first one named) or not."""
        raw.before_moved = moved and raw.before_moved is not False
        if moved and not raw.move_from:
            raw.move_from = _current(self.ranges["from"])

    def _moved_after(self, raw: RawParagraph, moved: bool) -> None:
        """Some text after the changes: moved here (in the move range open, the first one named) or not."""
        raw.after_moved = moved and raw.after_moved is not False
        if moved and not raw.move_to:
            raw.move_to = _current(self.ranges["to"])


def _bookmark(bookmark: etree._Element, raw: RawParagraph, _within: _Within) -> None:
    """A bookmark's name, unless it is one of Word's own (_GoBack, _Toc…, _Ref…)."""
    name = bookmark.get(_NAME) or ""
    if name and not name.startswith("_"):
        raw.bookmarks.append(name)


def _comment_mark(element: etree._Element, raw: RawParagraph, _within: _Within) -> None:
    """Where a comment's range starts or ends, at its place in both texts."""
    mark = Mark(element.get(_ID) or "", element.tag == _C_START)
    raw.before.append(mark)
    raw.after.append(mark)
    if mark.start:
        raw.starts.append(mark.comment)


def _equation(_element: etree._Element, raw: RawParagraph, _within: _Within) -> None:
    _found(raw, "equation")


# The text of the children of a run that are always the same (a line break's depends on its type).
_FIXED_TEXT: dict[object, str] = {_TAB: " ", _PTAB: " ", _CR: "\n", _NB_HYPHEN: "-"}


def _run_text(child: etree._Element, raw: RawParagraph) -> str:
    """The text one child of a run adds ("" if none); an object, a comment reference or a note is noted
    on the paragraph instead."""
    tag = child.tag
    if tag in (_T, _DEL_T):
        return clean(child.text or "")
    fixed = _FIXED_TEXT.get(tag)
    if fixed is not None:
        return fixed
    if tag == _BR:
        return "\n" if child.get(q("type")) in (None, "textWrapping") else ""
    if tag == _SYM:
        return _symbol(child.get(q("char")) or "")
    _note_object(child, raw)
    return ""


def _note_object(child: etree._Element, raw: RawParagraph) -> None:
    """An image or text box, a comment's reference or a note in a run, noted on the paragraph."""
    tag = child.tag
    if tag in _OBJECTS:
        _found(raw, "text box" if any(True for _ in child.iter(_TEXT_BOX)) else "image")
    elif tag == _C_REF:
        raw.references.append(child.get(_ID) or "")
    elif tag in _NOTES:
        _found(raw, "note")


def _current(ranges: dict[str, str]) -> str:
    return next(reversed(ranges.values()), "")


def _add(items: list[Item], text: str, fmt: Fmt) -> None:
    if items:
        last = items[-1]
        if not isinstance(last, Mark) and last[1] == fmt:
            items[-1] = (last[0] + text, fmt)
            return
    items.append((text, fmt))


def _found(raw: RawParagraph, kind: str) -> None:
    if kind not in raw.objects:
        raw.objects.append(kind)


def _symbol(code: str) -> str:
    try:
        char = chr(int(code, 16))
    except ValueError:
        return ""
    return "" if 0xE000 <= ord(char) <= 0xF8FF else clean(char)  # a symbol font's private code: no letter
