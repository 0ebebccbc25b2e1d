"""Word paragraphs and runs written as OOXML elements straight, and tracked changes (`w:ins` / `w:del`): what the
compilation and the session pack write their Word files with. Made here rather than through python-docx's
`add_paragraph`, which takes a run's text one character at a time (a third of the time of a trilingual compilation).
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import _Element  # what python-docx's OxmlElement() returns (a function, not a type)


def text_run(text: str, deleted: bool = False) -> _Element:
    """A run of text; line breaks inside a paragraph become Word line breaks."""
    run = OxmlElement("w:r")
    for i, line in enumerate(text.split("\n")):
        if i:
            run.append(OxmlElement("w:br"))
        node = OxmlElement("w:delText" if deleted else "w:t")
        node.set(qn("xml:space"), "preserve")
        node.text = line
        run.append(node)
    return run


def revision(tag: str, text: str, author: str, when: datetime, ids: count[int]) -> _Element:
    """A tracked change (`tag`: "w:ins" or "w:del") of `text` by `author` at `when`, numbered from `ids` (one counter
    per document: Word wants each revision's id unique)."""
    change = OxmlElement(tag)
    change.set(qn("w:id"), str(next(ids)))
    change.set(qn("w:author"), author)
    change.set(qn("w:date"), when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    change.append(text_run(text, deleted=tag == "w:del"))
    return change


def word_paragraph(text: str = "", style: str | None = None, spaced: bool = False) -> _Element:
    """A `w:p` made straight (python-docx's `add_paragraph` takes a run's text one character at a time: a third of the
    time of a trilingual compilation); `style` a style id ("Heading1"), `spaced` 8 pt before it."""
    p = OxmlElement("w:p")
    if style or spaced:
        properties = OxmlElement("w:pPr")
        if style:
            properties.append(OxmlElement("w:pStyle", {qn("w:val"): style}))
        if spaced:
            properties.append(OxmlElement("w:spacing", {qn("w:before"): "160"}))  # twentieths of a point
        p.append(properties)
    if text:
        p.append(text_run(text))
    return p


def styled_run(text: str, bold: bool = False, italic: bool = False) -> _Element:
    """A run of text in bold, in italics, or both."""
    made = text_run(text)
    if bold or italic:
        properties = OxmlElement("w:rPr")
        if bold:
            properties.append(OxmlElement("w:b"))
        if italic:
            properties.append(OxmlElement("w:i"))
        made.insert(0, properties)
    return made
