"""A long text's PDF typeset in parts and joined (publication_pdf.Source.parts, pdf_join): read as the whole
would be (every paragraph in order, "Page 3 of 9" on each page), and one tagged document (PDF/UA: one structure
tree whose every marked content and link points back at its own page; PDF/A: the metadata's page count)."""

from __future__ import annotations

import io
import itertools
import subprocess

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.renderers import publication_pdf
from workspace.renderers.publication_pdf import Source, parallel_pdf, part_pdf, source

from .models import long_model
from .support import in_order, words
from .test_publication_pdf import columns_out_of_order, pdf_text

pytestmark = pytest.mark.needs("poppler")

ROWS = 120  # a heading every 25 rows: five sections


@pytest.fixture(scope="module")
def parted():
    """The trilingual PDF of 120 rows typeset in parts of at most 40 rows (120 paragraphs of three columns)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publication_pdf, "PART_PARAGRAPHS", 120)
        model = long_model(ROWS)
        made = source(model, model.languages)
        yield model, made.parts(), parallel_pdf(model)


def pages_of(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(info.split("Pages:")[1].split()[0])


def test_the_parts_begin_at_sections_and_the_joined_pdf_reads_in_order(parted):
    model, parts, pdf = parted
    assert [(r.start, r.stop) for r in parts] == [(0, 25), (25, 50), (50, 75), (75, 100), (100, 120)]
    assert columns_out_of_order(pdf, model) == {"es": [], "en": [], "fr": []}
    assert in_order(words(pdf_text(pdf)), [edition.title for edition in model.editions]) == []


def test_every_page_has_the_header_and_its_number_of_the_whole(parted):
    model, parts, pdf = parted
    pages = pages_of(pdf)
    assert pages > len(parts)
    read = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    each = read.split("\f")[:pages]  # a form feed after each page
    assert len(each) == pages
    for page, text in enumerate(each, start=1):
        assert f"Página {page} de {pages}" in text and model.symbol in text and "Français" in text, page


def _elements(element: pikepdf.Object):
    """Every structure element under `element` (itself included)."""
    yield element
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR" and "/S" in kid:
            yield from _elements(kid)


def holds(element: pikepdf.Object, mcid: int, page: pikepdf.Object) -> bool:
    """Whether a structure element holds marked content `mcid` of `page`: as a number on its own page, or as a
    reference that names the page."""
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int) and kid == mcid and element.Pg.objgen == page.objgen:
            return True
        mcr = isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR" and mcid == kid.MCID
        if mcr and kid.get("/Pg", element.get("/Pg")).objgen == page.objgen:
            return True
    return False


def test_the_joined_pdf_is_one_tagged_document(parted):
    model, parts, pdf = parted
    own = [pikepdf.open(io.BytesIO(part_pdf(model, model.languages, rows))) for rows in parts]
    whole = pikepdf.open(io.BytesIO(pdf))
    tree = whole.Root.StructTreeRoot
    assert len(tree.K) == 1 and tree.K[0].S == "/Document"
    document = tree.K[0]
    elements = list(_elements(document))
    assert all(e.P.objgen == document.objgen for e in document.K)  # each part's, moved under the one Document
    assert len(elements) - 1 == sum(len(list(_elements(p.Root.StructTreeRoot.K[0]))) - 1 for p in own)
    pages = {page.obj.objgen: n for n, page in enumerate(whole.pages)}
    assert all(e.Pg.objgen in pages for e in elements if "/Pg" in e)

    nums = list(tree.ParentTree.Nums)
    keyed = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    keys = [int(page.obj.StructParents) for page in whole.pages]
    links = [int(a.StructParent) for page in whole.pages for a in page.obj.get("/Annots", [])]
    assert len(set(keys + links)) == len(keys) + len(links) == len(keyed)
    assert set(keyed) == set(keys + links) and int(tree.ParentTreeNextKey) == max(keyed) + 1
    assert len(links) == sum(len(page.obj.get("/Annots", [])) for p in own for page in p.pages) > 0
    for page in whole.pages:  # a page's marked content points at the elements that hold it on that page
        marked = keyed[int(page.obj.StructParents)]
        assert len(marked) > 0
        assert all(holds(element, mcid, page.obj) for mcid, element in enumerate(marked) if element is not None)
    for page in whole.pages:  # a link's key points at the Link element that holds the link
        for annotation in page.obj.get("/Annots", []):
            element = keyed[int(annotation.StructParent)]
            kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
            assert element.S == "/Link" and any(
                isinstance(kid, pikepdf.Dictionary)
                and kid.get("/Obj") is not None
                and kid.Obj.objgen == annotation.objgen
                for kid in kids
            )

    for page in whole.pages:  # the header and footer drawn under the page, as pagination artifacts
        frame = page.obj.Resources.XObject.Frame
        assert frame.Subtype == "/Form" and frame.read_bytes().startswith(b"/Artifact<<")

    metadata = whole.open_metadata()
    assert metadata["pdfaid:part"] == "2" and metadata["pdfuaid:part"] == "1"
    assert str(metadata.get("{http://ns.adobe.com/xap/1.0/t/pg/}NPages")) == str(len(whole.pages))
    assert whole.Root.Lang == "es" and whole.Root.MarkInfo.Marked
    assert parallel_pdf(model) == pdf  # deterministic: the same model, the same bytes


def test_a_frame_of_another_length_is_refused(parted):
    model, _, pdf = parted
    from workspace.renderers.pdf_join import join

    made = source(model, model.languages)
    with pytest.raises(ValueError, match="a frame of"):
        join([part_pdf(model, model.languages, rows) for rows in made.parts()[:2]], pdf)
    assert made.frame(3).count("pagebreak") == 1


@settings(max_examples=examples(200), deadline=None)
@given(
    sections=st.lists(st.booleans(), min_size=1, max_size=300),
    most=st.integers(min_value=1, max_value=60),
)
def test_parts_cover_every_row_once_in_order_and_begin_at_a_section_where_they_can(sections, most):
    made = Source(
        long_model(0),
        "es",
        landscape=False,
        columns=(),
        definitions=(),
        front=(),
        rows=tuple(() for _ in sections),
        row=str,
        sections=tuple(sections),
        end=(),
        width=1,
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publication_pdf, "PART_PARAGRAPHS", most)
        parts = made.parts()
    assert [i for part in parts for i in part] == list(range(len(sections)))
    assert all(0 < len(part) <= most for part in parts)
    for before, part in itertools.pairwise(parts):
        window = range(before.start + max(1, most // 2), before.start + most + 1)
        if not sections[part.start]:  # cut where no section began in the second half of the part before
            assert not any(sections[i] for i in window if i < len(sections))
        else:
            assert part.start == max(i for i in window if i < len(sections) and sections[i])


def test_a_pdf_typeset_in_one_piece_is_written_compactly_and_reads_the_same(model):
    typeset = publication_pdf._compile(publication_pdf.edition_typst(model, "fr"), model)  # Typst's own bytes
    compact = publication_pdf.edition_pdf(model, "fr")
    assert len(compact) < len(typeset) * 0.95
    read = [
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
        for pdf in (typeset, compact)
    ]
    assert read[0] == read[1] and "Página" not in read[0].decode() and "Page 1 sur" in read[0].decode()
    before, after = pikepdf.open(io.BytesIO(typeset)), pikepdf.open(io.BytesIO(compact))
    assert len(list(_elements(after.Root.StructTreeRoot.K[0]))) == len(list(_elements(before.Root.StructTreeRoot.K[0])))
    assert after.open_metadata()["pdfaid:part"] == "2" and after.Root.Lang == "fr" and after.Root.MarkInfo.Marked
    assert publication_pdf.edition_pdf(model, "fr") == compact
