"""A publication as PDF, typeset by Typst (the `typst` package: the compiler in one wheel).

Chosen by measurement over WeasyPrint from the HTML pages (see the report of issue 11): on a
300-paragraph declaration in three languages, Typst makes the three editions and the trilingual
one in a fraction of a second where WeasyPrint took about 8 s, and it needs no system library.

The document is written as Typst *code*, every text a string literal (`#"…"`, `#strong("…")`),
so no character of a paragraph is ever read as Typst markup. Fonts: DejaVu Serif / Sans (Debian
fonts-dejavu-core), which cover Spanish and French; no system font is scanned besides them, nor are
the fonts Typst carries in itself (Libertinus, New Computer Modern): the PDF's fonts are those of
FONT_DIRS alone, so that what they can show is known from their files (pdf_glyphs) and the gate
refuses a text they cannot show before it is published.

Archival and accessible: PDF/A-2b (fonts embedded, XMP metadata with the pdfaid identification)
and PDF/UA-1 (tagged, the document's title and each text's language declared), both through
Typst's PDF standards. Deterministic: the document is dated with the publication, so the same
model always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import N_, Conflict
from ..domain.publication.publication import Edition, PublicationModel, PubParagraph, parallel_rows
from .publication_inline import Run, TextBlock, text_blocks
from .publication_words import WORDS, corrigendum_line, language_name, word

if TYPE_CHECKING:
    import typst
    from typst import PDFStandard

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/truetype/noto"),
]
SERIF = ("DejaVu Serif", "Noto Serif")
SANS = ("DejaVu Sans", "Noto Sans")
STANDARDS: list[PDFStandard] = ["a-2b", "ua-1"]
"""PDF/A-2b: archival, every font embedded; PDF/UA-1: tagged for assistive technology."""


def literal(text: str) -> str:
    """A Typst string literal: no character of `text` is read as Typst markup."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _run(run: Run) -> str:
    if run.line_break:
        return "#linebreak()"
    value = literal(run.text)
    if run.code:
        value = f"raw({value})"
    elif run.bold or run.italic:
        weight = 'weight: "bold", ' if run.bold else ""
        style = 'style: "italic", ' if run.italic else ""
        value = f"text({weight}{style}{value})"
    if run.href:
        value = f"link({literal(run.href)}, {value})"
    return "#" + value


def _block(block: TextBlock) -> str:
    body = "".join(_run(run) for run in block.runs)
    if block.marker:
        return f"#grid(columns: (1.4em, 1fr), [#{literal(block.marker)}], [{body}])"
    return f"#par[{body}]"


_LABEL = 2.2  # em: the width a paragraph's number or label hangs in
GUTTER = "14pt"  # between the trilingual edition's columns


def _labelled(label: str, blocks: Sequence[TextBlock]) -> str:
    """A paragraph after its label (a number, "(a)", a bullet). One plain block, the common case, is a
    paragraph with a hanging indent and its label in a box: a grid of two cells costs Typst 40 % more
    time and memory, over thousands of paragraphs."""
    if len(blocks) == 1 and not blocks[0].marker:
        body = "".join(_run(run) for run in blocks[0].runs)
        return f"#par(hanging-indent: {_LABEL}em)[#box(width: {_LABEL}em, {label}){body}]"
    return f"#grid(columns: ({_LABEL}em, 1fr), [#{label}], [{chr(10).join(_block(b) for b in blocks)}])"


def _paragraph(p: PubParagraph) -> str:
    if p.kind == "heading":
        runs = "".join(_run(r) for b in text_blocks(p.text) for r in b.runs)
        return (
            "#block(above: 1.4em, below: 0.8em, sticky: true, width: 100%, "
            f'align(center, text(weight: "bold", size: 1.1em)[{runs}]))'
        )
    blocks = text_blocks(p.text)
    if p.depth:  # a sub-item, indented under the item it belongs to, with its label
        return f"#pad(left: {p.depth * _LABEL}em)[{_labelled(literal(p.label), blocks)}]"
    if p.number is not None:
        return _labelled(f'text(weight: "bold", {literal(f"{p.number}.")})', blocks)
    if p.marker:
        return _labelled(literal("•"), blocks)
    if len(blocks) == 1:
        return _block(blocks[0])
    return "#block[" + "\n".join(_block(b) for b in blocks) + "]"


_COUNTERS = {"page": "str(here().page())"}
_ALL_PAGES = "str(counter(page).final().first())"


def page_expression(template: str, pages: str = _ALL_PAGES) -> str:
    """ "Página {page} de {pages}" as a Typst expression read in the page footer's context; `pages` the total's
    expression (a text typeset in parts is told its total)."""
    parts: list[str] = []
    rest = template
    while rest:
        head, brace, tail = rest.partition("{")
        if head:
            parts.append(literal(head))
        if not brace:
            break
        name, _, rest = tail.partition("}")
        parts.append(pages if name == "pages" else _COUNTERS[name])
    return " + ".join(parts)


PART_PARAGRAPHS = 4500
"""Paragraphs typeset at most by one process, a paragraph side by side counting one and a half (its row's grid):
Typst keeps what it laid out until its process ends, 0.074 MB a paragraph of one language's edition and 0.32 MB a
row of three side by side (a part of 4,500 paragraphs, or 1,000 trilingual rows, peaks near 400 MB)."""


@dataclass(frozen=True)
class Source:
    """A PDF's Typst source, in the rows it may be typeset in parts of (pdf_join)."""

    model: PublicationModel
    language: str  # the first column's: the pages' words
    landscape: bool
    columns: tuple[str, ...]  # the languages' names over the columns of a trilingual text
    definitions: tuple[str, ...]  # what every part's rows use
    front: tuple[str, ...]
    rows: tuple[tuple[PubParagraph, ...], ...]  # a row's paragraph in each column
    row: Callable[[tuple[PubParagraph, ...]], str]  # a row's source, made only for the part that holds it
    sections: tuple[bool, ...]  # a row that begins a section (a heading): where a part best begins
    end: tuple[str, ...]
    width: int  # paragraphs in a row

    def _rules(self, pagination: str) -> list[str]:
        """The document, its pages (with `pagination`: their header and footer), its text."""
        fonts = ", ".join(literal(f) for f in SERIF)
        return [
            f"#set document(title: {literal(self.model.symbol)})",
            (
                f'#set page(paper: "a4", flipped: {"true" if self.landscape else "false"}, '
                f"margin: (x: {'1.4cm' if self.landscape else '2.2cm'}, y: 2cm), {pagination})"
            ),
            (
                f"#set text(font: ({fonts},), size: {'9pt' if self.landscape else '10.5pt'}, "
                f"lang: {literal(self.language)})"
            ),
            "#set par(leading: 0.6em, spacing: 0.9em)",
            *(
                ['#set par.line(numbering: "1", numbering-scope: "page")'] if self.model.numbered_lines else []
            ),  # "op 12, line 3"
            "#show link: underline",
        ]

    def _pagination(self, pages: str) -> str:
        """The header (the symbol; the languages' names over the columns) and footer ("Page 3 of 9") of a page."""
        footer = page_expression(WORDS.get(self.language, WORDS["en"])["page"], pages)
        sans = f"font: ({', '.join(literal(f) for f in SANS)},)"
        header = f"align(right, text({sans}, size: 8pt, {literal(self.model.symbol)}))"
        if self.columns:
            names = ", ".join(f'text({sans}, weight: "bold", {literal(name)})' for name in self.columns)
            header = (
                f"{{ {header}; v(2pt); "
                f"grid(columns: ({', '.join('1fr' for _ in self.columns)}), column-gutter: {GUTTER}, {names}) }}"
            )
        return f"header: {header}, footer: context align(center, text({sans}, size: 8pt, {footer}))"

    def whole(self) -> str:
        """The source of the whole PDF at once."""
        return (
            "\n".join(
                [
                    *self._rules(self._pagination(_ALL_PAGES)),
                    *self.definitions,
                    *self.front,
                    *map(self.row, self.rows),
                    *self.end,
                ]
            )
            + "\n"
        )

    def parts(self) -> list[range]:
        """The rows of each part: at most PART_PARAGRAPHS paragraphs (as counted there); a part begins a page,
        and at a section where one begins in the second half of its rows."""
        most, found, begin = max(1, int(PART_PARAGRAPHS / (1 if self.width == 1 else 1.5 * self.width))), [], 0
        while len(self.rows) - begin > most:
            end = begin + most
            sections = [i for i in range(begin + max(1, most // 2), end + 1) if self.sections[i]]
            cut = sections[-1] if sections else end
            found.append(range(begin, cut))
            begin = cut
        found.append(range(begin, len(self.rows)))
        return found

    def part(self, rows: range) -> str:
        """The source of the part of `rows` (one of `parts()`): its pages without header or footer, which the
        frame draws."""
        return (
            "\n".join(
                [
                    *self._rules("header: none, footer: none"),
                    *self.definitions,
                    *(self.front if rows.start == 0 else ()),
                    *(self.row(self.rows[i]) for i in rows),
                    *(self.end if rows.stop == len(self.rows) else ()),
                ]
            )
            + "\n"
        )

    def frame(self, pages: int) -> str:
        """The source of the header and footer alone of the `pages` pages of a text typeset in parts."""
        rules = self._rules(self._pagination(literal(str(pages))))
        return "\n".join([*rules, f"#for _ in range({pages - 1}) {{ pagebreak() }}"]) + "\n"


def _front(model: PublicationModel, editions: Sequence[Edition]) -> list[str]:
    first = editions[0]
    lines = ["#align(center)["]
    for edition in editions:
        lines.append(
            f'#block(below: 0.4em, text(size: 1.35em, weight: "bold", lang: {literal(edition.language)}, '
            f"{literal(edition.title)}))"
        )
    lines.append(
        f"#block(text(size: 0.9em, "
        f"{literal(word(first.language, 'version') + ' ' + model.version_in(first.language))}))"
    )
    corrigendum = corrigendum_line(model, first)
    if corrigendum:
        lines.append(f'#block(text(weight: "bold", {literal(corrigendum)}))')
    lines.append("]")
    lines.append("#v(1em)")
    return lines


def _end(edition: Edition) -> list[str]:
    return [
        f"#v(1em)\n#align(right, emph({literal(edition.date_line)}))",
        '#block(text(font: "DejaVu Sans Mono", size: 7pt, fill: luma(80), '
        f"{literal(word(edition.language, 'checksum') + ': ' + edition.checksum)}))",
    ]


def _edition_source(model: PublicationModel, language: str) -> Source:
    edition = model.edition(language)
    return Source(
        model,
        language,
        landscape=False,
        columns=(),
        definitions=(),
        front=tuple(_front(model, [edition])),
        rows=tuple((p,) for p in edition.paragraphs),
        row=lambda cells: _paragraph(cells[0]),
        sections=tuple(p.kind == "heading" for p in edition.paragraphs),
        end=tuple(_end(edition)),
        width=1,
    )


def _parallel_row(languages: Sequence[str], cells: tuple[PubParagraph, ...]) -> str:
    columns = (f"text(lang: {literal(code)})[{_paragraph(p)}]" for code, p in zip(languages, cells, strict=True))
    return f"#row({', '.join(columns)})"


def _parallel_source(model: PublicationModel, languages: Sequence[str]) -> Source:
    """A row per paragraph, a column per language, the languages' names at the top of every page. Each row a
    grid of its own: one table of 4,000 rows cost Typst 14 s and 2.3 GB."""
    editions = [model.edition(code) for code in languages]
    columns = ", ".join("1fr" for _ in editions)
    # Columns apart by a gutter: cells' insets and strokes cost a third more memory.
    row = f"#let row(..cells) = grid(columns: ({columns}), column-gutter: {GUTTER}, ..cells)"
    rows = parallel_rows(editions)
    end = ", ".join(
        f'[#align(right, emph({literal(edition.date_line)}))\n#text(font: "DejaVu Sans Mono", size: 6pt, '
        f"{literal(edition.checksum)})]"
        for edition in editions
    )
    return Source(
        model,
        editions[0].language,
        landscape=True,
        columns=tuple(language_name(e.language) for e in editions),
        definitions=(row,),
        front=tuple(_front(model, editions)),
        rows=tuple(rows),
        row=partial(_parallel_row, tuple(languages)),
        sections=tuple(any(p.kind == "heading" for p in cells) for cells in rows),
        end=(f"#row({end})",),
        width=len(editions),
    )


def source(model: PublicationModel, languages: Sequence[str]) -> Source:
    """The source of the PDF of `languages`: one language's edition, or several side by side."""
    if len(languages) == 1:
        return _edition_source(model, languages[0])
    return _parallel_source(model, languages)


def edition_typst(model: PublicationModel, language: str) -> str:
    """The Typst source of one language edition, whole."""
    return _edition_source(model, language).whole()


def parallel_typst(model: PublicationModel, languages: Sequence[str] | None = None) -> str:
    """The Typst source of the trilingual edition, whole."""
    return _parallel_source(model, languages or model.languages).whole()


@lru_cache(maxsize=1)
def pdf_fonts() -> typst.Fonts:
    """The fonts of the PDFs, found once: those of FONT_DIRS, without the system's or Typst's own."""
    import typst

    return typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[str(path) for path in FONT_DIRS if path.is_dir()],
    )


# A character without a glyph, or one PDF/UA forbids in a text (U+FEFF).
_NO_GLYPH = re.compile(r'(?:text|codepoint) `"(?:\\u\{([0-9a-fA-F]+)\}|(.))')


def _compile(source: str, model: PublicationModel) -> bytes:
    return typeset(source, model.published_at)


def typeset(source: str, when: datetime) -> bytes:
    """A Typst source as a PDF in FONT_DIRS' fonts and the STANDARDS, dated `when` (the same source and date, the same
    bytes); a character no font of it shows is a 409 naming the character."""
    import typst

    # Bytes: a str input would be read as a path.
    try:
        result = typst.compile(
            source.encode("utf-8"),
            font_paths=pdf_fonts(),
            pdf_standards=STANDARDS,
            timestamp=when.astimezone(UTC).replace(microsecond=0),
        )
    except typst.TypstError as exc:  # PDF/A shows every character in an embedded font: a text's fault, said as such
        found = _NO_GLYPH.search(str(exc))
        if found is None:
            raise
        code = f"{int(found.group(1), 16) if found.group(1) else ord(found.group(2)):04X}"
        raise Conflict(
            N_("No font of the PDF can show the character U+{code} of the text: replace it, or take the Word file."),
            code=code,
            detail={"character": f"U+{code}"},
        ) from exc
    assert isinstance(result, bytes)
    return result


def joined(part_pdfs: Sequence[bytes], made: Source, pages: int | None = None) -> bytes:
    """The PDF of a text typeset in `part_pdfs` (`pages` in all, when known): their pages under the header and
    footer of a frame."""
    from .pdf_join import join, page_count

    total = pages if pages is not None else sum(page_count(part) for part in part_pdfs)
    return join(part_pdfs, _compile(made.frame(total), made.model))


def part_pdf(model: PublicationModel, languages: Sequence[str], rows: range) -> bytes:
    """The part of `rows` of the PDF of `languages` (one of `source(…).parts()`)."""
    return _compile(source(model, languages).part(rows), model)


def languages_pdf(model: PublicationModel, languages: Sequence[str]) -> bytes:
    """The PDF of `languages` made here, a long text's parts one after another (where a process must stay
    small, each part is typeset by one of its own: renderers/child)."""
    made = source(model, languages)
    parts = made.parts()
    if len(parts) == 1:
        from .pdf_join import compact

        return compact(_compile(made.whole(), model))
    return joined([_compile(made.part(rows), model) for rows in parts], made)


def edition_pdf(model: PublicationModel, language: str) -> bytes:
    """The PDF of one language edition: symbol and page numbers in the margins, numbered paragraphs."""
    return languages_pdf(model, [language])


def parallel_pdf(model: PublicationModel, languages: Sequence[str] | None = None) -> bytes:
    """The PDF of the trilingual edition (A4 landscape, three columns)."""
    return languages_pdf(model, languages or model.languages)
