"""A publication as a Word file: one language edition, or the trilingual edition as a table of
three columns (a row per paragraph). The symbol heads every page, the footer numbers the pages,
each paragraph carries a bookmark named after its eId, its number and list labels are Word's own numbering
(`word_numbering`), and the title block is in Accord's own paragraph styles (`FRONT_STYLES`), so that a file sent
back is read from its text's first paragraph on.

The same model gives the same bytes: the core properties carry the publication's own date, and
the zip entries are dated with it too (python-docx would date them with the clock).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from itertools import count
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from ..domain.declaration.document import Block, ImportedBlock
from ..domain.errors import AccordError
from ..domain.publication.publication import Edition, PublicationModel, PubParagraph, build_edition, parallel_rows
from ..domain.publication.publication_gate import check_files_can_carry
from ..domain.word.word_amendments import as_declaration
from ..domain.word.word_reading import FRONT_BOOKMARK, FRONT_STYLES, read_docx
from ..domain.word.word_reading import WordDocument as ReadDocument
from .publication_inline import Run, text_blocks
from .publication_words import WORDS, corrigendum_line, language_name, word
from .word_numbering import BULLET, NumberedLists, lists_for, numbering_xml

_QUOTE = {'"': "&quot;"}
FONT = "Liberation Serif"  # metric-compatible with Times New Roman, in Debian and in LibreOffice


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


def _front(document: WordDocument, model: PublicationModel, editions: Sequence[Edition], ids: Iterator[int]) -> None:
    """The title block, each of its paragraphs bookmarked as such (`FRONT_BOOKMARK`) and in Accord's own styles
    (`FRONT_STYLES`: the title's, based on Word's Title, and the block's other lines'): a file sent back is read
    from the text's first paragraph on, whatever its title block says, even where an editor dropped the bookmarks."""
    title_style, line_style = _front_styles(document)
    symbol = document.add_paragraph(model.symbol, line_style)
    symbol.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    front = [symbol]
    for edition in editions:
        title = document.add_paragraph(edition.title, title_style)
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        front.append(title)
    first = editions[0]
    version = document.add_paragraph(
        f"{word(first.language, 'version')} {model.version_in(first.language)}", line_style
    )
    version.alignment = WD_ALIGN_PARAGRAPH.CENTER
    front.append(version)
    corrigendum = corrigendum_line(model, first)
    if corrigendum:
        line = document.add_paragraph(style=line_style)
        line.add_run(corrigendum).bold = True
        front.append(line)
    for n, paragraph in enumerate(front, 1):
        _bookmark(paragraph, str(next(ids)), f"{FRONT_BOOKMARK}{n}")


def _front_styles(document: WordDocument) -> tuple[str, str]:
    """The title block's two paragraph styles, added to the document: its title's (Word's Title), its lines'."""
    for name, base in zip(FRONT_STYLES, ("Title", "Normal"), strict=True):
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = document.styles[base]
    return FRONT_STYLES[0], FRONT_STYLES[1]


def _bookmark(paragraph: Paragraph, ident: str, name: str) -> None:
    """A bookmark around the whole of `paragraph`'s text, as `_paragraph_xml` writes one."""
    p: etree._Element = paragraph._p  # as lxml types it: it takes any element
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), ident)
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), ident)
    properties = p.find(qn("w:pPr"))
    p.insert(0 if properties is None else 1, start)
    p.append(end)


_HANG = str(Cm(1).twips)  # a label's hanging indent, and each level's step
_CONTROL = re.compile(r"(\t|\r|\n)")


_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _run_xml(text: str, bold: bool = False, italic: bool = False, underline: bool = False, mono: bool = False) -> str:
    """A run of `text` as XML text: a tab a `w:tab`, a line end a `w:br`, as python-docx writes them."""
    properties = (  # in the schema's order
        ('<w:rFonts w:ascii="Liberation Mono" w:hAnsi="Liberation Mono"/>' if mono else "")
        + ("<w:b/>" if bold else "")
        + ("<w:i/>" if italic else "")
        + ('<w:u w:val="single"/>' if underline else "")
    )
    properties = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    pieces = []
    for piece in _CONTROL.split(text):
        if piece == "\t":
            pieces.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            pieces.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            pieces.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r>{properties}{''.join(pieces)}</w:r>"


def _paragraph_xml(
    p: PubParagraph, style: str | None, bookmark: tuple[str, str] | None, lists: NumberedLists, column: int = 0
) -> str:
    """A paragraph as XML text, in style `style`, bookmarked with `bookmark` (its id and name, the eId): its
    number first for an operative one, hanging with its label, numbered by Word where Word can count its label
    (`lists`, in `column`), else the label typed; any further block of the text (an operative paragraph's second
    paragraph, a list) after a line break. A long edition's paragraphs written as text and parsed at once cost half
    what building them element by element did (and python-docx's objects 3 s)."""
    labelled = bool(p.depth or p.marker or p.number is not None)
    label = _label(p) if labelled else ""
    numbered = lists.place(label, p.depth, p.number is not None, column)
    runs = [_label_xml(label, p.number is not None)] if label and numbered is None else []
    runs += _text_xml(p.text, heading=p.kind == "heading")
    start, end = _bookmark_xml(bookmark)
    return f"<w:p>{_properties_xml(p, style, labelled, numbered)}{start}{''.join(runs)}{end}</w:p>"


def _label(p: PubParagraph) -> str:
    """A paragraph's label as Accord prints it, without its tab: an operative one's number ("12", its "." is the
    list's), else a sub-item's label ("3.", "•"; none for a paragraph that continues an item after its sub-items,
    as the other files print it), else a bullet."""
    if p.number is not None:
        return str(p.number)
    return p.label if p.depth else p.label or BULLET


def _properties_xml(p: PubParagraph, style: str | None, labelled: bool, numbered: int | None = None) -> str:
    """A paragraph's properties as XML text ("" without any): its style, its list (`numbered`, a w:numId), its
    hanging indent if it has a label, centred if it is a heading."""
    properties = f'<w:pStyle w:val="{style}"/>' if style is not None else ""
    if numbered is not None:
        properties += numbering_xml(numbered)
    if labelled:
        properties += f'<w:ind w:left="{Cm(1 + p.depth).twips}" w:hanging="{_HANG}"/>'
    if p.kind == "heading":
        properties += '<w:jc w:val="center"/>'
    return f"<w:pPr>{properties}</w:pPr>" if properties else ""


def _label_xml(label: str, operative: bool) -> str:
    """A label Word cannot count, typed as a run with a tab after it (an operative paragraph's bold, with its ".")."""
    return _run_xml(f"{label}.\t" if operative else f"{label}\t", bold=operative)


def _text_xml(text: str, heading: bool) -> list[str]:
    """The runs of a paragraph's text, block by block: a list's item after a line break when it follows another,
    any other block after two; its marker first. A heading's runs are bold."""
    runs = []
    blocks = text_blocks(text)
    for i, block in enumerate(blocks):
        if i:
            runs.append(_run_xml("\n" if block.marker and blocks[i - 1].marker else "\n\n"))
        if block.marker:
            runs.append(_run_xml(f"{block.marker} "))
        runs += [_inline_xml(run, heading) for run in block.runs]
    return runs


def _inline_xml(run: Run, heading: bool) -> str:
    """One run of a text block as XML text: a line break, or its words as emphasised (bold in a heading)."""
    if run.line_break:
        return _run_xml("\n")
    return _run_xml(run.text, bold=run.bold or heading, italic=run.italic, underline=bool(run.href), mono=run.code)


def _bookmark_xml(bookmark: tuple[str, str] | None) -> tuple[str, str]:
    """The start and the end of a bookmark (its id and name) as XML text; "" and "" without one."""
    if bookmark is None:
        return "", ""
    ident, name = bookmark
    return f'<w:bookmarkStart w:id="{ident}" w:name="{escape(name, _QUOTE)}"/>', f'<w:bookmarkEnd w:id="{ident}"/>'


def _parsed(paragraphs: list[str]) -> list[etree._Element]:
    """The `w:p` elements of `paragraphs` (XML text), parsed at once by python-docx's parser."""
    return list(parse_xml(f'<w:body xmlns:w="{_NS}">{"".join(paragraphs)}</w:body>'))


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
    return dated_package(package, model.published_at)


def dated_package(package: bytes, moment: datetime) -> bytes:
    """The same zip (a .docx), each entry dated `moment` (in UTC), in the same order and compression."""
    when = moment.astimezone(UTC).timetuple()[:6]
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
    ids = count(1)
    _front(document, model, [edition], ids)
    # Added before the section's properties directly: python-docx's `add_paragraph` looks for them among all the
    # body's children at each call, and for a style among all the styles (5.7 s an edition of 4,000 paragraphs).
    end, heading = document.element.body.sectPr, document.styles["Heading 1"].style_id
    lists = lists_for(document)
    made = [
        _paragraph_xml(p, heading if p.kind == "heading" else None, (str(next(ids)), p.eid), lists)
        for p in edition.paragraphs
    ]
    for element in _parsed(made):
        end.addprevious(element)
    lists.write(document)
    if final:
        _end(document, edition)
    return _save(document, model, edition)


def _read_back(blocks: Sequence[Block]) -> ReadDocument | None:
    """The Word file of `blocks` that Accord writes (in English: only its title block and page footer are said in
    the language), read as a file sent back is; None for a text that no file can carry (none could be written)."""
    day, language = date(2000, 1, 1), "en"
    edition = build_edition(language, "", blocks, "", day)
    model = PublicationModel("", "", "", datetime(2000, 1, 1, tzinfo=UTC), day, (edition,))
    try:
        return read_docx(edition_docx(model, language, final=False), "read-back.docx")
    except AccordError:
        return None


def read_back(blocks: Sequence[Block]) -> dict[str, str]:
    """Each paragraph of `blocks` (by eId) as the Word file of them that Accord writes reads back (`read_docx`): what
    such a file downloaded and sent back unchanged says of it, in any language's edition (only its title block
    and page footer are said in the language). Word carries a text's words, its emphasis and its blocks, but not
    its Markdown's spelling: a link's address, code, an escape, `_` for `*`. A text that no file can
    carry is not in it (the file could not have been written)."""
    document = _read_back(blocks)
    eids = {b.eid for b in blocks}
    read: dict[str, str] = {}
    for p in document.paragraphs if document is not None else ():
        eid = next((name for name in p.bookmarks if name in eids), None)
        if eid is not None:
            read.setdefault(eid, p.after)
    return read


def read_back_blocks(blocks: Sequence[Block]) -> dict[str, ImportedBlock]:
    """Each paragraph of `blocks` (by eId) as a version file made of Accord's Word file of them reads
    (`word_amendments.as_declaration`): its words as `read_back` says them and its kind as the file shows it (a
    heading, a numbered paragraph, else a plain one)."""
    document = _read_back(blocks)
    if document is None or not document.paragraphs:
        return {}
    eids = {b.eid for b in blocks}
    return {b.eid: b for b in as_declaration(document, "read-back.docx").blocks if b.eid in eids}


def parallel_docx(model: PublicationModel, languages: Sequence[str] | None = None) -> bytes:
    """The Word file of the trilingual edition: a table, a row per paragraph, a column per language."""
    check_files_can_carry(model, languages)
    editions = [model.edition(code) for code in (languages or model.languages)]
    document = _document(model, editions[0].language, landscape=True)
    ids = count(1)
    _front(document, model, editions, ids)
    rows = parallel_rows(editions)
    table = document.add_table(rows=len(rows) + 2, cols=len(editions))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    all_rows = table.rows
    for cell, edition in zip(all_rows[0].cells, editions, strict=True):
        cell.paragraphs[0].add_run(language_name(edition.language)).bold = True
    _repeat_header(all_rows[0])
    cells = [tc for row in all_rows[1:-1] for tc in row._tr.tc_lst]  # from the rows' XML: `cells` lays out the grid
    lists = lists_for(document)
    made = _parsed(
        [
            _paragraph_xml(p, None, (str(next(ids)), p.eid) if column == 0 else None, lists, column)
            for paragraphs in rows
            for column, p in enumerate(paragraphs)
        ]
    )
    lists.write(document)
    for tc, element in zip(cells, made, strict=True):
        tc.replace(tc.p_lst[0], element)  # the cell's own empty paragraph
    for cell, edition in zip(all_rows[-1].cells, editions, strict=True):
        _end(cell, edition)
        cell._tc.remove(cell.paragraphs[0]._p)  # the cell's own empty first paragraph
    return _save(document, model, editions[0])


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
