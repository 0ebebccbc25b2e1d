"""What Accord needs of a Word file's styles (styles.xml): a paragraph style's outline level (a
heading, under whatever name: "Heading 1", "Titre 1", LibreOffice's "Heading 1" based on "Heading"),
whether it numbers its paragraphs, whether it is one of the title block's styles of Accord's own files
(`FRONT_STYLES`), and a character style's bold and italic ("Strong", "Emphasis")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(name: str) -> str:
    return f"{{{W}}}{name}"


_VAL = q("val")
_HEADING_NAME = re.compile(r"^heading ([1-9])$", re.IGNORECASE)
_MAX_CHAIN = 20  # basedOn links followed: a loop in a damaged file ends here

FRONT_STYLES = ("Accord Title", "Accord Title Block")
"""The names of the paragraph styles Accord's own Word files give their title block (its title; the symbol, version
and corrigendum lines). Word and LibreOffice keep a style's name where they may drop a bookmark (a file copied into
another, saved by Word on the web or another editor), so a file sent back is known by them too."""


def on(element: etree._Element | None) -> bool | None:
    """A toggle property (w:b, w:i …): None when absent, else its value (no w:val is "on")."""
    if element is None:
        return None
    return (element.get(_VAL) or "true").lower() not in ("0", "false", "off", "none")


@dataclass(frozen=True)
class _Style:
    based_on: str | None
    outline: int | None  # w:outlineLvl 0…8 (9 is body text), else None
    heading_name: int  # N of a style named "heading N", else 0
    numbered: bool | None  # the style holds w:numPr (with a numId other than 0)
    bold: bool | None
    italic: bool | None
    front: bool  # one of Accord's title block styles, by its name


class Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, _Style] = {}
        self._emphasis: dict[str, tuple[bool, bool]] = {}
        if root is None:
            return
        for style in root.iter(q("style")):
            style_id = style.get(q("styleId"))
            if not style_id:
                continue
            based = style.find(q("basedOn"))
            name = style.find(q("name"))
            ppr, rpr = style.find(q("pPr")), style.find(q("rPr"))
            level = ppr.find(q("outlineLvl")) if ppr is not None else None
            num = ppr.find(f"{q('numPr')}/{q('numId')}") if ppr is not None else None
            named = (name.get(_VAL) or "") if name is not None else ""
            match = _HEADING_NAME.match(named)
            self._styles[style_id] = _Style(
                based_on=based.get(_VAL) if based is not None else None,
                outline=_int(level.get(_VAL)) if level is not None else None,
                heading_name=int(match.group(1)) if match else 0,
                numbered=(num.get(_VAL) or "0") != "0" if num is not None else None,
                bold=on(rpr.find(q("b"))) if rpr is not None else None,
                italic=on(rpr.find(q("i"))) if rpr is not None else None,
                front=named in FRONT_STYLES,
            )

    def _chain(self, style_id: str | None) -> list[_Style]:
        out: list[_Style] = []
        while style_id and style_id in self._styles and len(out) < _MAX_CHAIN:
            style = self._styles[style_id]
            out.append(style)
            style_id = style.based_on
        return out

    def heading(self, style_id: str | None) -> int:
        """1 … 9 for a heading style (its outline level, found up the chain, else its name), else 0."""
        for style in self._chain(style_id):
            if style.outline is not None:
                return style.outline + 1 if style.outline < 9 else 0
            if style.heading_name:
                return style.heading_name
        return 0

    def numbered(self, style_id: str | None) -> bool:
        for style in self._chain(style_id):
            if style.numbered is not None:
                return style.numbered
        return False

    def front(self, style_id: str | None) -> bool:
        """Is it one of the title block's styles of Accord's own files (its own name, not one it is based on)?"""
        style = self._styles.get(style_id or "")
        return style is not None and style.front

    def emphasis(self, style_id: str | None) -> tuple[bool, bool]:
        """A character style's bold and italic."""
        key = style_id or ""
        if key not in self._emphasis:
            bold = italic = None
            for style in self._chain(style_id):
                bold = style.bold if bold is None else bold
                italic = style.italic if italic is None else italic
            self._emphasis[key] = (bool(bold), bool(italic))
        return self._emphasis[key]


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None
