"""Properties of the Word reader on generated paragraphs: runs kept, inserted or deleted (with accents,
combining marks, right-to-left text, spaces), some bold or italic, built as WordprocessingML.

- accepting every change gives the text of the kept and inserted runs, rejecting every change the
  text of the kept and deleted runs; across paragraphs too, where marks are inserted or deleted;
- the Markdown written reads back, in Accord's Markdown, with the runs' emphasis on every letter;
- a comment's offsets point at the commented words;
- whatever well-formed body of the elements the reader knows, it reads it (no other error), and
  its texts are as Accord keeps text.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.errors import ImportFailed
from workspace.domain.values import clean_text
from workspace.domain.word.word_reading import read_docx
from workspace.renderers.publication_inline import text_blocks

from .word_files import Comment, change, docx, mark, para, run

SETTINGS = settings(
    max_examples=int(os.environ.get("WORD_EXAMPLES", examples(60))),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Letters of several scripts, precomposed and combining accents, right-to-left letters, punctuation
# that is not Markdown's; no digit (a leading "12." is a paragraph number) and no control character.
LETTERS = "aeiouncsltAEÑÉáéíóúüñçàèœßΩλжЯ" + "\u0301\u0308" + "مرحباשלום" + "'’«»¿¡?!.,;:()"
KINDS = ("kept", "ins", "del")


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str  # kept | ins | del
    bold: bool = False
    italic: bool = False

    def xml(self) -> str:
        made = run(self.text, self.bold, self.italic, deleted=self.kind == "del")
        return made if self.kind == "kept" else change(self.kind, made, author=f"Author {self.kind}")


texts = st.text(alphabet=LETTERS + "  ", min_size=1, max_size=12)
pieces = st.builds(Piece, texts, st.sampled_from(KINDS))


def read_one(body: str, comments: list[Comment] | None = None):
    document = read_docx(docx(body, comments or []), "generated.docx")
    return document, (document.paragraphs[0] if document.paragraphs else None)


def side(parts: list[Piece], dropped: str) -> str:
    return unicodedata.normalize("NFC", "".join(p.text for p in parts if p.kind != dropped).strip())


@SETTINGS
@given(st.lists(pieces, min_size=1, max_size=10))
def test_accepting_or_rejecting_every_change_gives_the_two_texts(parts):
    document, p = read_one(para("".join(piece.xml() for piece in parts)))
    before, after = side(parts, "ins"), side(parts, "del")
    if not before and not after:
        assert not document.paragraphs
        return
    assert (p.before, p.after) == (before, after)
    assert p.inserted == (not before) and p.deleted == (not after)
    assert {r.kind for r in p.revisions} == {piece.kind for piece in parts} - {"kept"}
    assert p.changed == (before != after)


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Piece, ...]
    mark: str  # kept | ins | del: its paragraph mark


paragraphs = st.builds(Paragraph, st.lists(pieces, min_size=0, max_size=4).map(tuple), st.sampled_from(KINDS))


def word_reads(document: list[Paragraph], dropped: str) -> list[str]:
    """The paragraphs Word shows once every change is accepted (dropped="del") or rejected ("ins"):
    a paragraph whose mark is gone runs on into the next one."""
    out, current = [], ""
    for i, p in enumerate(document):
        current += "".join(piece.text for piece in p.parts if piece.kind != dropped)
        if p.mark != dropped or i + 1 == len(document):
            out.append(current)
            current = ""
    return [text for text in (unicodedata.normalize("NFC", t).strip() for t in out) if text]


@SETTINGS
@given(st.lists(paragraphs, min_size=1, max_size=6))
def test_paragraphs_whose_marks_change_read_as_word_reads_them(document):
    body = "".join(
        para("".join(piece.xml() for piece in p.parts), mark(p.mark) if p.mark != "kept" else "") for p in document
    )
    read = read_docx(docx(body), "generated.docx")
    assert [p.after for p in read.paragraphs if p.after] == word_reads(document, "del")
    assert [p.before for p in read.paragraphs if p.before] == word_reads(document, "ins")
    assert all(p.inserted == (not p.before) and p.deleted == (not p.after) for p in read.paragraphs)


WORD = "aeiouncslAEÑÉáéíóúüñçœßΩλжЯ" + "\u0301" + "مرحباשלום"
words = st.builds(
    Piece,
    st.text(alphabet=WORD, min_size=1, max_size=8).filter(lambda w: not unicodedata.combining(w[0])),
    st.sampled_from(KINDS),
    st.booleans(),
    st.booleans(),
)
punctuated = st.tuples(
    st.sampled_from(["", "(", "«", "¿", "'"]), words, st.sampled_from(["", ".", ",", ")", "»", "?", ";"])
)


@SETTINGS
@given(st.lists(punctuated, min_size=1, max_size=8))
def test_the_markdown_written_reads_back_with_the_emphasis_of_every_letter(items):
    """Emphasis that changes between words (as a person makes it), punctuation inside or outside it."""
    parts: list[Piece] = []
    for opening, word, closing in items:
        parts.append(Piece(opening + word.text + closing, word.kind, word.bold, word.italic))
        parts.append(Piece(" ", "kept"))
    _, p = read_one(para("".join(piece.xml() for piece in parts)))
    for text, dropped in ((p.after if p else "", "del"), (p.before if p else "", "ins")):
        shown = [piece for piece in parts if piece.kind != dropped]
        expected = [
            (char, piece.bold, piece.italic) for piece in shown for char in unicodedata.normalize("NFC", piece.text)
        ]
        while expected and expected[0][0] == " ":
            expected.pop(0)
        while expected and expected[-1][0] == " ":
            expected.pop()
        got = [(char, r.bold, r.italic) for block in text_blocks(text) for r in block.runs for char in r.text]
        assert "".join(c for c, _, _ in got) == "".join(c for c, _, _ in expected), text
        for (char, bold, italic), (_, got_bold, got_italic) in zip(expected, got, strict=True):
            if char.isalpha() or unicodedata.combining(
                char
            ):  # a letter keeps its emphasis; punctuation may be left out
                assert (got_bold, got_italic) == (bold, italic), (text, char)


PRECOMPOSED = "aeiounAEÑÉáéíóúüñçœΩж مرحباשלום'.,"


@SETTINGS
@given(
    st.lists(
        st.builds(Piece, st.text(alphabet=PRECOMPOSED, min_size=1, max_size=8), st.sampled_from(KINDS)),
        min_size=1,
        max_size=8,
    ),
    st.data(),
)
def test_a_comments_offsets_point_at_the_commented_words(parts, data):
    first = data.draw(st.integers(0, len(parts) - 1))
    last = data.draw(st.integers(first, len(parts) - 1))
    body = "".join(
        ('<w:commentRangeStart w:id="0"/>' if i == first else "")
        + piece.xml()
        + ('<w:commentRangeEnd w:id="0"/>' if i == last else "")
        for i, piece in enumerate(parts)
    )
    document, p = read_one(para(body), [Comment("Un comentario.")])
    if p is None:
        assert not document.comments and document.unplaced[0].where == "comment 1"
        return
    (comment,) = document.comments
    for text, start, end, dropped in (
        (p.before, comment.start, comment.end, "ins"),
        (p.after, comment.after_start, comment.after_end, "del"),
    ):
        raw = "".join(piece.text for piece in parts if piece.kind != dropped)
        shown = "".join(piece.text for piece in parts[:first] if piece.kind != dropped)
        quoted = "".join(piece.text for piece in parts[first : last + 1] if piece.kind != dropped)
        lead = len(raw) - len(raw.lstrip())
        at = min(max(len(shown) - lead, 0), len(text))
        to = min(max(len(shown) + len(quoted) - lead, 0), len(text))
        assert (start, end) == ((at, to) if at < to else (None, None))
        if start is not None:
            assert text[start:end] == raw[lead:][at:to]


# Any well-formed body of the elements the reader knows ---------------------------------------------

LEAVES = st.sampled_from(
    [
        run("texto "),
        run("negrita", bold=True),
        run("borrado", deleted=True),
        run(" \u0085x\u009f "),
        '<w:r><w:tab/><w:br/><w:noBreakHyphen/><w:sym w:char="F0B7"/><w:sym w:char="zz"/></w:r>',
        '<w:bookmarkStart w:id="1" w:name="op_1"/>',
        '<w:bookmarkEnd w:id="1"/>',
        '<w:commentRangeStart w:id="0"/>',
        '<w:commentRangeEnd w:id="0"/>',
        '<w:commentRangeStart w:id="1"/>',
        '<w:r><w:commentReference w:id="1"/></w:r>',
        '<w:moveFromRangeStart w:id="5" w:name="m"/>',
        '<w:moveFromRangeEnd w:id="5"/>',
        '<w:moveToRangeStart w:id="6" w:name="m"/>',
        '<w:moveToRangeEnd w:id="6"/>',
        "<w:r><w:drawing/></w:r>",
        '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"/>',
        '<w:r><w:rPr><w:i w:val="0"/><w:rPrChange w:id="9"/></w:rPr><w:t>1. x</w:t></w:r>',
    ]
)
WRAPPERS = [
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w:hyperlink",
    "w:fldSimple",
    "w:smartTag",
    "w:sdt/w:sdtContent",
]


def wrapped(children: list[str], tag: str) -> str:
    opened = "".join(f"<{t}>" for t in tag.split("/"))
    closed = "".join(f"</{t}>" for t in reversed(tag.split("/")))
    return opened + "".join(children) + closed


inline = st.recursive(
    LEAVES, lambda inner: st.builds(wrapped, st.lists(inner, max_size=4), st.sampled_from(WRAPPERS)), max_leaves=12
)
properties = st.sampled_from(
    [
        "",
        mark("ins"),
        mark("del"),
        mark("moveFrom"),
        '<w:pStyle w:val="Heading1"/>',
        '<w:numPr><w:numId w:val="3"/></w:numPr>',
        '<w:outlineLvl w:val="x"/>',
    ]
)
blocks = st.one_of(
    st.builds(para, st.lists(inline, max_size=5).map("".join), properties),
    st.lists(inline, max_size=3).map(lambda c: "<w:tbl><w:tr><w:tc>" + para("".join(c)) + "</w:tc></w:tr></w:tbl>"),
    st.sampled_from(
        [
            '<w:bookmarkStart w:id="2" w:name="pre_1"/>',
            '<w:commentRangeStart w:id="1"/>',
            '<w:commentRangeEnd w:id="1"/>',
            '<w:moveToRangeStart w:id="7" w:name="n"/>',
        ]
    ),
)


@SETTINGS
@given(st.lists(blocks, max_size=6))
def test_any_well_formed_body_is_read_and_its_texts_are_as_accord_keeps_them(body):
    try:
        document = read_docx(docx("".join(body), [Comment("uno"), Comment("dos", parent=0)]), "generated.docx")
    except ImportFailed as exc:  # nothing here is malformed
        raise AssertionError(exc.render()) from exc
    lengths = {}
    for p in document.paragraphs:
        for text in (p.before, p.after):
            assert clean_text(text) == text == text.strip()
        assert p.before or p.after
        lengths[p.index] = (len(p.before), len(p.after))
    for c in document.comments:
        before, after = lengths[c.paragraph]
        assert c.start is None or 0 <= c.start < c.end <= before  # type: ignore[operator]
        assert c.after_start is None or 0 <= c.after_start < c.after_end <= after  # type: ignore[operator]
