"""A version file read and matched to the working draft before anything is written (domain/word/version_import.py):
a Markdown file with its front matter, or a Word file with its changes accepted and its eId bookmarks; Accord's own
Word file, read back, gives back the draft's paragraphs where their words are unchanged, and carries the words
edited in Word into their Markdown."""

from __future__ import annotations

import pytest

from tests.unit.domain.word_files import change, docx, para, run
from workspace.domain.declaration.declaration_commands import ImportVersion, WordVersion
from workspace.domain.declaration.document import Block, ImportedBlock, Kind
from workspace.domain.errors import ImportFailed, InvalidInput
from workspace.domain.word.version_import import read_version

PRE = Block("pre_1", Kind.PREAMBULAR, "Reconociendo que las ciudades intermedias son polos de intermediación,")
OP = Block(
    "op_1",
    Kind.OPERATIVE,
    "Pedimos a los [gobiernos](https://example.org/g) nacionales *apoyar* la financiación local.",
)
DRAFT = [PRE, OP]
USED = {"pre_1", "op_1"}
# How Accord's own Word file of the draft reads back: Word carries the words, not the link's address nor the `*`;
# its operative paragraph is in a list Word numbers.
WRITTEN = {
    PRE.eid: ImportedBlock(PRE.eid, Kind.PREAMBULAR, PRE.text, 1),
    OP.eid: ImportedBlock(
        OP.eid, Kind.OPERATIVE, "Pedimos a los gobiernos nacionales apoyar la financiación local.", 2
    ),
}
NUMBERED = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="10"/></w:numPr>'

MARKDOWN = """---
label: "Rev.1"
origen: "otro sitio"
---
Reconociendo que las ciudades intermedias son polos de intermediación,

***

1. Pedimos a los [gobiernos](https://example.org/g) nacionales *apoyar* la financiación local.
2. Nos comprometemos a compartir lo aprendido.
"""


def bookmarked(eid: str, content: str, properties: str = "") -> str:
    """A paragraph bookmarked with `eid`, as Accord's own Word files mark each paragraph."""
    return para(
        f'<w:bookmarkStart w:id="{len(eid)}" w:name="{eid}"/>{content}<w:bookmarkEnd w:id="{len(eid)}"/>', properties
    )


def word_version(body: str, label: str | None = "Rev.1") -> WordVersion:
    return WordVersion(filename="rev1.docx", text="", label=label, docx=docx(body))


def test_a_markdown_version_takes_its_label_from_its_front_matter():
    read = read_version(ImportVersion(filename="rev1.md", text=MARKDOWN), DRAFT, USED)
    assert read.header.label == "Rev.1"


def test_a_label_given_with_the_file_names_the_version_over_its_front_matter():
    read = read_version(ImportVersion(filename="rev1.md", text=MARKDOWN, label="Rev.2"), DRAFT, USED)
    assert read.header.label == "Rev.2"


def test_what_a_markdown_version_sets_aside_is_said_in_the_order_of_its_lines():
    read = read_version(ImportVersion(filename="rev1.md", text=MARKDOWN), DRAFT, USED)
    assert [(n.line, n.params) for n in read.notices] == [(3, {"key": "origen"}), (7, {})]
    assert "not Accord's" in read.notices[0].message and "thematic break" in read.notices[1].message


def test_paragraphs_that_read_the_same_keep_their_eids_and_a_new_one_gets_an_eid_never_used():
    read = read_version(ImportVersion(filename="rev1.md", text=MARKDOWN), DRAFT, USED | {"op_2"})
    assert [(m.block.eid, m.how, m.line) for m in read.matches] == [
        ("pre_1", "identical", 5),
        ("op_1", "identical", 9),
        ("op_3", "new", 10),
    ]
    assert read.matches[2].block == Block("op_3", Kind.OPERATIVE, "Nos comprometemos a compartir lo aprendido.")


def test_a_malformed_markdown_version_is_refused_naming_its_line():
    with pytest.raises(ImportFailed) as caught:
        read_version(ImportVersion(filename="rev1.md", text="Uno {#op_1}\n\nDos {#op_1}\n"), DRAFT, USED)
    assert (caught.value.file, caught.value.line) == ("rev1.md", 3)


def test_a_word_version_is_read_with_its_changes_accepted_and_its_eid_bookmarks_as_eids():
    body = bookmarked("pre_1", run(PRE.text)) + bookmarked(
        "op_1",
        run("Pedimos a los gobiernos nacionales ")
        + change("del", run("apoyar", deleted=True))
        + change("ins", run("sostener"))
        + run(" la financiación local."),
    )
    read = read_version(word_version(body), DRAFT, USED)
    assert read.header.label == "Rev.1" and read.header.note == ""
    assert [(m.block.eid, m.how, m.line) for m in read.matches] == [("pre_1", "explicit", 1), ("op_1", "explicit", 2)]
    assert read.matches[1].block.text == "Pedimos a los gobiernos nacionales sostener la financiación local."
    assert [(n.line, n.params) for n in read.notices] == [(2, {"count": "1"})]  # the changes it holds, accepted


def test_a_word_version_needs_its_label_given_since_it_has_no_front_matter():
    with pytest.raises(InvalidInput) as caught:
        read_version(word_version(para(run(PRE.text)), label=None), DRAFT, USED)
    assert caught.value.params == {"field": "label"}


def test_what_a_word_version_does_not_read_is_said_where_it_stands():
    body = para(run(PRE.text)) + "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>" + para(run("Texto nuevo."))
    read = read_version(word_version(body), DRAFT, USED)
    assert [(n.line, n.where, n.params) for n in read.notices] == [(0, "table 1", {"n": "1"})]
    assert [(m.block.eid, m.how) for m in read.matches] == [("pre_1", "identical"), ("pre_2", "new")]


def test_a_paragraph_of_accord_s_own_word_file_read_back_unchanged_is_the_draft_s_own():
    body = bookmarked("pre_1", run(PRE.text)) + bookmarked("op_1", run(WRITTEN["op_1"].text), NUMBERED)
    read = read_version(word_version(body), DRAFT, USED, WRITTEN)
    assert [m.block for m in read.matches] == DRAFT  # its link and emphasis kept, its kind too


def test_without_what_accord_s_file_reads_back_a_word_paragraph_is_its_words():
    body = bookmarked("op_1", run(WRITTEN["op_1"].text))
    read = read_version(word_version(body), DRAFT, USED)
    assert read.matches[0].block.text == WRITTEN["op_1"].text


def test_words_edited_in_accord_s_own_word_file_are_carried_into_the_paragraph_s_markdown():
    edited = WRITTEN["op_1"].text.replace("financiación local", "financiación de lo local")
    (match,) = read_version(word_version(bookmarked("op_1", run(edited), NUMBERED)), DRAFT, USED, WRITTEN).matches
    assert match.block.text == OP.text.replace("financiación local", "financiación de lo local")
    assert (match.block.eid, match.how) == ("op_1", "explicit")


def test_an_edit_that_has_no_place_in_the_markdown_leaves_the_paragraph_as_the_file_reads():
    edited = WRITTEN["op_1"].text.replace("gobiernos nacionales", "estados")  # across the link's words
    (match,) = read_version(word_version(bookmarked("op_1", run(edited))), DRAFT, USED, WRITTEN).matches
    assert match.block.text == edited


def test_a_word_paragraph_matched_by_its_words_and_not_its_bookmark_is_left_as_read():
    # only a paragraph named by its eId bookmark, or of a file whose title block is Accord's, is known to be Accord's
    # own writing of it
    (match,) = read_version(word_version(para(run(WRITTEN["op_1"].text))), DRAFT, USED, WRITTEN).matches
    assert (match.block.eid, match.how) == ("op_1", "similar") and match.block.text == WRITTEN["op_1"].text


# The title block's styles as Accord's own files name them (python-docx's sheet holds Normal and Title).
FRONT_SHEET = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="AccordTitle"><w:name w:val="Accord Title"/>'
    '<w:basedOn w:val="Title"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="AccordTitleBlock"><w:name w:val="Accord Title Block"/>'
    '<w:basedOn w:val="Normal"/></w:style>'
)
FRONT = (
    para(run("UCLG/KUT/2021/DECL"), '<w:pStyle w:val="AccordTitleBlock"/>')
    + para(run("Declaración de Kütahya"), '<w:pStyle w:val="AccordTitle"/>')
    + para(run("Versión Borrador de trabajo"), '<w:pStyle w:val="AccordTitleBlock"/>')
)


def test_accord_s_own_file_whose_bookmarks_an_editor_dropped_adds_nothing_and_changes_only_what_was_edited():
    # Word on the web, or a file pasted into another, keeps the styles and drops the bookmarks: the title block is
    # still known by its styles, and the paragraphs by their words as Accord's file writes them.
    unchanged = FRONT + para(run(PRE.text)) + para(run(WRITTEN["op_1"].text), NUMBERED)
    file = WordVersion(filename="rev1.docx", text="", label="Rev.1", docx=docx(unchanged, styles=FRONT_SHEET))
    read = read_version(file, DRAFT, USED, WRITTEN)
    assert [(m.block, m.how) for m in read.matches] == [(PRE, "identical"), (OP, "identical")]
    assert not read.notices

    edited = unchanged.replace("financiación local", "financiación de lo local")
    file = WordVersion(filename="rev1.docx", text="", label="Rev.1", docx=docx(edited, styles=FRONT_SHEET))
    read = read_version(file, DRAFT, USED, WRITTEN)
    assert [m.block for m in read.matches] == [
        PRE,
        Block("op_1", Kind.OPERATIVE, OP.text.replace("financiación local", "financiación de lo local")),
    ]  # its link and emphasis kept


SUB = Block("op_2", Kind.OPERATIVE, "a las *ciudades* intermedias;", depth=1, marker="-")


def test_a_sub_item_edited_in_word_stays_where_it_stood_and_a_paragraph_whose_numbering_was_taken_off_is_plain():
    draft = [PRE, OP, SUB]
    written = WRITTEN | {SUB.eid: ImportedBlock(SUB.eid, Kind.OPERATIVE, "a las ciudades intermedias;", 3)}
    body = (
        bookmarked("pre_1", run(PRE.text))
        + bookmarked("op_1", run(WRITTEN["op_1"].text))  # its number taken off in Word
        + bookmarked("op_2", run("a las ciudades intermedias y regiones;"), NUMBERED)
    )
    read = read_version(word_version(body), draft, USED | {"op_2"}, written)
    assert [m.block for m in read.matches] == [
        PRE,
        Block("op_1", Kind.PREAMBULAR, OP.text),  # its words as they were, its kind the file's
        Block("op_2", Kind.OPERATIVE, "a las *ciudades* intermedias y regiones;", depth=1, marker="-"),
    ]
