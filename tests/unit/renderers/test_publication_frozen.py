"""The files of a publication are deterministic and archival: dated with the publication rather than the
clock (the same model rendered later: tests/integration/test_publication_clock.py), and the PDFs say they
are PDF/A-2b and PDF/UA-1 in their XMP metadata, read back with poppler as a reader's tools read them."""

from __future__ import annotations

import io
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime

import pytest
from docx import Document

from workspace.renderers.publication_files import names, render
from workspace.renderers.publication_pdf import edition_pdf, parallel_pdf

from .models import kutahya_model
from .support import words

poppler = pytest.mark.needs("poppler")
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"


def everything(model) -> dict[str, bytes]:
    return {name: render(model, name)[0] for name, _ in names(model)}


def test_another_publication_date_gives_other_bytes_where_the_date_is_written(model):
    later = kutahya_model()
    later = type(later)(**{**later.__dict__, "published_at": datetime(2021, 10, 9, 9, 0, tzinfo=UTC)})
    first, second = everything(model), everything(later)
    changed = {n.rsplit(".", 1)[1] for n in first if first[n] != second[n]}
    assert {"pdf", "docx", "xml", "json", "md"} <= changed  # the date is in them: it comes from the model


def test_the_word_files_are_dated_with_the_publication(model):
    when = model.published_at.astimezone(UTC)
    for name, body in everything(model).items():
        if not name.endswith(".docx"):
            continue
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            assert {entry.date_time for entry in package.infolist()} == {when.timetuple()[:6]}, name
        properties = Document(io.BytesIO(body)).core_properties
        assert properties.created == properties.modified == when
        assert properties.title == model.symbol and properties.author == "Accord" and properties.revision == 1


def _xmp(pdf: bytes) -> ET.Element:
    meta = subprocess.run(["pdfinfo", "-meta", "-"], input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    packet = meta[meta.index("<x:xmpmeta") : meta.index("</x:xmpmeta>") + len("</x:xmpmeta>")]
    return ET.fromstring(packet)


@poppler
@pytest.mark.parametrize("which", ["fr", "es-en-fr"])
def test_the_pdfs_are_pdf_a_2b_and_pdf_ua_1_with_every_font_embedded(model, which):
    pdf = parallel_pdf(model) if which == "es-en-fr" else edition_pdf(model, which)
    xmp = _xmp(pdf)
    assert (xmp.findtext(f".//{PDFAID}part"), xmp.findtext(f".//{PDFAID}conformance")) == ("2", "B")
    assert xmp.findtext(f".//{PDFUAID}part") == "1"
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Tagged:          yes" in info
    assert "CreationDate:    Fri Oct  8 14:30:00 2021 UTC" in info  # the publication's moment, not the clock's
    fonts = (
        subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode().splitlines()[2:]
    )
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    text = words(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode())
    assert "Kütahya, le 8 octobre 2021" in text and model.symbol in text
