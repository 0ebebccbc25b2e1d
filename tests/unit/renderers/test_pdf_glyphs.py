"""What the PDF's fonts show, as the gate asks it: never a character Typst then refuses (every one let
through is typeset into a PDF/A, in every variant of a paragraph and in a code span), and every
character of the real texts (the demo's, the SDG targets and indicators, the UDHR, in es, en and fr)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime

import pytest

from tests.integration.services.declaration.test_declaration_real_texts import (
    SDG,
    UDHR,
    agenda_2030,
    indicators_markdown,
    udhr_markdown,
)
from workspace.domain.declaration.declaration_format import parse_declaration
from workspace.domain.declaration.document import Block, Kind
from workspace.domain.errors import Conflict
from workspace.domain.publication.publication import PublicationModel, build_edition
from workspace.domain.values import clean_text
from workspace.renderers.pdf_glyphs import NO_GLYPH, Face, cmap, glyphs_of, pdf_glyphs, unshown
from workspace.renderers.publication_pdf import FONT_DIRS, edition_pdf
from workspace.settings import ROOT


def model_of(texts: list[str]) -> PublicationModel:
    day = date(2021, 10, 8)
    blocks = [Block(f"op_{i + 1}", Kind.OPERATIVE, text) for i, text in enumerate(texts)]
    return PublicationModel(
        "glyphs",
        "UCLG/GLY/2021",
        "Rev.1",
        datetime(2021, 10, 8, tzinfo=UTC),
        day,
        (build_edition("fr", "Glyphes", blocks, "Kütahya", day),),
    )


def chunks(chars: list[str], size: int = 150) -> list[str]:
    """The characters between letters (a mark is shaped with the letter before it), `size` in a paragraph."""
    return ["x" + "x".join(chars[i : i + size]) + "x" for i in range(0, len(chars), size)]


def test_every_character_the_gate_lets_through_is_typeset_in_a_pdf_a():
    glyphs = pdf_glyphs()
    body = sorted(glyphs.body - {"\\", "*", "`"})  # Markdown's: they would make other runs than those asked
    code = sorted(glyphs.code - {"`", "\n"})
    paragraphs = [
        *chunks(body),
        *(f"**{t}**" for t in chunks(body)),
        *(f"*{t}*" for t in chunks(body)),
        *(f"***{t}***" for t in chunks(body)),
        *(f"`{t}`" for t in chunks(code)),
        "".join(body[:2000]),
    ]
    assert edition_pdf(model_of(paragraphs), "fr").startswith(b"%PDF-")


@pytest.mark.parametrize(
    "char", ["\u4e00", "\U00092f38", "\u0915", "\u02ed", "\u1680", "\ufeff"], ids=lambda c: f"U+{ord(c):04X}"
)
def test_a_character_it_refuses_is_refused_by_typst(char):
    """A CJK ideograph, a character of no font, a Devanagari letter (only Typst's own maths font had one),
    U+02ED (DejaVu Serif claims it without a glyph), the Ogham space mark, U+FEFF (PDF/UA forbids it in a
    text; Typst says so only in some texts, as this one)."""
    assert unshown(f"Nos x{char}x comprometemos.") == f"{ord(char):04X}"
    with pytest.raises(Conflict) as caught:
        edition_pdf(model_of([f"Nos x{char}x comprometemos."]), "fr")
    assert caught.value.params == {"code": f"{ord(char):04X}"}


def test_what_is_shown_is_the_text_as_typeset():
    assert (
        unshown(
            "Le siège de l’ONU\u202f: « vu » — 3\u00a0000\u00a0€, co\u00adopération, 2\u2009%, Kütahya, İzmir, Œuvre."
        )
        is None
    )
    assert unshown("Un [lien](https://例え.jp) et <https://uclg.org>.") is None  # an address is not shown
    assert unshown("Un idéogramme : &#x4E00; &#19968;") == "4E00"  # an entity is its character
    assert unshown("Straße, GROẞE") is None and unshown("`GROẞE`") == "1E9E"  # not in the code font
    assert unshown("Đà Nẵng, Hội An, Huế") is None and unshown("\u200d\u200c\u2060\u00ad\t") is None


def face(family: str, claimed: str, drawn: str) -> Face:
    return Face(family, False, 400, 1.0, frozenset(claimed), frozenset(drawn))


def test_a_character_is_shown_by_the_texts_font_or_by_whichever_font_typst_falls_back_on():
    grave, tilde = "\u0300", "\u0342"  # marks: shaped with their letter, in the letter's font
    faces = [
        face("DejaVu Serif", f"ab˭{grave}", f"ab{grave}"),
        face("DejaVu Sans", f"ab˭cdé{tilde}", f"ab˭cdé{tilde}"),
        face("DejaVu Sans Mono", "ab", "ab"),
        face("DejaVu Math TeX Gyre", "d", ""),
    ]
    glyphs = glyphs_of(faces)
    assert {"a", "b", grave, "c", "é"} <= glyphs.body  # its own, or a fallback's that every font claiming it draws
    assert not {"˭", "d", tilde, "\u4e00", "\ufeff"} & glyphs.body  # claimed by its font without a glyph; claimed
    # by a font without one (Typst may fall back on it); a mark its font lacks; in no font; forbidden by PDF/UA
    assert {"a", "c", "é"} <= glyphs.code and grave not in glyphs.code and glyphs.both == glyphs.body & glyphs.code
    assert glyphs.body >= NO_GLYPH and {"\u202f", "\u00a0", "\u00ad", "\u200d", "\t", "\n"} <= NO_GLYPH


def test_the_fonts_read_are_debians_dejavu():
    glyphs = pdf_glyphs()
    assert {"é", "ß", "ñ", "\u202f", "€", "«", "’", "Ω", "Ж"} <= glyphs.both and not NO_GLYPH & {"\ufeff", " ", "a"}
    assert "\u4e00" not in glyphs.body and "\u02ed" not in glyphs.body
    serif = next(d for d in FONT_DIRS if d.is_dir()) / "DejaVuSerif.ttf"
    claimed, drawn = cmap(serif.read_bytes())
    assert drawn < claimed and "\u02ed" in claimed - drawn and "a" in drawn


def texts_of(markdown: str, name: str) -> list[str]:
    _, blocks = parse_declaration(markdown, name)
    return [b.text for b in blocks]


def real_texts() -> list[str]:
    texts = []
    for lang in ("es", "en", "fr"):
        texts += texts_of(agenda_2030(lang), f"sdg.{lang}.md")
        texts += [
            t
            for when in ("before", "after")
            for t in texts_of(indicators_markdown(lang, when), f"indicators.{lang}.md")
        ]
    for code in ("spa", "eng", "fra"):
        texts += texts_of(udhr_markdown(code)[0], f"udhr.{code}.md")
    return texts


@pytest.mark.corpus(SDG)
@pytest.mark.corpus(UDHR)
def test_no_character_of_the_corpus_is_refused():
    texts = real_texts()
    assert len(texts) > 1000
    for text in texts:
        for form in (clean_text(text), unicodedata.normalize("NFD", text)):  # as stored, and decomposed
            assert unshown(form) is None, (form, unshown(form))


def test_no_character_of_the_demo_is_refused():
    files = [p for p in (ROOT / "drafts").rglob("*") if p.suffix in (".md", ".toml")]
    assert len(files) > 50
    for path in files:
        text = clean_text(path.read_text(encoding="utf-8"))
        assert unshown(text) is None and pdf_glyphs().both.issuperset(text), path
