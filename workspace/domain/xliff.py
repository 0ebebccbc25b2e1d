"""XLIFF 2.0 (OASIS core) files for translators who work in CAT tools: one `<unit>` per paragraph.

A unit's id is the paragraph's eId; its one segment holds the source and the target as plain text
(Markdown stays as typed, escaped); the source revision the translation was made from is a unit note.
Reading refuses anything it cannot trust, naming the file and the line: a DTD or entity (no XXE, no
entity expansion), another root or version, a duplicate unit, a unit without source, an unknown state.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from .errors import N_, ImportFailed, InvalidInput

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
STATES = ("initial", "translated", "reviewed", "final")  # in the order a translation advances
MAX_XLIFF_BYTES = 5 * 1024 * 1024
REVISION_NOTE = "source_revision"
# A DOCTYPE in the prolog, found before parsing: its entities are never even declared to the parser.
_DOCTYPE = re.compile(rb"^(?:\xef\xbb\xbf)?(?:\s|<\?.*?\?>|<!--.*?-->)*<!DOCTYPE", re.DOTALL)
_NMTOKEN = re.compile(r"^[\w.\-:]+$")
_Q = {name: f"{{{NS}}}{name}" for name in ("xliff", "file", "unit", "notes", "note", "segment", "ignorable", "source", "target", "cp")}


@dataclass(frozen=True)
class XliffUnit:
    eid: str
    source: str
    target: str | None
    state: str  # initial | translated | reviewed | final
    source_revision: str


@dataclass(frozen=True)
class XliffDocument:
    source_lang: str
    target_lang: str
    file_id: str
    units: tuple[XliffUnit, ...]
    original: str = ""


def write_xliff(units: Sequence[XliffUnit], source_lang: str, target_lang: str, file_id: str, original: str) -> bytes:
    """An XLIFF 2.0 document (UTF-8) with one unit per paragraph, valid against the OASIS core schema.
    Source and target keep their spaces (xml:space="preserve"); tools are asked not to resegment."""
    _identifier(file_id)
    root = etree.Element(_Q["xliff"], nsmap={None: NS}, version="2.0", srcLang=source_lang, trgLang=target_lang)
    file = etree.SubElement(root, _Q["file"], id=file_id, original=original, canResegment="no")
    for unit in units:
        if unit.state not in STATES:
            raise InvalidInput(N_("“{state}” is not an XLIFF state: use initial, translated, reviewed or final."),
                               state=unit.state)
        element = etree.SubElement(file, _Q["unit"], id=_identifier(unit.eid))
        notes = etree.SubElement(element, _Q["notes"])
        etree.SubElement(notes, _Q["note"], category=REVISION_NOTE).text = unit.source_revision
        segment = etree.SubElement(element, _Q["segment"], state=unit.state)
        _text_element(segment, "source", unit.source)
        if unit.target is not None:
            _text_element(segment, "target", unit.target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _identifier(value: str) -> str:
    if not _NMTOKEN.match(value or ""):
        raise InvalidInput(N_("“{value}” cannot be an XLIFF identifier."), value=value)
    return value


def _text_element(parent: etree._Element, name: str, text: str) -> None:
    element = etree.SubElement(parent, _Q[name])
    element.set(f"{{{XML_NS}}}space", "preserve")
    element.text = text


# Reading -----------------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    # No DTD loaded, no entity substituted, nothing fetched; a DOCTYPE is refused after parsing.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def read_xliff(data: bytes, filename: str) -> XliffDocument:
    """The units of an XLIFF 2.0 file; ImportFailed names the file and the line of the first problem."""
    if len(data) > MAX_XLIFF_BYTES:
        raise ImportFailed(filename, None, N_("The file is too large: at most {limit} MB."),
                           limit=str(MAX_XLIFF_BYTES // (1024 * 1024)))
    doctype = _DOCTYPE.match(data)
    if doctype:
        raise ImportFailed(filename, data[: doctype.end()].count(b"\n") + 1,
                           N_("The file declares a document type (DOCTYPE): XLIFF files have none."))
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(filename, exc.lineno or None, N_("The file is not well-formed XML: {problem}."),
                           problem=str(exc.msg or exc)) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ImportFailed(filename, _line_of(data, b"<!DOCTYPE"),
                           N_("The file declares a document type (DOCTYPE): XLIFF files have none."))
    root = tree.getroot()
    if root.tag != _Q["xliff"]:
        if etree.QName(root).localname == "xliff":
            raise ImportFailed(filename, root.sourceline, N_("XLIFF version {version} is not supported: use XLIFF 2.0."),
                               version=root.get("version") or "?")
        raise ImportFailed(filename, root.sourceline, N_("This is not an XLIFF 2.0 file: its root element is “{element}”."),
                           element=etree.QName(root).localname)
    if root.get("version") != "2.0":
        raise ImportFailed(filename, root.sourceline, N_("XLIFF version {version} is not supported: use XLIFF 2.0."),
                           version=root.get("version") or "?")
    source_lang, target_lang = root.get("srcLang") or "", root.get("trgLang") or ""
    if not source_lang or not target_lang:
        raise ImportFailed(filename, root.sourceline, N_("The XLIFF file does not name its source and target languages (srcLang, trgLang)."))
    files = root.findall(_Q["file"])
    if len(files) != 1:
        raise ImportFailed(filename, (files[1] if files else root).sourceline,
                           N_("An XLIFF file must hold exactly one <file> element: one language of one version."))
    file = files[0]
    units: list[XliffUnit] = []
    lines: dict[str, int] = {}
    for element in file.iter(_Q["unit"]):
        unit = _unit(element, filename)
        if unit.eid in lines:
            raise ImportFailed(filename, element.sourceline, N_("The unit “{eid}” appears twice (first on line {first})."),
                               eid=unit.eid, first=str(lines[unit.eid]))
        lines[unit.eid] = element.sourceline or 0
        units.append(unit)
    return XliffDocument(source_lang, target_lang, file.get("id") or "", tuple(units), file.get("original") or "")


def _unit(element: etree._Element, filename: str) -> XliffUnit:
    """One unit: its segments' sources and targets joined (a CAT tool may have split the paragraph
    into sentences), the least advanced of their states, and the source revision note."""
    eid = element.get("id")
    if not eid:
        raise ImportFailed(filename, element.sourceline, N_("A unit has no id."))
    parts = [child for child in element if child.tag in (_Q["segment"], _Q["ignorable"])]
    sources = [part.find(_Q["source"]) for part in parts]
    if not parts or any(source is None for source in sources):
        raise ImportFailed(filename, element.sourceline, N_("The unit “{eid}” has no source text."), eid=eid)
    states = []
    for part in parts:
        state = part.get("state", "initial") if part.tag == _Q["segment"] else None
        if state is not None and state not in STATES:
            raise ImportFailed(filename, part.sourceline,
                               N_("The unit “{eid}” has an unknown state “{state}”: use initial, translated, reviewed or final."),
                               eid=eid, state=state)
        if state is not None:
            states.append(state)
    targets = [part.find(_Q["target"]) for part in parts]
    target = None if all(t is None for t in targets) else "".join(_text(t) for t in targets)
    revision = next((note.text or "" for note in element.iterfind(f"{_Q['notes']}/{_Q['note']}")
                     if note.get("category") == REVISION_NOTE), "")
    return XliffUnit(eid, "".join(_text(s) for s in sources), target,
                     min(states, key=STATES.index) if states else "initial", revision.strip())


def _text(element: etree._Element | None) -> str:
    """The text of a source or target: inline markers (`<mrk>`, `<pc>`) give their text, `<cp>` its character."""
    if element is None:
        return ""
    out = [element.text or ""]
    for child in element:
        if child.tag == _Q["cp"]:
            try:
                out.append(chr(int(child.get("hex", ""), 16)))
            except ValueError:
                pass
        elif isinstance(child.tag, str):
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _line_of(data: bytes, marker: bytes) -> int:
    at = data.find(marker)
    return data[:at].count(b"\n") + 1 if at >= 0 else 1


__all__ = ["MAX_XLIFF_BYTES", "STATES", "XliffDocument", "XliffUnit", "read_xliff", "write_xliff"]
