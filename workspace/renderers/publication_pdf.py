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
from collections.abc import Sequence
from datetime import UTC
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import N_, Conflict
from ..domain.publication.publication import Edition, PublicationModel, PubParagraph
from .publication_html import parallel_rows
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


def _s(text: str) -> str:
    """A Typst string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _run(run: Run) -> str:
    if run.line_break:
        return "#linebreak()"
    value = _s(run.text)
    if run.code:
        value = f"raw({value})"
    elif run.bold or run.italic:
        weight = 'weight: "bold", ' if run.bold else ""
        style = 'style: "italic", ' if run.italic else ""
        value = f"text({weight}{style}{value})"
    if run.href:
        value = f"link({_s(run.href)}, {value})"
    return "#" + value


def _block(block: TextBlock) -> str:
    body = "".join(_run(run) for run in block.runs)
    if block.marker:
        return f"#grid(columns: (1.4em, 1fr), [#{_s(block.marker)}], [{body}])"
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
        return f"#pad(left: {p.depth * _LABEL}em)[{_labelled(_s(p.label), blocks)}]"
    if p.number is not None:
        return _labelled(f'text(weight: "bold", {_s(f"{p.number}.")})', blocks)
    if p.marker:
        return _labelled(_s("•"), blocks)
    if len(blocks) == 1:
        return _block(blocks[0])
    return "#block[" + "\n".join(_block(b) for b in blocks) + "]"


_COUNTERS = {"page": "str(here().page())", "pages": "str(counter(page).final().first())"}


def _page_expression(template: str) -> str:
    """ "Página {page} de {pages}" as a Typst expression read in the page footer's context."""
    parts: list[str] = []
    rest = template
    while rest:
        head, brace, tail = rest.partition("{")
        if head:
            parts.append(_s(head))
        if not brace:
            break
        name, _, rest = tail.partition("}")
        parts.append(_COUNTERS[name])
    return " + ".join(parts)


def _setup(model: PublicationModel, language: str, landscape: bool, columns: Sequence[str] = ()) -> str:
    """The page, its header (the symbol; the languages' names over their `columns`) and footer, the text."""
    footer = _page_expression(WORDS.get(language, WORDS["en"])["page"])
    fonts = ", ".join(_s(f) for f in SERIF)
    sans = f"font: ({', '.join(_s(f) for f in SANS)},)"
    header = f"align(right, text({sans}, size: 8pt, {_s(model.symbol)}))"
    if columns:
        names = ", ".join(f'text({sans}, weight: "bold", {_s(name)})' for name in columns)
        header = (
            f"{{ {header}; v(2pt); "
            f"grid(columns: ({', '.join('1fr' for _ in columns)}), column-gutter: {GUTTER}, {names}) }}"
        )
    return "\n".join(
        [
            f"#set document(title: {_s(model.symbol)})",
            (
                f'#set page(paper: "a4", flipped: {"true" if landscape else "false"}, '
                f"margin: (x: {'1.4cm' if landscape else '2.2cm'}, y: 2cm), header: {header}, "
                f"footer: context align(center, text({sans}, size: 8pt, {footer})))"
            ),
            f"#set text(font: ({fonts},), size: {'9pt' if landscape else '10.5pt'}, lang: {_s(language)})",
            "#set par(leading: 0.6em, spacing: 0.9em)",
            *(
                ['#set par.line(numbering: "1", numbering-scope: "page")'] if model.numbered_lines else []
            ),  # "op 12, line 3"
            "#show link: underline",
        ]
    )


def _front(model: PublicationModel, editions: Sequence[Edition]) -> list[str]:
    first = editions[0]
    lines = ["#align(center)["]
    for edition in editions:
        lines.append(
            f'#block(below: 0.4em, text(size: 1.35em, weight: "bold", lang: {_s(edition.language)}, '
            f"{_s(edition.title)}))"
        )
    lines.append(f"#block(text(size: 0.9em, {_s(word(first.language, 'version') + ' ' + model.version_label)}))")
    corrigendum = corrigendum_line(model, first)
    if corrigendum:
        lines.append(f'#block(text(weight: "bold", {_s(corrigendum)}))')
    lines.append("]")
    lines.append("#v(1em)")
    return lines


def _end(edition: Edition) -> list[str]:
    return [
        f"#v(1em)\n#align(right, emph({_s(edition.date_line)}))",
        '#block(text(font: "DejaVu Sans Mono", size: 7pt, fill: luma(80), '
        f"{_s(word(edition.language, 'checksum') + ': ' + edition.checksum)}))",
    ]


def edition_typst(model: PublicationModel, language: str) -> str:
    """The Typst source of one language edition."""
    edition = model.edition(language)
    parts = [_setup(model, language, landscape=False), *_front(model, [edition])]
    parts.extend(_paragraph(p) for p in edition.paragraphs)
    parts.extend(_end(edition))
    return "\n".join(parts) + "\n"


def parallel_typst(model: PublicationModel, languages: Sequence[str] | None = None) -> str:
    """The Typst source of the trilingual edition: a row per paragraph, a column per language, the
    languages' names at the top of every page. Each row a grid of its own: one table of 4,000 rows cost
    Typst 14 s and 2.3 GB."""
    editions = [model.edition(code) for code in (languages or model.languages)]
    parts = [
        _setup(model, editions[0].language, landscape=True, columns=[language_name(e.language) for e in editions]),
        *_front(model, editions),
    ]
    columns = ", ".join("1fr" for _ in editions)
    # Columns apart by a gutter: cells' insets and strokes cost a third more memory.
    parts.append(f"#let row(..cells) = grid(columns: ({columns}), column-gutter: {GUTTER}, ..cells)")
    for row in parallel_rows(editions):
        parts.append(
            "#row("
            + ", ".join(
                f"text(lang: {_s(edition.language)})[{_paragraph(p)}]" for edition, p in zip(editions, row, strict=True)
            )
            + ")"
        )
    parts.append(
        "#row("
        + ", ".join(
            f'[#align(right, emph({_s(edition.date_line)}))\n#text(font: "DejaVu Sans Mono", size: 6pt, '
            f"{_s(edition.checksum)})]"
            for edition in editions
        )
        + ")"
    )
    return "\n".join(parts) + "\n"


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
    import typst

    # Bytes: a str input would be read as a path.
    try:
        result = typst.compile(
            source.encode("utf-8"),
            font_paths=pdf_fonts(),
            pdf_standards=STANDARDS,
            timestamp=model.published_at.astimezone(UTC).replace(microsecond=0),
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


def edition_pdf(model: PublicationModel, language: str) -> bytes:
    """The PDF of one language edition: symbol and page numbers in the margins, numbered paragraphs."""
    return _compile(edition_typst(model, language), model)


def parallel_pdf(model: PublicationModel, languages: Sequence[str] | None = None) -> bytes:
    """The PDF of the trilingual edition (A4 landscape, three columns)."""
    return _compile(parallel_typst(model, languages), model)
