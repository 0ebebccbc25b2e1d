"""The optional PAdES seal of a published PDF (renderers/pdf_seal.py): the signature a reader's tools accept over the
whole file, and what it does to PDF/A-2b and PDF/UA-1, read back clause by clause on the PDFs Accord typesets (the
clauses a signature touches: README, "Optional PDF seal"). The PDF as typeset stays the sealed file's first bytes,
so every other clause holds as it held."""

from __future__ import annotations

import asyncio
import io
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pikepdf
import pytest
from asn1crypto import cms
from pyhanko.pdf_utils.reader import PdfFileReader

from tests.seals import HOLDER, PASSWORD, certificate_file, validated
from workspace.renderers.pdf_seal import PdfSeal, SealUnusable
from workspace.renderers.publication_pdf import edition_pdf, parallel_pdf

poppler = pytest.mark.needs("poppler")
PRINT, HIDDEN, NO_VIEW, INVISIBLE = 4, 2, 32, 1


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return certificate_file(tmp_path_factory.mktemp("seal"))


@pytest.fixture(scope="module")
def seal(certificate) -> PdfSeal:
    return PdfSeal.load(str(certificate), PASSWORD)


@pytest.fixture(scope="module", params=["fr", "es-en-fr"])
def typeset(request, model) -> tuple[str, bytes]:
    return request.param, parallel_pdf(model) if request.param == "es-en-fr" else edition_pdf(model, request.param)


@pytest.fixture(scope="module")
def sealed(typeset, seal) -> tuple[str, bytes, bytes]:
    which, pdf = typeset
    return which, pdf, seal(pdf, which.split("-")[0])


def test_the_seal_is_an_incremental_update_of_the_pdf_as_typeset(sealed):
    _which, before, after = sealed
    assert after.startswith(before) and len(after) > len(before)


def test_the_signature_covers_the_whole_file_and_is_valid_under_the_organisations_certificate(sealed, certificate):
    _which, _before, after = sealed
    (signature,) = PdfFileReader(io.BytesIO(after)).embedded_signatures
    status = validated(signature, certificate)
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE" and status.signing_cert.subject.native["common_name"] == HOLDER
    # One changed byte in what the seal covers (the typeset text's first page): no longer intact.
    broken = bytearray(after)
    broken[len(after) // 3] ^= 0x01
    (signature,) = PdfFileReader(io.BytesIO(bytes(broken)), strict=False).embedded_signatures
    assert not validated(signature, certificate).intact


@poppler
def test_poppler_says_the_whole_document_is_signed_and_the_signature_valid(sealed, tmp_path):
    _which, _before, after = sealed
    (tmp_path / "sealed.pdf").write_bytes(after)
    said = subprocess.run(["pdfsig", tmp_path / "sealed.pdf"], capture_output=True, text=True).stdout
    assert "Total document signed" in said and "Signature is Valid" in said, said
    assert f"Signer Certificate Common Name: {HOLDER}" in said and "ETSI.CAdES.detached" in said


@poppler
def test_the_text_a_reader_copies_is_the_same(sealed):
    _which, before, after = sealed

    def text(pdf: bytes) -> str:
        return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()

    assert text(after) == text(before)


def test_pdf_a_2b_what_the_signature_touches(sealed):
    """ISO 19005-2: the metadata still says PDF/A-2b and agrees with the document information (6.6.2.3); the
    catalog keeps PDF 1.7 (6.1.2); no NeedAppearances (6.4.1); the widget is printed, never hidden, and zero-sized,
    needing no appearance (6.3.2, 6.3.3); the signature PAdES with one signer over the whole file but its contents
    (6.4.3)."""
    _which, _before, after = sealed
    with pikepdf.open(io.BytesIO(after)) as pdf:
        metadata = pdf.open_metadata()
        assert (metadata["pdfaid:part"], metadata["pdfaid:conformance"], metadata["pdfuaid:part"]) == ("2", "B", "1")
        info = pdf.docinfo
        assert metadata["xmp:ModifyDate"] == _xmp_date(str(info["/ModDate"]))
        assert metadata["pdf:Producer"] == str(info["/Producer"])
        assert pdf.pdf_version == "1.7" and "/Version" not in pdf.Root
        assert {str(v.BaseVersion) for v in pdf.Root.Extensions.values()} == {"/1.7"}
        form = pdf.Root.AcroForm
        assert not form.get("/NeedAppearances", False) and int(form.SigFlags) == 3
        (widget,) = form.Fields
        flags = int(widget.F)
        assert flags & PRINT and not flags & (HIDDEN | NO_VIEW | INVISIBLE)
        x1, y1, x2, y2 = (float(v) for v in widget.Rect)
        assert x1 == x2 and y1 == y2
        value = widget.V
        assert value.SubFilter == "/ETSI.CAdES.detached" and value.Filter == "/Adobe.PPKLite"
        start, first, second, rest = (int(v) for v in value.ByteRange)
        contents = after[start + first : second]
        assert start == 0 and second + rest == len(after) and contents[:1] == b"<" and contents[-1:] == b">"
        signed = cms.ContentInfo.load(bytes(value.Contents))["content"]
        assert len(signed["signer_infos"]) == 1


def test_pdf_ua_1_the_seals_widget_is_tagged_and_named_in_the_files_language(sealed):
    """ISO 14289-1, 7.18: a widget sits in a Form element of the structure tree (7.18.4), with a name for assistive
    technology (TU, and the element's Alt: 7.18.1), on a page whose tab order is the structure's (7.18.3)."""
    which, _before, after = sealed
    with pikepdf.open(io.BytesIO(after)) as pdf:
        (widget,) = pdf.Root.AcroForm.Fields
        tree = pdf.Root.StructTreeRoot
        numbers = tree.ParentTree.Nums
        keyed = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
        form = keyed[int(widget.StructParent)]
        assert form.S == "/Form" and form.K.Type == "/OBJR" and form.K.Obj.objgen == widget.objgen
        document = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
        assert form.P.objgen == document.objgen and any(kid.objgen == form.objgen for kid in document.K)
        assert int(tree.ParentTreeNextKey) == max(keyed) + 1
        label = {"fr": f"Sceau électronique de {HOLDER}", "es": f"Sello electrónico de {HOLDER}"}[which.split("-")[0]]
        assert str(widget.TU) == str(form.Alt) == label
        assert widget.P.Tabs == "/S" and pdf.Root.Lang == which.split("-")[0]


def test_an_elliptic_curve_certificate_is_refused_it_would_make_the_pdf_declare_pdf_2(tmp_path):
    with pytest.raises(SealUnusable, match="RSA certificate"):
        PdfSeal.load(str(certificate_file(tmp_path, "ec")), PASSWORD)


def test_a_wrong_password_a_broken_file_and_no_file_are_refused_saying_so(tmp_path, certificate):
    with pytest.raises(SealUnusable, match="ACCORD_PDF_SEAL_PASSWORD"):
        PdfSeal.load(str(certificate), "not the password")
    (tmp_path / "broken.p12").write_bytes(b"not a PKCS#12 file")
    with pytest.raises(SealUnusable, match="cannot be opened"):
        PdfSeal.load(str(tmp_path / "broken.p12"), PASSWORD)
    with pytest.raises(SealUnusable, match="no file at"):
        PdfSeal.load(str(tmp_path / "missing.p12"), PASSWORD)


def test_a_certificate_out_of_its_dates_is_refused_saying_when(tmp_path):
    """An expired certificate (or one not valid yet) would seal PDFs that every reader's viewer calls invalid: refused
    at start with its dates, as the server, the worker and the command line load the seal."""
    with pytest.raises(SealUnusable, match=r"expired on \d{4}-\d\d-\d\d"):
        PdfSeal.load(str(certificate_file(tmp_path, valid=(-30, -1))), PASSWORD)
    with pytest.raises(SealUnusable, match=r"valid only from \d{4}-\d\d-\d\d"):
        PdfSeal.load(str(certificate_file(tmp_path, valid=(2, 30))), PASSWORD)
    assert PdfSeal.load(str(certificate_file(tmp_path, valid=(-30, 1))), PASSWORD).holder == HOLDER


def _xmp_date(pdf_date: str) -> str:
    """D:20261130084444Z → 2026-11-30T08:44:44+00:00, as XMP writes the same moment."""
    digits = pdf_date.removeprefix("D:").rstrip("Z")
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}T{digits[8:10]}:{digits[10:12]}:{digits[12:14]}+00:00"


def test_a_pdf_is_sealed_from_a_thread_that_runs_an_event_loop(typeset, seal):
    """pyHanko signs through asyncio.run: called where an event loop runs (an async caller, a browser driver in the
    same thread), the seal is still made, whole."""
    which, pdf = typeset

    async def from_a_coroutine() -> bytes:
        return seal(pdf, which.split("-")[0])

    with ThreadPoolExecutor(1) as other:  # a loop of the test's own, whatever this thread runs already
        after = other.submit(asyncio.run, from_a_coroutine()).result()
    assert after.startswith(pdf) and len(PdfFileReader(io.BytesIO(after)).embedded_signatures) == 1
