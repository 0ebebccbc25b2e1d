"""The session pack's Word files: what they share (a document in one language, dated with the meeting's last event),
and the clean text as it left the room. The tracked text is session_pack_tracked, the status list session_pack_status.

Paragraphs are written as `w:p` elements straight (word_runs, as the compilation's), after the title python-docx lays
out.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml.etree import _Element

from ..domain.meetings.pack_model import PackModel, PackParagraph
from .publication_docx import dated_package
from .session_pack_words import front_lines, process_title, word
from .word_runs import styled_run, word_paragraph

Put = Callable[[_Element], object]  # where a paragraph goes: the end of the document's body


def new_document(model: PackModel, language: str, heading: str) -> tuple[WordDocument, Put]:
    """A document in `language`: the process's title, `heading` (what the file is), the meeting's lines; and where its
    body's next paragraphs go."""
    document: WordDocument = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(11)
    # The language Word and LibreOffice check the spelling of, and a screen reader speaks the text in.
    normal.element.get_or_add_rPr().append(OxmlElement("w:lang", {qn("w:val"): language}))
    document.add_heading(process_title(model, language), level=0)
    document.add_heading(heading, level=1)
    end: _Element = document.element.body.sectPr  # the body's paragraphs go before its section's properties
    put: Put = end.addprevious
    for line in front_lines(model, language):
        put(word_paragraph(line))
    return document, put


def save(document: WordDocument, model: PackModel, language: str, title: str) -> bytes:
    """The file's bytes: its properties and its zip entries dated with the meeting's last event, never with the clock,
    so that the same model gives the same bytes."""
    properties = document.core_properties
    properties.title, properties.subject, properties.language = title, process_title(model, language), language
    properties.author = properties.last_modified_by = "Accord"
    properties.comments, properties.keywords, properties.category = "", "", ""
    made = model.made_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    properties.created = properties.modified = properties.last_printed = made
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return dated_package(out.getvalue(), model.made_at)


def reference(paragraph: PackParagraph, language: str) -> str:
    return paragraph.ref.get(language, "")


def machine_note(put: Put, paragraph: PackParagraph, language: str) -> None:
    """Under a text that is a machine draft: that it is one, never approved."""
    if paragraph.machine.get(language, False):
        note = word_paragraph()
        note.append(styled_run(word(language, "machine_note"), italic=True))
        put(note)


def clean_docx(model: PackModel, language: str) -> bytes:
    """The text as it left the room in `language`: every paragraph in order, its printed reference, its text, a note
    under a machine draft."""
    title = word(language, "clean")
    document, put = new_document(model, language, title)
    for p in model.paragraphs:
        text = p.left.get(language, "")
        if p.heading:
            put(word_paragraph(text, "Heading2"))
        else:
            shown = word_paragraph(spaced=True)
            ref = reference(p, language)
            if ref:
                shown.append(styled_run(ref + "\u2003", bold=True))  # an em space: the reference stands apart
            shown.append(styled_run(text))
            put(shown)
        machine_note(put, p, language)
    return save(document, model, language, title)
