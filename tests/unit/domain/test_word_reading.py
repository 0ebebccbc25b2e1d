"""Reading Word files: a version that LibreOffice wrote with tracked changes and comments, files that
python-docx writes with the edge cases built by lxml, and Accord's own Word files read back.

The refusals are in test_word_reading_refusals.py, the hypothesis properties in
test_word_reading_properties.py; that LibreOffice makes the committed fixtures, in
tests/integration/test_libreoffice.py.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from itertools import count
from pathlib import Path

import pytest

from workspace.domain.amendments.amendments import AmendmentKind, Proposal
from workspace.domain.declaration.document import Block, Kind
from workspace.domain.word.word_reading import Moved, Revision, WordDocument, WordParagraph, read_docx
from workspace.renderers.compilation_docx import compilation_docx
from workspace.renderers.publication_docx import edition_docx
from workspace.renderers.publication_inline import text_blocks
from workspace.services.amendments.views import AmendmentView, CompilationParagraph, CompilationView

from ..renderers.models import kutahya_model, model_of
from .word_files import Comment, change, docx, mark, para, run

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "word"
ANA = ("Ana Pérez", "2024-05-01T10:00:00Z")
JOHN = ("John Smith", "2024-05-02T11:30:00Z")


def read(data: bytes) -> WordDocument:
    return read_docx(data, "file.docx")


def by_index(document: WordDocument) -> dict[int, WordParagraph]:
    return {p.index: p for p in document.paragraphs}


def texts(document: WordDocument) -> list[tuple[str, str]]:
    return [(p.before, p.after) for p in document.paragraphs]


# A version LibreOffice wrote -------------------------------------------------------------------


@pytest.fixture(scope="module")
def rev1() -> WordDocument:
    return read_docx((FIXTURES / "version-rev1-tracked.docx").read_bytes(), "version-rev1-tracked.docx")


def test_libreoffice_changes_read_as_the_text_before_and_after_them(rev1):
    assert [(p.index, p.before, p.after) for p in rev1.paragraphs] == [
        (0, "Preamble", "Preamble"),
        (
            1,
            "*Recalling* the New Urban Agenda adopted in Quito in 2016 and the 2030 Agenda for Sustainable "
            "Development,",
            "*Recalling* the New Urban Agenda adopted in Quito, Ecuador, in 2016 and the 2030 Agenda for Sustainable "
            "Development,",
        ),
        (
            2,
            (
                "*Acknowledging* that intermediary cities host one fifth of the world’s population and play a key "
                "role in territorial cohesion,"
            ),
            (
                "*Acknowledging* that intermediary cities host one fifth of the world’s population and play an "
                "essential role in territorial cohesion,"
            ),
        ),
        (3, "Noting with concern the growing inequalities between metropolitan areas and intermediary cities,", ""),
        (4, "Commitments", "Commitments"),
        (
            5,
            "We commit to strengthen the role of intermediary cities in the implementation of global agendas.",
            "We commit to strengthen the role of intermediary cities in the implementation of **global agendas**.",
        ),
        (
            6,
            "We call on [UCLG](https://www.uclg.org/) and its members to share knowledge between cities.",
            "We call on [UCLG](https://www.uclg.org/) and its members to share knowledge between cities.",
        ),
        (7, "", "We will report on our progress at the next World Forum."),
        (8, "We support the creation of a network of intermediary cities for culture.", ""),
        (9, "We ask national governments to decentralize resources.", ""),
        (
            10,
            "We thank the city of Kütahya for its old hospitality.",
            "We thank the city of Kütahya for its warm hospitality.",
        ),
        (11, "", "We support the creation of a network of intermediary cities for culture."),
        (12, "Done at Kütahya, 8 October 2021.", "Done at Kütahya, 8 October 2021."),
        (13, "A list item with *emphasis*.", "A list item with *emphasis*."),
        (14, "A second list item.", "A second list item."),
    ]
    p = by_index(rev1)
    assert [i for i in p if p[i].heading] == [0, 4] and p[0].heading == 1
    assert [i for i in p if p[i].inserted] == [7, 11] and [i for i in p if p[i].deleted] == [3, 8, 9]
    assert [(i, p[i].label) for i in p if p[i].numbered] == [
        (5, "1."),
        (6, "2."),
        (7, "3."),
        (8, "3."),
        (9, "4."),
        (10, "5."),
        (11, "3."),
        (13, ""),
        (14, ""),
    ]
    assert [i for i in p if p[i].changed] == [1, 2, 3, 5, 7, 8, 9, 10, 11]  # a format change is a change of Markdown
    assert rev1.tracked


def test_libreoffice_changes_keep_their_authors_and_dates(rev1):
    p = by_index(rev1)
    assert p[1].revisions == (Revision("ins", *ANA),)
    assert p[2].revisions == (Revision("del", *JOHN), Revision("ins", *JOHN))
    assert p[5].revisions == (Revision("rPrChange", *ANA),)
    assert p[10].revisions == (Revision("del", *ANA), Revision("ins", *ANA))
    assert {r.author for q in rev1.paragraphs for r in q.revisions} == {ANA[0], JOHN[0]}


def test_a_paragraph_libreoffice_moved_is_paired_with_where_it_went(rev1):
    """LibreOffice writes a deleted paragraph inserted again elsewhere as w:moveFrom / w:moveTo, without
    names: the two ends are paired by their text."""
    p = by_index(rev1)
    assert (p[8].moved, p[11].moved) == (Moved.FROM, Moved.TO)
    assert p[8].move_name == p[11].move_name != ""
    assert p[8].revisions == (Revision("moveFrom", *JOHN),) and p[11].revisions == (Revision("moveTo", *JOHN),)
    assert p[9].moved is None  # deleted, not moved


def test_libreoffice_comments_point_at_the_commented_words(rev1):
    p = by_index(rev1)
    first, runs_on, on_inserted = rev1.comments
    assert (first.author, first.date, first.body) == (
        "Ana Pérez",
        "2024-05-03T09:00:00Z",
        "Which **agenda**?\n\nSay which one.",
    )
    assert p[1].before[first.start : first.end] == p[1].after[first.after_start : first.after_end] == "New Urban Agenda"
    # A range that runs on into the next paragraph ends with the paragraph it starts in.
    assert runs_on.paragraph == 1 and runs_on.end == len(p[1].before) and runs_on.after_end == len(p[1].after)
    assert p[1].before[runs_on.start : runs_on.end] == "2030 Agenda for Sustainable Development,"
    # Words that were inserted are not in the text before the changes.
    assert (on_inserted.paragraph, on_inserted.start, on_inserted.end) == (7, None, None)
    assert p[7].after[on_inserted.after_start : on_inserted.after_end] == "our progress"
    assert all(c.parent is None for c in rev1.comments)


def test_what_libreoffice_wrote_beyond_paragraphs_is_named(rev1):
    assert [(u.where, u.params) for u in rev1.unplaced] == [
        ("image in paragraph 11", {"n": "11"}),
        ("table 1", {"n": "1"}),
        ("comment 4", {"n": "4", "author": "John Smith", "table": "1"}),
    ]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_a_version_accord_published_edited_in_libreoffice_keeps_its_eids():
    """Accord's Word file of a version, opened in LibreOffice and edited with changes tracked: each
    paragraph is found by its eId bookmark, with its text as Accord keeps it before the changes."""
    document = read_docx((FIXTURES / "publication-edited.docx").read_bytes(), "publication-edited.docx")
    marked = {p.bookmarks[0]: p for p in document.paragraphs if p.bookmarks}
    assert {eid: p.before for eid, p in marked.items()} == {eid: text for eid, _, text in _script().PUBLISHED}
    assert marked["op_1"].after == "Nos comprometemos a impulsar la transformación ecológica de nuestras ciudades."
    assert marked["op_1"].revisions == (Revision("del", *ANA), Revision("ins", *ANA))
    assert not marked["op_2"].changed and marked["op_2"].revisions == (
        Revision("ins", *JOHN),
    )  # its mark: the new one follows
    (new,) = [p for p in document.paragraphs if p.inserted]
    assert (new.after, new.numbered, new.label, new.bookmarks, new.index) == (
        "Pedimos también apoyo financiero.",
        True,  # an item of the list LibreOffice numbers, as Accord wrote the operative paragraphs
        "",
        (),
        marked["op_2"].index + 1,
    )
    assert [eid for eid, p in marked.items() if p.deleted] == ["op_3"]
    (comment,) = document.comments
    assert (comment.paragraph, marked["pre_1"].before[comment.start : comment.end]) == (
        marked["pre_1"].index,
        "Nueva Agenda Urbana",
    )


# Edge cases, in files python-docx writes ---------------------------------------------------------


def test_insertions_and_deletions_inside_one_paragraph():
    body = para(
        run("Las ciudades ")
        + change("del", run("pequeñas ", deleted=True), *JOHN)
        + change("ins", run("intermedias "), *ANA)
        + run("son clave.")
        + change("ins", change("del", run(" nunca", deleted=True), *JOHN), *ANA)
    )  # inserted, then deleted
    (p,) = read(docx(body)).paragraphs
    assert (p.before, p.after) == ("Las ciudades pequeñas son clave.", "Las ciudades intermedias son clave.")
    # Ana's two insertions in a row are one change to the reader (Word splits a change run by run).
    assert p.revisions == (Revision("del", *JOHN), Revision("ins", *ANA), Revision("del", *JOHN))


def test_a_paragraph_deleted_with_its_mark_is_deleted_and_the_next_one_keeps_its_text():
    """Word deletes a whole paragraph with its mark: the deleted one goes, the next one is untouched."""
    body = (
        para(run("Primero."))
        + para(change("del", run("Se va.", deleted=True), *JOHN), mark("del", *JOHN))
        + para(run("Tercero."))
    )
    first, gone, third = read(docx(body)).paragraphs
    assert (gone.before, gone.after, gone.deleted, gone.inserted) == ("Se va.", "", True, False)
    assert (third.before, third.after, third.changed) == ("Tercero.", "Tercero.", False)
    assert (first.before, first.after) == ("Primero.", "Primero.")


def test_a_deleted_mark_with_its_text_kept_joins_the_next_paragraph_to_it():
    """Two paragraphs joined (the mark between them deleted): the first reads, after the changes, with
    the second's text; the second is deleted, its text having gone into the first."""
    body = para(run("Uno, "), mark("del", *JOHN)) + para(run("y dos.")) + para(run("Tres."))
    one, two, three = read(docx(body)).paragraphs
    assert (one.before, one.after, one.changed, one.deleted) == ("Uno,", "Uno, y dos.", True, False)
    assert (two.before, two.after, two.deleted) == ("y dos.", "", True)
    assert (three.before, three.after) == ("Tres.", "Tres.")


def test_an_inserted_mark_in_a_paragraph_that_had_text_splits_it():
    """Enter pressed in the middle of a paragraph: the first part had the whole text before the
    changes, the second part is new."""
    body = para(run("Primera frase."), mark("ins", *ANA)) + para(run(" Segunda frase.")) + para(run("Otro."))
    first, second, other = read(docx(body)).paragraphs
    assert (first.before, first.after, first.inserted) == ("Primera frase. Segunda frase.", "Primera frase.", False)
    assert (second.before, second.after, second.inserted) == ("", "Segunda frase.", True)
    assert first.revisions == (Revision("ins", *ANA),) and other.before == other.after == "Otro."


def test_an_inserted_paragraph_as_word_writes_it():
    """Word marks the mark of the paragraph before a new one as inserted, and the new text."""
    body = (
        para(run("Antes."), mark("ins", *ANA))
        + para(change("ins", run("Nuevo párrafo."), *ANA))
        + para(run("Después."))
    )
    before, new, after = read(docx(body)).paragraphs
    assert (before.before, before.after, before.changed) == ("Antes.", "Antes.", False)
    assert (new.before, new.after, new.inserted) == ("", "Nuevo párrafo.", True)
    assert after.before == after.after == "Después."


def _moved(kind: str, name: str, text: str, ident: int) -> str:
    ranged = "moveFromRange" if kind == "moveFrom" else "moveToRange"
    return (
        f'<w:{ranged}Start w:id="{ident}" w:author="{JOHN[0]}" w:date="{JOHN[1]}" w:name="{name}"/>'
        + change(kind, run(text, deleted=kind == "moveFrom"), *JOHN, ident=ident + 1)
        + f'<w:{ranged}End w:id="{ident}"/>'
    )


def test_moves_are_paired_by_the_names_word_gives_them():
    body = (
        para(_moved("moveFrom", "move1", "Se mueve.", 10), mark("moveFrom", *JOHN))
        + para(_moved("moveFrom", "move2", "Texto igual.", 20), mark("moveFrom", *JOHN))
        + para(run("Queda."))
        + para(_moved("moveTo", "move2", "Texto igual.", 30), mark("moveTo", *JOHN))
        + para(_moved("moveTo", "move1", "Se mueve.", 40), mark("moveTo", *JOHN))
        + para(_moved("moveTo", "move3", "Sin origen.", 50), mark("moveTo", *JOHN))
    )
    p = by_index(read(docx(body)))
    assert [(i, p[i].moved, p[i].move_name) for i in p] == [
        (0, Moved.FROM, "move1"),
        (1, Moved.FROM, "move2"),
        (2, None, ""),
        (3, Moved.TO, "move2"),
        (4, Moved.TO, "move1"),
        (5, None, ""),  # no paragraph left for it: an insertion
    ]
    assert p[5].inserted and p[0].deleted


def test_words_moved_between_paragraphs_are_no_moved_paragraph():
    body = para(run("Primero. ") + _moved("moveFrom", "move9", "Una frase.", 10)) + para(
        run("Segundo. ") + _moved("moveTo", "move9", "Una frase.", 20)
    )
    first, second = read(docx(body)).paragraphs
    assert (first.before, first.after, second.before, second.after) == (
        "Primero. Una frase.",
        "Primero.",
        "Segundo.",
        "Segundo. Una frase.",
    )
    assert (first.moved, first.move_name, second.moved, second.move_name) == (None, "", None, "")
    assert (first.revisions, second.revisions) == ((Revision("moveFrom", *JOHN),), (Revision("moveTo", *JOHN),))


def test_what_becomes_text_in_a_run():
    body = para(
        '<w:r><w:t xml:space="preserve">Tab</w:t><w:tab/><w:t>then</w:t><w:br/><w:t>line</w:t>'
        '<w:br w:type="page"/><w:noBreakHyphen/><w:t>x</w:t><w:softHyphen/><w:sym w:font="Symbol" w:char="F0B7"/>'
        '<w:sym w:font="Arial" w:char="2260"/><w:t xml:space="preserve"> a\u0085b\u00a0</w:t></w:r>'
        '<w:fldSimple w:instr="PAGE"><w:r><w:t>7</w:t></w:r></w:fldSimple>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2024</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>"
        "<w:r><w:t>Cafe\u0301 </w:t></w:r>"
    )
    (p,) = read(docx(body)).paragraphs
    # A control character is dropped (Word shows nothing for it); the texts are NFC.
    assert p.after == "Tab then\nline-x≠ ab\u00a072024Café"


def test_emphasis_is_marked_as_markdown_once_per_stretch():
    body = para(
        run("Nos ")
        + run("compro", bold=True)
        + run("metemos ", bold=True)
        + run("a ")
        + run("todo ", bold=True, italic=True)
        + run("esto", italic=True)
        + run(" y ")
        + run("  ", bold=True)
        + run("(a)", bold=True)
        + run("más.")
    )
    (p,) = read(docx(body)).paragraphs
    # Punctuation next to a letter is left out of the stretch where a marker there would not close it.
    assert p.after == "Nos **comprometemos** a ***todo** esto* y   **(a**)más."
    (block,) = text_blocks(p.after)
    assert [(r.text, r.bold, r.italic) for r in block.runs] == [
        ("Nos ", False, False),
        ("comprometemos", True, False),
        (" a ", False, False),
        ("todo", True, True),
        (" esto", False, True),
        (" y   ", False, False),
        ("(a", True, False),
        (")más.", False, False),
    ]


def test_character_styles_links_and_headings():
    styles = (
        '<w:style w:type="character" w:styleId="Strong"><w:name '
        'w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Titre"><w:name '
        'w:val="Titre"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style><w:style w:type="paragraph" '
        'w:styleId="Titre2"><w:name w:val="Titre 2"/><w:basedOn w:val="Titre"/></w:style><w:style w:type="paragraph" '
        'w:styleId="Heading3"><w:name w:val="heading 3"/></w:style><w:style w:type="paragraph" '
        'w:styleId="Corps"><w:name w:val="Corps"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>'
    )
    links = (
        '<w:hyperlink r:id="rIdWeb"><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>CGLU</w:t></w:r></w:hyperlink>'
        '<w:r><w:t xml:space="preserve"> y </w:t></w:r>'
        '<w:hyperlink r:id="rIdScript"><w:r><w:t>esto</w:t></w:r></w:hyperlink>'
        '<w:hyperlink w:anchor="_Toc1"><w:r><w:t xml:space="preserve"> ahí</w:t></w:r></w:hyperlink>'
    )
    body = (
        para(run("Compromisos", bold=True), '<w:pStyle w:val="Titre2"/>')
        + para(run("Tres"), '<w:pStyle w:val="Heading3"/>')
        + para(run("Cuerpo"), '<w:pStyle w:val="Corps"/>')
        + para(links)
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        'Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/><Relationship Id="rIdWeb" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        'Target="https://www.uclg.org/es (CGLU)" TargetMode="External"/><Relationship Id="rIdScript" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        'Target="javascript:alert(1)" TargetMode="External"/></Relationships>'
    )
    document = read(docx(body, styles=styles, parts={"word/_rels/document.xml.rels": rels.encode()}))
    assert [(p.after, p.heading) for p in document.paragraphs] == [
        ("Compromisos", 2),  # a heading's bold is its style's: not marked
        ("Tres", 3),
        ("Cuerpo", 0),
        ("[**CGLU**](https://www.uclg.org/es%20%28CGLU%29) y esto ahí", 0),  # no javascript: link, no internal one
    ]


@pytest.mark.parametrize(
    ("text", "label", "rest"),
    [
        ("12.\tNos comprometemos.", "12.", "Nos comprometemos."),
        ("3. Pedimos", "3.", "Pedimos"),
        ("•\tUn punto", "•", "Un punto"),
        ("2030. Agenda", "", "2030. Agenda"),
        ("1.5 millones", "", "1.5 millones"),
        ("1.\t", "", "1."),
    ],
)
def test_a_leading_paragraph_number_is_taken_off(text, label, rest):
    head, _, tail = text.partition("\t")
    body = para(run(head) + ("<w:r><w:tab/></w:r>" + run(tail) if _ else ""))
    (p,) = read(docx(body)).paragraphs
    assert (p.before, p.after, p.label, p.numbered) == (rest, rest, label, bool(label))


def test_a_renumbered_paragraph_loses_both_numbers_and_a_list_paragraph_is_numbered():
    renumbered = para(change("del", run("4.", deleted=True), *JOHN) + change("ins", run("3."), *JOHN) + run(" Texto."))
    listed = para(run("Elemento."), '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    unlisted = para(run("Suelto."), '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>')
    first, second, third = read(docx(renumbered + listed + unlisted)).paragraphs
    assert (first.before, first.after, first.label, first.numbered, first.changed) == (
        "Texto.",
        "Texto.",
        "3.",
        True,
        False,
    )
    assert (second.numbered, second.label, third.numbered) == (True, "", False)


def test_bookmarks_name_accord_paragraphs_not_words_own():
    body = (
        '<w:bookmarkStart w:id="1" w:name="pre_1"/>'
        + para(run("Uno.") + '<w:bookmarkEnd w:id="1"/>')
        + para(
            '<w:bookmarkStart w:id="2" w:name="_GoBack"/><w:bookmarkStart w:id="3" w:name="op_12"/>'
            + run("Dos.")
            + '<w:bookmarkStart w:id="4" w:name="_Toc123"/>'
        )
    )
    assert [p.bookmarks for p in read(docx(body)).paragraphs] == [("pre_1",), ("op_12",)]


def test_a_tracked_change_of_format_keeps_the_old_emphasis_before_the_changes():
    body = para(
        run("Un ") + '<w:r><w:rPr><w:i/><w:rPrChange w:id="5" w:author="Ana Pérez" w:date="2024-05-01T10:00:00Z">'
        "<w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>cambio</w:t></w:r>",
        '<w:jc w:val="center"/><w:pPrChange w:id="6" w:author="John Smith" '
        'w:date="2024-05-02T11:30:00Z"><w:pPr/></w:pPrChange>',
    )
    (p,) = read(docx(body)).paragraphs
    assert (p.before, p.after) == ("Un **cambio**", "Un *cambio*")
    assert p.revisions == (Revision("pPrChange", *JOHN), Revision("rPrChange", *ANA))
    layout_only = read(
        docx(
            para(
                run("Igual."),
                '<w:pPrChange w:id="6" w:author="John Smith" w:date="2024-05-02T11:30:00Z"><w:pPr/></w:pPrChange>',
            )
        )
    )
    assert layout_only.tracked and not layout_only.paragraphs[0].changed


def test_empty_paragraphs_are_left_out_and_the_others_keep_their_place():
    body = (
        para("") + para(run("   ")) + "<w:sdt><w:sdtContent>" + para(run("En un control.")) + "</w:sdtContent></w:sdt>"
    )
    document = read(docx(body))
    assert [(p.index, p.after) for p in document.paragraphs] == [(2, "En un control.")]
    assert not document.tracked


def test_text_boxes_equations_and_notes_are_named_not_read():
    box = (
        '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
        + para(run("Dentro"))
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    equation = "<m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath>"
    note = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    document = read(docx(para(run("Caja ") + box) + para(run("Ecuación ") + equation) + para(run("Nota") + note)))
    assert texts(document) == [("Caja", "Caja"), ("Ecuación", "Ecuación"), ("Nota", "Nota")]
    assert [(u.where, u.params) for u in document.unplaced] == [
        ("text box in paragraph 1", {"n": "1"}),
        ("equation in paragraph 2", {"n": "2"}),
        ("note in paragraph 3", {"n": "3"}),
    ]


def _ranged(ident: int, content: str) -> str:
    return f'<w:commentRangeStart w:id="{ident}"/>{content}<w:commentRangeEnd w:id="{ident}"/>'


def test_comments_replies_and_what_cannot_be_placed():
    body = (
        para(
            run("Hola ")
            + _ranged(0, run("mundo", bold=True))
            + run(" y ")
            + '<w:commentRangeStart w:id="1"/>'
            + run("más")
        )
        + para(
            run("sigue") + '<w:commentRangeEnd w:id="1"/>' + run(" aquí.") + '<w:r><w:commentReference w:id="4"/></w:r>'
        )
        + "<w:tbl><w:tr><w:tc>"
        + para(_ranged(3, run("Celda")))
        + "</w:tc></w:tr></w:tbl>"
    )
    comments = [
        Comment(
            "<w:p><w:r><w:t>Primer "
            "párrafo</w:t></w:r></w:p><w:p><w:r><w:rPr><w:i/></w:rPr><w:t>segundo</w:t></w:r></w:p>"
        ),
        Comment("Corre al siguiente.", author="John Smith", date="2024-05-04T08:00:00Z"),
        Comment("Respuesta a la primera.", author="John Smith", parent=0, done=True),
        Comment("En una tabla."),
        Comment("Un punto, sin palabras."),
        Comment("En un encabezado."),
    ]
    document = read(docx(body, comments))
    first, _second = document.paragraphs
    placed = {c.id: c for c in document.comments}
    assert list(placed) == ["0", "1", "2", "4"]
    assert placed["0"].body == "Primer párrafo\n\n*segundo*"
    assert first.after[placed["0"].start : placed["0"].end] == "mundo" and first.after == "Hola **mundo** y más"
    assert (placed["1"].paragraph, first.after[placed["1"].start : placed["1"].end]) == (0, "más")
    assert (placed["1"].author, placed["1"].date) == ("John Smith", "2024-05-04T08:00:00Z")
    # A reply without a range of its own is where the comment it answers is.
    assert (placed["2"].parent, placed["2"].resolved, placed["2"].start, placed["2"].end) == (
        "0",
        True,
        placed["0"].start,
        placed["0"].end,
    )
    assert (placed["4"].paragraph, placed["4"].start, placed["4"].after_start) == (1, None, None)
    assert [(u.where, u.params) for u in document.unplaced] == [
        ("table 1", {"n": "1"}),
        ("comment 4", {"n": "4", "author": "Ana Pérez", "table": "1"}),
        ("comment 6", {"n": "6", "author": "Ana Pérez"}),
    ]


def test_a_reply_is_matched_to_the_last_paragraph_of_the_comment_it_answers():
    body = para(_ranged(0, run("uno")) + run(" ") + _ranged(1, run("dos")) + run(" ") + _ranged(2, run("tres")))
    comments = [
        Comment("<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p>"),
        Comment("Otro"),
        Comment("Responde al segundo", parent=1),
    ]
    document = read(docx(body, comments))
    assert [(c.id, c.parent) for c in document.comments] == [("0", None), ("1", None), ("2", "1")]
    assert [document.paragraphs[0].after[c.start : c.end] for c in document.comments] == ["uno", "dos", "tres"]


# Accord's own Word files, read back --------------------------------------------------------------

WHEN = datetime(2024, 5, 6, 9, 30, tzinfo=UTC)


def _amendment(number: int, kind: AmendmentKind, eid: str, base: str | None, text: str, proposer: str) -> AmendmentView:
    ops = list(Proposal(kind, base, text).ops())
    return AmendmentView(
        number=number,
        label=f"A{number}",
        kind=kind.value,
        eid=eid,
        version="Rev.1",
        status="open",
        base_revision=None,
        base_text=base,
        text=text,
        ops=ops,
        proposer=proposer,
        cosponsors=[],
        rebase=None,
        rationale="Más claro." if number % 2 else "",
        created_at=WHEN,
    )


def test_the_compilation_read_back_gives_each_amendment_its_base_and_proposed_text():
    paragraphs = [
        ("hdg_1", "heading", None, "Preámbulo", []),
        (
            "pre_1",
            "preambular",
            None,
            "*Recordando* la Nueva Agenda Urbana aprobada en Quito,",
            [
                (
                    AmendmentKind.MODIFY,
                    "*Recordando* la Nueva Agenda Urbana aprobada en Quito (Ecuador) en 2016,",
                    "Ana Pérez",
                ),
                (AmendmentKind.MODIFY, "*Recordando* la Agenda aprobada en Quito,", "John Smith"),
            ],
        ),
        (
            "op_1",
            "operative",
            1,
            "Nos comprometemos a situar el cuidado de las personas en el centro.",
            [(AmendmentKind.DELETE, "", "Ana Pérez")],
        ),
        (
            "op_2",
            "operative",
            2,
            "Pedimos a los gobiernos nacionales que actúen.\nCon urgencia.",
            [
                (
                    AmendmentKind.INSERT,
                    "Pedimos también a las instituciones financieras que **apoyen** a las ciudades.",
                    "Élise Martin",
                ),
                (
                    AmendmentKind.MODIFY,
                    "Pedimos a los gobiernos nacionales y regionales que actúen.\nCon urgencia.",
                    "Ana Pérez",
                ),
            ],
        ),
    ]
    numbers = count(1)
    view = CompilationView(
        version="Rev.1",
        language="es",
        paragraphs=[
            CompilationParagraph(
                eid=eid,
                kind=kind,
                number=number,
                text=text,
                status="open",
                amendments=[
                    _amendment(
                        next(numbers), a_kind, eid, None if a_kind == AmendmentKind.INSERT else text, proposed, who
                    )
                    for a_kind, proposed, who in amendments
                ],
            )
            for eid, kind, number, text, amendments in paragraphs
        ],
    )
    document = read(compilation_docx(view, "Compilación", str))
    tracked = [p for p in document.paragraphs if p.revisions]
    expected = [a for p in view.paragraphs for a in p.amendments]
    assert [(p.before, p.after) for p in tracked] == [(a.base_text or "", a.text) for a in expected]
    assert [(p.inserted, p.deleted) for p in tracked] == [(a.kind == "insert", a.kind == "delete") for a in expected]
    assert [{(r.author, r.date) for r in p.revisions} for p in tracked] == [
        {(a.proposer, "2024-05-06T09:30:00Z")} for a in expected
    ]
    # The paragraphs themselves read as their text, the operative ones without their number.
    shown = {p.after: p for p in document.paragraphs if not p.revisions}
    assert all(p.text in shown for p in view.paragraphs)
    assert shown["Nos comprometemos a situar el cuidado de las personas en el centro."].label == "1."


def test_a_publication_read_back_gives_each_paragraph_its_eid_and_markdown():
    blocks = [
        Block("hdg_1", Kind.HEADING, "Preámbulo"),
        Block("pre_1", Kind.PREAMBULAR, "*Recordando* la **Nueva Agenda Urbana** aprobada en Quito,"),
        Block(
            "pre_2", Kind.PREAMBULAR, "*Reconociendo* que las ciudades ***intermedias*** son clave (**a**) y *otras*;"
        ),
        Block("hdg_2", Kind.HEADING, "Compromisos"),
        Block("op_1", Kind.OPERATIVE, "Nos comprometemos a **actuar** con *urgencia* y con Kütahya."),
        Block("op_2", Kind.OPERATIVE, "Pedimos: **«más recursos»**, y עברית ו-العربية también."),  # noqa: RUF001 - real Hebrew: its letter vav is "and"
    ]
    for model, language in (
        (model_of(blocks, languages=("es",)), "es"),
        (kutahya_model(), "es"),
        (kutahya_model(), "en"),
    ):
        edition = model.edition(language)
        document = read(edition_docx(model, language))
        marked = {p.bookmarks[0]: p for p in document.paragraphs if p.bookmarks}
        assert list(marked) == [p.eid for p in edition.paragraphs]
        for p in edition.paragraphs:
            read_back = marked[p.eid]
            assert (read_back.before, read_back.after) == (p.text, p.text), p.eid
            # its number is Word's own numbering, no typed label: the paragraph is numbered, its text without it
            assert (read_back.numbered, read_back.label) == (p.number is not None, "")
            assert bool(read_back.heading) == (p.kind == "heading")
        assert not document.tracked and not document.comments
