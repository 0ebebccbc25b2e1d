"""A .docx file opened only once it is known to be safe to read: the package's parts as lxml trees.

A Word file is a zip of XML parts (OPC). Before python-docx opens it, every refusal is made here,
naming the file (and the part and line for XML): a file over MAX_DOCX; an encrypted file (Word wraps
an encrypted package, like an old .doc, in an OLE compound file, not a zip); not a zip; too many
parts, or more than MAX_UNPACKED bytes unpacked (a zip bomb), counted from the zip's headers and
again while reading, since headers can lie; a macro-enabled document (.docm, .dotm, a vbaProject
part); any XML part with a document type declaration, which is where entities live (no XXE, no
billion laughs: nothing is declared to the parser, nothing fetched). python-docx then reads the
package's relationships (which part is the document, its comments, its styles, where a link goes).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

from docx.exceptions import PythonDocxError
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.part import Part as DocxPart
from docx.package import Package as DocxPackage
from lxml import etree

from ..errors import N_, NN_, ImportFailed

MAX_DOCX = 20 * 1024 * 1024  # bytes of the file
MAX_UNPACKED = 200 * 1024 * 1024  # bytes of all its parts unpacked: a zip bomb stops here
MAX_PARTS = 2_000  # a long report with many images has a few hundred
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an encrypted package, or a .doc
_CHUNK = 1 << 16
_MACROS = ("macroenabled", "vbaproject", "vbadata")  # in a content type or a part's name
# What python-docx raises for a package it cannot follow.
_UNREADABLE = (
    KeyError,
    ValueError,
    AttributeError,
    TypeError,
    IndexError,
    NotImplementedError,
    etree.LxmlError,
    OpcError,
    PythonDocxError,
    zipfile.BadZipFile,
    zlib.error,
)
_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"


@dataclass(frozen=True)
class Part:
    root: etree._Element
    links: Mapping[str, str]  # relationship id → an external target (a hyperlink's address)


@dataclass(frozen=True)
class Package:
    document: Part
    styles: etree._Element | None
    comments: Part | None
    comments_extended: etree._Element | None


def _parser() -> etree.XMLParser:
    # Nothing declared is loaded or substituted, nothing fetched; a DOCTYPE is refused after parsing.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _refused(file: str, message: str, line: int | None = None, **params: str) -> ImportFailed:
    return ImportFailed(file, line, message, **params)


def _read_parts(data: bytes, file: str) -> dict[str, bytes]:
    """Every XML part of the zip by name, read within the caps; other parts are only counted."""
    if len(data) > MAX_DOCX:
        raise _refused(file, N_("The file is too large: at most {limit} MB."), limit=str(MAX_DOCX // (1024 * 1024)))
    if data.startswith(_CFB):
        raise _refused(
            file,
            N_(
                "The file is protected by a password, or is an old Word document (.doc): save it "
                "as a Word document (.docx) without a password."
            ),
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError):
        raise _refused(file, N_("The file is not a Word document (.docx).")) from None
    if len(entries) > MAX_PARTS:
        raise _refused(
            file,
            NN_(
                "The file holds more than {limit} part: it is not read.",
                "The file holds more than {limit} parts: it is not read.",
                "limit",
            ),
            limit=str(MAX_PARTS),
        )
    bomb = _refused(
        file, N_("The file unpacks to more than {limit} MB: it is not read."), limit=str(MAX_UNPACKED // (1024 * 1024))
    )
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED:
        raise bomb
    if any(word in entry.filename.lower() for entry in entries for word in _MACROS):
        raise _macros(file)
    parts: dict[str, bytes] = {}
    total = 0
    try:
        for entry in entries:
            chunks = []
            with archive.open(entry) as stream:
                while chunk := stream.read(_CHUNK):
                    total += len(chunk)
                    if total > MAX_UNPACKED:  # the headers lied
                        raise bomb
                    chunks.append(chunk)
            if entry.filename.lower().endswith((".xml", ".rels")):
                parts[entry.filename] = b"".join(chunks)
    except (
        zipfile.BadZipFile,
        zlib.error,
        ValueError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        OSError,
    ):  # CRC, method, password
        raise _refused(file, N_("The file is damaged: it cannot be unpacked.")) from None
    return parts


def _macros(file: str) -> ImportFailed:
    return _refused(
        file,
        N_(
            "The file holds macros (a macro-enabled document, .docm): save it as a Word document (.docx) and send that."
        ),
    )


PROLOG_CHUNK = 4096


def _doctype(file: str, part: str) -> ImportFailed:
    return _refused(
        file,
        N_("The part {part} declares a document type (DOCTYPE): Word files have none, and its entities are not read."),
        line=1,
        part=part,
    )


def _malformed(file: str, part: str, exc: etree.XMLSyntaxError) -> ImportFailed:
    return _refused(
        file,
        N_("The part {part} is not well-formed XML: {problem}."),
        line=exc.lineno or None,
        part=part,
        problem=str(exc.msg or exc),
    )


def _check_declarations(name: str, blob: bytes, file: str) -> None:
    """Refuse a part whose prolog declares a document type: only the prolog is read (up to the root's start), fed a
    few kilobytes at a time (iterparse read and parsed a whole buffer of a part before its first event)."""
    pulled = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        for start in range(0, len(blob) or 1, PROLOG_CHUNK):
            pulled.feed(blob[start : start + PROLOG_CHUNK])
            for _event, element in pulled.read_events():
                docinfo = element.getroottree().docinfo
                if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
                    raise _doctype(file, name)
                return
        pulled.close()  # no root came: an empty or truncated part is not well-formed
    except etree.XMLSyntaxError as exc:
        raise _malformed(file, name, exc) from None


def _parse(name: str, blob: bytes, file: str) -> etree._Element:
    try:
        tree = etree.ElementTree(etree.fromstring(blob, _parser()))
    except etree.XMLSyntaxError as exc:
        raise _malformed(file, name, exc) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:  # _check_declarations saw it already
        raise _doctype(file, name)
    return tree.getroot()


def _links(part: DocxPart) -> dict[str, str]:
    return {rel.rId: rel.target_ref for rel in part.rels.values() if rel.is_external}


def _related(part: DocxPart, reltype: str, file: str) -> DocxPart | None:
    try:
        return part.part_related_by(reltype)
    except KeyError:
        return None
    except ValueError:  # two style sheets, two comment parts …
        raise _refused(file, N_("The file is not a Word document (.docx).")) from None


def open_package(data: bytes, file: str) -> Package:
    """The parts Accord reads of a .docx, or ImportFailed saying why it is not read."""
    blobs = _read_parts(data, file)
    types = blobs.get("[Content_Types].xml")
    if types is None:
        raise _refused(file, N_("The file is not a Word document (.docx)."))
    for name, blob in blobs.items():
        _check_declarations(name, blob, file)
    content_types = _parse("[Content_Types].xml", types, file)
    if any(word in (node.get("ContentType") or "").lower() for node in content_types for word in _MACROS):
        raise _macros(file)
    try:
        main = DocxPackage.open(io.BytesIO(data)).main_document_part
    except _UNREADABLE:  # a relationship to a part that is not there, a part that is not XML …
        for name, blob in blobs.items():
            _parse(name, blob, file)  # the part python-docx could not read, with its line, if it is one
        raise _refused(file, N_("The file is not a Word document (.docx).")) from None
    if main.content_type != CT.WML_DOCUMENT_MAIN:
        raise _refused(file, N_("The file is not a Word document (.docx)."))

    def tree(part: DocxPart | None) -> etree._Element | None:
        if part is None:
            return None
        name = str(part.partname).lstrip("/")
        return _parse(name, blobs[name], file) if name in blobs else None

    document = tree(main)
    if document is None:
        raise _refused(file, N_("The file is not a Word document (.docx)."))
    comments = _related(main, RT.COMMENTS, file)
    comments_root = tree(comments)
    return Package(
        document=Part(document, _links(main)),
        styles=tree(_related(main, RT.STYLES, file)),
        comments=Part(comments_root, _links(comments)) if comments is not None and comments_root is not None else None,
        comments_extended=tree(_related(main, _COMMENTS_EXTENDED, file)),
    )
