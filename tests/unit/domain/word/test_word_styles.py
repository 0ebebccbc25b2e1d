"""What Accord reads of a Word file's style sheet (domain/word/word_styles.py): which paragraph styles are headings
and of what level, which number their paragraphs, which character styles are bold or italic, each as the nearest
style up the basedOn chain says; the style sheet python-docx writes, and sheets as other programs write them."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.unit.domain.word_files import NAMESPACES, template_parts
from workspace.domain.word.word_styles import Styles, W, on, q


def sheet(*styles: str) -> Styles:
    """The styles of a style sheet holding `styles` (each a `w:style` element, `w:` prefixed)."""
    return Styles(etree.fromstring(f"<w:styles {NAMESPACES}>{''.join(styles)}</w:styles>"))


def style(style_id: str, inside: str = "", name: str | None = None, based_on: str | None = None) -> str:
    named = f'<w:name w:val="{name}"/>' if name is not None else ""
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on is not None else ""
    return f'<w:style w:type="paragraph" w:styleId="{style_id}">{named}{based}{inside}</w:style>'


def outline(level: str) -> str:
    return f'<w:pPr><w:outlineLvl w:val="{level}"/></w:pPr>'


def numbering(num_id: str) -> str:
    return f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'


def test_names_are_in_wordprocessingml_s_namespace():
    assert q("p") == f"{{{W}}}p" == "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"


@pytest.mark.parametrize(
    ("xml", "value"),
    [
        ("<w:b {ns}/>", True),
        ('<w:b {ns} w:val="1"/>', True),
        ('<w:b {ns} w:val="true"/>', True),
        ('<w:b {ns} w:val="0"/>', False),
        ('<w:b {ns} w:val="false"/>', False),
        ('<w:b {ns} w:val="Off"/>', False),
        ('<w:u {ns} w:val="none"/>', False),
    ],
)
def test_a_toggle_with_no_value_is_on_and_zero_false_off_or_none_turn_it_off(xml, value):
    assert on(etree.fromstring(xml.format(ns=NAMESPACES))) is value


def test_an_absent_toggle_says_nothing_so_that_the_style_decides():
    assert on(None) is None


def test_python_docx_s_own_style_sheet_names_its_headings_lists_and_emphasis():
    styles = Styles(etree.fromstring(template_parts()["word/styles.xml"]))
    assert [styles.heading(f"Heading{n}") for n in range(1, 10)] == list(range(1, 10))
    assert styles.heading("Normal") == styles.heading("Title") == styles.heading("Heading1Char") == 0
    assert styles.numbered("ListNumber") and styles.numbered("ListBullet2")
    assert not styles.numbered("Normal") and not styles.numbered("Heading1")
    assert styles.emphasis("Strong") == (True, False)
    assert styles.emphasis("Emphasis") == (False, True)
    assert styles.emphasis("IntenseEmphasis") == (True, True)


def test_no_style_sheet_and_an_unknown_style_are_plain_body_text():
    for styles in (Styles(None), sheet(style("Normal"))):
        assert styles.heading("Titre1") == 0 and styles.heading(None) == 0
        assert styles.numbered("Titre1") is False
        assert styles.emphasis("Strong") == (False, False) and styles.emphasis(None) == (False, False)


def test_a_heading_is_known_by_its_outline_level_under_any_name():
    styles = sheet(style("Titre1", outline("0"), name="Titre 1"), style("Titre3", outline("2"), name="Titre 3"))
    assert styles.heading("Titre1") == 1 and styles.heading("Titre3") == 3


def test_outline_level_nine_is_body_text_and_a_level_that_is_no_number_is_not_one():
    styles = sheet(
        style("Cuerpo", outline("9"), name="heading 2"),
        style("Roto", outline("dos"), name="heading 2"),
    )
    assert styles.heading("Cuerpo") == 0  # the level says: body text, whatever the name
    assert styles.heading("Roto") == 2  # no level read: its name says


def test_a_heading_is_known_by_its_english_name_whatever_its_id_or_case():
    styles = sheet(style("Encabezado2", name="heading 2"), style("H4", name="Heading 4"), style("X", name="heading"))
    assert styles.heading("Encabezado2") == 2 and styles.heading("H4") == 4
    assert styles.heading("X") == 0


def test_a_style_based_on_a_heading_is_that_heading_unless_it_says_otherwise():
    styles = sheet(
        style("Heading", outline("0"), name="Heading"),
        style("Heading1", name="Heading 1", based_on="Heading"),  # LibreOffice's
        style("MiTitulo", based_on="Heading1"),
        style("TituloDos", name="heading 2", based_on="Heading1"),
        style("Nota", outline("9"), based_on="Heading1"),
    )
    assert styles.heading("Heading1") == 1 == styles.heading("MiTitulo")
    assert styles.heading("TituloDos") == 2  # its own name is nearer than the outline level it is based on
    assert styles.heading("Nota") == 0


def test_a_loop_of_based_on_in_a_damaged_file_ends():
    styles = sheet(style("A", based_on="B"), style("B", based_on="A"), style("C", based_on="C"))
    assert styles.heading("A") == 0 and styles.numbered("C") is False and styles.emphasis("B") == (False, False)


def test_a_style_with_no_id_is_not_read():
    styles = Styles(
        etree.fromstring(
            f'<w:styles {NAMESPACES}><w:style w:type="paragraph"><w:name w:val="heading 1"/></w:style></w:styles>'
        )
    )
    assert styles.heading("") == 0 and styles.heading(None) == 0


def test_a_numbered_style_numbers_the_styles_based_on_it_and_num_id_zero_takes_numbering_off():
    styles = sheet(
        style("Lista", numbering("3")),
        style("ListaHija", based_on="Lista"),
        style("SinNumero", numbering("0"), based_on="Lista"),
    )
    assert styles.numbered("Lista") and styles.numbered("ListaHija")
    assert not styles.numbered("SinNumero")


def test_a_character_style_s_emphasis_is_its_own_else_the_one_it_is_based_on():
    styles = sheet(
        '<w:style w:type="character" w:styleId="Fuerte"><w:rPr><w:b/></w:rPr></w:style>',
        '<w:style w:type="character" w:styleId="FuerteCursiva"><w:basedOn w:val="Fuerte"/><w:rPr><w:i/></w:rPr>'
        "</w:style>",
        '<w:style w:type="character" w:styleId="Apagado"><w:basedOn w:val="FuerteCursiva"/><w:rPr>'
        '<w:b w:val="0"/></w:rPr></w:style>',
    )
    assert styles.emphasis("Fuerte") == (True, False)
    assert styles.emphasis("FuerteCursiva") == (True, True)
    assert styles.emphasis("Apagado") == (False, True)  # bold turned off, italic inherited
    assert styles.emphasis("Apagado") == (False, True)  # asked again: the same
