"""Any CommonMark document comes in (issue 33): whatever markdown-it reads as CommonMark — lists nested to depth 4,
blank and whitespace-only lines, headings, block quotes, code, footnotes, square brackets as negotiations write them —
imports as paragraphs of the declaration, and exports again to the same paragraphs and the same words. Documents are
generated from a grammar of CommonMark blocks, and the real shapes that were refused are kept as examples."""

from __future__ import annotations

import html
import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.examples import examples
from workspace.domain.declaration.declaration_format import parse_declaration, render_declaration
from workspace.domain.declaration.document import Block

WORDS = st.sampled_from(
    ("plan", "shall", "should", "ciudades", "locales", "développement", "résilience", "Agenda", "2030", "todas")
)
BRACKETED = st.sampled_from(
    ("[shall][should][other]", "[Placeholder for finance]", "[kept [in an] agreed]", "[Option 1]", "[Be measurable;]")
)
INLINE = st.one_of(
    WORDS,
    WORDS.map(lambda w: f"*{w}*"),
    WORDS.map(lambda w: f"**{w}**"),
    BRACKETED,
    st.integers(1, 3).map(lambda n: f"[^{n}]"),
    WORDS.map(lambda w: f"[{w}](https://example.org/{w})"),
)


def _line(draw) -> str:
    return " ".join(draw(st.lists(INLINE, min_size=1, max_size=6)))


@st.composite
def paragraph(draw) -> list[str]:
    return [_line(draw) for _ in range(draw(st.integers(1, 2)))]


@st.composite
def blank(draw) -> list[str]:
    """A blank line: empty, or spaces and tabs only (the same to Markdown)."""
    return [draw(st.sampled_from(("", "", " ", "    ", "\t")))]


@st.composite
def item_list(draw, depth: int) -> list[str]:
    """A list of 1–3 items (numbered from any number, with "." or ")", or bullets), each a paragraph or two (its
    second line now and then a lazy continuation), a fenced code or a list nested in it (to depth 4) and a paragraph
    after it; tight or loose."""
    ordered = draw(st.booleans())
    start, delimiter = draw(st.integers(1, 12)), draw(st.sampled_from(".)"))
    bullet = draw(st.sampled_from("-*+"))
    loose = draw(st.booleans())
    lines: list[str] = []
    for n in range(start, start + draw(st.integers(1, 3))):
        marker = f"{n}{delimiter} " if ordered else f"{bullet} "
        pad = " " * len(marker)
        first, *rest = draw(paragraph())
        lazy = draw(st.booleans())
        lines += [marker + first, *((line if lazy else pad + line) for line in rest)]
        if depth == 0 and ordered and draw(st.booleans()):  # a second paragraph of its own
            lines += [pad + b for b in draw(blank())] + [pad + line for line in draw(paragraph())]
        if draw(st.integers(0, 5)) == 0:  # code in the item
            lines += ["", pad + "```", pad + " ".join(draw(st.lists(WORDS, min_size=1, max_size=3))), pad + "```"]
        if depth < 3 and draw(st.booleans()):
            nested = draw(item_list(depth + 1))
            lines += [pad + line if line.strip() else line for line in nested]
            if draw(st.booleans()):  # a paragraph of the item after its nested list
                lines += draw(blank()) + [pad + line for line in draw(paragraph())]
        lines += draw(blank()) if loose else []
    return lines


@st.composite
def block(draw) -> list[str]:
    kind = draw(st.sampled_from(("paragraph", "heading", "setext", "quote", "code", "list", "list", "option")))
    if kind == "heading":
        return ["#" * draw(st.integers(1, 3)) + " " + " ".join(draw(st.lists(WORDS, min_size=1, max_size=4)))]
    if kind == "setext":
        return [" ".join(draw(st.lists(WORDS, min_size=1, max_size=4))), draw(st.sampled_from(("===", "---")))]
    if kind == "quote":
        inner = draw(st.one_of(paragraph(), item_list(2)))
        return [("> " + line) if line.strip() else ">" for line in inner]
    if kind == "code":
        return ["```", " ".join(draw(st.lists(WORDS, min_size=1, max_size=4))) + " [x]", "```"]
    if kind == "list":
        return draw(item_list(0))
    if kind == "option":  # whole alternative paragraphs, as negotiated drafts write them
        n = draw(st.integers(1, 3))
        return [f"**Option {n}:** " + _line(draw)]
    return draw(paragraph())


@st.composite
def document(draw) -> str:
    lines: list[str] = []
    for part in draw(st.lists(block(), min_size=1, max_size=6)):
        lines += part + draw(blank()) + [""]
    for n in range(1, 4):  # the footnotes the text refers to
        lines += [f"[^{n}]: " + " ".join(draw(st.lists(WORDS, min_size=1, max_size=3))), ""]
    return "\n".join(lines)


_MD = MarkdownIt("commonmark")
_TAG = re.compile(r"<[^>]+>")
_ATTRIBUTE = re.compile(r"[ \t]*\{#[^}\s]+\}")
_NOTE_LINE = re.compile(r"^[ \t]*\[\^[^\]\s]+\]:.*$", re.MULTILINE)


def words_of(markdown: str) -> tuple[list[str], list[str]]:
    """The words a CommonMark reader shows of a document (eId attributes aside, list numbers aside), and apart from
    them the words of its footnotes (a footnote's definition goes with the paragraph that refers to it)."""
    notes = sorted(re.findall(r"\w+", " ".join(_NOTE_LINE.findall(_ATTRIBUTE.sub("", markdown)))))
    shown = html.unescape(_TAG.sub(" ", _MD.render(_NOTE_LINE.sub("", _ATTRIBUTE.sub("", markdown)))))
    return re.findall(r"\w+", shown), notes


def shape(blocks) -> list[tuple[object, ...]]:
    return [(b.kind, b.text, b.depth, b.marker) for b in blocks]


A_WHITESPACE_LINE = "1. **Label**\n\n    Para one.\n    \n    Para two.\n"
AFTER_A_NESTED_LIST = (
    "3. **Scope**[^2]\n    1. [Be measurable;]\n\n    [Each member's *plan* [shall][should][other]:\n\n[^2]: A note.\n"
)


@settings(max_examples=examples(300), deadline=None)
@given(document())
@example(A_WHITESPACE_LINE)
@example(AFTER_A_NESTED_LIST)
def test_any_commonmark_document_imports_and_exports_to_the_same_paragraphs_and_words(text):
    _, imported = parse_declaration(text, "draft.md")
    blocks = [Block(f"x_{i}", b.kind, b.text, b.depth, b.marker) for i, b in enumerate(imported)]
    exported = render_declaration(blocks)
    _, again = parse_declaration(exported, "draft.md")
    assert shape(again) == shape(blocks)
    assert [b.eid for b in again] == [b.eid for b in blocks]
    assert words_of(exported) == words_of(text)


def test_a_bracketed_negotiation_text_comes_in_whole_and_goes_out_the_same():
    """A text as negotiations write it (nested and adjacent brackets, placeholders, option blocks, a paragraph after a
    nested list, a whitespace-only line in an item, footnotes): every paragraph comes in, and back the same."""
    text = (Path(__file__).parents[2] / "fixtures" / "negotiation" / "bracketed-draft.md").read_text(encoding="utf-8")
    meta, imported = parse_declaration(text, "bracketed-draft.md")
    assert meta == {"label": "Bracketed text"} and len(imported) == 16  # its paragraph of two footnotes in theirs
    assert [b.text.split(" ", 1)[0] for b in imported if b.depth == 1 and not b.marker] == [
        "[Each",
        "**Option",
        "**Option",
    ]  # the paragraphs after nested lists, each one of its own
    blocks = [Block(f"x_{i}", b.kind, b.text, b.depth, b.marker) for i, b in enumerate(imported)]
    exported = render_declaration(blocks)
    assert shape(parse_declaration(exported, "again.md")[1]) == shape(blocks)
    assert words_of(exported) == words_of(text.split("---\n", 2)[2])
