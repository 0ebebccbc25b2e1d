"""Any CommonMark file reads as a declaration: nested lists, foreign front matter, what is set aside.

Nested list items are paragraphs of their own, with their depth and marker, so that the file Accord
writes gives back the same lists; front matter fields that are not Accord's are set aside with a
notice; images, HTML, code and rules are named with their line, and no word is lost.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.declaration.declaration_format import check_text, read_declaration, render_declaration
from workspace.domain.declaration.document import Block, Kind, check_structure, numbering, sibling_place
from workspace.domain.errors import ImportFailed, InvalidInput
from workspace.domain.transfer.draft_format import read_version_header
from workspace.domain.words import words

DRAFTS = sorted((Path(__file__).parents[2] / "fixtures" / "negotiation").glob("0*.md"))

NESTED = """1. We decide to: {#op_1}
    - (a) strengthen the multilateral system;
    - (b) [Option 1: ensure] [Option 2: promote] financing,
      including through:
        1. concessional finance;
        2. debt relief.

   We will review progress in 2028.

2. We request a report.
"""


def shape(blocks):
    return [(b.kind, b.depth, b.marker, b.text) for b in blocks]


def test_each_item_of_a_nested_list_is_a_paragraph_with_its_depth_and_marker():
    read = read_declaration(NESTED, "rev.md")
    assert shape(read.blocks) == [
        (Kind.OPERATIVE, 0, "", "We decide to:"),
        (Kind.OPERATIVE, 1, "-", "(a) strengthen the multilateral system;"),
        (Kind.OPERATIVE, 1, "-", "(b) [Option 1: ensure] [Option 2: promote] financing,\nincluding through:"),
        (Kind.OPERATIVE, 2, "1.", "concessional finance;"),
        (Kind.OPERATIVE, 2, "2.", "debt relief."),
        (Kind.OPERATIVE, 1, "", "We will review progress in 2028."),
        (Kind.OPERATIVE, 0, "", "We request a report."),
    ]
    assert [b.line for b in read.blocks] == [1, 2, 3, 5, 6, 8, 10]
    assert read.blocks[0].eid == "op_1"
    # Only the top-level operative paragraphs are numbered; sub-items follow the eId, not a number.
    blocks = [Block(f"op_{i}", b.kind, b.text, b.depth, b.marker) for i, b in enumerate(read.blocks, 1)]
    assert numbering(blocks) == {"op_1": 1, "op_7": 2}


def test_the_file_accord_writes_gives_back_the_same_lists():
    read = read_declaration(NESTED, "rev.md")
    blocks = [Block(b.eid or f"op_{i}", b.kind, b.text, b.depth, b.marker) for i, b in enumerate(read.blocks, 1)]
    written = render_declaration(blocks)
    again = read_declaration(written, "export.md")
    assert [(b.eid, *s) for b, s in zip(again.blocks, shape(again.blocks), strict=True)] == [
        (b.eid, *s) for b, s in zip(blocks, shape(blocks), strict=True)
    ]
    assert render_declaration([Block(b.eid or "", b.kind, b.text, b.depth, b.marker) for b in again.blocks]) == written
    assert "   - (a) strengthen" in written and "     1. concessional finance;" in written


@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: p.name)
def test_five_successive_real_style_drafts_read_without_losing_a_word(path):
    text = path.read_text(encoding="utf-8")
    read = read_declaration(text, path.name)
    header, notices = read_version_header(read.meta, text, path.name)
    assert header.label == read.meta["title"]  # no label of Accord's: the title names the version
    aside = {n.params.get("key") for n in notices if "key" in n.params}
    assert {"layout", "permalink", "tags", "lang"} <= aside
    # Every word of the body is in a paragraph (bar the ones of an HTML comment, kept as text too).
    body = re.sub(
        r"(?m)^[ \t]*(?:\d{1,9}[.)]|[-*+])[ \t]", "", text.split("---", 2)[2]
    )  # the list markers are not words
    assert sorted(words(body)) == sorted(w for b in read.blocks for w in words(b.text))
    assert any(b.depth for b in read.blocks)


def test_the_notices_name_what_is_set_aside_or_read_as_text_with_its_line():
    text = DRAFTS[-1].read_text(encoding="utf-8")
    read = read_declaration(text, "final.md")
    header, notices = read_version_header(read.meta, text, "final.md")
    found = {(n.line, n.message.split(" ")[1]) for n in read.notices}
    assert (10, "image") in found and (26, "thematic") in found
    assert header.date is None and any("YYYY-MM-DD" in n.message and n.line == 4 for n in notices)
    html = read_declaration(DRAFTS[2].read_text(encoding="utf-8"), "rev2.md")
    assert [n.line for n in html.notices if n.message.startswith("HTML")] == [10]


def test_a_code_block_is_read_as_text_and_an_empty_item_left_out():
    read = read_declaration("Intro.\n\n    - indented by four: code\n    *not emphasis*\n\n- \n- Item.\n", "x.md")
    assert [(b.kind, b.depth, b.text) for b in read.blocks] == [
        (Kind.PREAMBULAR, 0, "Intro."),
        (Kind.PREAMBULAR, 0, "\\- indented by four: code\n\\*not emphasis\\*"),
        (Kind.PREAMBULAR, 0, "Item."),
    ]
    assert [n.line for n in read.notices] == [3, 6]


def test_headings_keep_their_level():
    read = read_declaration("# Part\n\n## Chapter\n\nText.\n\nSection\n-------\n", "x.md")
    assert [(b.kind, b.marker, b.text) for b in read.blocks] == [
        (Kind.HEADING, "", "Part"),
        (Kind.HEADING, "##", "Chapter"),
        (Kind.PREAMBULAR, "", "Text."),
        (Kind.HEADING, "##", "Section"),
    ]
    written = render_declaration(
        [Block(f"x_{i}", b.kind, b.text, b.depth, b.marker) for i, b in enumerate(read.blocks)]
    )
    assert written.startswith("# Part {#x_0}\n\n## Chapter {#x_1}")


def test_an_item_holding_only_a_list_is_refused_with_its_line():
    with pytest.raises(ImportFailed) as caught:
        read_declaration("Intro.\n\n1. - (a) only a sub-item\n", "x.md")
    assert caught.value.line == 3


@pytest.mark.parametrize(
    ("blocks", "eid"),
    [
        (
            [Block("pre_1", Kind.PREAMBULAR, "a"), Block("pre_2", Kind.PREAMBULAR, "b", 1, "-")],
            "pre_2",
        ),  # a plain paragraph has no items
        (
            [Block("op_1", Kind.OPERATIVE, "a"), Block("op_2", Kind.OPERATIVE, "b", 2, "-")],
            "op_2",
        ),  # two levels down at once
        (
            [Block("op_1", Kind.OPERATIVE, "a"), Block("pre_1", Kind.PREAMBULAR, "b", 1, "-")],
            "pre_1",
        ),  # not of its item's kind
        (
            [Block("op_1", Kind.OPERATIVE, "a"), Block("op_2", Kind.OPERATIVE, "b", 1, "")],
            "op_2",
        ),  # would be part of op_1
    ],
)
def test_a_structure_the_file_cannot_write_is_refused_naming_the_paragraph(blocks, eid):
    with pytest.raises(InvalidInput) as caught:
        check_structure(blocks)
    assert caught.value.params["eid"] == eid


@pytest.mark.parametrize(
    ("kind", "depth", "marker"),
    [
        (Kind.HEADING, 1, "-"),
        (Kind.HEADING, 0, "-"),
        (Kind.OPERATIVE, 0, "-"),
        (Kind.OPERATIVE, 0, "3."),
        (Kind.PREAMBULAR, 0, "(a)"),
        (Kind.PREAMBULAR, 9, "-"),
    ],
)
def test_a_place_the_file_cannot_write_is_refused(kind, depth, marker):
    with pytest.raises(InvalidInput):
        check_text(kind, "Text.", depth, marker)


def test_a_sub_item_holds_no_empty_line_but_a_top_level_operative_paragraph_may():
    check_text(Kind.OPERATIVE, "One.\n\nTwo.", 0, "")
    with pytest.raises(InvalidInput):
        check_text(Kind.OPERATIVE, "One.\n\nTwo.", 1, "-")


def test_a_new_paragraph_beside_a_sub_item_is_a_sub_item_of_the_same_list():
    assert sibling_place(Block("op_2", Kind.OPERATIVE, "x", 1, "2)"), Kind.PREAMBULAR) == (Kind.OPERATIVE, 1, "3)")
    assert sibling_place(Block("op_2", Kind.OPERATIVE, "x", 2, "-"), Kind.OPERATIVE) == (Kind.OPERATIVE, 2, "-")
    assert sibling_place(Block("pre_2", Kind.PREAMBULAR, "x", 0, "*"), Kind.PREAMBULAR) == (Kind.PREAMBULAR, 0, "*")
    assert sibling_place(Block("op_2", Kind.OPERATIVE, "x", 0, ")"), Kind.PREAMBULAR) == (Kind.PREAMBULAR, 0, "")


# Property: any structure the file can write comes back from its file, byte for byte.

WORDS = [
    "ciudades",
    "intermedias",
    "Kütahya",
    "e\u0301galité",
    "مدن",
    "2030",
    "[Option 1: x]",
    "*énfasis*",
    "(a)",
    "(ii)",
    "—",
    "- x",
    "1. x",
    "# x",
    "> x",
    "{#op_3}",
    "`code`",
    "<b>",
]
line = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
# As every way in stores it: NFC (an NFD "é" is stored composed), and one line or a few.
text = st.lists(line, min_size=1, max_size=3).map("\n".join).map(lambda t: unicodedata.normalize("NFC", t))


def accepted(kind: Kind, value: str, depth: int, marker: str) -> str:
    """The text if Accord takes it for this place (as every way in checks it), else a plain one."""
    try:
        check_text(kind, value, depth, marker)
    except InvalidInput:
        return "Plain text."
    return value


BULLETS = ["-", "*", "+"]


@st.composite
def structures(draw):
    """Valid declarations: top-level paragraphs, then sub-items under list items, as deep as three."""
    blocks: list[Block] = []
    items: list[Block] = []  # the item open at each depth
    for n in range(draw(st.integers(1, 12))):
        depth = draw(st.integers(0, min(len(items), 3)))
        del items[depth:]
        if depth == 0:
            kind = draw(st.sampled_from(list(Kind)))
            marker = {
                Kind.HEADING: draw(st.sampled_from(["", "##", "###"])),
                Kind.OPERATIVE: draw(st.sampled_from(["", ")"])),
                Kind.PREAMBULAR: draw(st.sampled_from(["", *BULLETS])),
            }[kind]
        else:
            kind = items[0].kind
            previous = blocks[-1]
            continuing = not (previous is items[-1] and previous.numbered)
            choices = [*BULLETS, "1.", "1)", *([""] if continuing else [])]
            marker = draw(st.sampled_from(choices))
        block = Block(f"x_{n}", kind, accepted(kind, draw(text), depth, marker), depth, marker)
        blocks.append(block)
        if block.numbered or (kind != Kind.HEADING and marker):
            items.append(block)
    return blocks


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures())
def test_every_nested_structure_comes_back_from_its_file(blocks):
    check_structure(blocks)
    written = render_declaration(blocks)
    parsed = read_declaration(written, "x.md").blocks
    again = [Block(b.eid or "", b.kind, b.text, b.depth, b.marker) for b in parsed]
    assert [(b.eid, b.kind, b.text, b.depth) for b in again] == [(b.eid, b.kind, b.text, b.depth) for b in blocks]
    assert render_declaration(again) == written  # numbers of nested lists as the file counts them


# Property: a hostile or odd file is read, or refused naming a line of it; never anything else.

STARTS = [
    "",
    "",
    "",
    "1. ",
    "2) ",
    "- ",
    "* ",
    "+ ",
    "# ",
    "## ",
    "> ",
    "    ",
    "  ",
    "   ",
    "\t",
    "```",
    "~~~",
    "===",
    "---",
    "***",
    "[src]: https://example.org/x",
    "| a | b |",
    "<div>",
    "<!-- c -->",
    "1986. ",
    "  - ",
    "    - ",
    "     1. ",
    "\t- ",
    "- - ",
    "1. - ",
]
odd_line = st.tuples(st.sampled_from(STARTS), st.lists(st.sampled_from(WORDS[:11]), max_size=4).map(" ".join)).map(
    "".join
)


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(st.one_of(odd_line, st.just("")), min_size=1, max_size=14).map("\n".join))
def test_any_file_is_read_or_refused_with_one_of_its_lines(text):
    try:
        read = read_declaration(text, "odd.md")
    except ImportFailed as exc:
        assert 1 <= exc.line <= text.count("\n") + 1
        return
    for block in read.blocks:
        check_text(block.kind, block.text, block.depth, block.marker)  # what is read, the draft accepts
    assert all(1 <= n.line <= text.count("\n") + 1 for n in read.notices)
