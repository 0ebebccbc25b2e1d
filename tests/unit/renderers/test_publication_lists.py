"""A declaration with nested lists, published: every format keeps each sub-item under its item, with its
label, and the files stay valid (Akoma Ntoso against its schema) and read back (Markdown, JSON)."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from lxml import etree

from workspace.domain.declaration.declaration_format import parse_declaration
from workspace.domain.declaration.document import Block
from workspace.domain.publication.publication import PubParagraph, checksum
from workspace.renderers.akoma_ntoso import NS, edition_akn
from workspace.renderers.publication_docx import edition_docx
from workspace.renderers.publication_html import edition_html
from workspace.renderers.publication_json import publication_json
from workspace.renderers.publication_markdown import edition_markdown
from workspace.renderers.publication_pdf import edition_pdf

from .models import model_of
from .support import WordLabels

FINAL = Path(__file__).parents[2] / "fixtures" / "negotiation" / "05-final.md"
XSD = Path(__file__).parents[2] / "fixtures" / "akn" / "akomantoso30.xsd"
AKN = {"a": NS}


@pytest.fixture(scope="module")
def nested():
    _, imported = parse_declaration(FINAL.read_text(encoding="utf-8"), FINAL.name)
    blocks = [Block(f"{b.kind.value[:3]}_{i}", b.kind, b.text, b.depth, b.marker) for i, b in enumerate(imported, 1)]
    return model_of(blocks)


def subs(edition) -> list[PubParagraph]:
    return [p for p in edition.paragraphs if p.depth]


def test_the_model_labels_sub_items_and_numbers_only_top_level_operative_paragraphs(nested):
    edition = nested.editions[0]
    assert [p.number for p in edition.paragraphs if p.number] == list(range(1, 8))
    assert [p.label for p in subs(edition)] == ["•", "•", "•", "•", "•", "•", "1.", "2.", "3.", ""]
    assert all(e.paragraphs[i].depth == p.depth for e in nested.editions for i, p in enumerate(edition.paragraphs))


def test_akoma_ntoso_nests_points_under_their_paragraph_and_validates(nested):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    for edition in nested.editions:
        root = etree.fromstring(edition_akn(nested, edition.language))
        assert schema.validate(root), schema.error_log
        doc = root.find("a:doc", AKN)
        owner = next(p for p in edition.paragraphs if p.number == 3)
        paragraph = doc.find(f".//a:paragraph[@eId='{owner.eid}']", AKN)
        assert paragraph.find("a:intro", AKN) is not None and paragraph.find("a:content", AKN) is None
        points = paragraph.findall("a:point", AKN)
        assert [pt.find("a:num", AKN).text for pt in points] == ["1.", "2.", "3."]
        assert len(paragraph.findall("a:subparagraph", AKN)) == 1  # "Such mechanisms should …", after its sub-items
        eids = [
            e.get("eId") for e in doc.iterfind(".//*[@eId]") if not e.tag.endswith(("TLCOrganization", "TLCLocation"))
        ]
        assert eids == [p.eid for p in edition.paragraphs]


def test_html_and_word_indent_each_sub_item_with_its_label(nested):
    edition = nested.editions[0]
    page = BeautifulSoup(edition_html(nested, edition.language), "html.parser")
    shown = page.select(".paragraph.sub")
    assert [(s["data-eid"], s["data-depth"], s.select_one(".num").get_text()) for s in shown] == [
        (p.eid, str(p.depth), p.label) for p in subs(edition)
    ]
    document = Document(io.BytesIO(edition_docx(nested, edition.language)))
    listed = WordLabels(document)  # the labels are Word's own numbering, as Word shows them
    for p in subs(edition):
        paragraph = next(x for x in document.paragraphs if p.text[:30] in x.text)
        assert listed.label(paragraph) == p.label or (not p.label and paragraph.text.startswith("•\t"))
        assert paragraph.paragraph_format.left_indent.cm == pytest.approx(1 + p.depth, abs=0.01)


def test_the_pdf_reads_every_sub_item_in_order(nested):
    edition = nested.editions[1]
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=edition_pdf(nested, edition.language),
        capture_output=True,
        check=True,
    ).stdout.decode()
    flat = " ".join(text.split())
    at = [flat.find(" ".join(p.text.split()[:6])) for p in subs(edition)]
    assert all(a >= 0 for a in at) and at == sorted(at)


def test_markdown_and_json_give_back_the_lists_and_the_checksums(nested):
    for edition in nested.editions:
        _, read = parse_declaration(edition_markdown(nested, edition.language), "x.md")
        assert [(b.eid, b.depth, b.marker, b.text) for b in read] == [
            (p.eid, p.depth, p.marker, p.text) for p in edition.paragraphs
        ]
    data = json.loads(publication_json(nested))
    for bundled, edition in zip(data["editions"], nested.editions, strict=True):
        paragraphs = [PubParagraph(**p) for p in bundled["paragraphs"]]
        assert tuple(paragraphs) == edition.paragraphs and checksum(paragraphs) == edition.checksum
