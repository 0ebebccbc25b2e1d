"""What the PDF's fonts can show: the characters a text may hold for Typst to make its PDF/A, read
once from the fonts' cmap tables, for the publication gate to refuse the others before publishing.

PDF/A embeds every glyph, so Typst refuses a text holding a character that no font gives a glyph for
(publication_pdf turns that into a 409). Which font Typst takes is not simply "any that has it": it
tries the text's fonts in order (DejaVu Serif, then Noto Serif), then ONE fallback font, the one most
like the text's that claims the character in its cmap ranges; and a range may map a character to no
glyph (DejaVu Serif's claim U+02ED, DejaVu Sans has it: Typst falls back on DejaVu Serif and fails). A
mark is shaped with its letter, and the fallback chosen by the letter: a mark must be in the text's
own font. So a character counts as shown when a font of the text draws it, or when none of them
claims it and every font that claims it draws it (whichever Typst falls back on shows it), in every
variant a paragraph uses (regular, bold, italic, both; a code span in DejaVu Sans Mono). Stricter than
Typst (it refuses some 40 rare symbols Typst shows by luck of its fallback, and some 50 Hebrew, Arabic
or Lao marks), never looser for a character among letters of the text's font:
tests/unit/renderers/test_pdf_glyphs.py typesets every character it lets through. What needs no
glyph: tab and line feed, the line and paragraph separators, the spaces HarfBuzz draws with the
space's glyph, the default ignorables (joiners, bidi controls, variation selectors …); not U+FEFF,
which PDF/UA forbids in a text.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .publication_inline import text_blocks
from .publication_pdf import SERIF, pdf_fonts

MONO = ("DejaVu Sans Mono",)
"""Typst's font for raw text (a code span)."""
VARIANTS = ((False, False), (True, False), (False, True), (True, True))
"""(bold, italic): a paragraph's runs, its heading, its emphasis."""

# Unicode's Default_Ignorable_Code_Point (assigned ones) that Typst skips without a glyph: U+FEFF is
# refused by PDF/UA, U+180F (Unicode 14) fails after a space, the shaper's Unicode being older.
_IGNORABLE = frozenset(
    chr(c)
    for c in (
        0xAD,
        0x34F,
        0x61C,
        0x115F,
        0x1160,
        0x17B4,
        0x17B5,
        *range(0x180B, 0x180F),
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x2070),
        0x3164,
        *range(0xFE00, 0xFE10),
        0xFFA0,
        *range(0x1BCA0, 0x1BCA4),
        *range(0x1D173, 0x1D17B),
        0xE0001,
        *range(0xE0020, 0xE0080),
        *range(0xE0100, 0xE01F0),
    )
)
# Spaces HarfBuzz draws with U+0020's glyph when a font has none of their own.
_SPACES = frozenset(chr(c) for c in (0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000))
NO_GLYPH = _IGNORABLE | _SPACES | {"\t", "\n", "\u2028", "\u2029"}
REFUSED = frozenset({"\ufeff"})  # PDF/UA-1: "the text contains the disallowed codepoint"


@dataclass(frozen=True)
class Face:
    """One font of the PDF as Typst lists it, with what its cmap claims and what it draws."""

    family: str
    italic: bool
    weight: int
    stretch: float
    claimed: frozenset[str]  # in its cmap's ranges, a glyph or not (what Typst's fallback looks at)
    drawn: frozenset[str]  # mapped to a glyph


@dataclass(frozen=True)
class Glyphs:
    """The characters a paragraph's text may hold in the PDF."""

    body: frozenset[str]  # shown in a paragraph's text, in every variant
    code: frozenset[str]  # shown in a code span
    both: frozenset[str]
    elsewhere: re.Pattern[str]  # a character not in `both`: a search twice as fast as a set's issuperset


def _outside(chars: frozenset[str]) -> re.Pattern[str]:
    """A pattern of one character not in `chars`: a class of their ranges."""
    codes = sorted(map(ord, chars))
    runs: list[list[int]] = []
    for c in codes:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return re.compile(
        "[^" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs) + "]"
    )


def cmap(data: bytes, index: int = 0) -> tuple[frozenset[str], frozenset[str]]:
    """What a font's Unicode cmap subtables (formats 4 and 12, as DejaVu and Noto have) claim, and
    what they map to a glyph: of the font `index` of a collection. Read here, not with fontTools: its
    cmap leaves out the characters a range claims for no glyph, which are what Typst's fallback looks at
    (checked: on DejaVu's 22 files the glyphs mapped are the same, 60–117 claimed ones a file differ)."""
    face = struct.unpack_from(">I", data, 12 + 4 * index)[0] if data[:4] == b"ttcf" else 0
    count = struct.unpack_from(">H", data, face + 4)[0]
    tables = {
        struct.unpack_from(">4s", data, face + 12 + 16 * i)[0]: struct.unpack_from(">I", data, face + 20 + 16 * i)[0]
        for i in range(count)
    }
    claimed: set[int] = set()
    drawn: set[int] = set()
    base = tables.get(b"cmap", 0)
    for i in range(struct.unpack_from(">H", data, base + 2)[0] if b"cmap" in tables else 0):
        platform, encoding, offset = struct.unpack_from(">HHI", data, base + 4 + 8 * i)
        if platform == 0 or (platform == 3 and encoding in (1, 10)):  # Unicode, as Typst reads them
            _subtable(data, base + offset, claimed, drawn)
    return frozenset(map(chr, claimed)), frozenset(map(chr, drawn))


def _subtable(data: bytes, at: int, claimed: set[int], drawn: set[int]) -> None:
    kind = struct.unpack_from(">H", data, at)[0]
    if kind == 4:
        segments = struct.unpack_from(">H", data, at + 6)[0] // 2
        ends = struct.unpack_from(f">{segments}H", data, at + 14)
        starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
        deltas = struct.unpack_from(f">{segments}H", data, at + 16 + 4 * segments)
        offsets_at = at + 16 + 6 * segments
        offsets = struct.unpack_from(f">{segments}H", data, offsets_at)
        for k, (start, end) in enumerate(zip(starts, ends, strict=True)):
            if start == end == 0xFFFF:
                break
            claimed.update(range(start, end + 1))
            if offsets[k] == 0:
                drawn.update(c for c in range(start, end + 1) if (c + deltas[k]) & 0xFFFF)
                continue
            ids = struct.unpack_from(f">{end - start + 1}H", data, offsets_at + 2 * k + offsets[k])
            drawn.update(
                c for c, glyph in zip(range(start, end + 1), ids, strict=True) if glyph and (glyph + deltas[k]) & 0xFFFF
            )
    elif kind == 12:
        for k in range(struct.unpack_from(">I", data, at + 12)[0]):
            start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * k)
            claimed.update(range(start, end + 1))
            drawn.update(range(start + (glyph == 0), end + 1))


def _select(faces: Sequence[Face], family: str, bold: bool, italic: bool) -> Face | None:
    """The face Typst takes for `family` in a variant: the nearest style, then stretch, then weight."""
    weight = 700 if bold else 400
    found = [f for f in faces if f.family.lower() == family.lower()]
    return min(
        found, key=lambda f: (2 * (f.italic != italic), abs(f.stretch - 1), abs(f.weight - weight)), default=None
    )


def _shown(chain: Sequence[Face], fallback: frozenset[str]) -> frozenset[str]:
    """What a text set in the fonts `chain` (its families' faces in one variant, in order) shows."""
    drawn = frozenset().union(*(f.drawn for f in chain))
    claimed = frozenset().union(*(f.claimed for f in chain))
    marks = frozenset(c for c in drawn if unicodedata.category(c)[0] == "M") - (
        chain[0].drawn if chain else frozenset()
    )
    return NO_GLYPH | (drawn - marks) | (fallback - claimed)


def glyphs_of(faces: Sequence[Face]) -> Glyphs:
    """What a text may hold in the PDF typeset with `faces`."""
    drawn = frozenset().union(*(f.drawn for f in faces))
    unsure = frozenset().union(*(f.claimed - f.drawn for f in faces))
    fallback = frozenset(c for c in drawn - unsure if not c.isspace() and unicodedata.category(c)[0] != "M")

    def every_variant(families: Iterable[str]) -> frozenset[str]:
        names = tuple(families)
        shown = [
            _shown([f for name in names if (f := _select(faces, name, bold, italic))], fallback)
            for bold, italic in VARIANTS
        ]
        return frozenset.intersection(*shown) - REFUSED

    body, code = every_variant(SERIF), every_variant(MONO)
    return Glyphs(body, code, body & code, _outside(body & code))


@lru_cache(maxsize=1)
def pdf_glyphs() -> Glyphs:
    """What the PDF's fonts show, read once (about a tenth of a second for DejaVu's 22 files)."""
    faces = []
    for info in pdf_fonts().fonts():
        if info.path is None:
            continue
        claimed, drawn = cmap(Path(info.path).read_bytes(), info.index)
        faces.append(Face(info.family, info.style != "normal", info.weight, info.stretch, claimed, drawn))
    return glyphs_of(faces)


def unshown(text: str) -> str | None:
    """The code point (e.g. "4E00") of the first character of a paragraph's Markdown that no font of the
    PDF can show, if any: of its text as typeset (an entity such as `&#x4E00;` is the character, a
    link's address is not shown), a code span's in the code font."""
    glyphs = pdf_glyphs()
    if glyphs.elsewhere.search(text) is None and "&" not in text:  # the common case: no text shows more than it holds
        return None
    for block in text_blocks(text):
        for run in block.runs:
            allowed = glyphs.code if run.code else glyphs.body
            if not allowed.issuperset(run.text):
                return next(f"{ord(c):04X}" for c in run.text if c not in allowed)
    return None


def unshown_plain(text: str) -> str | None:
    """The code point of the first character of a plain text printed as it is (a title, a place, the
    symbol in the header) that no font of the PDF shows in every style, if any."""
    glyphs = pdf_glyphs()
    if glyphs.elsewhere.search(text) is None:
        return None
    return next((f"{ord(c):04X}" for c in text if c not in glyphs.both), None)
