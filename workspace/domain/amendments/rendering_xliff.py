"""XLIFF 2.0 files of the amendments to render into a language (issue 34), for translators who work in CAT tools.

One file holds one language pair, as XLIFF 2.0 has it: `srcLang` and `trgLang` are the root's, every `<file>` shares
them, and a `<source xml:lang>` may only repeat `srcLang`. So a file holds the amendments proposed in one language
(`srcLang`, their origin) to render into another (`trgLang`). It is also what CAT tools read best: OmegaT, memoQ and
Trados open a file into a project of one language pair, and feed their translation memory and machine translation
with `srcLang`; a French amendment filed under `srcLang="es"` would be stored in the es→fr memory as Spanish. From the
process's source language (where most amendments are proposed), the pair is the paragraph files' own (see
domain.translations.xliff): the memory those files built offers the paragraph's translation as a near match of the
amended paragraph, in which only the amended words differ.

A unit per amendment: its id is the amendment's label (A7, D3), its name the paragraph's eId; its `<source>` the
amendment's words in the language it was proposed in, its `<target>` the rendering so far (that edition's paragraph
before any: a rendering is made from it, so that only the amended words differ); the segment's state the rendering's
(to render → initial, rendered → translated, approved → final). Notes say what the translator needs to see (the label,
the paragraph's printed reference, the change in the original language) and what the import needs: the revision of
the target as it went out (`base_revision`), the compare-and-set of a rendering.

The `<file>`'s `original` is MARKER: how a file of amendments is told from a file of paragraphs (which names its
version there), so that the paragraphs' import hands it on. Reading is `read_xliff`'s, with its safety (a size
limit, no DTD or entity, file:line in every refusal); the notes are then read from the same, already checked bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from ..errors import N_, ImportFailed, InvalidInput
from ..translations.xliff import MAX_XLIFF_BYTES, NS, XML_NS, XliffUnit, read_xliff
from .renderings import RenderingState

MARKER = "accord:amendment-renderings"
BASE_NOTE = "base_revision"  # the revision of the target as exported: the rendering's compare-and-set
LABEL_NOTE = "amendment"
REF_NOTE = "paragraph"
CHANGE_NOTE = "change"
# The rendering's states, and the segment's (XLIFF 2.0: initial, translated, reviewed, final).
TO_XLIFF = {
    RenderingState.TO_RENDER: "initial",
    RenderingState.RENDERED: "translated",
    RenderingState.APPROVED: "final",
}
_RANK = {RenderingState.TO_RENDER: 0, RenderingState.RENDERED: 1, RenderingState.APPROVED: 2}


def imported_state(stored: RenderingState, same_text: bool, claimed: str, reviewer: bool) -> RenderingState | None:
    """The state a unit's rendering is saved in; None: it stays as it is, and nothing is written.

    As a paragraph file's (domain.translations.translations.imported_state): a unit given back with the text it holds
    keeps its state, an approval included, and the file may only take it further, as far as the person importing may
    go (`final` approves from a reviewer only). A changed text is rendered, or approved from a reviewer's `final`: a
    rendering has no draft, so a changed `initial` one is rendered too (its words are not lost; a reviewer approves
    them). A paragraph never rendered comes back as it went out: it stays to render, whatever the file says of it (a
    rendering that changes nothing is no rendering)."""
    wanted = RenderingState.APPROVED if claimed == "final" and reviewer else RenderingState.RENDERED
    if not same_text:
        return wanted
    if stored == RenderingState.TO_RENDER or claimed == "initial" or _RANK[wanted] <= _RANK[stored]:
        return None
    return wanted


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


@dataclass(frozen=True)
class RenderingUnit:
    """One amendment to render, as a file carries it."""

    label: str  # A7, D3: the unit's id
    eid: str  # the paragraph it changes (an insert: the one it goes after): the unit's name
    source: str  # its words in the language it was proposed in
    target: str | None  # the rendering so far (None: none, and no paragraph to start from)
    state: str  # XLIFF: initial, translated, reviewed or final
    base_revision: str  # of the target as exported
    ref: str = ""  # the paragraph's printed reference (OP 3), for the translator
    change: str = ""  # the amendment's change in its language ([-…-]{+…+}), for the translator
    line: int = field(default=0, compare=False)
    source_line: int = field(default=0, compare=False)
    target_line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class RenderingDocument:
    source_lang: str  # the language the amendments were proposed in
    target_lang: str
    units: tuple[RenderingUnit, ...]
    refused: tuple[ImportFailed, ...] = ()  # the units that could not be read, each with its line


def write_renderings(units: Sequence[RenderingUnit], source_lang: str, target_lang: str, file_id: str) -> bytes:
    """An XLIFF 2.0 document (UTF-8), valid against the OASIS core schema: one unit per amendment, source and target
    keeping their spaces; tools are asked not to resegment (a rendering is one paragraph)."""
    if not _identifier(file_id):
        raise InvalidInput(N_("“{value}” cannot be an XLIFF identifier."), value=file_id)
    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="2.0", srcLang=source_lang, trgLang=target_lang)
    file = etree.SubElement(root, _q("file"), id=file_id, original=MARKER, canResegment="no")
    for unit in units:
        if not _identifier(unit.label):
            raise InvalidInput(N_("“{value}” cannot be an XLIFF identifier."), value=unit.label)
        element = etree.SubElement(file, _q("unit"), id=unit.label, name=unit.eid)
        notes = etree.SubElement(element, _q("notes"))
        etree.SubElement(notes, _q("note"), category=LABEL_NOTE).text = unit.label
        if unit.ref:
            etree.SubElement(notes, _q("note"), category=REF_NOTE).text = unit.ref
        if unit.change:
            etree.SubElement(notes, _q("note"), category=CHANGE_NOTE, appliesTo="source").text = unit.change
        etree.SubElement(notes, _q("note"), category=BASE_NOTE).text = unit.base_revision
        segment = etree.SubElement(element, _q("segment"), state=unit.state)
        _text(segment, "source", unit.source)
        if unit.target is not None:
            _text(segment, "target", unit.target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _identifier(value: str) -> bool:
    return bool(value) and all(c.isalnum() or c in "_.-:" for c in value)


def _text(parent: etree._Element, name: str, text: str) -> None:
    element = etree.SubElement(parent, _q(name))
    element.set(f"{{{XML_NS}}}space", "preserve")
    element.text = text


def is_renderings_file(data: bytes) -> bool:
    """Does `data` look like a file of amendments to render (its first `<file>` says MARKER)? Read only up to that
    element, safely; anything unreadable is no such file (the paragraphs' reader then says what is wrong with it)."""
    if len(data) > MAX_XLIFF_BYTES or b"<!DOCTYPE" in data:
        return False
    try:
        for _event, element in etree.iterparse(
            io.BytesIO(data),
            events=("start",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        ):
            if element.tag == _q("file"):
                return element.get("original") == MARKER
    except etree.XMLSyntaxError:
        return False
    return False


def read_renderings(data: bytes, filename: str) -> RenderingDocument:
    """The units of a file of amendments to render. A problem with the file as a whole raises ImportFailed naming
    the file and the line; a unit that cannot be read is left out and listed in `refused`, with its line."""
    document = read_xliff(data, filename)  # the size, the DTD, the root, the one <file>, each unit: with their lines
    if document.original != MARKER:
        raise ImportFailed(
            filename,
            1,
            N_(
                "This XLIFF file holds paragraphs, not amendments to render: import it as a translation of its version."
            ),
        )
    # The bytes were read whole once already (no DTD, a bearable size): the notes are read from them again.
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    notes: dict[str, dict[str, str]] = {}
    for element in root.iter(_q("unit")):
        notes.setdefault(
            element.get("id") or "",
            {
                note.get("category") or "": (note.text or "").strip()
                for note in element.iterfind(f"{_q('notes')}/{_q('note')}")
            },
        )
    names = {element.get("id") or "": element.get("name") or "" for element in root.iter(_q("unit"))}
    units: list[RenderingUnit] = []
    refused = list(document.refused)
    for unit in document.units:
        said = notes.get(unit.eid, {})
        if not said.get(BASE_NOTE):
            refused.append(
                ImportFailed(
                    filename,
                    unit.line,
                    N_(
                        "The unit “{eid}” does not say which rendering it was made from (its “base_revision” note): "
                        "export the file again."
                    ),
                    eid=unit.eid,
                )
            )
            continue
        units.append(_unit(unit, names.get(unit.eid, ""), said))
    return RenderingDocument(document.source_lang, document.target_lang, tuple(units), tuple(refused))


def _unit(unit: XliffUnit, eid: str, notes: dict[str, str]) -> RenderingUnit:
    return RenderingUnit(
        unit.eid,
        eid,
        unit.source,
        unit.target,
        unit.state,
        notes[BASE_NOTE],
        ref=notes.get(REF_NOTE, ""),
        change=notes.get(CHANGE_NOTE, ""),
        line=unit.line,
        source_line=unit.source_line,
        target_line=unit.target_line,
    )


__all__ = [
    "MARKER",
    "TO_XLIFF",
    "RenderingDocument",
    "RenderingUnit",
    "imported_state",
    "is_renderings_file",
    "read_renderings",
    "write_renderings",
]
