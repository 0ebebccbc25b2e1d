"""Printed references: how people name a declaration's paragraphs ("PP 3", "OP 7 bis", "OP 9 [deleted]").

The eId stays a paragraph's identity; the printed reference is what people read, say and type. Top-level
(depth 0) preambular and operative paragraphs are numbered 1, 2, 3 … each kind on its own. Between two
renumberings the numbers hold still against a *basis* (the numbers of the last circulated version, bis and ter
included: `basis_of`), itself from the clean numbers fixed at the last renumbering: an
inserted paragraph takes the number of the paragraph of its kind before it and the next Latin suffix ("OP 7 bis",
"OP 7 ter"; "OP 0 bis" before the first), a deleted one stays listed ("OP 9 [deleted]"). A renumbering makes a new
basis, `clean_basis(current text)`, and publishes the `crosswalk` of `printed_numbers` under the old basis and under
the new one.

Usage in each language (UN practice; an unknown language is English):
- en: "PP 3" (preambular paragraph), "OP 14" (operative paragraph), "OP 9 [deleted]"; sub-items "OP 14 (a)",
  "OP 14 (b) (ii)"; a paragraph continuing an item without a marker "OP 14, para. 2".
- es: "PP 3" (párrafo del preámbulo), "PD 14" (párrafo dispositivo), "PD 9 [suprimido]"; sub-items written
  "PD 14 a)", "PD 14 b) ii)" as Spanish UN documents write them; "PD 14, párr. 2".
- fr: "AP 3" (alinéa du préambule), "PD 14" (paragraphe du dispositif), "PD 9 [supprimé]"; sub-items "PD 14 a)",
  "PD 14 b) ii)"; "PD 14, par. 2".
Suffixes are the same Latin words in the three languages: bis, ter, quater, quinquies, sexies, septies, octies,
novies, decies, then the French legislative series undecies … novodecies, vicies (the 20th paragraph on one number);
from the 21st on, the position follows a period: "OP 7.21", "OP 7.22" … (never fails, reads back with `find`).
Sub-items are counted among the items under the same item one level up: letters at depth 1 ((a) … (z), (aa),
(bb) …), lower-case Roman numerals at depth 2, capital letters deeper; continuing paragraphs are counted on their
own (the item's own text is para. 1).
Headings: "§ 2.1", the number their text begins with ("I.", "2", "2.1", "A.", "III"), else "§" and their ordinal
among all the headings ("§ 3").
Every space inside a reference is a no-break space (U+00A0): a line never breaks inside one.
A reference is also a permalink's fragment (`anchor`): "PD 18" is `#pd-18`, "OP 14 bis" `#op-14-bis`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .document import Block, Kind

NBSP = "\u00a0"
NUMBERED_KINDS = (Kind.PREAMBULAR, Kind.OPERATIVE)
SUFFIXES = (
    *("", "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies", "undecies"),
    *("duodecies", "terdecies", "quaterdecies", "quindecies", "sexdecies", "septdecies", "octodecies", "novodecies"),
    "vicies",
)
_SUFFIX_OF = {name: i for i, name in enumerate(SUFFIXES) if name} | {"nonies": 8}  # nonies: the other spelling
_KIND_OF = {"pp": Kind.PREAMBULAR, "ap": Kind.PREAMBULAR, "op": Kind.OPERATIVE, "pd": Kind.OPERATIVE}
_TYPED = re.compile(r"^(pp|ap|op|pd)\.?([0-9]+)(?:([a-z]+)|\.([0-9]+))?$")
_HEADING_NUMBER = re.compile(r"^[*_]*(\d{1,3}(?:\.\d{1,3})*|[IVX]{2,}|[A-Z](?=\.))(?=\.?[*_]*(?:\s|$))")
_ROMAN = {1000: "m", 900: "cm", 500: "d", 400: "cd", 100: "c", 90: "xc", 50: "l", 40: "xl", 10: "x", 9: "ix", 5: "v"}
_ROMAN |= {4: "iv", 1: "i"}
_ANCHOR_RUNS = re.compile(r"(?<=\d)\.(?=\d)|[a-z0-9]+")  # words and numbers, and a period between two digits


@dataclass(frozen=True)
class Number:
    """A top-level paragraph's printed number: "OP 7 bis" is (OPERATIVE, 7, 1); deleted ones stay listed."""

    kind: Kind
    base: int
    suffix: int = 0  # 0 none, 1 bis, 2 ter, 3 quater …
    deleted: bool = False


@dataclass(frozen=True)
class _Usage:
    """One language's words for references."""

    preambular: str
    operative: str
    deleted: str
    paragraph: str
    opening: str  # before a sub-item's letter: "(" in English, none in es and fr ("a)")


_USAGE = {
    "en": _Usage("PP", "OP", "[deleted]", "para.", "("),
    "es": _Usage("PP", "PD", "[suprimido]", "párr.", ""),
    "fr": _Usage("AP", "PD", "[supprimé]", "par.", ""),
}

Basis = Mapping[str, tuple[str, int] | tuple[str, int, int]]
"""eid -> (kind value, number[, suffix]): the numbers a text holds still against: the clean numbers fixed at the
last renumbering, or the printed numbers of the last circulated version (its bis and ter held too)."""


def _usage(language: str) -> _Usage:
    """The usage of a language code ("es", "fr-CA", "en_GB"); English for any other."""
    return _USAGE.get(re.split(r"[-_]", language or "en")[0].lower(), _USAGE["en"])


def _numbered(blocks: Sequence[Block]) -> list[Block]:
    """The paragraphs that have printed numbers: top-level preambular and operative ones."""
    return [b for b in blocks if b.depth == 0 and b.kind in NUMBERED_KINDS]


def clean_basis(blocks: Sequence[Block]) -> dict[str, tuple[str, int]]:
    """The clean numbers of a text: top-level preambular paragraphs 1..n, top-level operative 1..m, in order."""
    counts = dict.fromkeys(NUMBERED_KINDS, 0)
    basis: dict[str, tuple[str, int]] = {}
    for block in _numbered(blocks):
        counts[block.kind] += 1
        basis[block.eid] = (block.kind.value, counts[block.kind])
    return basis


def _kind(value: str) -> Kind | None:
    """The numbered kind a basis entry names, None for any other value."""
    return next((k for k in NUMBERED_KINDS if k.value == value), None)


def printed_numbers(blocks: Sequence[Block], basis: Basis | None) -> dict[str, Number]:
    """Each top-level preambular/operative paragraph's printed number in `blocks` (the current text, in order),
    held still against `basis` (None: no renumbering yet, i.e. the clean numbers of `blocks` themselves).
    A paragraph in the basis keeps its number (even if moved); a paragraph not in the basis is numbered after the
    nearest preceding paragraph of the same kind that is numbered in this result (its base and the next free suffix
    after that one); one before any of its kind gets base 0 (OP 0 bis …). Paragraphs of the basis that are no longer
    in `blocks` follow, deleted=True, in the basis's order. A paragraph whose kind changed since the basis is
    numbered as new of its new kind (its old number is then neither held nor listed as deleted)."""
    fixed = clean_basis(blocks) if basis is None else basis
    result: dict[str, Number] = {}
    last: dict[Kind, Number] = {}
    # The highest suffix each base has so far: the basis's own first (an "OP 7 bis" held still keeps its suffix,
    # and one inserted beside it takes a free one), then what this text gives.
    highest: dict[tuple[Kind, int], int] = {}
    for value, base, *rest in fixed.values():
        held = _kind(value)
        if held is not None and rest:
            highest[(held, base)] = max(highest.get((held, base), 0), rest[0])
    for block in _numbered(blocks):
        entry = fixed.get(block.eid)
        if entry is not None and entry[0] == block.kind.value:
            number = Number(block.kind, entry[1], entry[2] if len(entry) > 2 else 0)
        else:
            before = last.get(block.kind, Number(block.kind, 0))
            suffix = max(highest.get((block.kind, before.base), 0), before.suffix) + 1
            number = Number(block.kind, before.base, suffix)
        key = (block.kind, number.base)
        highest[key] = max(highest.get(key, 0), number.suffix)
        result[block.eid] = last[block.kind] = number
    present = {b.eid for b in blocks}
    for eid, (value, clean, *rest) in fixed.items():
        kind = _kind(value)
        if eid not in present and kind is not None:
            result[eid] = Number(kind, clean, rest[0] if rest else 0, deleted=True)
    return result


def _suffix(suffix: int) -> str:
    """The suffix after a base: " bis", " ter" … (no-break space), ".21" from the 21st paragraph on one number."""
    if suffix <= 0:
        return ""
    return NBSP + SUFFIXES[suffix] if suffix < len(SUFFIXES) else f".{suffix + 1}"


def reference(number: Number, language: str) -> str:
    """The printed reference in a language: "OP 14", "PP 3 bis", "OP 9 [deleted]" in English, "PD 14", "AP 3 bis",
    "PD 9 [supprimé]" in French … (see the module's docstring). Unknown language: English."""
    usage = _usage(language)
    abbreviation = {Kind.PREAMBULAR: usage.preambular, Kind.OPERATIVE: usage.operative}.get(number.kind, "§")
    printed = f"{abbreviation}{NBSP}{number.base}{_suffix(number.suffix)}"
    return f"{printed}{NBSP}{usage.deleted}" if number.deleted else printed


def _letters(count: int) -> str:
    """a … z, then aa, bb … zz, aaa …: the UN's way past (z)."""
    return chr(ord("a") + (count - 1) % 26) * ((count - 1) // 26 + 1)


def _roman(count: int) -> str:
    """i, ii, iii, iv …"""
    out = ""
    for value, digits in _ROMAN.items():
        times, count = divmod(count, value)
        out += digits * times
    return out


def _place(count: int, depth: int, usage: _Usage) -> str:
    """The `count`-th sub-item's label at `depth`: "(a)", "(ii)", "(C)" in English, "a)", "ii)", "C)" in es/fr."""
    label = _letters(count) if depth == 1 else _roman(count) if depth == 2 else _letters(count).upper()
    return f"{usage.opening}{label})"


def heading_reference(text: str, ordinal: int) -> str:
    """A heading's reference: "§ 2.1" when its text begins with a number, else "§" and its `ordinal` among headings."""
    match = _HEADING_NUMBER.match(text.lstrip())
    return f"§{NBSP}{match.group(1) if match else ordinal}"


class _Places:
    """Sub-items and continuing paragraphs counted under each item, as `references` walks the text."""

    def __init__(self, usage: _Usage) -> None:
        self.usage = usage
        self.open: list[tuple[int, str]] = []  # (depth, eid) of the items that sub-items below may belong to
        self.items: dict[str, int] = {}
        self.paragraphs: dict[str, int] = {}

    def walk(self, block: Block) -> str:
        """The eid of the item `block` belongs to ("" for none); remembers `block` if later ones may belong to it."""
        while self.open and self.open[-1][0] >= block.depth:
            self.open.pop()
        parent = self.open[-1][1] if self.open else ""
        if block.depth == 0 or block.marker:
            self.open.append((block.depth, block.eid))
        return parent

    def place(self, block: Block, parent: str, head: str) -> str:
        """A sub-item's reference after its item's reference `head`: "OP 14 (a)", "OP 14, para. 2"."""
        if block.marker:
            self.items[parent] = count = self.items.get(parent, 0) + 1
            return NBSP.join(filter(None, (head, _place(count, block.depth, self.usage))))
        self.paragraphs[parent] = count = self.paragraphs.get(parent, 1) + 1
        paragraph = f"{self.usage.paragraph}{NBSP}{count}"
        return f"{head},{NBSP}{paragraph}" if head else paragraph


def references(blocks: Sequence[Block], basis: Basis | None, language: str) -> dict[str, str]:
    """eid -> printed reference for every block of `blocks` in `language`, then for the deleted paragraphs of the
    basis: numbered paragraphs as `reference`, sub-items after their item's reference ("OP 14 (a)", "OP 14 (b) (ii)",
    "OP 14, para. 2"), headings as `heading_reference`. Never fails, whatever the structure."""
    numbers = printed_numbers(blocks, basis)
    places = _Places(_usage(language))
    refs: dict[str, str] = {}
    headings = 0
    for block in blocks:
        parent = places.walk(block)
        if block.kind == Kind.HEADING:
            headings += 1
            refs[block.eid] = heading_reference(block.text, headings)
        elif block.depth == 0:
            refs[block.eid] = reference(numbers[block.eid], language)
        else:
            refs[block.eid] = places.place(block, parent, refs.get(parent, ""))
    for eid, number in numbers.items():
        refs.setdefault(eid, reference(number, language))
    return refs


def find(text: str, numbers: Mapping[str, Number]) -> str | None:
    """The eid a typed reference names among `numbers`: "OP 14", "op14", "OP 7 bis", "pp3", "PD 14", "AP 3",
    "OP 9 [deleted]", in any language's abbreviations, spaces, no-break spaces and case ignored; None if it names no
    paragraph (a deleted one still resolves to its eid). Top-level paragraphs only: "OP 14 (a)" gives None."""
    typed = parse(text)
    if typed is None:
        return None
    wanted = (typed.kind, typed.base, typed.suffix)
    found = [eid for eid, n in numbers.items() if (n.kind, n.base, n.suffix) == wanted]
    return min(found, key=lambda eid: numbers[eid].deleted, default=None)


def parse(text: str) -> Number | None:
    """The number a printed reference names ("OP 7 bis", "pd14", "AP 3", "OP 9 [deleted]", "op-7-bis" …, any
    language's abbreviations, spaces, hyphens and case ignored; a trailing bracket marks it deleted), None if it
    names none. `reference` reads back: parse(reference(n, language)) == n in every language."""
    typed = re.sub(r"[\s-]+", "", text or "").casefold()  # spaces, or an anchor's hyphens ("op-14-bis")
    deleted = re.search(r"\[[^\]]*\]$", typed)  # "[deleted]", "[suprimido]", "[supprimé]"
    match = _TYPED.match(typed[: deleted.start()] if deleted else typed)
    if not match:
        return None
    abbreviation, base, word, position = match.groups()
    suffix = _SUFFIX_OF.get(word) if word else int(position) - 1 if position else 0
    if suffix is None:
        return None
    return Number(_KIND_OF[abbreviation], int(base), suffix, deleted=deleted is not None)


def crosswalk(
    before: Mapping[str, Number], after: Mapping[str, Number], language: str
) -> list[tuple[str, str | None, str | None]]:
    """(eid, old reference or None for a paragraph new at this renumbering, new reference or None for one deleted)
    for every paragraph in either, in the order of `after` then the deleted ones in their old order. An old
    reference that was already deleted reads so ("OP 9 [deleted]")."""
    old = {eid: reference(number, language) for eid, number in before.items()}
    rows: list[tuple[str, str | None, str | None]] = [
        (eid, old.get(eid), None if number.deleted else reference(number, language)) for eid, number in after.items()
    ]
    return rows + [(eid, printed, None) for eid, printed in old.items() if eid not in after]


def basis_of(numbers: Mapping[str, Number]) -> dict[str, tuple[str, int, int]]:
    """The basis the next text holds still against: `numbers` (a circulated version's) as they were printed, the
    deleted ones too (listed "[deleted]" until the committee renumbers; one restored takes its number back)."""
    return {eid: (n.kind.value, n.base, n.suffix) for eid, n in numbers.items()}


def anchor(ref: str) -> str:
    """A printed reference as the fragment of a permalink: "PD 18" → "pd-18", "OP 14 bis" → "op-14-bis",
    "OP 14 (a)" → "op-14-a", "PD 14, párr. 2" → "pd-14-parr-2", "OP 7.21" → "op-7.21", "§ 2.1" → "sec-2.1": lower
    case, accents dropped, the words and numbers joined by hyphens (never an eId's underscore: `op_14` stays the
    paragraph's own id, an alias of its anchor). `parse` reads a paragraph's anchor back as its number."""
    plain = unicodedata.normalize("NFKD", ref.replace("§", " sec ")).encode("ascii", "ignore").decode().casefold()
    return "-".join(_ANCHOR_RUNS.findall(plain)).replace("-.-", ".")


def anchors(ref: str) -> list[str]:
    """Every fragment that lands on the paragraph printed `ref`: its `anchor` first, then, for a numbered paragraph,
    its anchor in the other languages (a link copied by a reader of another language lands too: "pd-18", "op-18")."""
    own = anchor(ref)
    number = parse(ref)
    if not own or number is None:
        return [own] if own else []
    others = (anchor(reference(Number(number.kind, number.base, number.suffix), lang)) for lang in _USAGE)
    return [own, *sorted({other for other in others if other != own})]
