"""The PDFs, read back with pdftotext (poppler-utils): every paragraph in order, with its number."""

from __future__ import annotations

import re
import subprocess

import pytest

from workspace.renderers.publication_pdf import edition_pdf, parallel_pdf

from .support import in_order, shown, words

pytestmark = pytest.mark.needs("poppler")


FURNITURE = re.compile(r"^(UCLG/KUT/2021/DECL|Español|English|Français|(Página|Page) \d+ (de|of|sur) \d+)$")


def pdf_text(pdf: bytes, *options: str) -> str:
    """The PDF's text without the page headers and footers (a paragraph may run over a page) and blank lines, a
    line that ends after a hyphen joined to the next (Typst adds no hyphens: the text is not justified)."""
    done = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    lines = [
        line
        for line in done.stdout.decode("utf-8").replace("\f", "\n").split("\n")
        if line.strip() and not FURNITURE.match(line.strip())
    ]
    return re.sub(r"-\n", "-", "\n".join(lines))


def loose(text: str) -> str:
    """Without hyphens: poppler drops the one a line ends on when it reads a cropped area."""
    return words(text).replace("-", "")


def expected(edition) -> list[str]:
    items = [edition.title]
    for p in edition.paragraphs:
        items.append(f"{p.number}. {shown(p.text)}" if p.number else shown(p.text))
    return [*items, edition.date_line]


def test_each_language_pdf_holds_every_paragraph_in_order_with_its_number(model):
    for edition in model.editions:
        pdf = edition_pdf(model, edition.language)
        assert pdf.startswith(b"%PDF-")
        text = words(pdf_text(pdf))
        assert in_order(text, expected(edition)) == []
        raw = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        pages = int(
            subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
            .stdout.decode()
            .split("Pages:")[1]
            .split()[0]
        )
        assert pages > 1 and raw.count(model.symbol) >= pages  # the symbol heads every page
        last = {"es": f"Página {pages} de {pages}", "en": f"Page {pages} of {pages}", "fr": f"Page {pages} sur {pages}"}
        assert last[edition.language] in raw


def columns_out_of_order(pdf: bytes, model) -> dict[str, list[str]]:
    """Each language's paragraphs missing or out of order in its column of a trilingual PDF (A4 landscape)."""
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    width = float(info.split("Page size:")[1].split()[0])
    assert width > 800  # A4 landscape (842 pt)
    margin = 1.4 / 2.54 * 72
    column = (width - 2 * margin) / 3
    found = {}
    for i, edition in enumerate(model.editions):
        # pdftotext cropped to one column (points at 72 dpi), all pages
        text = loose(
            pdf_text(
                pdf, "-r", "72", "-x", str(int(margin + i * column)), "-y", "0", "-W", str(int(column)), "-H", "2000"
            )
        )
        found[edition.language] = in_order(text, [loose(item) for item in expected(edition)[1:]])
    return found


def test_the_trilingual_pdf_holds_every_paragraph_of_each_language_in_order(model):
    assert columns_out_of_order(parallel_pdf(model), model) == {"es": [], "en": [], "fr": []}


def test_the_fonts_are_embedded_and_cover_spanish_and_french(model):
    pdf = edition_pdf(model, "fr")
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=False).stdout.decode()
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all("yes" in row[-5:-2][:1] for row in rows), fonts
    assert any("DejaVuSerif" in row[0] for row in rows)
    assert "ü" in pdf_text(pdf) and "é" in pdf_text(pdf)


def test_poppler_reads_every_pdf_without_a_complaint(model):
    """Readers take poppler's "Syntax Error" lines for a damaged file: none for any PDF Accord writes (a written
    false Suspects was reported at every read), and the PDF still says it is tagged."""
    for pdf in (*(edition_pdf(model, e.language) for e in model.editions), parallel_pdf(model)):
        for tool in (["pdfinfo", "-"], ["pdffonts", "-"], ["pdftotext", "-", "-"]):
            done = subprocess.run(tool, input=pdf, capture_output=True, check=True, timeout=60)
            assert done.stderr.decode() == "", (tool, done.stderr)
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert re.search(r"^Tagged:\s+yes$", info, re.M) and re.search(r"^Suspects:\s+no$", info, re.M)
