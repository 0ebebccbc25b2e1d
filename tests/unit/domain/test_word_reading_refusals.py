"""What the Word reader refuses, naming the file (and the part and line): each refusal with a real file
of its kind, and no other error than ImportFailed for any damaged file."""

from __future__ import annotations

import contextlib
import io
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.errors import ImportFailed
from workspace.domain.word import word_package
from workspace.domain.word.word_reading import MAX_DOCX, MAX_UNPACKED, read_docx

from .word_files import docx, para, run, template_parts, zip_of

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "word"
NOT_WORD = "The file is not a Word document (.docx)."
PLAIN = docx(para(run("Un párrafo.")))


def refusal(data: bytes, name: str = "propuesta.docx") -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        read_docx(data, name)
    assert caught.value.file == name
    return caught.value


def with_part(name: str, data: bytes, base: dict[str, bytes] | None = None) -> bytes:
    files = dict(base or template_parts())
    files[name] = data
    return zip_of(files)


def test_a_plain_file_is_read():
    assert [p.after for p in read_docx(PLAIN, "propuesta.docx").paragraphs] == ["Un párrafo."]


@pytest.mark.parametrize("data", [b"", b"Hola, esto no es un documento.", b"PK\x03\x04 truncated", b"%PDF-1.7\n"])
def test_what_is_not_a_zip_is_not_a_word_document(data):
    assert refusal(data).message == NOT_WORD


def test_a_zip_that_is_no_word_document_is_refused():
    assert refusal(zip_of({"hola.txt": b"hola"})).message == NOT_WORD  # no [Content_Types].xml
    spreadsheet = template_parts()
    spreadsheet["[Content_Types].xml"] = spreadsheet["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"
    )
    assert refusal(zip_of(spreadsheet)).message == NOT_WORD
    broken = template_parts()
    del broken["word/document.xml"]  # the package names a part it does not hold
    assert refusal(zip_of(broken)).message == NOT_WORD
    strict = template_parts()
    strict["word/document.xml"] = (
        b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body/></w:document>'
    )
    assert refusal(zip_of(strict)).message == NOT_WORD  # Strict OOXML: no body Accord knows


def test_a_file_over_the_limit_is_refused_before_it_is_opened():
    failed = refusal(PLAIN + b"\0" * (MAX_DOCX - len(PLAIN) + 1))
    assert (failed.message, failed.params) == ("The file is too large: at most {limit} MB.", {"limit": "20"})


def test_a_macro_enabled_document_is_refused():
    """A .docm LibreOffice wrote (its main part macro-enabled), and a .docx that holds a VBA project."""
    message = (
        "The file holds macros (a macro-enabled document, .docm): save it as a Word document (.docx) and send that."
    )
    assert refusal((FIXTURES / "macro-enabled.docm").read_bytes(), "macros.docm").message == message
    files = template_parts()
    files["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    )
    assert refusal(zip_of(files)).message == message


def test_an_encrypted_file_or_an_old_doc_is_refused():
    """Word wraps an encrypted .docx in an OLE compound file, the format of Word 97: a .doc LibreOffice
    wrote, and the start of an encrypted package (its EncryptionInfo stream follows the header)."""
    message = (
        "The file is protected by a password, or is an old Word document (.doc): save it as a Word "
        "document (.docx) without a password."
    )
    assert refusal((FIXTURES / "word-97.doc").read_bytes(), "old.doc").message == message
    assert refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096).message == message


def _bomb(size: int) -> bytes:
    """A zip whose one entry unpacks to `size` zero bytes (written a megabyte at a time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in template_parts().items():
            archive.writestr(name, data)
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                entry.write(chunk)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb(MAX_UNPACKED + (2 << 20))


def test_a_zip_bomb_is_refused_from_its_headers(bomb):
    assert len(bomb) < MAX_DOCX // 20  # a small file …
    tracemalloc.start()
    failed = refusal(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (failed.message, failed.params) == (
        "The file unpacks to more than {limit} MB: it is not read.",
        {"limit": "200"},
    )
    assert peak < 20 * 1024 * 1024  # … refused without unpacking it


def _lying(data: bytes, entry: str, size: int) -> bytes:
    """The zip with `entry`'s uncompressed size written as `size` in the central directory (the sizes zip
    readers go by)."""
    patched = bytearray(data)
    position = 0
    while (position := data.find(b"PK\x01\x02", position + 1)) != -1:
        name_length = struct.unpack("<H", data[position + 28 : position + 30])[0]
        if data[position + 46 : position + 46 + name_length].decode() == entry:
            patched[position + 24 : position + 28] = struct.pack("<I", size)
    return bytes(patched)


def test_a_zip_bomb_whose_headers_lie_is_refused_without_being_unpacked(bomb):
    lying = _lying(bomb, "word/media/zeros.bin", 1000)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert sum(i.file_size for i in archive.infolist()) < MAX_UNPACKED  # the headers pass
    tracemalloc.start()
    failed = refusal(lying)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # Python's zipfile reads no more than the header says, then finds the checksum wrong.
    assert failed.message == "The file is damaged: it cannot be unpacked."
    assert peak < 20 * 1024 * 1024  # far below what the entry unpacks to: it was never unpacked


def test_what_is_read_is_counted_too_whatever_the_headers_say(monkeypatch):
    """Were the zip library to give more than the headers say, the count of the bytes read stops it."""
    monkeypatch.setattr(word_package, "MAX_UNPACKED", 1 << 20)
    data = with_part("word/media/small.bin", b"\0" * 10)
    real_open = zipfile.ZipFile.open

    def generous(self, entry, *args, **kwargs):
        if getattr(entry, "filename", entry) == "word/media/small.bin":
            return io.BytesIO(b"\0" * (2 << 20))  # what a lying header hid
        return real_open(self, entry, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", generous)
    failed = refusal(data)
    assert (failed.message, failed.params) == (
        "The file unpacks to more than {limit} MB: it is not read.",
        {"limit": "1"},
    )


def test_too_many_parts_are_refused():
    files = template_parts()
    files.update({f"customXml/item{i}.xml": b"<a/>" for i in range(word_package.MAX_PARTS)})
    failed = refusal(zip_of(files))
    assert (str(failed), failed.params) == (
        "The file holds more than 2000 parts: it is not read.",
        {"limit": "2000"},
    )  # the plural form


DOCTYPE = "The part {part} declares a document type (DOCTYPE): Word files have none, and its entities are not read."
LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)
XXE = '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    ("declaration", "use"),
    [(LAUGHS, "&d;"), (XXE, "&secret;"), ('<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/w.dtd">', "x")],
)
def test_a_document_type_or_an_entity_is_refused_never_expanded_nor_fetched(declaration, use):
    document = template_parts()["word/document.xml"].decode()
    head, _, rest = document.partition("?>")
    body_at = rest.index("<w:body>") + len("<w:body>")
    crafted = head + "?>" + declaration + rest[:body_at] + f"<w:p><w:r><w:t>{use}</w:t></w:r></w:p>" + rest[body_at:]
    failed = refusal(with_part("word/document.xml", crafted.encode()))
    assert (failed.message, failed.params, failed.line) == (DOCTYPE, {"part": "word/document.xml"}, 1)
    assert failed.render() == f"propuesta.docx:1: {DOCTYPE.format(part='word/document.xml')}"


def test_a_document_type_in_a_part_accord_does_not_read_is_refused_too():
    app = b'<?xml version="1.0"?>\n<!DOCTYPE Properties [<!ENTITY x "y">]><Properties>&x;</Properties>'
    failed = refusal(with_part("docProps/app.xml", app))
    assert (failed.message, failed.params) == (DOCTYPE, {"part": "docProps/app.xml"})


def test_a_part_that_is_not_well_formed_is_named_with_its_line():
    document = template_parts()["word/document.xml"].replace(b"<w:body>", b"<w:body>\n\n<w:p><w:r></w:p>")
    failed = refusal(with_part("word/document.xml", document))
    assert failed.message == "The part {part} is not well-formed XML: {problem}."
    assert (
        failed.params["part"] == "word/document.xml"
        and failed.line == document.count(b"\n", 0, document.index(b"</w:p>")) + 1
    )


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, len(PLAIN) - 1), st.integers(0, 255)), min_size=1, max_size=8),
    st.integers(0, len(PLAIN)),
)
def test_a_damaged_file_is_read_or_refused_never_an_other_error(changes, cut):
    damaged = bytearray(PLAIN[: max(cut, 1)] if cut % 3 == 0 else PLAIN)
    for at, value in changes:
        if at < len(damaged):
            damaged[at] = value
    with contextlib.suppress(ImportFailed):
        read_docx(bytes(damaged), "propuesta.docx")
