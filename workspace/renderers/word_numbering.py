"""Accord's lists as Word's own numbering (numbering.xml), so that Word and LibreOffice count them: a paragraph
inserted in Word between OP 11 and OP 12 is numbered 12, and the ones after it move on, as a committee expects.

Each kind of label has one abstract list of one level: an operative paragraph's number ("%1.", bold), a numbered
sub-item's ("%1." or "%1)") and a bullet ("•"). Each run of paragraphs counted together (the operative paragraphs
of an edition; a nested list, counting on from its first item's number) is a list instance (`w:num`) of it that
starts where Accord's number starts (`w:startOverride`, which Word needs on each instance: without it, instances of
one abstract list count on from each other). A label that Word cannot count (anything but digits and "." or ")", or
a bullet) stays typed before the text, as Accord prints it: `NumberedLists.place` says None for it, and a paragraph
after it counts on from the last one Word counted. The importer reads both (a typed label is taken off the text,
`domain/word/word_markdown.take_label`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_COUNTED = re.compile(r"^(\d{1,9})([.)])$")
BULLET = "•"


@dataclass(frozen=True)
class _Format:
    name: str  # "operative", "." , ")" or "bullet"
    number_format: str  # w:numFmt
    text: str  # w:lvlText
    bold: bool = False


_FORMATS = (
    _Format("operative", "decimal", "%1.", bold=True),
    _Format(".", "decimal", "%1."),
    _Format(")", "decimal", "%1)"),
    _Format("bullet", "bullet", BULLET),
)


@dataclass
class _Run:
    """A list instance being written: its w:numId, its format, its first number and the last number it gave."""

    num_id: int
    form: _Format
    start: int
    last: int


@dataclass
class NumberedLists:
    """The numbering of one document's paragraphs, placed one by one in document order; `write` adds it to the
    document's numbering part. `first_abstract`, `first_num`: ids after those the template's part already holds."""

    first_abstract: int
    first_num: int
    runs: list[_Run] = field(default_factory=list)
    _open: dict[tuple[int, int, str], _Run] = field(default_factory=dict)  # (column, depth, format) → its run

    def place(self, label: str, depth: int, operative: bool, column: int = 0) -> int | None:
        """The w:numId that numbers a paragraph labelled `label` ("12" for an operative paragraph, else "•", "3.",
        "3)"; "" for none) at `depth` in `column` (the parallel edition counts each language's column on its own);
        None for a paragraph with no label or one Word cannot count, which stays typed."""
        form, value = _format_of(label, operative)
        for key in [k for k in self._open if k[0] == column and k[1] >= depth]:
            # A paragraph less deep closes the lists opened under the one before it; another kind of paragraph at
            # a depth ends the list there (the operative paragraphs count on through the whole text).
            if _closes(key, depth, form):
                del self._open[key]
        if form is None:
            return None
        key = (column, depth, form.name)
        run = self._open.get(key)
        if run is None or (form.name != "bullet" and value != run.last + 1):
            run = _Run(self.first_num + len(self.runs), form, value, value)
            self.runs.append(run)
            self._open[key] = run
        run.last = value
        return run.num_id

    def write(self, document: WordDocument) -> None:
        """The abstract lists and list instances placed, added to `document`'s numbering part (none: nothing)."""
        if not self.runs:
            return
        numbering: etree._Element = document.part.numbering_part.element
        abstracts = {form.name: self.first_abstract + n for n, form in enumerate(_FORMATS)}
        made = [_abstract_xml(abstracts[form.name], form) for form in _FORMATS]
        made += [_num_xml(run.num_id, abstracts[run.form.name], run.start) for run in self.runs]
        elements = list(parse_xml(f'<w:numbering xmlns:w="{_NS}">{"".join(made)}</w:numbering>'))
        last_abstract = numbering.findall(qn("w:abstractNum"))
        at = numbering.index(last_abstract[-1]) + 1 if last_abstract else 0
        for element in elements[: len(_FORMATS)]:  # the schema puts every w:abstractNum before the first w:num
            numbering.insert(at, element)
            at += 1
        cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
        for element in elements[len(_FORMATS) :]:
            if cleanup is not None:
                cleanup.addprevious(element)
            else:
                numbering.append(element)


def _format_of(label: str, operative: bool) -> tuple[_Format | None, int]:
    """The list format that counts `label`, and its value; None for a label Word cannot count (or none)."""
    if operative:
        return (_FORMATS[0], int(label)) if label.isdigit() else (None, 0)
    if label == BULLET:
        return _FORMATS[3], 1
    found = _COUNTED.match(label)
    if found is None:
        return None, 0
    return _FORMATS[1 if found.group(2) == "." else 2], int(found.group(1))


def _closes(key: tuple[int, int, str], depth: int, form: _Format | None) -> bool:
    """Does a paragraph at `depth` of format `form` close the list open at `key` (column, depth, format)?"""
    _, open_depth, name = key
    if open_depth > depth:
        return True
    return name != "operative" and (form is None or form.name != name)


def lists_for(document: WordDocument) -> NumberedLists:
    """An empty numbering for `document`, its ids after those its numbering part holds."""
    numbering: etree._Element = document.part.numbering_part.element
    abstracts = [int(e.get(qn("w:abstractNumId")) or 0) for e in numbering.iter(qn("w:abstractNum"))]
    nums = [int(e.get(qn("w:numId")) or 0) for e in numbering.iter(qn("w:num"))]
    return NumberedLists(max(abstracts, default=-1) + 1, max(nums, default=0) + 1)


def _abstract_xml(ident: int, form: _Format) -> str:
    """One abstract list of one level; the paragraphs carry their own indents, which stand over the list's."""
    bold = "<w:rPr><w:b/></w:rPr>" if form.bold else ""
    return (
        f'<w:abstractNum w:abstractNumId="{ident}"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{form.number_format}"/>'
        f'<w:lvlText w:val="{form.text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr>{bold}</w:lvl></w:abstractNum>'
    )


def _num_xml(num_id: int, abstract: int, start: int) -> str:
    return (
        f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
    )


def numbering_xml(num_id: int) -> str:
    """A paragraph's w:numPr, numbered by list instance `num_id`."""
    return f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'


__all__ = ["BULLET", "NumberedLists", "lists_for", "numbering_xml"]
