"""Pieces of Word text with their emphasis, as the Markdown Accord keeps: bold `**…**`, italic `*…*`,
a link `[…](address)`; and where the comment marks between them fall in that Markdown.

The inverse of how Accord writes Markdown into Word runs (`renderers/publication_inline`): the
paragraph's text is stripped of its edge spaces (and of a leading paragraph number, see
`take_label`), neighbours of one emphasis are joined, and each stretch of bold or italic is marked
once, nested when one holds the other. A marker never touches a space inside (`** a**` is no
emphasis in CommonMark): spaces at a stretch's edges are left outside it; so is punctuation where
a marker between it and a letter would not close or open (bold "(a)" before a letter becomes
`(**a**)`). Where a stretch of bold and one of italic cross, the later one is cut in two. Text is
taken as it reads: an asterisk typed in Word stays an asterisk (Accord's own Word files write a
paragraph's Markdown as text where they do not render it, as the compilation does), and the texts
are NFC, as `values.clean_text` keeps them; a comment mark's offset follows the text it is in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .word_text import PLAIN, Fmt, Item, Mark

# A paragraph number as Accord and UN drafts write it ("12." and a tab or a space), or a bullet.
_LABEL = re.compile(r"^\s*(\d{1,3}\.|[•◦▪])[ \u00a0]+(?=\S)")
_RANK = {"link": 0, "**": 1, "*": 2}  # outermost first, when two stretches have the same extent


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _wordish(char: str) -> bool:
    return not char.isspace() and not _punctuation(char)


def take_label(items: list[Item]) -> tuple[list[Item], str]:
    """The items without a leading paragraph number or bullet, and the label taken off ("" if none)."""
    head = ""
    for item in items:
        if not isinstance(item, Mark):
            head += item[0]
            if len(head) > 12:
                break
    found = _LABEL.match(head)
    if not found:
        return items, ""
    drop = found.end()
    out: list[Item] = []
    for item in items:
        if drop and not isinstance(item, Mark):
            text, fmt = item
            if len(text) <= drop:
                drop -= len(text)
                continue
            item, drop = (text[drop:], fmt), 0
        out.append(item)
    return out, found.group(1)


def has_text(items: Sequence[Item]) -> bool:
    return any(not isinstance(item, Mark) and not item[0].isspace() and item[0] for item in items)


def markdown(items: Sequence[Item], heading: bool = False) -> tuple[str, dict[Mark, int]]:
    """The Markdown text of `items` and the offset of each comment mark in it. In a heading, bold is
    not marked: headings are bold by their style, and Accord writes their runs bold."""
    texts: list[str] = []
    segments: list[tuple[int, int, Fmt]] = []  # start, end, emphasis: neighbours of one emphasis joined
    marks: list[tuple[Mark, int]] = []
    at = 0
    for item in items:
        if isinstance(item, Mark):
            marks.append((item, at))
            continue
        text, fmt = item
        if heading and fmt.bold:
            fmt = Fmt(False, fmt.italic, fmt.href)
        if segments and segments[-1][2] == fmt and segments[-1][1] == at:
            segments[-1] = (segments[-1][0], at + len(text), fmt)
        else:
            segments.append((at, at + len(text), fmt))
        texts.append(text)
        at += len(text)
    plain = "".join(texts)
    lead = len(plain) - len(plain.lstrip())
    kept = plain.strip()
    positions = {mark: min(max(pos - lead, 0), len(kept)) for mark, pos in marks}
    if all(fmt == PLAIN for _, _, fmt in segments):
        return _nfc(kept, positions)
    segments = [(max(s - lead, 0), min(e - lead, len(kept)), fmt) for s, e, fmt in segments]
    return _nfc(*_marked(kept, [seg for seg in segments if seg[0] < seg[1]], positions))


def _marked(text: str, segments: list[tuple[int, int, Fmt]], positions: dict[Mark, int]) -> tuple[str, dict[Mark, int]]:
    spans: list[tuple[int, int, str]] = []  # start, end, "**" | "*" | "link"
    links: dict[tuple[int, int], str] = {}
    group: list[tuple[int, int, Fmt]] = []  # neighbours with one link (or none)
    for i, segment in enumerate(segments):
        group.append(segment)
        href = segment[2].href
        if i + 1 == len(segments) or segments[i + 1][2].href != href:
            start, end = group[0][0], segment[1]
            if href and text[start:end].strip():
                spans.append((start, end, "link"))
                links[(start, end)] = href
            for marker, flag in (("**", 0), ("*", 1)):
                spans += _stretches(text, group, marker, flag)
            group = []
    spans = _uncrossed(text, spans)
    closes: dict[int, list[tuple[int, int, str]]] = {}
    opens: dict[int, list[tuple[int, int, str]]] = {}
    for span in spans:
        opens.setdefault(span[0], []).append(span)
        closes.setdefault(span[1], []).append(span)

    def opening(span: tuple[int, int, str]) -> str:
        return "[" if span[2] == "link" else span[2]

    def closing(span: tuple[int, int, str]) -> str:
        if span[2] == "link":
            address = links[(span[0], span[1])]
            return "](" + address.replace(" ", "%20").replace("(", "%28").replace(")", "%29") + ")"
        return span[2]

    out: list[str] = []
    written: list[tuple[int, int]] = []  # a position, and the length of the markers written there
    previous = 0
    for pos in sorted({*opens, *closes}):
        out.append(text[previous:pos])
        markers = [
            closing(span) for span in sorted(closes.get(pos, ()), key=lambda s: (-s[0], -_RANK[s[2]]))
        ]  # inner first
        markers += [
            opening(span) for span in sorted(opens.get(pos, ()), key=lambda s: (-s[1], _RANK[s[2]]))
        ]  # outer first
        out += markers
        written.append((pos, sum(map(len, markers))))
        previous = pos
    out.append(text[previous:])

    def offset(mark: Mark, pos: int) -> int:
        # A comment's start comes after the markers written where it starts, its end before them.
        return pos + sum(length for at, length in written if at < pos or (at == pos and mark.start))

    return "".join(out), {mark: offset(mark, pos) for mark, pos in positions.items()}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A stretch's edges moved inside, past spaces, and past punctuation next to a letter outside."""
    while start < end:
        if text[start].isspace() or (_punctuation(text[start]) and start > 0 and _wordish(text[start - 1])):
            start += 1
        elif text[end - 1].isspace() or (_punctuation(text[end - 1]) and end < len(text) and _wordish(text[end])):
            end -= 1
        else:
            break
    return start, end


def _stretches(text: str, group: list[tuple[int, int, Fmt]], marker: str, flag: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    start: int | None = None
    for i, (s, e, fmt) in enumerate(group):
        if fmt[flag] and start is None:
            start = s
        if start is not None and (i + 1 == len(group) or not group[i + 1][2][flag]):
            a, b = _trim(text, start, e)
            if a < b:
                out.append((a, b, marker))
            start = None
    return out


def _uncrossed(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Stretches that nest: where two cross, the one that starts later is cut where the other ends."""
    spans = list(spans)
    while True:
        crossing = next(((a, b) for a in spans for b in spans if a[0] < b[0] < a[1] < b[1]), None)
        if crossing is None:
            return spans
        a, b = crossing
        spans.remove(b)
        for s, e in ((b[0], a[1]), (a[1], b[1])):
            s, e = _trim(text, s, e)
            if s < e:
                spans.append((s, e, b[2]))


def _nfc(text: str, positions: dict[Mark, int]) -> tuple[str, dict[Mark, int]]:
    if unicodedata.is_normalized("NFC", text):
        return text, positions
    return (
        unicodedata.normalize("NFC", text),
        {mark: len(unicodedata.normalize("NFC", text[:pos])) for mark, pos in positions.items()},
    )
