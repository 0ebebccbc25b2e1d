"""Accord's own Word file of a version comes back as it went out, on generated versions: headings, preambular and
operative paragraphs and their sub-items, with brackets and options, whole-paragraph options ("Option 1: …" and
"Option 2: …" a blank line apart), emphasis, footnote marks, links, code and escapes, lines wrapped or not.

- in each language's edition, the file reads back as the paragraphs it was written from, each by its eId, as
  Markdown reads them, and nothing of its title block (symbol, title, version line) is read as a paragraph;
- sent back unchanged, as a clean rewrite, it asks no amendment and says nothing; with one word changed in one
  paragraph, tracked or not, it asks exactly that word changed in that paragraph's own Markdown (its links, code,
  escapes and wrapping kept, which Word does not carry);
- its operative paragraphs and sub-items are numbered by Word's own numbering, each with the label Accord prints,
  and no number is typed in their text;
- imported as a version, the draft's file unchanged is the draft, paragraph for paragraph (kind, depth, marker and
  Markdown), and with one word changed only that paragraph changes, by that word: with its eId bookmarks, and where
  an editor dropped them (the title block known by its styles, the paragraphs by their words).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from tests.unit.renderers.models import kutahya_blocks, model_of
from tests.unit.renderers.support import WordLabels
from workspace.domain.amendments.amendments import AmendmentKind
from workspace.domain.declaration.declaration_commands import WordVersion
from workspace.domain.declaration.document import Block, Kind
from workspace.domain.word.version_import import read_version
from workspace.domain.word.word_amendments import proposals
from workspace.domain.word.word_reading import Revision, read_docx
from workspace.domain.words import normalize_space
from workspace.renderers.publication_docx import edition_docx, read_back, read_back_blocks

SETTINGS = settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIVOT, CHANGED = "Zanahoria", "Berenjena"  # the word changed in Word: in no generated text

words = st.sampled_from(
    ["ciudades", "intermédiaires", "Kütahya", "développement", "niñas", "œuvre", "gouvernements", "Agenda", "2030"]
)
# What Word carries: words, brackets and options, emphasis, footnote marks.
carried_pieces = st.one_of(
    words,
    words.map(lambda w: f"[{w}]"),
    st.tuples(words, words).map(lambda p: f"[{p[0]}][{p[1]}]"),
    words.map(lambda w: f"**{w}**"),
    words.map(lambda w: f"*{w}*"),
    st.sampled_from(["[^1]", "[^2]"]).map(lambda mark: f"Agenda{mark}"),
)
# And what it does not: a link's address, code, an escape, `_` for `*`.
other_pieces = st.one_of(
    carried_pieces,
    words.map(lambda w: f"[{w}](https://www.uclg.org/{w.lower()})"),
    words.map(lambda w: f"`{w}`"),
    words.map(lambda w: f"_{w}_"),
    st.just("5 \\< 6"),
)


def sentences(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Pieces one space apart, or a line apart (Markdown's soft wrap)."""
    return st.lists(st.tuples(pieces, st.sampled_from([" ", " ", "\n"])), min_size=1, max_size=8).map(
        lambda found: "".join(piece + space for piece, space in found[:-1]) + found[-1][0]
    )


def paragraph_texts(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A text, or two whole-paragraph options a blank line apart."""
    return st.one_of(
        sentences(pieces),
        st.tuples(sentences(pieces), sentences(pieces)).map(lambda o: f"**Option 1:** {o[0]}\n\nOption 2: {o[1]}"),
    )


def versions(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[list[Block]]:
    """A heading, preambular and operative paragraphs, sub-items under an operative one."""
    body = st.tuples(
        st.sampled_from([(Kind.PREAMBULAR, 0, ""), (Kind.OPERATIVE, 0, ""), (Kind.OPERATIVE, 1, "-")]),
        paragraph_texts(pieces),
    )

    def built(drawn: tuple[list[str], list[tuple[tuple[Kind, int, str], str]]]) -> list[Block]:
        heading, paragraphs = drawn
        blocks = [Block("hdg_1", Kind.HEADING, " ".join(heading))]
        for n, ((kind, depth, marker), text) in enumerate(paragraphs, 1):
            if depth and blocks[-1].kind != Kind.OPERATIVE:
                depth, marker = 0, ""  # a sub-item stands under an operative paragraph
            blocks.append(Block(f"{kind.value[:3]}_{n}", kind, text, depth, marker))
        return blocks

    return st.tuples(st.lists(words, min_size=1, max_size=4), st.lists(body, min_size=1, max_size=5)).map(built)


def read_by_eid(data: bytes) -> list[tuple[str, str]]:
    document = read_docx(data, "version.docx")
    return [(next(iter(p.bookmarks), ""), p.after) for p in document.paragraphs]


@SETTINGS
@given(versions(carried_pieces))
def test_each_edition_reads_back_as_the_paragraphs_it_was_written_from_and_no_title_block(blocks):
    model = model_of(blocks)
    for edition in model.editions:
        read = read_by_eid(edition_docx(model, edition.language, final=False))
        assert read == [(p.eid, normalize_space(p.text)) for p in edition.paragraphs]


@SETTINGS
@given(versions(other_pieces), st.data())
def test_sent_back_unchanged_it_asks_nothing_and_one_word_changed_asks_that_word_alone(blocks, data):
    at = data.draw(st.integers(1, len(blocks) - 1), label="paragraph")
    text = blocks[at].text
    blocks[at] = replace(
        blocks[at], text=data.draw(st.sampled_from([f"Nos {PIVOT} {text}", f"{text} {PIVOT} ciudades"]), label="text")
    )
    written = read_back(blocks)
    document = read_docx(edition_docx(model_of(blocks, languages=("es",)), "es", final=False), "version.docx")
    unchanged = proposals(document, blocks, written)
    assert not unchanged.amendments and not unchanged.unplaced

    eid = blocks[at].eid
    want = [(AmendmentKind.MODIFY, eid, blocks[at].text.replace(PIVOT, CHANGED))]
    target = next(p for p in document.paragraphs if eid in p.bookmarks)
    edited = replace(target, after=target.after.replace(PIVOT, CHANGED))
    rewrite = replace(document, paragraphs=tuple(edited if p is target else p for p in document.paragraphs))
    tracked = replace(
        document,
        paragraphs=tuple(
            replace(edited, revisions=(Revision("ins", "Delegación de Ecuador", None),)) if p is target else p
            for p in document.paragraphs
        ),
    )
    for sent in (rewrite, tracked):
        found = proposals(sent, blocks, written)
        assert [(a.kind, a.eid, a.text) for a in found.amendments] == want and not found.unplaced


@SETTINGS
@given(versions(carried_pieces))
def test_operative_paragraphs_and_sub_items_are_numbered_by_word_with_the_labels_accord_prints(blocks):
    model = model_of(blocks)
    for edition in model.editions:
        document = Document(io.BytesIO(edition_docx(model, edition.language, final=False)))
        labels = WordLabels(document)
        marked = {p._p.xpath("string(w:bookmarkStart/@w:name)"): p for p in document.paragraphs}
        for p in edition.paragraphs:
            paragraph = marked[p.eid]
            assert labels.label(paragraph) == (f"{p.number}." if p.number is not None else p.label)
            assert not re.match(r"\s*(\d+[.)]|•)\t", paragraph.text)  # no label typed before the text


def edited_xml(data: bytes, edit) -> bytes:  # type: ignore[no-untyped-def]
    """The file with its document part's XML (bytes) edited by `edit`, as an editor saves it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            body = source.read(entry)
            target.writestr(entry, edit(body) if entry.filename == "word/document.xml" else body)
    return out.getvalue()


def dropped_bookmarks(data: bytes) -> bytes:
    """The file as an editor that drops bookmarks saves it (Word on the web, a copy pasted into a new document)."""
    return edited_xml(data, lambda xml: re.sub(rb"<w:bookmark(Start|End) [^>]*/>", b"", xml))


def replaced(data: bytes, old: str, new: str) -> bytes:
    """The file with a word of its text changed, as an editor that tracks nothing saves it."""
    return edited_xml(data, lambda xml: xml.replace(old.encode(), new.encode()))


def imported(data: bytes, blocks: list[Block]) -> list[Block]:
    """The paragraphs of `data` imported as the next version of the draft `blocks`."""
    command = WordVersion(filename="draft.docx", text="", label="Rev.2", docx=data)
    read = read_version(command, blocks, {b.eid for b in blocks}, read_back_blocks(blocks))
    return [m.block for m in read.matches]


@SETTINGS
@given(versions(other_pieces), st.data())
def test_the_draft_s_file_imported_as_a_version_is_the_draft_and_one_word_changed_changes_that_paragraph_alone(
    blocks, data
):
    at = data.draw(st.integers(1, len(blocks) - 1), label="paragraph")
    blocks[at] = replace(blocks[at], text=f"Nos {PIVOT} {blocks[at].text}")
    body = edition_docx(model_of(blocks, languages=("es",)), "es", final=False)
    assert imported(body, blocks) == blocks  # nothing added, nothing changed: the title block is not read
    edited = replaced(body, PIVOT, CHANGED)
    want = [replace(b, text=b.text.replace(PIVOT, CHANGED)) if i == at else b for i, b in enumerate(blocks)]
    assert imported(edited, blocks) == want


def test_the_draft_s_file_whose_bookmarks_were_dropped_adds_nothing_and_one_word_changed_changes_that_alone():
    blocks = kutahya_blocks()
    body = dropped_bookmarks(edition_docx(model_of(blocks, languages=("es",)), "es", final=False))
    with zipfile.ZipFile(io.BytesIO(body)) as package:
        assert b"<w:bookmarkStart" not in package.read("word/document.xml")
    assert imported(body, blocks) == blocks
    edited = replaced(body, "campañas Race", "iniciativas Race")
    changed = [(b, a) for b, a in zip(blocks, imported(edited, blocks), strict=True) if a != b]
    assert [(b.eid, a.text) for b, a in changed] == [
        ("op_3", next(b.text for b in blocks if b.eid == "op_3").replace("campañas Race", "iniciativas Race"))
    ]
