"""The lines of a file's block as a paragraph's text, where the file holds more than words (declaration_format reads
the blocks): a code block's lines read as text, and the attributes other writers put around blocks left out
(Kramdown's `{: .class}` lines and spans, Pandoc's `{#id .unnumbered}` after a heading)."""

from __future__ import annotations

import re

from ..markdown import ATTRIBUTE_LIST, without_attribute_lists

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# What Markdown would read as markup in a line of code imported as text: escaped, so the words read as written. A
# square bracket stays bare (a negotiation's bracket is one, wherever it was written), unless it would open a link:
# the "]" before "(", and the "]:" of a first line that would define one.
_ACTIVE = re.compile(r"[\\`*_<>|]|\](?=\()")
_DEFINING = re.compile(r"^(\[[^\]\n]*\]):")
_LINE_START = re.compile(r"^([#>=+-]|\d{1,9}(?=[.)])|~(?=~~))")
_SPAN_ATTRIBUTES = re.compile(r"\{:(?!:)[^{}\n]*\}")
# Pandoc's attributes at a heading's end: identifiers, classes, key=value, "-" (unnumbered). Not Accord's own `{#op_12}`
# (one identifier alone, the heading's eId, read as such).
_HEADING_ATTRIBUTES = re.compile(
    r"[ \t]+(\{(?:(?=[^}]*[ .=])|(?=-\}))[ \t]*(?:(?:#[^\s{}]+|\.[^\s{}]+|[A-Za-z_][\w-]*=(?:\"[^\"]*\"|[^\s{}]+)|-)"
    r"[ \t]*)+\})[ \t]*$"
)


def code_as_text(chunk: list[str]) -> list[str]:
    """The lines of a code block as lines of text: fences dropped, the code's indentation dropped,
    what Markdown would read as markup escaped; empty lines dropped (they hold no words)."""
    if chunk and (opening := FENCE.match(chunk[0])):
        closing = FENCE.match(chunk[-1]) if len(chunk) > 1 else None
        chunk = chunk[1:-1] if closing and closing.group(1)[0] == opening.group(1)[0] else chunk[1:]
    lines = [_LINE_START.sub(escape_start, _ACTIVE.sub(r"\\\g<0>", line.strip())) for line in chunk if line.strip()]
    return [_DEFINING.sub(r"\1\\:", lines[0]), *lines[1:]] if lines else lines


def escape_start(found: re.Match[str]) -> str:
    """A line's start that Markdown would read as a block's, escaped so that it reads as written: `\\#`, `\\-`, and
    `1\\.` for a number (a backslash before a digit is no escape: it would show)."""
    lead, mark = (found.group(1), found.group(2)) if found.re.groups > 1 else ("", found.group(1))
    return f"{lead}{mark}\\" if mark[:1].isdigit() else f"{lead}\\{mark}"


def without_attributes(chunk: list[str], first: int, heading: bool = False) -> tuple[list[str], list[tuple[int, str]]]:
    """The lines of a block (the first one is line `first`) without Kramdown's attribute lines and span attributes
    (and, for a `heading`, Pandoc's attributes at its end), and each one left out with the line it stood on."""
    kept: list[str] = []
    marked: list[tuple[int, str]] = []
    for number, line in enumerate(chunk, start=first):
        if ATTRIBUTE_LIST.match(line):
            marked.append((number, line.strip()))
            continue
        bare = without_attribute_lists(line)
        if bare != line:
            marked.append((number, _SPAN_ATTRIBUTES.findall(line)[0]))
        if heading and (found := _HEADING_ATTRIBUTES.search(bare)):
            marked.append((number, found.group(1)))
            bare = bare[: found.start()]
        if bare or not line.strip():
            kept.append(bare)
    return kept, marked
