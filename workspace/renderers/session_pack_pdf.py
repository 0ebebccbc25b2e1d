"""The text as it left the room, as a PDF: typeset by Typst as the publications are (publication_pdf: every text a
string literal, so that no character of a paragraph is read as markup; DejaVu fonts alone; PDF/A-2b and PDF/UA-1),
dated with the meeting's last event so that the same model gives the same bytes."""

from __future__ import annotations

from ..domain.meetings.pack_model import PackModel, PackParagraph
from .pdf_join import compact
from .publication_pdf import SANS, SERIF, literal, page_expression, typeset
from .session_pack_words import front_lines, process_title, word


def word_paragraph(p: PackParagraph, language: str) -> str:
    text = literal(p.left.get(language, ""))
    note = ""
    if p.machine.get(language, False):
        note = f'\n#block(above: 0.3em, text(style: "italic", size: 0.85em, {literal(word(language, "machine_note"))}))'
    if p.heading:
        return f'#block(above: 1.4em, below: 0.8em, sticky: true, text(weight: "bold", size: 1.1em, {text})){note}'
    ref = p.ref.get(language, "")
    if not ref:
        return f"#par[#{text}]{note}"
    return f'#par[#text(weight: "bold", {literal(ref)})#h(0.8em)#{text}]{note}'


def clean_typst(model: PackModel, language: str) -> str:
    """The Typst source of the clean text in `language`."""
    title = process_title(model, language)
    serif, sans = (", ".join(literal(f) for f in fonts) for fonts in (SERIF, SANS))
    footer = page_expression(word(language, "page"))
    lines = [
        f"#set document(title: {literal(title + ' · ' + word(language, 'clean'))})",
        (
            '#set page(paper: "a4", margin: (x: 2.2cm, y: 2cm), '
            f"header: align(right, text(font: ({sans},), size: 8pt, {literal(title)})), "
            f"footer: context align(center, text(font: ({sans},), size: 8pt, {footer})))"
        ),
        f"#set text(font: ({serif},), size: 10.5pt, lang: {literal(language)})",
        "#set par(leading: 0.6em, spacing: 0.9em)",
        f'#align(center, block(below: 0.6em, text(size: 1.35em, weight: "bold", {literal(title)})))',
        f'#align(center, block(below: 0.6em, text(size: 1.1em, weight: "bold", {literal(word(language, "clean"))})))',
        *(
            f"#align(center, block(below: 0.3em, text(size: 0.9em, {literal(line)})))"
            for line in front_lines(model, language)
        ),
        "#v(1em)",
        *(word_paragraph(p, language) for p in model.paragraphs),
    ]
    return "\n".join(lines) + "\n"


def clean_pdf(model: PackModel, language: str) -> bytes:
    """The PDF of the text as it left the room in `language`; a character no font of it shows is a 409 naming it."""
    return compact(typeset(clean_typst(model, language), model.made_at))
