"""A publication as a Word file: one language edition, or the trilingual edition as a table of
three columns (a row per paragraph). The symbol heads every page, the footer numbers the pages,
each paragraph carries a bookmark named after its eId.

The same model gives the same bytes: the core properties carry the publication's own date, and
the zip entries are dated with it too (python-docx would date them with the clock).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import UTC
from itertools import count
from typing import cast

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from ..domain.publication.publication import Edition, PublicationModel, PubParagraph, parallel_rows
from ..domain.publication.publication_gate import check_files_can_carry
from .publication_inline import text_blocks
from .publication_words import WORDS, corrigendum_line, language_name, word

FONT = "Liberation Serif"  # metric-compatible with Times New Roman, in Debian and in LibreOffice


def _bookmark(paragraph: Paragraph, name: str, ids: count[int]) -> None:
    number = str(next(ids))
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), number)
    p: etree._Element = paragraph._p  # as lxml types it: it takes any element (types-lxml's CT_P takes a CT_P only)
    p.insert(1 if paragraph._p.pPr is not None else 0, start)
    p.append(end)


def _page_field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p: etree._Element = paragraph._p  # as lxml types it: it takes any element
    p.append(field)


def _page_footer(document: WordDocument, model: PublicationModel, language: str) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = model.symbol
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rest = WORDS.get(language, WORDS["en"])["page"]
    while rest:  # "Página {page} de {pages}": text and PAGE / NUMPAGES fields
        head, brace, tail = rest.partition("{")
        if head:
            footer.add_run(head)
        if not brace:
            break
        name, _, rest = tail.partition("}")
        _page_field(footer, "PAGE" if name == "page" else "NUMPAGES")


def _document(model: PublicationModel, language: str, landscape: bool) -> WordDocument:
    document: WordDocument = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10 if landscape else 11)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5 if landscape else 2.2))
    if model.numbered_lines:  # Word's own line numbers, from 1 on each page ("op 12, line 3")
        numbers = OxmlElement("w:lnNumType")
        numbers.set(qn("w:countBy"), "1")
        numbers.set(qn("w:restart"), "newPage")
        # python-docx annotates an ElementBase, and inserts any element: w:lnNumType has no class of its own.
        section._sectPr.insert_element_before(numbers, *_AFTER_LINE_NUMBERS)  # type: ignore[arg-type]
    _page_footer(document, model, language)
    return document


# What follows w:lnNumType in a section's properties (ECMA-376 CT_SectPr), for it to stand in order.
_AFTER_LINE_NUMBERS = (
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def _front(document: WordDocument, model: PublicationModel, editions: Sequence[Edition]) -> None:
    symbol = document.add_paragraph(model.symbol)
    symbol.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for edition in editions:
        title = document.add_heading(edition.title, level=0)
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first = editions[0]
    version = document.add_paragraph(f"{word(first.language, 'version')} {model.version_label}")
    version.alignment = WD_ALIGN_PARAGRAPH.CENTER
    corrigendum = corrigendum_line(model, first)
    if corrigendum:
        document.add_paragraph().add_run(corrigendum).bold = True


class _Body:
    """Paragraphs added at the end of a document's body, for a long text. python-docx's `add_paragraph`
    looks for the section properties among all the body's children at each call, and sets a style by
    searching the styles: quadratic over 4,000 paragraphs (5.7 s an edition). Same XML, made directly."""

    def __init__(self, document: WordDocument) -> None:
        self.document = document
        body = document.element.body
        self.end = body.sectPr
        self.styles: dict[str, str] = {}

    def paragraph(self, style: str | None = None) -> Paragraph:
        p = cast(CT_P, OxmlElement("w:p"))  # python-docx makes every w:p a CT_P; OxmlElement's type says any element
        if style is not None:
            if style not in self.styles:
                self.styles[style] = self.document.styles[style].style_id
            p.get_or_add_pPr().style = self.styles[style]
        self.end.addprevious(p)
        return Paragraph(p, self.document._body)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HANG = str(Cm(1).twips)  # a label's hanging indent, and each level's step
_CONTROL = re.compile(r"(\t|\r|\n)")


def _element(parent: etree._Element, tag: str, **values: str) -> etree._Element:
    made = etree.SubElement(parent, _W + tag)
    for name, value in values.items():
        made.set(_W + name, value)
    return made


def _add_run(
    p: etree._Element,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    mono: bool = False,
) -> None:
    """A run of `text` at the end of paragraph `p`: a tab a `w:tab`, a line end a `w:br`, as python-docx writes them."""
    r = _element(p, "r")
    if mono or bold or italic or underline:  # in the schema's order
        properties = _element(r, "rPr")
        if mono:
            _element(properties, "rFonts", ascii="Liberation Mono", hAnsi="Liberation Mono")
        for wanted, tag in ((bold, "b"), (italic, "i")):
            if wanted:
                _element(properties, tag)
        if underline:
            _element(properties, "u", val="single")
    for piece in _CONTROL.split(text):
        if piece == "\t":
            _element(r, "tab")
        elif piece in ("\r", "\n"):
            _element(r, "br")
        elif piece:
            t = _element(r, "t")
            t.text = piece
            if piece.strip() != piece:
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _write(paragraph: Paragraph, p: PubParagraph) -> None:
    """A paragraph's text in `paragraph`, its number first for an operative one; any further
    block of the text (an operative paragraph's second paragraph, a list) after a line break.
    Written with lxml: python-docx's objects cost 3 s for an edition of 4,000 paragraphs."""
    element = paragraph._p
    labelled = bool(
        p.depth or p.marker or p.number is not None
    )  # a numbered paragraph, a bullet, a sub-item: its label hangs
    if labelled or p.kind == "heading":
        properties = element.get_or_add_pPr()
        if labelled:
            _element(properties, "ind", left=str(Cm(1 + p.depth).twips), hanging=_HANG)
        if p.kind == "heading":
            _element(properties, "jc", val="center")
    if labelled:
        _add_run(
            element, f"{p.number}.\t" if p.number is not None else f"{p.label or '•'}\t", bold=p.number is not None
        )
    for i, block in enumerate(text_blocks(p.text)):
        if i:
            _add_run(element, "\n")
        if block.marker:
            _add_run(element, f"{block.marker} ")
        for run in block.runs:
            if run.line_break:
                _add_run(element, "\n")
                continue
            _add_run(
                element,
                run.text,
                bold=run.bold or p.kind == "heading",
                italic=run.italic,
                underline=bool(run.href),
                mono=run.code,
            )


def _end(container, edition: Edition) -> None:  # type: ignore[no-untyped-def]
    line = container.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    line.add_run(edition.date_line).italic = True
    note = container.add_paragraph()
    small = note.add_run(f"{word(edition.language, 'checksum')}: {edition.checksum}")
    small.font.size = Pt(7)


def _save(document: WordDocument, model: PublicationModel, edition: Edition) -> bytes:
    properties = document.core_properties
    properties.title, properties.subject, properties.language = model.symbol, edition.title, edition.language
    properties.author = properties.last_modified_by = "Accord"
    properties.comments, properties.keywords, properties.category = "", "", ""
    properties.created = properties.modified = properties.last_printed = model.published_at.astimezone(UTC).replace(
        tzinfo=None
    )
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return _dated(out.getvalue(), model)


def _dated(package: bytes, model: PublicationModel) -> bytes:
    """The same zip, each entry dated with the publication (in UTC), in the same order and compression."""
    when = model.published_at.astimezone(UTC).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            dated = zipfile.ZipInfo(entry.filename, date_time=max(when, (1980, 1, 1, 0, 0, 0)))
            dated.compress_type, dated.external_attr = entry.compress_type, entry.external_attr
            target.writestr(dated, source.read(entry))
    return out.getvalue()


def edition_docx(model: PublicationModel, language: str, *, final: bool = True) -> bytes:
    """The Word file of one language edition; not `final`: a circulated version's text, to amend in Word
    (no date line nor checksum), each paragraph still bookmarked with its eId."""
    check_files_can_carry(model, [language])
    edition = model.edition(language)
    document = _document(model, language, landscape=False)
    _front(document, model, [edition])
    ids, body = count(1), _Body(document)
    for p in edition.paragraphs:
        paragraph = body.paragraph("Heading 1" if p.kind == "heading" else None)
        _write(paragraph, p)
        _bookmark(paragraph, p.eid, ids)
    if final:
        _end(document, edition)
    return _save(document, model, edition)


def parallel_docx(model: PublicationModel, languages: Sequence[str] | None = None) -> bytes:
    """The Word file of the trilingual edition: a table, a row per paragraph, a column per language."""
    check_files_can_carry(model, languages)
    editions = [model.edition(code) for code in (languages or model.languages)]
    document = _document(model, editions[0].language, landscape=True)
    _front(document, model, editions)
    rows = parallel_rows(editions)
    table = document.add_table(rows=len(rows) + 2, cols=len(editions))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    all_rows = table.rows
    for cell, edition in zip(all_rows[0].cells, editions, strict=True):
        cell.paragraphs[0].add_run(language_name(edition.language)).bold = True
    _repeat_header(all_rows[0])
    ids = count(1)
    body = document._body
    for row, paragraphs in zip(all_rows[1:-1], rows, strict=True):
        # Each cell's first paragraph read from the row's XML: python-docx's `cells` lays out the table's grid at
        # each call (a third of the file's time at 4,000 rows).
        for column, (tc, p) in enumerate(zip(row._tr.tc_lst, paragraphs, strict=True)):
            paragraph = Paragraph(tc.p_lst[0], body)
            _write(paragraph, p)
            if column == 0:
                _bookmark(paragraph, p.eid, ids)
    for cell, edition in zip(all_rows[-1].cells, editions, strict=True):
        _end(cell, edition)
        cell._tc.remove(cell.paragraphs[0]._p)  # the cell's own empty first paragraph
    return _save(document, model, editions[0])


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
