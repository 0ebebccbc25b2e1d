"""Markdown from anywhere reads as its writer meant (issue 67, item 4): what Kramdown, Pandoc and the converters from
Word write around CommonMark — blocks indented under a list item or under an "**Option 3:**" label, lines ending in
`]:` that define no link, headings whose `#` is followed by a no-break space, Kramdown's `{:toc}` and attribute
lists, footnotes' definitions. Documents are generated from a grammar of these shapes; each one imports (never
refused), keeps every word its writer meant in order and invents none, puts each footnote in the paragraph that
refers to it, and exports to a file that reads back the same."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.declaration.declaration_format import read_declaration, render_declaration
from workspace.domain.declaration.document import Block, Kind, split_definitions
from workspace.domain.markdown import render_inline

WORDS = st.sampled_from(
    ("plan", "shall", "should", "ciudades", "locales", "développement", "résilience", "Agenda", "todas", "guidance")
)
NBSP = "\u00a0"


@dataclass
class Meant:
    """What the writer meant: the words of the text in order, the headings' words, each footnote's words."""

    words: list[str] = field(default_factory=list)
    headings: list[list[str]] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    referred: list[str] = field(default_factory=list)  # the footnotes' labels, as the text refers to them

    def say(self, *words: str) -> str:
        self.words.extend(words)
        return " ".join(words)


def _words(draw, least: int = 1, most: int = 4) -> list[str]:
    return draw(st.lists(WORDS, min_size=least, max_size=most))


def _bracketed(draw, meant: Meant, label: bool) -> str:
    """`[words]`, or `[words]:` as a line that introduces what follows (no link is defined by it)."""
    return f"[{meant.say(*_words(draw, 2, 5))}]" + (":" if label else "")


def _sub_items(draw, meant: Meant, indent: str) -> list[str]:
    """ "(a) …" lines under a line ending in `]:`: two words at least, so that no line reads as a link's address."""
    lines = []
    for letter in "abc"[: draw(st.integers(0, 2))]:
        meant.words.append(letter)
        lines.append(f"{indent}({letter}) {meant.say(*_words(draw, 2, 3))};")
    return lines


def _numbered_block(draw, meant: Meant, indent: str) -> list[str]:
    """Numbered lines indented under a label, as drafts from Word write options: some end in `]:`, some with sub-items
    indented further, tight or with blank lines."""
    lines: list[str] = []
    for n in range(1, draw(st.integers(1, 3)) + 1):
        label = draw(st.booleans())
        lines.append(f"{indent}{n}. {_bracketed(draw, meant, label)}")
        if label and draw(st.booleans()):
            lines += [""] if draw(st.booleans()) else []
            lines += _sub_items(draw, meant, indent + draw(st.sampled_from(("    ", "   ", "        "))))
        if draw(st.booleans()):
            lines.append("")
    return lines


def _option_label(draw, meant: Meant, indent: str) -> list[str]:
    """`**Option 3:**` and a block indented four spaces (or more) under it: right after it, or after a blank line."""
    meant.words.append("Option")
    lines = [f"{indent}**Option {draw(st.integers(1, 4))}:**"]
    lines += [""] if draw(st.booleans()) else []
    return lines + _numbered_block(draw, meant, indent + draw(st.sampled_from(("    ", "     ", "        "))))


@st.composite
def item_with_a_block(draw, meant: Meant) -> list[str]:
    """A list item, numbered or not, and under it, after a blank line, a label and its block or a line ending in `]:`
    — indented to the item's text, or four spaces beyond it."""
    marker = draw(st.sampled_from(("1.", "2.", "-", "*", "10.")))
    lines = [f"{marker} {meant.say(*_words(draw))}", ""]
    indent = " " * (len(marker) + 1 + draw(st.sampled_from((0, 0, 1, 4))))
    if draw(st.booleans()):
        return lines + _option_label(draw, meant, indent)
    return [*lines, f"{indent}{_bracketed(draw, meant, True)}"]


@st.composite
def label_line(draw, meant: Meant) -> list[str]:
    """A line whose bracketed text ends in `]:`, alone, as an item, or followed by its sub-items."""
    lead = draw(st.sampled_from(("", "", "2. ", "- ", "   ")))
    line = [f"{lead}{_bracketed(draw, meant, True)}"]
    return line + _sub_items(draw, meant, " " * len(lead))


@st.composite
def spaced_heading(draw, meant: Meant) -> list[str]:
    """A heading as Kramdown, Pandoc and Word write it: its marks, then a no-break space (or a space); its words or a
    bracketed label ending in `]:`; now and then an anchor or Pandoc's attributes after it, `{:.no_toc}` under it."""
    words = _words(draw)
    meant.headings.append(words)
    text = meant.say(*words)
    text = f"[{text}]:" if draw(st.booleans()) else text
    after = draw(st.sampled_from(("", "", " {#scope-and-purpose}", " {#intro .unnumbered}", " {.unnumbered}", " {-}")))
    heading = f"{'#' * draw(st.integers(1, 3))}{draw(st.sampled_from((NBSP, NBSP, ' ')))}{text}{after}"
    return [heading, *(["{:.no_toc}"] if draw(st.booleans()) else [])]


@st.composite
def table_of_contents(draw, meant: Meant) -> list[str]:
    """Kramdown's table of contents: a list whose words are a placeholder, then `{:toc}`; a heading after it."""
    words = _words(draw)
    meant.headings.append(words)
    return [
        draw(st.sampled_from(("* TOC", "1. Table of contents", "- Contents", "* This line is replaced"))),
        "{:toc}",
        "",
        f"{'#' * draw(st.integers(1, 3))} {meant.say(*words)}",
    ]


@st.composite
def paragraph_with_attributes(draw, meant: Meant) -> list[str]:
    """A paragraph with Kramdown's attributes: on the line under it, on a line of their own, or after a span."""
    words = _words(draw, 2, 4)
    where = draw(st.sampled_from(("under", "alone", "span")))
    if where == "span":
        meant.say(*words)
        return [f"*{words[0]}*{{: .highlight}} " + " ".join(words[1:])]
    text = [meant.say(*words)]
    return [*text, "{: .lead}"] if where == "under" else ["{: #intro .lead}", "", *text]


@st.composite
def paragraph_with_notes(draw, meant: Meant) -> list[str]:
    """A paragraph that refers to a footnote (defined at the end of the document, as Kramdown and Pandoc write them)."""
    label = str(len(meant.notes) + 1) if draw(st.booleans()) else f"n{len(meant.notes) + 1}"
    meant.notes[label] = _words(draw, 1, 4)
    meant.referred.append(label)
    words = _words(draw)
    return [f"{meant.say(*words)}[^{label}] {meant.say(*_words(draw))}"]


@st.composite
def plain_paragraph(draw, meant: Meant) -> list[str]:
    return [meant.say(*_words(draw))]


SHAPES = (
    item_with_a_block,
    label_line,
    spaced_heading,
    table_of_contents,
    paragraph_with_attributes,
    paragraph_with_notes,
    plain_paragraph,
)


@st.composite
def documents(draw) -> tuple[str, Meant]:
    meant = Meant()
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        shape = draw(st.sampled_from(SHAPES))
        lines += [*draw(shape(meant)), ""]
    for label in meant.referred:  # each footnote's definition, its lines continued now and then
        first, *rest = meant.notes[label]
        lines += [f"[^{label}]: {first}", *(["    " + " ".join(rest)] if rest else []), ""]
    return "\n".join(lines), meant


_TAG = re.compile(r"<[^>]+>")


_MARKER = re.compile(r"\[\^[^\]\s]+\]")


def letters(markdown: str) -> list[str]:
    """The words a reader sees of a paragraph's Markdown (numbers aside: a list's number is no word; footnote markers
    aside)."""
    return re.findall(r"[^\W\d_]+", html.unescape(_TAG.sub(" ", render_inline(_MARKER.sub(" ", markdown)))))


def notes_of(text: str) -> dict[str, list[str]]:
    _, definitions = split_definitions(text)
    found = (re.match(r"\[\^([^\]]+)\]: (.*)", line) for line in definitions.split("\n") if line)
    return {m.group(1): m.group(2).split() for m in found if m}


def check(text: str, meant: Meant) -> None:
    assume(meant.words)  # a file of no words is refused as one (tested elsewhere)
    read = read_declaration(text, "draft.md")
    bodies = [split_definitions(b.text)[0] for b in read.blocks]
    assert [w for body in bodies for w in letters(body)] == meant.words
    headings = [letters(body) for b, body in zip(read.blocks, bodies, strict=True) if b.kind == Kind.HEADING]
    assert headings == meant.headings
    for label, words in meant.notes.items():  # in the first paragraph that refers to it
        holder = next(k for k, body in enumerate(bodies) if f"[^{label}]" in body)
        assert notes_of(read.blocks[holder].text).get(label) == words
    assert sum(len(notes_of(b.text)) for b in read.blocks) == len(meant.notes)
    assert not any("{:" in b.text for b in read.blocks)
    blocks = [Block(f"x_{i}", b.kind, b.text, b.depth, b.marker) for i, b in enumerate(read.blocks)]
    again = read_declaration(render_declaration(blocks), "draft.md").blocks
    assert [(b.kind, b.text, b.depth, b.marker, b.eid) for b in again] == [
        (b.kind, b.text, b.depth, b.marker, b.eid) for b in blocks
    ]


OPTION_3 = (
    "4. *Decides* that:\n\n"
    "    **Option 3:**\n\n"
    "    1. [Each Party shall apply corresponding adjustments];\n"
    "    2. [In accounting for ITMOs, taking into account guidance developed under paragraph (a) above]:\n\n"
    "        (a) [Apply a representative indicator];\n"
)


def _meant(words: str, headings: list[list[str]] | None = None, notes: dict[str, list[str]] | None = None) -> Meant:
    return Meant(re.findall(r"[^\W\d_]+", words), headings or [], notes or {})


@settings(max_examples=examples(300), deadline=None)
@given(documents())
@example(
    (
        OPTION_3,
        _meant(
            "Decides that Option Each Party shall apply corresponding adjustments In accounting for ITMOs taking into "
            "account guidance developed under paragraph a above a Apply a representative indicator"
        ),
    )
)
@example(("##\u00a0Preamble\n\n* TOC\n{:toc}\n\nText.\n{: .lead}\n", _meant("Preamble Text", [["Preamble"]])))
@example(("Text[^1].\n\n[^1]: A note.\n", _meant("Text", notes={"1": ["A", "note."]})))
def test_markdown_from_anywhere_reads_as_its_writer_meant(case):
    check(*case)
