"""The optional PAdES seal of a published PDF: the organisation's certificate signs the file (pyHanko), off unless
ACCORD_PDF_SEAL names a PKCS#12 file.

The seal is an incremental update: the PDF as typeset stays, byte for byte, the first part of the sealed file, so
what made it PDF/A-2b and PDF/UA-1 stays true of it. What the update adds was measured against the clauses a
signature touches (tests/unit/renderers/test_pdf_seal.py reads them back; README, "Optional PDF seal"):
- PDF/A-2b: the signature is PAdES (ETSI.CAdES.detached, one signer, its byte range the whole file but its
  contents); its field is invisible, a zero-sized widget printed and never hidden, which needs no appearance (ISO
  19005-2, 6.3.3); the document information and the XMP metadata stay equivalent (pyHanko updates both: the
  modification date, the producer); the catalog keeps PDF 1.7. An elliptic-curve key makes pyHanko declare PDF 2.0
  (ISO/TS 32002) in the catalog, which PDF/A-2 (built on PDF 1.7) does not know: such a certificate is refused.
- PDF/UA-1: the widget is tagged (a Form element under the document's, holding an object reference to it, its
  StructParent in the parent tree), named for assistive technology (TU, Alt) in the file's language; the page's
  tab order stays the structure's (Tabs S).
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from ..i18n import gettext as _
from ..i18n import locale_scope

FIELD = "AccordSeal"


class SealUnusable(ValueError):
    """The seal's file cannot be used: said at start, so that no publication goes out without the seal asked for."""


@dataclass(frozen=True)
class PdfSeal:
    """The organisation's certificate and key, opened once (the server, a worker, the command line)."""

    signer: signers.SimpleSigner
    holder: str  # the certificate's subject, as a reader's PDF viewer names the signer

    @classmethod
    def load(cls, path: str, password: str) -> PdfSeal:
        """The seal in the PKCS#12 file `path` (SealUnusable saying why it cannot be used)."""
        if not Path(path).is_file():
            raise SealUnusable(f"ACCORD_PDF_SEAL: no file at {path}")
        try:
            signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode() if password else None)
        except ValueError:  # a wrong password
            signer = None
        if signer is None or signer.signing_cert is None:  # pyHanko answers None for a file it cannot read
            raise SealUnusable(
                f"ACCORD_PDF_SEAL: {path} cannot be opened: is it a PKCS#12 file with a certificate and its key, "
                "and ACCORD_PDF_SEAL_PASSWORD its password?"
            )
        if signer.signing_cert.public_key.algorithm != "rsa":
            raise SealUnusable(
                f"ACCORD_PDF_SEAL: {path} holds a {signer.signing_cert.public_key.algorithm.upper()} key; the PDFs "
                "are PDF/A-2 (PDF 1.7), and such a signature makes them declare PDF 2.0: use an RSA certificate"
            )
        _check_dates(path, signer.signing_cert.not_valid_before, signer.signing_cert.not_valid_after)
        subject = signer.signing_cert.subject
        return cls(signer, subject.native.get("common_name") or subject.human_friendly)

    def __call__(self, pdf: bytes, lang: str) -> bytes:
        return sealed(pdf, self, lang)


def _check_dates(path: str, starts: datetime, ends: datetime) -> None:
    """A certificate out of its dates seals nothing a reader's viewer would call valid: said at start, not found later
    in every PDF published meanwhile."""
    now = datetime.now(UTC)
    if now >= ends:
        raise SealUnusable(f"ACCORD_PDF_SEAL: the certificate in {path} expired on {ends:%Y-%m-%d %H:%M} UTC")
    if now < starts:
        raise SealUnusable(f"ACCORD_PDF_SEAL: the certificate in {path} is valid only from {starts:%Y-%m-%d %H:%M} UTC")


def sealed(pdf: bytes, seal: PdfSeal, lang: str) -> bytes:
    """`pdf` with the seal appended (an incremental update), its field named in `lang` for assistive technology.
    pyHanko signs through `asyncio.run`, which refuses a thread that runs an event loop already (a caller's, or a
    browser driver's): the signature is made in a thread of its own."""
    with ThreadPoolExecutor(1, thread_name_prefix="accord-seal") as apart:
        return apart.submit(_sealed, pdf, seal, lang).result()


def _sealed(pdf: bytes, seal: PdfSeal, lang: str) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    with locale_scope(lang):
        label = _("Electronic seal of %(holder)s", holder=seal.holder)
    fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=FIELD, readable_field_name=label))
    _tag(writer, label)
    meta = signers.PdfSignatureMetadata(field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES)
    out = signers.PdfSigner(meta, signer=seal.signer).sign_pdf(writer, existing_fields_only=True)
    return bytes(out.getbuffer())


def _tag(writer: IncrementalPdfFileWriter, label: str) -> None:
    """Put the seal's widget in the structure tree, as PDF/UA asks of every widget: a Form element (its Alt the
    label) under the document's element, pointing at the widget, which points back through the parent tree."""
    form_fields = writer.root["/AcroForm"]["/Fields"]
    widget_ref = form_fields.raw_get(len(form_fields) - 1)
    widget = widget_ref.get_object()
    page_ref = widget.raw_get("/P")
    tree = writer.root["/StructTreeRoot"]
    kids = tree["/K"]
    document_ref = kids.raw_get(0) if isinstance(kids, generic.ArrayObject) else tree.raw_get("/K")
    document = document_ref.get_object()
    key = int(tree.get("/ParentTreeNextKey", _next_key(tree["/ParentTree"])))
    form = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/StructElem"),
            generic.pdf_name("/S"): generic.pdf_name("/Form"),
            generic.pdf_name("/P"): document_ref,
            generic.pdf_name("/Pg"): page_ref,
            generic.pdf_name("/Alt"): generic.pdf_string(label),
            generic.pdf_name("/K"): generic.DictionaryObject(
                {
                    generic.pdf_name("/Type"): generic.pdf_name("/OBJR"),
                    generic.pdf_name("/Obj"): widget_ref,
                    generic.pdf_name("/Pg"): page_ref,
                }
            ),
        }
    )
    form_ref = writer.add_object(form)
    elements = document.get("/K")
    if isinstance(elements, generic.ArrayObject):
        elements.append(form_ref)
    else:
        document["/K"] = generic.ArrayObject([elements, form_ref] if elements is not None else [form_ref])
    writer.update_container(document)
    widget["/StructParent"] = generic.NumberObject(key)
    widget["/Contents"] = generic.pdf_string(label)
    writer.update_container(widget)
    _add_to_parent_tree(writer, tree["/ParentTree"], key, form_ref)
    tree["/ParentTreeNextKey"] = generic.NumberObject(key + 1)
    writer.update_container(tree)
    page = page_ref.get_object()
    if page.get("/Tabs") != "/S":  # a page with an annotation orders its tabs by the structure (PDF/UA-1, 7.18.3)
        page["/Tabs"] = generic.pdf_name("/S")
        writer.update_container(page)


def _next_key(parent_tree: generic.DictionaryObject) -> int:
    """One past the largest key of a number tree (a file whose structure tree does not say it)."""
    largest = -1
    pending = [parent_tree]
    while pending:
        node = pending.pop()
        numbers = node.get("/Nums", generic.ArrayObject())
        largest = max([largest, *(int(numbers[i]) for i in range(0, len(numbers), 2))])
        pending.extend(kid for kid in node.get("/Kids", ()))
    return largest + 1


def _add_to_parent_tree(
    writer: IncrementalPdfFileWriter, parent_tree: generic.DictionaryObject, key: int, value: generic.IndirectObject
) -> None:
    """Add `key` (the largest yet) to the number tree: at the end of its root's numbers, or as a last leaf."""
    if "/Nums" in parent_tree:
        parent_tree["/Nums"].extend([generic.NumberObject(key), value])
        writer.update_container(parent_tree)
        return
    leaf = generic.DictionaryObject(
        {
            generic.pdf_name("/Limits"): generic.ArrayObject([generic.NumberObject(key)] * 2),
            generic.pdf_name("/Nums"): generic.ArrayObject([generic.NumberObject(key), value]),
        }
    )
    parent_tree["/Kids"].append(writer.add_object(leaf))
    writer.update_container(parent_tree)


__all__ = ["FIELD", "PdfSeal", "SealUnusable", "sealed"]
