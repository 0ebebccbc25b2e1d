"""The declaration file format and the matching of unlabeled paragraphs (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.declaration.declaration_format import (
    MAX_PARAGRAPHS,
    check_text,
    match_paragraphs,
    parse_declaration,
    read_declaration,
    render_declaration,
)
from workspace.domain.declaration.document import Block, Kind, next_eid, numbering, revision_id
from workspace.domain.diffing import similarity
from workspace.domain.errors import ImportFailed, InvalidInput

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
        (None, Kind.HEADING, 4),
        ("pre_1", Kind.PREAMBULAR, 7),
        ("op_1", Kind.OPERATIVE, 10),
        (None, Kind.OPERATIVE, 11),
        (None, Kind.PREAMBULAR, 13),
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
        ("hdg_1", "identical"),
        ("op_2", "similar"),
        ("op_1", "identical"),
        ("op_5", "new"),
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


@settings(max_examples=examples(80), deadline=None)
@given(st.lists(st.tuples(kinds, st.lists(text, min_size=1, max_size=3).map("\n".join)), min_size=1, max_size=10))
def test_render_then_parse_gives_the_same_paragraphs(items):
    blocks = [
        Block(f"{k.value[:3]}_{i + 1}", k, t if k != Kind.HEADING else t.replace("\n", " "))
        for i, (k, t) in enumerate(items)
    ]
    _, parsed = parse_declaration(render_declaration(blocks), "x.md")
    assert [(b.eid, b.kind, b.text) for b in parsed] == [(b.eid, b.kind, b.text) for b in blocks]


def test_similarity_counts_words_not_markup_punctuation_or_case():
    assert similarity("Article 2bis *(general)*", "Article 12") < 0.5
    assert similarity("La **ciudad** intermedia.", "la ciudad intermedia") == 1.0
    assert similarity("résilience", "re\u0301silience") == 1.0
    assert similarity("—", "") == 1.0  # no word on either side


def test_paragraphs_sharing_only_markup_and_punctuation_are_not_paired():
    previous = [Block("op_1", Kind.OPERATIVE, "Article 2bis *(general)*")]
    _, blocks = parse_declaration("1. Article 12\n", "x.md")
    assert [(m.block.eid, m.how) for m in match_paragraphs(previous, blocks, {"op_1"})] == [("op_2", "new")]


ARTICLE_3 = "Everyone has the right to life, liberty and security of person."
GROWN = (
    ARTICLE_3 + " No one shall be deprived of life except by a judgement of a competent court, after a fair and public"
    " hearing. The State shall protect the physical and moral integrity of every person within its jurisdiction."
)
AROUND = [
    Block("op_1", Kind.OPERATIVE, "All human beings are born free and equal in dignity and rights."),
    Block("op_3", Kind.OPERATIVE, "No one shall be held in slavery or servitude."),
]


def article_file(middle: str, *extra: str) -> list:
    items = [AROUND[0].text, middle, *extra, AROUND[1].text]
    return parse_declaration("".join(f"{i + 1}. {text}\n" for i, text in enumerate(items)), "decree.md")[1]


def test_a_paragraph_left_alone_between_the_same_neighbours_keeps_its_eid_however_much_it_grew():
    previous = [AROUND[0], Block("op_2", Kind.OPERATIVE, ARTICLE_3), AROUND[1]]
    assert similarity(ARTICLE_3, GROWN) < 0.5
    matches = match_paragraphs(previous, article_file(GROWN), {"op_1", "op_2", "op_3"})
    assert [(m.block.eid, m.how) for m in matches] == [
        ("op_1", "identical"),
        ("op_2", "neighbours"),
        ("op_3", "identical"),
    ]
    assert matches[1].block.text == GROWN and matches[1].score == pytest.approx(similarity(ARTICLE_3, GROWN))


def test_the_neighbours_do_not_decide_when_the_gap_is_not_one_paragraph_for_one():
    eids = {"op_1", "op_2", "op_3", "op_4"}
    two_before = [
        AROUND[0],
        Block("op_2", Kind.OPERATIVE, ARTICLE_3),
        Block("op_4", Kind.OPERATIVE, "Otro artículo."),
        AROUND[1],
    ]
    assert [m.how for m in match_paragraphs(two_before, article_file(GROWN), eids)] == ["identical", "new", "identical"]
    one_before = [AROUND[0], Block("op_2", Kind.OPERATIVE, ARTICLE_3), AROUND[1]]
    two_after = match_paragraphs(one_before, article_file(GROWN, "Un artículo nuevo."), eids)
    assert [m.how for m in two_after] == ["identical", "new", "new", "identical"]
    heading = [AROUND[0], Block("hdg_1", Kind.HEADING, ARTICLE_3), AROUND[1]]
    assert [m.how for m in match_paragraphs(heading, article_file(GROWN), eids | {"hdg_1"})] == [
        "identical",
        "new",
        "identical",
    ]


def test_a_file_of_more_paragraphs_than_the_cap_is_refused_at_the_first_one_beyond():
    heading = "---\nlabel: Rev.9\n---\n# Preámbulo\n\n"
    items = "".join(f"{i}. Párrafo número {i}.\n" for i in range(1, MAX_PARAGRAPHS))
    _, blocks = parse_declaration(heading + items, "largo.md")
    assert len(blocks) == MAX_PARAGRAPHS
    with pytest.raises(ImportFailed) as caught:
        parse_declaration(heading + items + "\nUno de más.\n\nY otro.\n", "largo.md")
    assert (caught.value.file, caught.value.line) == ("largo.md", 4 + 1 + MAX_PARAGRAPHS + 1)  # after a blank line
    assert str(MAX_PARAGRAPHS) in caught.value.render()


def test_the_most_similar_pair_is_matched_first_whatever_the_order():
    previous = [Block("op_1", Kind.OPERATIVE, "Apoyamos la financiación local de las ciudades intermedias.")]
    _, blocks = parse_declaration(
        "1. Apoyamos la financiación local.\n2. Apoyamos la financiación local de las ciudades intermedias y "
        "regiones.\n",
        "x.md",
    )
    assert [(m.block.eid, m.how) for m in match_paragraphs(previous, blocks, {"op_1"})] == [
        ("op_2", "new"),
        ("op_1", "similar"),
    ]


def test_a_revised_paragraph_is_found_among_many_that_share_their_common_words():
    common = "de la y los en que"
    texts = [f"Párrafo {n} {common} sobre el tema t{n}a, t{n}b y t{n}c." for n in range(300)]
    previous = [Block(f"op_{n}", Kind.OPERATIVE, text) for n, text in enumerate(texts)]
    revised = [*texts[:150], texts[150].replace("sobre el tema", "acerca del asunto"), *texts[151:]]
    _, blocks = parse_declaration("\n\n".join(revised) + "\n", "x.md")
    matches = match_paragraphs(previous, blocks, {p.eid for p in previous})
    assert [m.block.eid for m in matches] == [p.eid for p in previous]
    assert [m.how for m in matches].count("similar") == 1 and matches[150].how == "similar"


# --- real files: what CommonMark allows is read, what cannot be read is refused with its line ------


@pytest.mark.parametrize("underline", ["=======", "-------", "==="])
def test_an_underlined_heading_is_a_heading(underline):
    _, blocks = parse_declaration(f"Preámbulo {{#hdg_1}}\n{underline}\n\nTexto.\n", "a.md")
    assert [(b.eid, b.kind, b.text, b.line) for b in blocks] == [
        ("hdg_1", Kind.HEADING, "Preámbulo", 1),
        (None, Kind.PREAMBULAR, "Texto.", 4),
    ]


def test_an_underlined_heading_over_two_lines_is_one_line():
    _, blocks = parse_declaration("{#hdg_2}\nPrimera parte\ny segunda\n===\n", "a.md")
    assert [(b.eid, b.kind, b.text) for b in blocks] == [("hdg_2", Kind.HEADING, "Primera parte y segunda")]


@pytest.mark.parametrize("text", ["---\nlabel: Rev.1\n\nTexto.\n", "\ufeff---\nlabel: x\nTexto\n"])
def test_an_unclosed_front_matter_is_a_rule_named_at_the_first_line(text):
    # CommonMark reads the first "---" as a thematic break: the file imports, and the notice says why
    # what looked like front matter became paragraphs.
    read = read_declaration(text, "rev1.md")
    assert read.meta == {} and read.blocks[0].text.startswith("label:")
    assert [(n.line, "no front matter" in n.message or "closes it" in n.message) for n in read.notices] == [(1, True)]


def test_a_lone_rule_holds_no_paragraph():
    with pytest.raises(ImportFailed) as caught:
        parse_declaration("---\n", "rev1.md")
    assert (caught.value.file, caught.value.line) == ("rev1.md", 1)


def test_link_reference_definitions_are_kept_with_the_paragraph_before_them():
    text = (
        'Ver el [informe][src].\n\n[src]: https://example.org/informe "Informe"\n[otro]: /x\n\n'
        "1. Seguir la [Agenda][nua]. {#op_1}\n\n   [nua]: https://habitat3.org\n\n[fin]: https://example.org/fin\n"
    )
    _, blocks = parse_declaration(text, "a.md")
    assert [b.text for b in blocks] == [
        'Ver el [informe][src].\n\n[src]: https://example.org/informe "Informe"\n[otro]: /x',
        "Seguir la [Agenda][nua].\n\n[nua]: https://habitat3.org\n[fin]: https://example.org/fin",
    ]
    assert blocks[1].eid == "op_1"
    again = [Block(f"x_{i}", b.kind, b.text) for i, b in enumerate(blocks)]
    rendered = render_declaration(again)
    _, back = parse_declaration(rendered, "a.md")
    assert [(b.eid, b.kind, b.text) for b in back] == [(b.eid, b.kind, b.text) for b in again]
    assert render_declaration([Block(b.eid or "", b.kind, b.text) for b in back]) == rendered


def test_definitions_before_the_first_paragraph_go_with_it():
    _, blocks = parse_declaration("[a]: https://example.org\n\n# Título [a]\n", "a.md")
    assert [(b.kind, b.text) for b in blocks] == [(Kind.HEADING, "Título [a]\n\n[a]: https://example.org")]


@pytest.mark.parametrize("text", ["", "\n\n", "---\nlabel: Rev.1\n---\n", "[a]: https://example.org\n"])
def test_a_file_without_paragraph_is_refused_naming_the_file_and_a_line(text):
    with pytest.raises(ImportFailed) as caught:
        parse_declaration(text, "rev1.md")
    assert caught.value.message == "The file holds no paragraph."
    assert caught.value.render().startswith(f"rev1.md:{caught.value.line}: ") and caught.value.line >= 1


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Uno\x00 dos.\n", 1),
        ("Uno.\n\nDos\x01.\n", 3),
        ("---\nlabel: \x07\n---\nUno.\n", 2),
        ("Uno.\r\n\r\n1. Dos\x1b.\r\n", 3),
        ("Uno.\n\nDos\x85.\n", 3),
        ("# T\n\n- a\n- b\x7f\n", 4),
    ],
)
def test_a_control_character_is_refused_with_its_line(text, line):
    with pytest.raises(ImportFailed) as caught:
        parse_declaration(text, "rev1.md")
    assert (caught.value.file, caught.value.line) == ("rev1.md", line)
    assert "control character" in caught.value.message


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (Kind.PREAMBULAR, "Ver el [informe][src].\n\n[src]: https://example.org"),
        (Kind.HEADING, "Título [a]\n\n[a]: https://example.org"),
        (Kind.OPERATIVE, "Uno.\n\nDos [a].\n\n[a]: /x"),
    ],
)
def test_a_text_ending_with_definitions_is_accepted(kind, text):
    check_text(kind, text)


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (Kind.PREAMBULAR, "Uno.\n\nDos."),
        (Kind.HEADING, "Uno\ndos"),
        (Kind.PREAMBULAR, "1. Uno."),
        (Kind.PREAMBULAR, "Uno.\n===\nDos."),
        (Kind.PREAMBULAR, "```\ncódigo"),
    ],
)
def test_a_text_the_file_cannot_carry_is_refused(kind, text):
    with pytest.raises(InvalidInput):
        check_text(kind, text)
