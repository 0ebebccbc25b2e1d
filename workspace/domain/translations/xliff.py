"""XLIFF 2.0 (OASIS core) files for translators who work in CAT tools: one `<unit>` per paragraph.

A unit's id is the paragraph's eId; its one segment holds the source and the target as plain text
(Markdown stays as typed, escaped); the source revision the translation was made from is a unit note.

Why Markdown goes out as text and not as inline codes (`<pc>`/`<ph>` with `<originalData>`): codes
would let a CAT tool protect `**` or `](https://…)`, but they need each piece of markup's exact place
in the text, and markdown-it-py (our one Markdown parser) gives no source positions below the block:
a hand-made inline scanner would be a second Markdown reader that disagrees with the first on the
texts that matter (`*` in "5 * 3", escapes, reference links). As text, the round trip is exact by
construction, and the import checks the target's Markdown structure against the source's. Tools that
make codes of their own are read back all the same: see `_Inline`.

Reading refuses anything it cannot trust, naming the file and the line: a DTD or entity (no XXE, no
entity expansion), another root or version, a duplicate unit, a unit without source, an unknown state,
an inline code whose Markdown the file does not hold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from ..errors import N_, NN_, ImportFailed, InvalidInput
from ..limits import MAX_PARAGRAPHS

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
STATES = ("initial", "translated", "reviewed", "final")  # in the order a translation advances
MAX_XLIFF_BYTES = 5 * 1024 * 1024
REVISION_NOTE = "source_revision"
# A DOCTYPE in the prolog, found before parsing: its entities are never even declared to the parser.
_DOCTYPE = re.compile(rb"^(?:\xef\xbb\xbf)?(?:\s|<\?.*?\?>|<!--.*?-->)*<!DOCTYPE", re.DOTALL)
_NMTOKEN = re.compile(r"^[\w.\-:]+$")
_Q = {
    name: f"{{{NS}}}{name}"
    for name in (
        "xliff",
        "file",
        "unit",
        "notes",
        "note",
        "segment",
        "ignorable",
        "source",
        "target",
        "cp",
        "originalData",
        "data",
        "ph",
        "pc",
        "sc",
        "ec",
    )
}


@dataclass(frozen=True)
class XliffUnit:
    eid: str
    source: str
    target: str | None
    state: str  # initial | translated | reviewed | final
    source_revision: str
    # Where the unit, its (first) source and its (first) target stand in the file read, for messages.
    line: int = field(default=0, compare=False)
    source_line: int = field(default=0, compare=False)
    target_line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class XliffDocument:
    source_lang: str
    target_lang: str
    file_id: str
    units: tuple[XliffUnit, ...]
    original: str = ""
    refused: tuple[ImportFailed, ...] = ()  # the units that could not be read, each with its line


def write_xliff(units: Sequence[XliffUnit], source_lang: str, target_lang: str, file_id: str, original: str) -> bytes:
    """An XLIFF 2.0 document (UTF-8) with one unit per paragraph, valid against the OASIS core schema.
    Source and target keep their spaces (xml:space="preserve"); tools are asked not to resegment."""
    _identifier(file_id)
    root = etree.Element(_Q["xliff"], nsmap={None: NS}, version="2.0", srcLang=source_lang, trgLang=target_lang)
    file = etree.SubElement(root, _Q["file"], id=file_id, original=original, canResegment="no")
    for unit in units:
        if unit.state not in STATES:
            raise InvalidInput(
                N_("“{state}” is not an XLIFF state: use initial, translated, reviewed or final."), state=unit.state
            )
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
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def read_xliff(data: bytes, filename: str) -> XliffDocument:
    """The units of an XLIFF 2.0 file. A problem with the file as a whole raises ImportFailed naming the
    file and the line; a unit that cannot be read is left out and listed in `refused`, each with its line,
    so that a report names every one of them at once."""
    root = _root(data, filename)
    _check_root(root, filename)
    source_lang, target_lang = root.get("srcLang") or "", root.get("trgLang") or ""
    if not source_lang or not target_lang:
        raise ImportFailed(
            filename,
            root.sourceline,
            N_("The XLIFF file does not name its source and target languages (srcLang, trgLang)."),
        )
    files = root.findall(_Q["file"])
    if len(files) != 1:
        raise ImportFailed(
            filename,
            (files[1] if files else root).sourceline,
            N_("An XLIFF file must hold exactly one <file> element: one language of one version."),
        )
    file = files[0]
    units, refused = _units(file, filename)
    return XliffDocument(
        source_lang, target_lang, file.get("id") or "", tuple(units), file.get("original") or "", tuple(refused)
    )


def _root(data: bytes, filename: str) -> etree._Element:
    """The root element of a file of a bearable size, well-formed and without a document type."""
    if len(data) > MAX_XLIFF_BYTES:
        raise ImportFailed(
            filename,
            None,
            N_("The file is too large: at most {limit} MB."),
            limit=str(MAX_XLIFF_BYTES // (1024 * 1024)),
        )
    doctype = _DOCTYPE.match(data)
    if doctype:
        raise ImportFailed(
            filename,
            data[: doctype.end()].count(b"\n") + 1,
            N_("The file declares a document type (DOCTYPE): XLIFF files have none."),
        )
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(
            filename, exc.lineno or None, N_("The file is not well-formed XML: {problem}."), problem=str(exc.msg or exc)
        ) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ImportFailed(
            filename,
            _line_of(data, b"<!DOCTYPE"),
            N_("The file declares a document type (DOCTYPE): XLIFF files have none."),
        )
    return tree.getroot()


def _check_root(root: etree._Element, filename: str) -> None:
    """An <xliff> root of version 2.0 in the XLIFF 2.0 namespace, or a refusal saying which is wrong."""
    if root.tag != _Q["xliff"]:
        if etree.QName(root).localname == "xliff" and root.get("version") != "2.0":
            raise ImportFailed(
                filename,
                root.sourceline,
                N_("XLIFF version {version} is not supported: use XLIFF 2.0."),
                version=root.get("version") or "?",
            )
        if etree.QName(root).localname == "xliff":  # the right version in the wrong namespace: say which is wrong
            namespace = etree.QName(root).namespace
            if not namespace:
                raise ImportFailed(
                    filename,
                    root.sourceline,
                    N_("The root element has no namespace: XLIFF 2.0 files use {expected}."),
                    expected=NS,
                )
            raise ImportFailed(
                filename,
                root.sourceline,
                N_("The root element is in the namespace “{namespace}”: XLIFF 2.0 files use {expected}."),
                namespace=namespace,
                expected=NS,
            )
        raise ImportFailed(
            filename,
            root.sourceline,
            N_("This is not an XLIFF 2.0 file: its root element is “{element}”."),
            element=etree.QName(root).localname,
        )
    if root.get("version") != "2.0":
        raise ImportFailed(
            filename,
            root.sourceline,
            N_("XLIFF version {version} is not supported: use XLIFF 2.0."),
            version=root.get("version") or "?",
        )


def _units(file: etree._Element, filename: str) -> tuple[list[XliffUnit], list[ImportFailed]]:
    """The units read, and those refused (each with its line)."""
    units: list[XliffUnit] = []
    refused: list[ImportFailed] = []
    lines: dict[str, int] = {}
    for count, element in enumerate(file.iter(_Q["unit"]), 1):
        if count > MAX_PARAGRAPHS:
            raise ImportFailed(
                filename,
                element.sourceline,
                NN_(
                    "An XLIFF file may hold at most {limit} unit: this is one more.",
                    "An XLIFF file may hold at most {limit} units: this is one more.",
                    "limit",
                ),
                limit=MAX_PARAGRAPHS,
            )
        eid = element.get("id") or ""
        if eid in lines:
            refused.append(
                ImportFailed(
                    filename,
                    element.sourceline,
                    N_("The unit “{eid}” appears twice (first on line {first})."),
                    eid=eid,
                    first=str(lines[eid]),
                )
            )
            continue
        lines[eid] = element.sourceline or 0
        try:
            units.append(_unit(element, filename))
        except ImportFailed as exc:
            refused.append(exc)
    return units, refused


def _unit(element: etree._Element, filename: str) -> XliffUnit:
    """One unit: its segments' sources and targets joined (a CAT tool may have split the paragraph
    into sentences), the least advanced of their states, and the source revision note."""
    eid = element.get("id")
    if not eid:
        raise ImportFailed(filename, element.sourceline, N_("A unit has no id."), eid="")
    parts, sources = _parts(element, filename, eid)
    state = _least_state(parts, filename, eid)
    inline = _Inline(filename, eid, element)
    targets = [found for part in parts if (found := part.find(_Q["target"])) is not None]
    target = "".join(inline.text(t) for t in targets) if targets else None  # read before the source, as always
    return XliffUnit(
        eid,
        "".join(inline.text(s) for s in sources),
        target,
        state,
        _revision_note(element),
        line=element.sourceline or 0,
        source_line=sources[0].sourceline or 0,
        target_line=(targets[0].sourceline or 0) if targets else 0,
    )


def _parts(element: etree._Element, filename: str, eid: str) -> tuple[list[etree._Element], list[etree._Element]]:
    """The unit's segments and ignorables, and their sources: each of them holds one."""
    parts = [child for child in element if child.tag in (_Q["segment"], _Q["ignorable"])]
    sources = [source for part in parts if (source := part.find(_Q["source"])) is not None]
    if not parts or len(sources) < len(parts):
        raise ImportFailed(filename, element.sourceline, N_("The unit “{eid}” has no source text."), eid=eid)
    return parts, sources


def _least_state(parts: list[etree._Element], filename: str, eid: str) -> str:
    """The least advanced state of the unit's segments (an ignorable has none); "initial" when none says."""
    states = []
    for part in parts:
        if part.tag != _Q["segment"]:
            continue
        state = part.get("state", "initial")
        if state not in STATES:
            raise ImportFailed(
                filename,
                part.sourceline,
                N_("The unit “{eid}” has an unknown state “{state}”: use initial, translated, reviewed or final."),
                eid=eid,
                state=state,
            )
        states.append(state)
    return min(states, key=STATES.index) if states else "initial"


def _revision_note(element: etree._Element) -> str:
    """The source revision the translation was made from, as the unit's note says it ("" if none does)."""
    revision = next(
        (
            note.text or ""
            for note in element.iterfind(f"{_Q['notes']}/{_Q['note']}")
            if note.get("category") == REVISION_NOTE
        ),
        "",
    )
    return revision.strip()


class _Inline:
    """The text of a unit's sources and targets, inline markup given back as the Markdown it stands for.

    A CAT tool may turn markup into inline codes: `<ph/>` (a placeholder), `<pc>…</pc>` (a pair around
    text), `<sc/>`…`<ec/>` (a pair split). Each code's Markdown is the unit's `<originalData>` entry it
    refers to (`dataRef`, `dataRefStart`, `dataRefEnd`; in a target, the source code of the same id or the
    one it is a `copyOf` may hold the reference), else its `equiv` or `disp` text. A code whose Markdown
    cannot be found is refused with its line, never dropped: a lost `**` or `](url)` would change the
    paragraph without anyone seeing it. Annotations (`<mrk>`: terms, comments; `<sm/>`, `<em/>`) are no
    markup of ours: their text stays, the marker goes. `<cp hex="…"/>` is the character it names.
    """

    def __init__(self, filename: str, eid: str, unit: etree._Element) -> None:
        self.filename, self.eid = filename, eid
        self.data = {d.get("id") or "": d for d in unit.iterfind(f"{_Q['originalData']}/{_Q['data']}")}
        # The codes of the sources, by id (an `ec` by the `sc` it ends), for a target code without its own reference.
        self.codes: dict[str, etree._Element] = {}
        for source in unit.iterfind(f"*/{_Q['source']}"):
            for code in source.iter(_Q["ph"], _Q["pc"], _Q["sc"], _Q["ec"]):
                self.codes.setdefault(_code_key(code), code)

    def text(self, element: etree._Element) -> str:
        out = [element.text or ""]
        for child in element:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname if child.tag.startswith(f"{{{NS}}}") else child.tag
            if name == "cp":
                out.append(self._character(child))
            elif name in ("ph", "sc", "ec"):
                out.append(self._markup(child, ""))
            elif name == "pc":
                out.extend((self._markup(child, "Start"), self.text(child), self._markup(child, "End")))
            elif name == "mrk":
                out.append(self.text(child))
            elif name not in ("sm", "em"):
                raise ImportFailed(
                    self.filename,
                    child.sourceline,
                    N_("The unit “{eid}” holds an element <{element}> that an XLIFF 2.0 text cannot hold."),
                    eid=self.eid,
                    element=etree.QName(child).localname,
                )
            out.append(child.tail or "")
        return "".join(out)

    def _character(self, element: etree._Element) -> str:
        value = element.get("hex", "")
        try:
            return chr(int(value, 16))
        except (ValueError, OverflowError):
            raise ImportFailed(
                self.filename,
                element.sourceline,
                N_("The unit “{eid}” has a <cp> element that names no character (hex “{hex}”)."),
                eid=self.eid,
                hex=value,
            ) from None

    def _markup(self, element: etree._Element, part: str) -> str:
        """The Markdown of one code (or of one side of a `pc`: part "Start" or "End")."""
        attribute = f"dataRef{part}"
        seen = {id(element)}
        ref = element.get(attribute)
        holder: etree._Element | None = element
        while ref is None and holder is not None:  # a target code may leave the reference to its source code
            key = holder.get("copyOf") or _code_key(holder)
            holder = self.codes.get(key) if key else None
            if holder is None or id(holder) in seen:
                break
            seen.add(id(holder))
            ref = holder.get(attribute)
        if ref is not None and ref in self.data:
            return self.text(self.data[ref])
        for name in (f"equiv{part}", f"disp{part}"):
            if element.get(name):
                return element.get(name) or ""
        raise ImportFailed(
            self.filename,
            element.sourceline,
            N_(
                "The unit “{eid}” holds an inline code (<{element}> “{code}”) whose Markdown is not in the file "
                "(no original data, equiv or disp): export the file again, or remove the code."
            ),
            eid=self.eid,
            element=etree.QName(element).localname,
            code=element.get("id") or element.get("startRef") or "?",
        )


def _code_key(code: etree._Element) -> str:
    if code.get("id"):
        return code.get("id") or ""
    return f"ec:{code.get('startRef')}" if code.get("startRef") else ""


def _line_of(data: bytes, marker: bytes) -> int:
    at = data.find(marker)
    return data[:at].count(b"\n") + 1 if at >= 0 else 1


__all__ = ["MAX_XLIFF_BYTES", "STATES", "XliffDocument", "XliffUnit", "read_xliff", "write_xliff"]
