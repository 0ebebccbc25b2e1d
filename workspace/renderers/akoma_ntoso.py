"""A publication as Akoma Ntoso 3.0 (OASIS LegalDocML) XML: a `<doc name="declaration">` per
language, with its FRBR identification (work, expression in that language, manifestation), the
paragraphs' eIds as `eId`s, preambular paragraphs as recitals in the preamble and operative ones
as numbered paragraphs in the main body (under an `hcontainer` per heading). Valid against
the OASIS schema (tests/fixtures/akn/akomantoso30.xsd).
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from ..domain.publication.publication import Edition, PublicationModel, PubParagraph
from ..domain.publication.publication_gate import check_files_can_carry
from .publication_inline import Run, text_blocks

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
# FRBRlanguage takes ISO 639-2 codes in the Akoma Ntoso naming convention.
ISO_639_2 = {"es": "spa", "en": "eng", "fr": "fra", "pt": "por", "ar": "ara", "de": "deu", "it": "ita"}
SOFTWARE = "accord"


def _e(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = (
        etree.Element(f"{{{NS}}}{tag}", nsmap={None: NS})
        if parent is None
        else etree.SubElement(parent, f"{{{NS}}}{tag}")
    )
    for key, value in attrs.items():
        element.set(key, value)
    if text is not None:
        element.text = text
    return element


def _author(model: PublicationModel) -> str:
    """The issuing network, from the symbol's first part (`UCLG/KUT/2021/DECL` → `uclg`)."""
    first = model.symbol.split("/", 1)[0].strip().lower()
    return "".join(c for c in first if c.isalnum()) or "author"


def _work_uri(model: PublicationModel) -> str:
    return f"/akn/{_author(model)}/doc/declaration/{model.date.isoformat()}/{model.slug}"


def _expression_uri(model: PublicationModel, language: str) -> str:
    return f"{_work_uri(model)}/{ISO_639_2.get(language, language)}@{model.published_at.date().isoformat()}"


def _identification(meta: etree._Element, model: PublicationModel, language: str) -> None:
    author = _author(model)
    ident = _e(meta, "identification", source=f"#{SOFTWARE}")
    work = _e(ident, "FRBRWork")
    _e(work, "FRBRthis", value=f"{_work_uri(model)}/!main")
    _e(work, "FRBRuri", value=_work_uri(model))
    _e(work, "FRBRalias", value=model.symbol, name="symbol")
    _e(work, "FRBRdate", date=model.date.isoformat(), name="adoption")
    _e(work, "FRBRauthor", href=f"#{author}")
    _e(work, "FRBRcountry", value=author)
    _e(work, "FRBRnumber", value=model.symbol)
    _e(work, "FRBRname", value=model.slug)
    expression_uri = _expression_uri(model, language)
    expression = _e(ident, "FRBRExpression")
    _e(expression, "FRBRthis", value=f"{expression_uri}/!main")
    _e(expression, "FRBRuri", value=expression_uri)
    _e(expression, "FRBRdate", date=model.published_at.date().isoformat(), name="publication")
    _e(expression, "FRBRauthor", href=f"#{author}")
    _e(expression, "FRBRlanguage", language=ISO_639_2.get(language, language))
    manifestation = _e(ident, "FRBRManifestation")
    _e(manifestation, "FRBRthis", value=f"{expression_uri}/!main.xml")
    _e(manifestation, "FRBRuri", value=f"{expression_uri}.akn")
    _e(manifestation, "FRBRdate", date=model.published_at.date().isoformat(), name="generation")
    _e(manifestation, "FRBRauthor", href=f"#{SOFTWARE}")


def _references(meta: etree._Element, model: PublicationModel, edition: Edition) -> None:
    references = _e(meta, "references", source=f"#{SOFTWARE}")
    author = _author(model)
    _e(
        references,
        "TLCOrganization",
        eId=author,
        href=f"/ontology/organization/{author}",
        showAs=model.symbol.split("/", 1)[0].strip() or author,
    )
    _e(references, "TLCOrganization", eId=SOFTWARE, href=f"/ontology/organization/{SOFTWARE}", showAs="Accord")
    _e(references, "TLCLocation", eId="place", href=f"/ontology/location/{model.slug}", showAs=edition.place)


def _inline(parent: etree._Element, runs: Sequence[Run]) -> None:
    """Runs as mixed content of `parent`: text, `b`, `i`, `a`, `eol` for a line break."""
    last: etree._Element | None = None

    def add_text(text: str) -> None:
        if last is None:
            parent.text = (parent.text or "") + text
        else:
            last.tail = (last.tail or "") + text

    for run in runs:
        if run.line_break:
            last = _e(parent, "eol")
            continue
        top: etree._Element | None = None
        inner = parent
        for flag, tag in ((run.href, "a"), (run.bold, "b"), (run.italic, "i"), (run.code, "span")):
            if flag:
                inner = _e(inner, tag, href=run.href) if tag == "a" and run.href else _e(inner, tag)
                top = inner if top is None else top
        if top is None:
            add_text(run.text)
        else:
            inner.text = run.text
            last = top


def _blocks(parent: etree._Element, markdown: str) -> None:
    for block in text_blocks(markdown) or ():
        p = _e(parent, "p")
        if block.marker:
            p.text = f"{block.marker} "
        _inline(p, block.runs)


def _split(paragraphs: Sequence[PubParagraph]) -> int:
    """Where the main body starts: at the first operative paragraph, with the headings just before it."""
    first = next((i for i, p in enumerate(paragraphs) if p.kind == "operative"), len(paragraphs))
    while first > 0 and paragraphs[first - 1].kind == "heading":
        first -= 1
    return first


def _doc(parent: etree._Element | None, model: PublicationModel, edition: Edition) -> etree._Element:
    root = _e(parent, "akomaNtoso") if parent is None else parent
    doc = _e(root, "doc", name="declaration")
    meta = _e(doc, "meta")
    _identification(meta, model, edition.language)
    _references(meta, model, edition)
    _preface(doc, model, edition)
    split = _split(edition.paragraphs)
    before, after = edition.paragraphs[:split], edition.paragraphs[split:]
    if before:
        _preamble(doc, before)
    _main_body(doc, after)
    conclusions = _e(doc, "conclusions")
    line = _e(conclusions, "p")
    _e(line, "date", edition.date_line, date=model.date.isoformat(), refersTo="#place")
    return doc


def _preface(doc: etree._Element, model: PublicationModel, edition: Edition) -> None:
    preface = _e(doc, "preface")
    long_title = _e(preface, "longTitle")
    _e(_e(long_title, "p"), "docTitle", edition.title)
    numbers = _e(preface, "p")
    _e(numbers, "docNumber", model.symbol)
    numbers.append(etree.Element(f"{{{NS}}}eol"))
    _e(numbers, "docStage", model.version_label)
    if model.corrigendum_of is not None:
        note = _e(preface, "p", f"Corrigendum: {model.corrigendum_of}. {model.corrects}".strip())
        note.set("class", "corrigendum")


def _preamble(doc: etree._Element, before: Sequence[PubParagraph]) -> None:
    """The paragraphs before the first operative one: recitals, grouped under their headings."""
    preamble = _e(doc, "preamble")
    recitals: etree._Element | None = None
    for p in before:
        if p.kind == "heading":
            recitals = _e(preamble, "recitals", eId=p.eid)
            _inline(_e(recitals, "heading"), [r for b in text_blocks(p.text) for r in b.runs])
        else:
            if recitals is None:
                recitals = _e(preamble, "recitals")
            recital = _e(recitals, "recital", eId=p.eid)
            if p.depth:  # recitals do not nest: a sub-item keeps its depth and its label
                recital.set("class", f"depth-{p.depth}")
                _blocks(recital, f"{p.label} {p.text}" if p.label else p.text)
            else:
                _blocks(recital, p.text)


def _main_body(doc: etree._Element, after: Sequence[PubParagraph]) -> None:
    """The operative part: sections under headings, numbered paragraphs, and their points."""
    body = _e(doc, "mainBody")
    section: etree._Element = body
    held: list[tuple[int, etree._Element]] = []  # the list items open above the next paragraph, by depth
    for p in after:
        while held and held[-1][0] >= p.depth:
            held.pop()
        if p.kind == "heading":
            section, held = _e(body, "hcontainer", name="section", eId=p.eid), []
            heading = _e(section, "heading")
            _inline(heading, [r for b in text_blocks(p.text) for r in b.runs])
            continue
        if held:  # a sub-item: a point of the item above it, whose own text becomes the intro of its points
            parent = held[-1][1]
            content = parent.find(f"{{{NS}}}content")
            if content is not None:
                content.tag = f"{{{NS}}}intro"
            if p.marker:
                element = _e(parent, "point", eId=p.eid)
                _e(element, "num", p.label)
            else:  # a paragraph inside the item, after its sub-items
                element = _e(parent, "subparagraph", eId=p.eid)
        elif p.number is not None:
            element = _e(section, "paragraph", eId=p.eid)
            _e(element, "num", f"{p.number}.")
        else:
            element = _e(section, "hcontainer", name="unnumbered", eId=p.eid)
        _blocks(_e(element, "content"), p.text)
        if p.marker or p.number is not None:
            held.append((p.depth, element))
    if len(body) == 0:
        _e(body, "p")


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def edition_akn(model: PublicationModel, language: str) -> bytes:
    """The Akoma Ntoso document of one language edition."""
    check_files_can_carry(model, [language])
    root = _e(None, "akomaNtoso")
    _doc(root, model, model.edition(language))
    return _serialise(root)
