"""One Word paragraph read into its two texts (domain/word/word_text.py): as it was before its tracked changes and
as it reads once they are accepted, with the emphasis of each piece, the comment marks, the changes made (who,
when), the moves and what is no text (images, notes …). Paragraphs as Word writes them, in WordprocessingML."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.examples import examples
from tests.unit.domain.word_files import NAMESPACES, change, mark, para, run
from workspace.domain.values import uncarried
from workspace.domain.word.word_styles import Styles
from workspace.domain.word.word_text import PLAIN, Fmt, Mark, ParagraphReader, RawParagraph, Uncarried, clean

ANA = ("Ana Pérez", "2024-05-01T10:00:00Z")
JOHN = ("John Smith", "2024-05-02T11:30:00Z")
LINKS = {"rId1": "https://example.org/g", "rId2": "javascript:alert(1)", "rId3": "MAILTO:secretaria@example.org"}
STRONG = (
    f"<w:styles {NAMESPACES}>"
    '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>'
    "</w:styles>"
)


def element(xml: str) -> etree._Element:
    """The first element of `xml` (WordprocessingML, `w:` prefixed)."""
    return etree.fromstring(f"<w:body {NAMESPACES}>{xml}</w:body>")[0]


def reader(styles: Styles | None = None) -> ParagraphReader:
    return ParagraphReader(styles or Styles(None), LINKS)


def read(content: str, properties: str = "", index: int = 0) -> RawParagraph:
    """The paragraph of `content` (runs …) and `properties` (w:pPr's children), read by a reader of its own."""
    return reader().read(element(para(content, properties)), index)


def texts(items: list) -> str:
    return "".join(item[0] for item in items if not isinstance(item, Mark))


def test_before_the_changes_deletions_are_kept_and_after_them_insertions_are_taken():
    raw = read(
        run("Pedimos ")
        + change("del", run("apoyar", deleted=True), *ANA)
        + change("ins", run("sostener"), *JOHN)
        + run(" la financiación.")
    )
    assert raw.before == [("Pedimos apoyar la financiación.", PLAIN)]
    assert raw.after == [("Pedimos sostener la financiación.", PLAIN)]
    assert raw.revisions == [("del", *ANA), ("ins", *JOHN)]


def test_a_change_word_split_run_by_run_counts_once_and_a_change_with_no_author_or_date_is_still_one():
    raw = read(change("ins", run("nueva "), *ANA, ident=1) + change("ins", run("frase"), *ANA, ident=2))
    assert raw.revisions == [("ins", *ANA)] and texts(raw.after) == "nueva frase" and raw.before == []
    bare = read('<w:del w:id="3">' + run("vieja", deleted=True) + "</w:del>")
    assert bare.revisions == [("del", "", None)] and texts(bare.before) == "vieja" and bare.after == []


def test_a_run_is_bold_or_italic_as_it_says_else_as_its_character_style_says():
    styled = reader(Styles(etree.fromstring(STRONG)))
    raw = styled.read(
        element(
            para(
                run("fuerte", bold=True)
                + run(" cursiva", italic=True)
                + '<w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t xml:space="preserve"> estilo</w:t></w:r>'
                + '<w:r><w:rPr><w:rStyle w:val="Strong"/><w:b w:val="0"/></w:rPr><w:t> apagado</w:t></w:r>'
            )
        ),
        0,
    )
    assert raw.after == [
        ("fuerte", Fmt(bold=True)),
        (" cursiva", Fmt(italic=True)),
        (" estilo", Fmt(bold=True)),
        (" apagado", PLAIN),
    ]


def test_before_the_changes_a_run_has_the_emphasis_it_had_before_a_tracked_change_of_it():
    raw = read(
        '<w:r><w:rPr><w:b/><w:rPrChange w:id="5" w:author="Ana Pérez" w:date="2024-05-01T10:00:00Z">'
        "<w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>apoyar</w:t></w:r>"
    )
    assert raw.before == [("apoyar", Fmt(italic=True))]
    assert raw.after == [("apoyar", Fmt(bold=True))]
    assert raw.revisions == [("rPrChange", *ANA)]


def test_a_link_to_a_web_or_mail_address_is_kept_and_one_to_anything_else_is_plain_text():
    raw = read(
        '<w:hyperlink r:id="rId1">'
        + run("gobiernos")
        + "</w:hyperlink>"
        + '<w:hyperlink r:id="rId2">'
        + run(" aquí")
        + "</w:hyperlink>"
        + '<w:hyperlink r:id="rId3">'
        + run(" secretaría")
        + '</w:hyperlink><w:hyperlink r:id="rId9">'
        + run(" perdido")
        + "</w:hyperlink>"
    )
    assert raw.after == [
        ("gobiernos", Fmt(href="https://example.org/g")),
        (" aquí", PLAIN),
        (" secretaría", Fmt(href="MAILTO:secretaria@example.org")),
        (" perdido", PLAIN),
    ]


def test_tabs_line_breaks_hyphens_and_symbols_are_text_and_page_breaks_and_field_codes_are_not():
    raw = read(
        '<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:br w:type="page"/><w:t>d</w:t>'
        '<w:br w:type="textWrapping"/><w:noBreakHyphen/><w:ptab w:relativeTo="margin" w:alignment="right" '
        'w:leader="none"/><w:sym w:font="Symbol" w:char="03A9"/><w:sym w:font="Wingdings" w:char="F0B7"/>'
        '<w:sym w:font="X" w:char="zz"/><w:instrText xml:space="preserve"> PAGE </w:instrText><w:cr/></w:r>'
    )
    assert texts(raw.before) == texts(raw.after) == "a b\ncd\n- Ω\n"  # a symbol font's private code is no letter


def test_hidden_text_is_not_read():
    raw = read(run("Visible") + '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> oculto</w:t></w:r>')
    assert texts(raw.after) == "Visible"
    shown = read('<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>mostrado</w:t></w:r>')
    assert texts(shown.after) == "mostrado"


def test_control_characters_are_dropped_tabs_and_line_ends_become_spaces_and_a_noncharacter_is_refused():
    assert clean("Texto claro") == "Texto claro"
    assert clean("a\tb\nc\rd\x01e\x7f\x85f") == "a b c def"
    with pytest.raises(Uncarried) as caught:
        clean("a\ufdd0b")
    assert caught.value.code == "FDD0"


def test_a_noncharacter_in_a_paragraph_is_refused_naming_the_paragraph():
    with pytest.raises(Uncarried) as caught:
        reader().read(element(para(run("Texto \ufdd0 roto"))), 11)
    assert (caught.value.code, caught.value.index) == ("FDD0", 11)


@settings(max_examples=examples(400))
@given(st.text())
def test_what_is_cleaned_holds_no_control_character_nor_anything_no_file_can_carry(text):
    try:
        cleaned = clean(text)
    except Uncarried as exc:
        assert chr(int(exc.code, 16)) in text
        return
    assert not any(unicodedata.category(c) == "Cc" for c in cleaned)
    assert uncarried(cleaned) is None
    if not any(unicodedata.category(c) == "Cc" for c in text):
        assert cleaned == text


def test_a_paragraph_moved_away_and_its_new_place_name_their_move_and_the_paragraph_marks_say_so():
    paragraphs = reader()
    away = paragraphs.read(
        element(
            para(
                '<w:moveFromRangeStart w:id="7" w:name="move1"/>'
                + change("moveFrom", run("Texto movido"))
                + '<w:moveFromRangeEnd w:id="7"/>',
                mark("moveFrom"),
            )
        ),
        4,
    )
    here = paragraphs.read(
        element(para('<w:moveToRangeStart w:id="8" w:name="move1"/>' + change("moveTo", run("Texto movido")))), 9
    )
    assert (away.before_moved, away.after_moved, away.move_from, away.mark_deleted) == (True, None, "move1", True)
    assert (here.before_moved, here.after_moved, here.move_to, here.mark_inserted) == (None, True, "move1", False)
    assert texts(away.before) == texts(here.after) == "Texto movido" and away.after == here.before == []
    assert away.revisions == [("moveFrom", *ANA)]  # the mark's change and the text's are one change
    assert paragraphs.opened == {("to", "8"): 9}  # the new place's range was never closed


def test_text_outside_a_move_makes_the_paragraph_no_move_and_spaces_do_not():
    moved = read(change("moveFrom", run("Movido")) + run("  "))
    assert moved.before_moved is True
    mixed = read(change("moveFrom", run("Movido")) + run(" y no movido"))
    assert mixed.before_moved is False and mixed.move_from == ""


def test_a_move_range_opens_and_closes_between_paragraphs_and_names_the_text_moved_in_it():
    paragraphs = reader()
    paragraphs.read(element(para(run("Antes"))), 4)
    assert paragraphs.move_range(element('<w:moveFromRangeStart w:id="2" w:name="_move3"/>'))
    assert not paragraphs.move_range(element(para(run("no es un rango"))))
    assert paragraphs.opened == {("from", "2"): 5}  # opened after paragraph 4: in the next one
    raw = paragraphs.read(element(para(change("moveFrom", run("Sale")))), 5)
    assert raw.move_from == "_move3" and raw.before_moved is True
    assert paragraphs.move_range(element('<w:moveFromRangeEnd w:id="2"/>'))
    assert paragraphs.opened == {} and paragraphs.ranges == {"from": {}, "to": {}}


def test_a_paragraph_s_style_outline_level_numbering_and_tracked_property_change_are_read():
    raw = read(
        run("Título"),
        '<w:pStyle w:val="Titre1"/><w:outlineLvl w:val="1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="4"/></w:numPr>'
        '<w:pPrChange w:id="3" w:author="John Smith" w:date="2024-05-02T11:30:00Z"><w:pPr/></w:pPrChange>',
    )
    assert (raw.style, raw.outline, raw.numbered) == ("Titre1", 1, True)
    assert raw.revisions == [("pPrChange", *JOHN)]
    plain = read(run("Texto"), '<w:outlineLvl w:val="x"/><w:numPr><w:numId w:val="0"/></w:numPr>')
    assert (plain.style, plain.outline, plain.numbered) == (None, None, False)


def test_an_inserted_paragraph_mark_is_noted_and_so_is_a_change_of_its_emphasis():
    raw = read(run("Dividido"), mark("ins"))
    assert raw.mark_inserted and not raw.mark_deleted and raw.revisions == [("ins", *ANA)]
    emphasis = read(
        run("Texto"),
        '<w:rPr><w:rPrChange w:id="4" w:author="John Smith" w:date="2024-05-02T11:30:00Z">'
        "<w:rPr/></w:rPrChange></w:rPr>",
    )
    assert not emphasis.mark_inserted and emphasis.revisions == [("rPrChange", *JOHN)]


def test_comment_ranges_are_marks_in_both_texts_and_references_are_noted():
    raw = read(
        run("Pedimos ")
        + '<w:commentRangeStart w:id="2"/>'
        + run("apoyar")
        + '<w:commentRangeEnd w:id="2"/><w:r><w:commentReference w:id="2"/></w:r>'
        + run(" más.")
    )
    start, end = Mark("2", True), Mark("2", False)
    assert raw.before == raw.after == [("Pedimos ", PLAIN), start, ("apoyar", PLAIN), end, (" más.", PLAIN)]
    assert raw.starts == ["2"] and raw.references == ["2"]


def test_images_text_boxes_equations_and_notes_are_listed_once_each_and_are_no_text():
    raw = read(
        run("Ver ")
        + "<w:r><w:drawing/></w:r><w:r><w:drawing/></w:r>"
        + "<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>caja</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>"
        + "<m:oMath><m:r><m:t>x</m:t></m:r></m:oMath>"
        + '<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:endnoteReference w:id="2"/></w:r>'
        + run("fin")
    )
    assert raw.objects == ["image", "text box", "equation", "note"]
    assert texts(raw.after) == "Ver fin"


def test_bookmarks_are_kept_but_word_s_own_are_not():
    raw = read(
        '<w:bookmarkStart w:id="1" w:name="op_12"/><w:bookmarkStart w:id="2" w:name="_GoBack"/>'
        '<w:bookmarkStart w:id="3" w:name=""/>' + run("Texto") + '<w:bookmarkEnd w:id="1"/>'
    )
    assert raw.bookmarks == ["op_12"]


def test_runs_inside_content_controls_smart_tags_and_simple_fields_are_read_where_they_stand():
    raw = read(
        run("a")
        + "<w:sdt><w:sdtPr/><w:sdtContent>"
        + run("b")
        + "</w:sdtContent></w:sdt>"
        + "<w:sdt><w:sdtPr/></w:sdt>"
        + '<w:smartTag w:element="place">'
        + run("c")
        + "</w:smartTag>"
        + '<w:fldSimple w:instr=" PAGE ">'
        + run("d")
        + "</w:fldSimple>"
        + '<w:customXml w:element="x"><w:dir w:val="rtl">'
        + run("e")
        + "</w:dir></w:customXml>"
    )
    assert raw.after == [("abcde", PLAIN)]


def test_neighbouring_pieces_of_one_emphasis_are_joined_and_a_mark_keeps_them_apart():
    raw = read(run("uno ") + run("dos", bold=True) + run(" tres", bold=True) + run(" cuatro"))
    assert raw.after == [("uno ", PLAIN), ("dos tres", Fmt(bold=True)), (" cuatro", PLAIN)]
