"""Property: every declaration Accord accepts comes back from its file exactly (render → parse → render).

The texts are generated with what real drafts and hostile files hold: Markdown markers at the start
of a line, underlines, fences, link reference definitions, empty lines, accents, combining marks,
right-to-left text. A text the file could not carry must have been refused at input (`check_text`).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.declaration.declaration_format import check_text, parse_declaration, render_declaration
from workspace.domain.declaration.document import Block, Kind
from workspace.domain.errors import InvalidInput
from workspace.domain.values import clean_text

WORDS = [
    "ciudades",
    "intermedias",
    "Kütahya",
    "résilience",
    "e\u0301galité",
    "مدن",
    "2030",
    "“clave”",
    "[informe][src]",
    "*énfasis*",
    "`código`",
    "{#op_3}",
    "\\",
    "#",
    "|",
    "<b>",
    "&amp;",
    "—",
]
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
    "   ",
    "```",
    "~~~",
    "===",
    "---",
    "***",
    "[src]: https://example.org/x",
    "{#pre_9}",
    "| a | b |",
    "<div>",
    "1986. ",
]
line = st.tuples(st.sampled_from(STARTS), st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join)).map("".join)
text = st.lists(st.one_of(line, st.just("")), min_size=1, max_size=5).map("\n".join).map(lambda t: t.strip())


def as_accepted(kind: Kind, value: str) -> str | None:
    """The text as Accord stores it (as every way in cleans it), or None if it is refused."""
    try:
        value = clean_text(value).strip()
        if not value:
            return None
        check_text(kind, value)
    except InvalidInput:
        return None
    return value


def _blocks(items: list[tuple[Kind, str]]) -> list[Block]:
    kept = [(kind, as_accepted(kind, value)) for kind, value in items]
    return [Block(f"x_{i}", kind, value) for i, (kind, value) in enumerate(kept) if value is not None]


declarations = st.lists(st.tuples(st.sampled_from(list(Kind)), text), min_size=1, max_size=8).map(_blocks).filter(bool)


@settings(
    max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)
@given(declarations)
def test_every_accepted_declaration_comes_back_from_its_file_byte_for_byte(blocks):
    rendered = render_declaration(blocks)
    _, parsed = parse_declaration(rendered, "x.md")
    assert [(b.eid, b.kind, b.text) for b in parsed] == [(b.eid, b.kind, b.text) for b in blocks]
    assert render_declaration([Block(b.eid or "", b.kind, b.text) for b in parsed]) == rendered


@settings(max_examples=examples(200), deadline=None)
@given(st.sampled_from([Kind.PREAMBULAR, Kind.HEADING]), st.lists(line, min_size=2, max_size=3))
def test_a_preambular_or_heading_text_with_an_empty_line_is_refused_unless_only_definitions_follow(kind, parts):
    value = "\n\n".join(p.strip() or "x" for p in parts)
    value = as_accepted(kind, value)
    if value is not None:  # what is accepted comes back whole, as one paragraph of its kind
        _, parsed = parse_declaration(render_declaration([Block("x_1", kind, value)]), "x.md")
        assert [(b.kind, b.text) for b in parsed] == [(kind, value)]
