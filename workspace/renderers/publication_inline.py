"""A paragraph's Markdown as typed runs of text, for the formats that are not HTML (Word, Akoma
Ntoso …): made from the safe HTML of `domain.markdown` (the one place markdown-it is configured),
so every format shows the same emphasis and the same links.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lxml import html

from ..domain.markdown import render


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None
    line_break: bool = False  # a hard line break (the text is empty)


@dataclass(frozen=True)
class TextBlock:
    """One block of a paragraph: usually a paragraph, or an item of a list inside it."""

    runs: tuple[Run, ...]
    marker: str = ""  # "•" or "1." for a list item


_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "td", "th"}


@lru_cache(maxsize=1 << 15)  # a long declaration's paragraphs in three languages: made once, read by each file
def text_blocks(markdown: str) -> tuple[TextBlock, ...]:
    """The blocks of a Markdown text with their runs; a plain text is one block of one run."""
    if not any(c in markdown for c in "*_`[]<>&\\#!\n") and not markdown[:1].isdigit():
        return (TextBlock((Run(markdown),)),)  # the common case, without parsing
    rendered = render(markdown).strip()
    if not rendered:
        return ()
    out: list[TextBlock] = []
    for node in html.fragments_fromstring(rendered):
        if isinstance(node, str):
            if node.strip():
                out.append(TextBlock((Run(node.strip()),)))
            continue
        _collect(node, out)
    return tuple(out)


def plain_text(markdown: str) -> str:
    """The text without its markup, blocks separated by a line break."""
    return "\n".join(
        (b.marker + " " if b.marker else "") + "".join("\n" if r.line_break else r.text for r in b.runs)
        for b in text_blocks(markdown)
    )


def _collect(node: html.HtmlElement, out: list[TextBlock]) -> None:
    if node.tag in ("ul", "ol"):
        start = int(node.get("start", "1") or 1)
        for i, item in enumerate(node.findall("li")):
            marker = f"{start + i}." if node.tag == "ol" else "•"
            inner = [child for child in item if child.tag in _BLOCKS | {"ul", "ol"}]
            if inner:
                before = len(out)
                for child in inner:
                    _collect(child, out)
                if len(out) > before:
                    out[before] = TextBlock(out[before].runs, marker)
            else:
                out.append(TextBlock(tuple(_runs(item)), marker))
        return
    if node.tag in ("blockquote", "table", "thead", "tbody", "tr"):
        for child in node:
            _collect(child, out)
        return
    if node.tag == "hr":
        return
    runs = tuple(_runs(node, code=node.tag == "pre"))
    if runs:
        out.append(TextBlock(runs))


def _run(text: str, bold: bool, italic: bool, code: bool, href: str | None) -> Run:
    # A soft line break in Markdown is a space in print (a hard one is a `br`).
    return Run(text if code else text.replace("\n", " "), bold, italic, code, href)


def _runs(
    node: html.HtmlElement, bold: bool = False, italic: bool = False, code: bool = False, href: str | None = None
) -> list[Run]:
    runs: list[Run] = []
    if node.text:
        runs.append(_run(node.text, bold, italic, code, href))
    for child in node:
        tag = child.tag
        if tag == "br":
            runs.append(Run("", line_break=True))
        elif tag in ("ul", "ol"):
            pass  # a nested list inside an item's text: rare; its text is kept below
        else:
            runs.extend(
                _runs(
                    child,
                    bold or tag in ("strong", "b"),
                    italic or tag in ("em", "i"),
                    code or tag == "code",
                    child.get("href") if tag == "a" else href,
                )
            )
        if child.tail:
            runs.append(_run(child.tail, bold, italic, code, href))
    return [run for run in runs if run.text or run.line_break]
