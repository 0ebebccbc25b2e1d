"""What the renderer tests compare files with: each paragraph's words as a reader sees them, and in a Word file
the labels its numbering shows before them."""

from __future__ import annotations

import re

from docx.oxml.ns import qn

from workspace.renderers.publication_inline import plain_text


def words(text: str) -> str:
    """Text with its spacing and line breaks (and a PDF's hyphenation) made uniform."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def shown(markdown: str) -> str:
    return words(plain_text(markdown))


def in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found in `haystack` in their order (empty when all are)."""
    missing, at = [], 0
    for needle in needles:
        found = haystack.find(needle, at)
        if found < 0:
            missing.append(needle)
        else:
            at = found + len(needle)
    return missing


class WordLabels:
    """The labels Word shows before the paragraphs of a python-docx `document` that its numbering numbers: each list
    instance (w:num) counted from its start (w:startOverride, else its level's w:start) in document order, its
    level's text ("%1." → "3.", a bullet as it is). Accord's lists are one level deep (ilvl 0)."""

    def __init__(self, document) -> None:  # type: ignore[no-untyped-def]
        numbering = document.part.numbering_part.element
        abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.iter(qn("w:abstractNum"))}
        levels, starts = {}, {}
        for num in numbering.iter(qn("w:num")):
            level = abstracts[num.find(qn("w:abstractNumId")).get(qn("w:val"))].find(qn("w:lvl"))
            override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
            start = override if override is not None else level.find(qn("w:start"))
            levels[num.get(qn("w:numId"))] = level
            starts[num.get(qn("w:numId"))] = int(start.get(qn("w:val")))
        counted: dict[str, int] = {}
        self.labels: dict[object, str] = {}
        for p in document.element.body.iter(qn("w:p")):
            found = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            if found is None or found.get(qn("w:val")) not in levels:
                continue
            num = found.get(qn("w:val"))
            counted[num] = counted[num] + 1 if num in counted else starts[num]
            level = levels[num]
            text = level.find(qn("w:lvlText")).get(qn("w:val"))
            decimal = level.find(qn("w:numFmt")).get(qn("w:val")) == "decimal"
            self.labels[p] = text.replace("%1", str(counted[num])) if decimal else text

    def label(self, paragraph) -> str:  # type: ignore[no-untyped-def]
        """The label Word shows before `paragraph` (a python-docx Paragraph), "" if its numbering gives none."""
        return self.labels.get(paragraph._p, "")

    def text(self, paragraph) -> str:  # type: ignore[no-untyped-def]
        """`paragraph`'s text as Word shows it: its list label and a tab first, where it has one."""
        label = self.label(paragraph)
        return f"{label}\t{paragraph.text}" if label else paragraph.text
