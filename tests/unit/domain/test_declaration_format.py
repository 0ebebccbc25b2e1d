"""The declaration file format and the matching of unlabeled paragraphs (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workspace.domain.declaration_format import match_paragraphs, parse_declaration, render_declaration
from workspace.domain.document import Block, Kind, next_eid, numbering, revision_id
from workspace.domain.errors import ImportFailed

DRAFT = """---
label: "Rev.1"
---
# Preámbulo

{#pre_1}
Reconociendo que las ciudades intermedias
son polos de intermediación,

1. Nos comprometemos a fortalecer la gobernanza multinivel. {#op_1}
2. Pedimos a los gobiernos nacionales apoyar
   la financiación local.
- Recordando la Nueva Agenda Urbana.
"""


def test_blocks_become_paragraphs_of_the_right_kind_with_their_eids_and_lines():
    meta, blocks = parse_declaration(DRAFT, "rev1.md")
    assert meta == {"label": "Rev.1"}
    assert [(b.eid, b.kind, b.line) for b in blocks] == [
        (None, Kind.HEADING, 4), ("pre_1", Kind.PREAMBULAR, 7), ("op_1", Kind.OPERATIVE, 10),
        (None, Kind.OPERATIVE, 11), (None, Kind.PREAMBULAR, 13),
    ]
    assert blocks[3].text == "Pedimos a los gobiernos nacionales apoyar\nla financiación local."


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Uno {#op_1}\n\nDos {#op_1}\n", 3),
        ("Uno {#Op_1}\n", 1),
        ("---\ntitle: [\n---\nUno\n", 2),
    ],
)
def test_a_malformed_file_names_the_line(text, line):
    with pytest.raises(ImportFailed) as caught:
        parse_declaration(text, "bad.md")
    assert caught.value.file == "bad.md" and caught.value.line == line


def test_unlabeled_paragraphs_follow_their_previous_paragraph():
    previous = [
        Block("hdg_1", Kind.HEADING, "Preámbulo"),
        Block("op_1", Kind.OPERATIVE, "Nos comprometemos a fortalecer la gobernanza multinivel."),
        Block("op_2", Kind.OPERATIVE, "Pedimos a los gobiernos nacionales apoyar la financiación local y regional."),
        Block("op_3", Kind.OPERATIVE, "Un párrafo que desaparece por completo del texto."),
    ]
    _, blocks = parse_declaration(
        "# Preámbulo\n\n1. Pedimos a los gobiernos nacionales apoyar la financiación local.\n"
        "2. Nos comprometemos a fortalecer la gobernanza multinivel.\n3. Algo totalmente nuevo.\n",
        "rev.md",
    )
    matches = match_paragraphs(previous, blocks, {"hdg_1", "op_1", "op_2", "op_3", "op_4"})
    assert [(m.block.eid, m.how) for m in matches] == [
        ("hdg_1", "identical"), ("op_2", "similar"), ("op_1", "identical"), ("op_5", "new"),
    ]
    assert 0.5 <= matches[1].score < 1


def test_eids_are_never_reused_and_numbering_follows_order():
    assert next_eid(Kind.OPERATIVE, ["op_1", "op_7", "pre_9"]) == "op_8"
    assert next_eid(Kind.HEADING, []) == "hdg_1"
    doc = [Block("pre_1", Kind.PREAMBULAR, "a"), Block("op_9", Kind.OPERATIVE, "b"), Block("op_2", Kind.OPERATIVE, "c")]
    assert numbering(doc) == {"op_9": 1, "op_2": 2}
    assert revision_id("a") == revision_id("a") != revision_id("b")


word = st.sampled_from(["ciudades", "intermedias", "Kütahya", "résilience", "gobernanza", "local", "“clave”", "2030"])
text = st.lists(word, min_size=1, max_size=8).map(" ".join)
kinds = st.sampled_from(list(Kind))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(kinds, st.lists(text, min_size=1, max_size=3).map("\n".join)), max_size=10))
def test_render_then_parse_gives_the_same_paragraphs(items):
    blocks = [Block(f"{k.value[:3]}_{i + 1}", k, t if k != Kind.HEADING else t.replace("\n", " ")) for i, (k, t) in enumerate(items)]
    _, parsed = parse_declaration(render_declaration(blocks), "x.md")
    assert [(b.eid, b.kind, b.text) for b in parsed] == [(b.eid, b.kind, b.text) for b in blocks]
