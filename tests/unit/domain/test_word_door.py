"""The Word door refuses what every other door refuses, caps what a file may hold, and says what it
did not read: a noncharacter is refused naming its code point and place, a file over the paragraph
or comment cap is refused before it is matched, and a comment mark naming no comment, or a move with
one end only, is listed in `unplaced` with its reason."""

from __future__ import annotations

import pytest

from workspace.domain.errors import ImportFailed
from workspace.domain.limits import MAX_PARAGRAPHS
from workspace.domain.word import word_reading
from workspace.domain.word.word_body import MAX_ELEMENTS
from workspace.domain.word.word_reading import read_docx

from .word_files import Comment, change, docx, mark, para, run


def refused(data: bytes) -> str:
    with pytest.raises(ImportFailed) as caught:
        read_docx(data, "delegacion.docx")
    assert caught.value.file == "delegacion.docx"
    return caught.value.render()


# (U+FFFE and U+FFFF are not XML at all: the part is refused as not well-formed, with its line.)
@pytest.mark.parametrize(
    "char, code", [("\ufdd0", "FDD0"), ("\ufdef", "FDEF"), ("\U0001fffe", "1FFFE"), ("\U0010ffff", "10FFFF")]
)
def test_a_noncharacter_in_a_tracked_insertion_is_refused_with_its_code_point_and_paragraph(char, code):
    body = para(run("Primer párrafo.")) + para(run("Nos comprometemos ") + change("ins", run(f"a todo{char}")))
    said = refused(docx(body))
    assert f"U+{code}" in said and "Paragraph 2" in said


def test_a_noncharacter_in_a_margin_comment_is_refused_naming_the_comment():
    body = para(
        '<w:commentRangeStart w:id="0"/>' + run("Texto comentado.") + '<w:commentRangeEnd w:id="0"/>'
        '<w:r><w:commentReference w:id="0"/></w:r>'
    )
    said = refused(docx(body, [Comment("Una observación\ufdef.")]))
    assert "U+FDEF" in said and "Comment 1" in said


def test_control_characters_are_still_dropped_as_word_shows_them():
    body = para(run("Nos\u0085 compro\u009fmetemos."))
    (p,) = read_docx(docx(body), "x.docx").paragraphs
    assert p.after == "Nos comprometemos."


def test_a_comment_mark_naming_no_comment_of_the_file_is_listed():
    body = para(
        run("Texto ") + '<w:commentRangeStart w:id="7"/>' + run("sin comentario") + '<w:commentRangeEnd w:id="7"/>'
        '<w:r><w:commentReference w:id="7"/></w:r>'
    )
    document = read_docx(docx(body), "x.docx")
    (unplaced,) = document.unplaced
    assert unplaced.where == "paragraph 1" and unplaced.params == {"n": "1", "id": "7"}
    assert document.comments == ()


def test_a_move_with_one_end_only_is_read_where_it_stands_and_listed():
    left = para(change("moveFrom", run("Párrafo que se fue.")), mark("moveFrom"))
    arrived = para(change("moveTo", run("Otro párrafo que llegó.")), mark("moveTo"))
    document = read_docx(docx(para(run("Uno.")) + left + para(run("Dos.")) + arrived), "x.docx")
    gone, came = document.paragraphs[1], document.paragraphs[3]
    assert (gone.deleted, gone.moved, came.inserted, came.moved) == (True, None, True, None)
    assert [(u.where, u.params["n"]) for u in document.unplaced] == [("paragraph 2", "2"), ("paragraph 4", "4")]
    assert "moved away" in document.unplaced[0].reason and "moved here" in document.unplaced[1].reason


def test_a_move_range_that_never_ends_is_listed():
    body = (
        para(run("Uno."))
        + '<w:moveFromRangeStart w:id="5" w:name="m"/>'
        + para(change("moveFrom", run("Se va.")), mark("moveFrom"))
    )
    document = read_docx(docx(body), "x.docx")
    assert any(u.params.get("id") == "5" and "never ends" in u.reason for u in document.unplaced)


def test_a_file_over_the_paragraph_cap_is_refused_and_one_at_the_cap_is_read():
    line = para(run("Un párrafo más de la delegación."))
    assert len(read_docx(docx(line * MAX_PARAGRAPHS), "x.docx").paragraphs) == MAX_PARAGRAPHS
    said = refused(docx(line * (MAX_PARAGRAPHS + 1)))
    assert str(MAX_PARAGRAPHS) in said.replace(",", "")


def test_empty_paragraphs_count_towards_a_larger_cap():
    assert read_docx(docx("<w:p/>" * 1000 + para(run("Texto."))), "x.docx").paragraphs[0].index == 1000
    refused(docx("<w:p/>" * (MAX_ELEMENTS + 1)))


def test_a_file_over_the_comment_cap_is_refused(monkeypatch):
    monkeypatch.setattr(word_reading, "MAX_WORD_COMMENTS", 3)
    ranges = (
        "".join(f'<w:commentRangeStart w:id="{i}"/>' for i in range(4))
        + run("Texto.")
        + "".join(f'<w:commentRangeEnd w:id="{i}"/><w:r><w:commentReference w:id="{i}"/></w:r>' for i in range(4))
    )
    said = refused(docx(para(ranges), [Comment(f"Nota {i}.") for i in range(4)]))
    assert "3" in said
