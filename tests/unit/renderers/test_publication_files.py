"""Word, Akoma Ntoso, JSON and Markdown files, each opened by what reads it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.examples import examples
from tests.unit.renderers.models import model_of
from workspace.domain.declaration.declaration_format import parse_declaration
from workspace.domain.declaration.document import Block, Kind
from workspace.domain.publication.publication import checksum
from workspace.domain.values import uncarried
from workspace.renderers.akoma_ntoso import NS, edition_akn
from workspace.renderers.publication_docx import edition_docx, parallel_docx
from workspace.renderers.publication_inline import text_blocks
from workspace.renderers.publication_json import publication_json
from workspace.renderers.publication_markdown import edition_markdown

from .support import WordLabels, in_order, shown, words

XSD = Path(__file__).parents[2] / "fixtures" / "akn" / "akomantoso30.xsd"
AKN = {"a": NS}


def numbered(p) -> str:
    return f"{p.number}. {shown(p.text)}" if p.number else shown(p.text)


def test_each_word_file_opens_and_holds_every_paragraph_in_order(model):
    for edition in model.editions:
        document = Document(io.BytesIO(edition_docx(model, edition.language)))
        listed = WordLabels(document)  # the numbers are Word's own numbering, as Word shows it
        text = words(" ".join(listed.text(p).replace("\t", " ") for p in document.paragraphs))
        assert in_order(text, [edition.title, *(numbered(p) for p in edition.paragraphs), edition.date_line]) == []
        assert document.sections[0].header.paragraphs[0].text == model.symbol


def test_the_trilingual_word_file_is_a_table_of_three_columns_a_row_per_paragraph(model):
    document = Document(io.BytesIO(parallel_docx(model)))
    listed = WordLabels(document)  # each column numbered by a list of its own
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Español", "English", "Français"]
    body = table.rows[1:-1]
    assert len(body) == len(model.editions[0].paragraphs)
    for row, *paragraphs in zip(body, *(e.paragraphs for e in model.editions), strict=True):
        shown_cells = [words(listed.text(c.paragraphs[0]).replace("\t", " ")) for c in row.cells]
        assert shown_cells == [numbered(p) for p in paragraphs]
    assert [c.paragraphs[0].text for c in table.rows[-1].cells] == [e.date_line for e in model.editions]


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


def test_the_akoma_ntoso_files_validate_and_carry_the_models_eids(model, schema):
    for edition in model.editions:
        root = etree.fromstring(edition_akn(model, edition.language))  # well-formed, or this raises
        assert schema.validate(root), schema.error_log
        doc = root.find("a:doc", AKN)
        assert doc.get("name") == "declaration"
        eids = [
            e.get("eId") for e in doc.iterfind(".//*[@eId]") if not e.tag.endswith(("TLCOrganization", "TLCLocation"))
        ]
        assert eids == [p.eid for p in edition.paragraphs]
        language = {"es": "spa", "en": "eng", "fr": "fra"}[edition.language]
        assert doc.find(".//a:FRBRExpression/a:FRBRlanguage", AKN).get("language") == language
        for frbr in ("FRBRWork", "FRBRExpression", "FRBRManifestation"):
            for part in ("FRBRthis", "FRBRuri", "FRBRdate", "FRBRauthor"):
                assert doc.find(f".//a:{frbr}/a:{part}", AKN) is not None, (frbr, part)
        for p in edition.paragraphs:
            element = doc.find(f".//*[@eId='{p.eid}']", AKN)
            where = {"preambular": "recital", "operative": "paragraph"}.get(p.kind)
            if where:
                assert element.tag == f"{{{NS}}}{where}"
            if p.kind == "operative":
                assert element.find("a:num", AKN).text == f"{p.number}."
                element = element.find("a:content", AKN)
            if p.kind == "heading":  # the eId is on the container the heading opens
                element = element.find("a:heading", AKN)
            assert words(" ".join(element.itertext())) == shown(p.text)
        assert doc.find(".//a:conclusions//a:date", AKN).text == edition.date_line


def test_akoma_ntoso_keeps_emphasis_links_and_lists_and_stays_valid(model, schema):
    from dataclasses import replace

    from workspace.domain.publication.publication import PubParagraph

    edition = model.editions[0]
    rich = PubParagraph(
        "op_99", "operative", 99, "Con **fuerza** y *énfasis* y [CGLU](https://uclg.org) `x`:\n\n   - uno\n   - dos"
    )
    richer = replace(
        model,
        editions=(replace(edition, paragraphs=(*edition.paragraphs, rich)),),
        corrigendum_of="UCLG/KUT/2021/DECL",
        corrects="párrafo 3",
    )
    root = etree.fromstring(edition_akn(richer, "es"))
    assert schema.validate(root), schema.error_log
    paragraph = root.find(".//a:paragraph[@eId='op_99']", AKN)
    assert paragraph.find(".//a:b", AKN).text == "fuerza" and paragraph.find(".//a:i", AKN).text == "énfasis"
    assert paragraph.find(".//a:a", AKN).get("href") == "https://uclg.org"
    assert len(paragraph.findall(".//a:p", AKN)) == 3


def test_the_json_bundle_holds_everything_and_its_checksums_are_the_paragraphs(model):
    data = json.loads(publication_json(model))
    assert (data["symbol"], data["slug"], data["version"], data["date"]) == (
        model.symbol,
        model.slug,
        "Rev.1",
        "2021-10-08",
    )
    assert data["languages"] == ["es", "en", "fr"] and data["source_language"] == "es"
    from workspace.domain.publication.publication import PubParagraph

    for bundled, edition in zip(data["editions"], model.editions, strict=True):
        paragraphs = [PubParagraph(**p) for p in bundled["paragraphs"]]
        assert tuple(paragraphs) == edition.paragraphs
        assert bundled["checksum"]["value"] == checksum(paragraphs) == edition.checksum
        assert bundled["date_line"] == edition.date_line


def test_the_markdown_file_is_our_declaration_format_and_reads_back_the_same(model):
    for edition in model.editions:
        text = edition_markdown(model, edition.language)
        meta, blocks = parse_declaration(text, f"x.{edition.language}.md")
        assert meta["symbol"] == model.symbol and meta["date_line"] == edition.date_line
        assert meta["checksum"] == f"sha256:{edition.checksum}"
        assert [(b.eid, str(b.kind), b.text) for b in blocks] == [(p.eid, p.kind, p.text) for p in edition.paragraphs]
        first_operative = next(p for p in edition.paragraphs if p.number == 1)
        assert f"\n1. {first_operative.text.splitlines()[0]}" in text
        assert all(line.rstrip().endswith("}") for line in text.split("---\n", 2)[2].split("\n\n") if line.strip())


def test_the_markdown_file_carries_no_raw_html_from_the_text():
    from markdown_it import MarkdownIt

    from workspace.domain.declaration.document import Block, Kind
    from workspace.domain.markdown import render

    from .models import model_of

    texts = [
        "Texto <script>alert(1)</script> y <b>negrita</b>.",
        '<div onclick="x()">bloque</div>',
        "Código `<i>ejemplo</i>` y <https://www.uclg.org> intactos.",
        "1 < 2 y <!-- nota --> fin.",
        "Ya escapado: \\<b> y \\\\<i>x</i>.",
    ]
    model = model_of([Block(f"op_{i}", Kind.OPERATIVE, t) for i, t in enumerate(texts, 1)], languages=("es",))
    text = edition_markdown(model, "es")
    anyone = MarkdownIt("commonmark")  # what a reader of the file renders it with: raw HTML on
    tokens = [t for block in anyone.parse(text) for t in [block, *(block.children or [])]]
    assert [t.content for t in tokens if t.type.startswith("html")] == []
    html = anyone.render(text)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html and "<div" not in html
    assert "<code>&lt;i&gt;ejemplo&lt;/i&gt;</code>" in html and '<a href="https://www.uclg.org">' in html
    _, blocks = parse_declaration(text, "x.es.md")
    assert [render(b.text) for b in blocks] == [render(t) for t in texts]  # Accord shows each as it did


# What the door lets into a paragraph: no control, no noncharacter (U+FFFE …), which no file can carry.
_PLAIN = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12).filter(
    lambda t: uncarried(t) is None
)
_RUN_TEXT = st.builds(
    lambda a, special, b: a + special + b, _PLAIN, st.sampled_from(["&", "<", ">", '"', "'", "\t", " "]), _PLAIN
)
"""A run's text, with a character at least that XML or Word treats apart."""


@settings(max_examples=examples(120), deadline=None)
@given(pieces=st.lists(st.tuples(_RUN_TEXT, st.sampled_from(["", "**", "_", "`"])), min_size=1, max_size=4))
def test_a_paragraphs_runs_come_back_from_the_word_file_with_their_text_and_emphasis(pieces):
    """Each paragraph's XML is written as text (publication_docx._paragraph_xml): whatever its characters (markup's
    own, quotes, spaces at either end, tabs), Word's reader finds the text of every run and its emphasis."""
    text = " ".join(f"{mark}{piece}{mark}" for piece, mark in pieces)
    model = model_of([Block("op_1", Kind.OPERATIVE, text)], languages=("es",))
    document = Document(io.BytesIO(edition_docx(model, "es")))
    paragraph = next(p for p in document.paragraphs if WordLabels(document).label(p) == "1.")
    runs = [(run.text, bool(run.bold), bool(run.italic), run.font.name == "Liberation Mono") for run in paragraph.runs]
    expected = [
        (r.text, r.bold, r.italic, r.code) for block in text_blocks(text) for r in block.runs if not r.line_break
    ]
    assert runs == expected
