"""The gate refuses a paragraph holding a character that no font of the PDF can show, in the source and
in every edition, naming the paragraph, the language and the character (pure: what the fonts show is
the caller's, a predicate; tests/unit/renderers/test_pdf_glyphs.py tests the real one); and it knows a
negotiation's leftovers (issue 67): the compile tags exactly as the compilation writes them and no ordinary
parentheses, a paragraph beside the proposal meant to replace it, placeholders, footnote markers with no
definition, each in every language; what the committee keeps on purpose no longer blocks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.declaration.document import Block, Kind
from workspace.domain.publication.leftovers import CompiledProposal, compile_tags
from workspace.domain.publication.publication_gate import gate
from workspace.domain.submissions.submissions import Proposal, compiled
from workspace.domain.values import uncarried

SHOWN = frozenset("Nos Vu comprometemos à fortalecer la gobernanza, café déjà vu. Ünal İzmir ñ\u202f\u00a0\u00ad!?")


def unshown(text: str) -> str | None:
    """A PDF whose fonts show SHOWN and nothing else."""
    return next((f"{ord(c):04X}" for c in text if c not in SHOWN), None)


def block(eid: str, text: str) -> Block:
    return Block(eid, Kind.OPERATIVE, text)


def glyph_blockers(source: list[Block], editions: dict[str, dict[str, tuple[str, str | None]]]):
    statuses = {b.eid: "agreed" for b in source}
    places = {"es": "Vu", "en": "Vu", "fr": "Vu"}  # every character shown: only the paragraphs are looked at here
    return [
        b
        for b in gate(source, editions, [], statuses, places, ["es", "en", "fr"], unshown=unshown)
        if b.kind == "glyph"
    ]


def test_a_character_no_font_shows_blocks_its_paragraph_in_the_source_and_in_each_edition():
    source = [
        block("op_1", "Nos comprometemos."),
        block("op_2", "Nos \u4e00 comprometemos."),
        block("op_3", "Vu \U00092f38."),
    ]
    editions = {
        "en": {"op_1": ("approved", "Nos \u4e00."), "op_2": ("approved", "Nos."), "op_3": ("approved", "Vu.")},
        "fr": {
            "op_1": ("approved", "Vu\u202f!"),
            "op_2": ("approved", "Vu."),
            "op_3": ("approved", "Vu \U0001f600 \u4e00."),
        },
    }
    found = glyph_blockers(source, editions)
    assert [(b.eid, b.language, b.params) for b in found] == [
        ("op_1", "en", {"eid": "op_1", "language": "en", "code": "4E00"}),
        ("op_3", "fr", {"eid": "op_3", "language": "fr", "code": "1F600"}),  # the first it holds
        ("op_2", None, {"eid": "op_2", "code": "4E00"}),
        ("op_3", None, {"eid": "op_3", "code": "92F38"}),
    ]
    assert (
        found[0].message.format(**found[0].params)
        == "op_1 holds a character that no font of the PDF can show (U+4E00) in en."
    )
    assert (
        found[3].message.format(**found[3].params)
        == "op_3 holds a character that no font of the PDF can show (U+92F38)."
    )


def test_a_missing_translation_is_not_looked_at_and_a_character_no_file_carries_is_named_once():
    source = [block("op_1", "Vu \ufffe \u4e00.")]
    editions = {"en": {}, "fr": {"op_1": ("draft", "Vu \u4e00.")}}
    found = gate(
        source, editions, [], {"op_1": "agreed"}, {"es": "a", "en": "b", "fr": "c"}, ["es", "en", "fr"], unshown=unshown
    )
    assert [(b.kind, b.eid, b.language, b.params.get("code")) for b in found] == [
        ("translation", "op_1", "en", None),
        ("translation", "op_1", "fr", None),
        ("glyph", "op_1", "fr", "4E00"),  # a draft is refused anyway: it is said now, not after its approval
        ("character", "op_1", None, "FFFE"),  # and not U+4E00 as well: the text is to be edited either way
    ]


TEXTS = st.text(
    st.sampled_from([*"Nos vu à ñ.", "\u202f", "\u4e00", "\U00092f38", "\U0001f600", "\ufffe", "\u0915"]), max_size=12
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.tuples(TEXTS, TEXTS, TEXTS), min_size=1, max_size=6))
def test_each_paragraph_and_language_holding_one_is_named_with_its_first(texts):
    source = [block(f"op_{i}", es) for i, (es, _, _) in enumerate(texts)]
    editions = {
        lang: {f"op_{i}": ("approved", row[k]) for i, row in enumerate(texts)} for k, lang in ((1, "en"), (2, "fr"))
    }
    expected = {
        (f"op_{i}", lang, next(f"{ord(c):04X}" for c in text if c not in SHOWN))
        for i, row in enumerate(texts)
        for lang, text in zip((None, "en", "fr"), row, strict=True)
        if not uncarried(text) and any(c not in SHOWN for c in text)
    }
    found = glyph_blockers(source, editions)
    assert {(b.eid, b.language, b.params["code"]) for b in found} == expected
    assert len(found) == len(expected)


def test_the_gate_asks_once_for_each_text():
    asked: list[str] = []

    def counted(text: str) -> str | None:
        asked.append(text)
        return None

    source = [block(f"op_{i}", f"Uno {i}.") for i in range(3)]
    editions = {lang: {b.eid: ("approved", f"{lang} {b.eid}") for b in source} for lang in ("en", "fr")}
    assert (
        gate(
            source,
            editions,
            [],
            {b.eid: "agreed" for b in source},
            {"es": "a", "en": "b", "fr": "c"},
            ["es", "en", "fr"],
            unshown=counted,
        )
        == []
    )
    assert sorted(asked) == sorted(
        [b.text for b in source] + [t for e in editions.values() for _, t in e.values()] + ["a", "b", "c"]
    )


def test_the_title_and_the_place_printed_are_looked_at_too():
    source = [block("op_1", "Vu.")]
    editions = {lang: {"op_1": ("approved", "Vu.")} for lang in ("en", "fr")}
    found = gate(
        source,
        editions,
        [],
        {"op_1": "agreed"},
        {"es": "Vu", "en": "Vu \u4e00", "fr": "Vu \ufffe"},
        ["es", "en", "fr"],
        unshown=unshown,
        titles={"es": "Nos \U00092f38", "en": "Nos", "fr": "Nos"},
    )
    assert [(b.kind, b.eid, b.language, b.message.format(**b.params)) for b in found] == [
        ("glyph", None, "es", "The title in es holds a character that no font of the PDF can show (U+92F38)."),
        ("glyph", None, "en", "The place in en holds a character that no font of the PDF can show (U+4E00)."),
    ]  # a place no file can carry is refused where it is typed (its field), not here


def test_a_choice_among_paragraphs_not_made_holds_back_each_option_even_agreed():
    """ "Option 1: …", "Option 2: …" in a row are one choice still to make: each option is named, whatever status it
    was given; the choice made (one left, its label gone), nothing is."""
    source = [
        block("op_1", "Nos comprometemos."),
        block("op_2", "**Opción 1:** Financiaremos lo local."),
        block("op_3", "**Opción 2:** [Apoyaremos lo local.]"),
    ]
    editions = {"en": {b.eid: ("approved", "Vu.") for b in source}}
    statuses = {b.eid: "agreed" for b in source}
    places = {"es": "Vu", "en": "Vu"}
    found = [
        b for b in gate(source, editions, [], statuses, places, ["es", "en"], unshown=unshown) if b.kind == "brackets"
    ]
    assert [(b.eid, b.message.format(**b.params)) for b in found] == [
        ("op_2", "op_2 is one of several options, none of them chosen yet."),
        ("op_3", "op_3 still has square brackets."),
        ("op_3", "op_3 is one of several options, none of them chosen yet."),
    ]
    chosen = [source[0], block("op_2", "Financiaremos lo local.")]
    edited = {"en": {b.eid: ("approved", "Vu.") for b in chosen}}
    assert not [
        b for b in gate(chosen, edited, [], statuses, places, ["es", "en"], unshown=unshown) if b.kind != "glyph"
    ]


# -- a negotiation's leftovers (issue 67) ------------------------------------------------------------------------------

CODES = ["BCN", "DKR", "UCLG", "G-77", "EU"]
COMPILED = [
    CompiledProposal("op_3", "BCN", "modify", "op_1"),  # new wording for op_1
    CompiledProposal("op_4", "DKR", "insert", None),
    CompiledProposal("op_5", "BCN", "delete", "op_2"),  # "Suprimir (BCN)"
]


def leftovers_of(source, editions=None, compiled=COMPILED, kept=()):
    """The gate's leftovers of a text whose every paragraph is otherwise settled."""
    editions = editions if editions is not None else {}
    return [
        b
        for b in gate(
            source,
            editions,
            [],
            {b.eid: "agreed" for b in source},
            dict.fromkeys(("es", *editions), "Vu"),
            ["es", *editions],
            unshown=lambda _: None,
            compiled=compiled,
            kept=kept,
        )
        if b.kind in ("tag", "replaced", "placeholder", "footnote", "brackets")
    ]


def said(b):
    return b.message.format(**b.params)


def test_a_compilation_left_as_compiled_names_each_tag_in_each_language_and_each_paragraph_with_its_replacement():
    written = compiled(
        [block("op_1", "Nos comprometemos."), block("op_2", "Pedimos apoyo.")],
        [
            Proposal(1, "modify", "op_1", None, "Nos comprometemos a todo.", "BCN"),
            Proposal(2, "insert", None, "op_1", "Un párrafo nuevo.", "DKR"),
            Proposal(3, "delete", "op_2", None, "", "BCN"),
        ],
        "es",
    )  # the compilation's own words: what the gate must know
    texts = {c.number: c.text for c in written}
    source = [
        block("op_1", "Nos comprometemos."),
        block("op_3", texts[1]),
        block("op_4", texts[2]),
        block("op_2", "Pedimos apoyo."),
        block("op_5", texts[3]),
    ]
    english = {
        "op_1": ("approved", "We commit."),
        "op_3": ("approved", "We commit to everything. (BCN)"),
        "op_4": ("approved", "A new paragraph."),  # the translator took it out here
        "op_2": ("approved", "We ask for support."),
        "op_5": ("approved", "Delete (BCN)"),
    }
    found = leftovers_of(source, {"en": english})
    assert [(b.kind, b.eid, b.language, said(b)) for b in found] == [
        ("replaced", "op_3", None, "op_1 and op_3, the new wording BCN proposed for it, both still stand."),
        ("replaced", "op_5", None, "op_2 and op_5, BCN’s proposal to delete it, both still stand."),
        ("tag", "op_3", None, "op_3 still holds the compile tag (BCN)."),
        ("tag", "op_4", None, "op_4 still holds the compile tag (DKR)."),
        ("tag", "op_5", None, "op_5 still holds the compile tag (BCN)."),
        ("tag", "op_3", "en", "op_3 still holds the compile tag (BCN) in en."),
        ("tag", "op_5", "en", "op_5 still holds the compile tag (BCN) in en."),
    ]
    assert [b.leftover for b in found[:3]] == ["replaced:op_3:op_1", "replaced:op_5:op_2", "tag:op_3:BCN"]
    assert found[5].leftover == found[2].leftover  # one key in every edition: said once, kept in each


def test_a_streamlined_text_has_no_leftover():
    """The facilitator took the new wording into op_1, made the deletion, kept DKR's paragraph without its tag."""
    source = [block("op_1", "Nos comprometemos a todo."), block("op_4", "Un párrafo nuevo.")]
    assert leftovers_of(source, {"en": {"op_1": ("approved", "We commit."), "op_4": ("approved", "New.")}}) == []


def test_what_the_committee_keeps_is_listed_as_kept_in_every_language_and_blocks_no_more():
    source = [block("op_1", "Con la Unión Europea (EU) y sus ciudades. (EU)")]
    editions = {"en": {"op_1": ("approved", "With the European Union (EU) and its cities. (EU)")}}
    compiled_here = [CompiledProposal("op_9", "EU", "insert")]  # EU's proposals were compiled: "(EU)" is its tag
    found = leftovers_of(source, editions, compiled_here)
    assert [(b.eid, b.language, b.params["tag"], b.kept) for b in found] == [
        ("op_1", None, "(EU)", False),  # the tag after the sentence, not the acronym inside it
        ("op_1", "en", "(EU)", False),
    ]
    kept = leftovers_of(source, editions, compiled_here, kept={"tag:op_1:EU"})
    assert [(b.language, b.kept) for b in kept] == [(None, True), ("en", True)]
    assert leftovers_of(source, editions, compiled_here, kept={"tag:op_1:BCN"}) == found


def test_placeholders_and_footnote_markers_with_no_definition_are_named_where_they_stand():
    source = [
        block("op_1", "Recognizing the 2030 Agenda[^1] and the Sendai Framework[^2],"),
        block("op_2", "[Placeholder for a paragraph on finance]"),
        block("op_3", "Espacio reservado para el párrafo sobre la financiación."),
        block("op_4", "Each Party [shall][should] report, as in `x[^3]` and \\[^4]."),
        block("op_5", "[^1]: Resolution 70/1 of the General Assembly."),
    ]
    editions = {
        "fr": {
            "op_1": ("approved", "Reconnaissant le Programme 2030[^1] et le Cadre de Sendai[^2],"),
            "op_2": ("approved", "[Espace réservé pour un paragraphe sur le financement]"),
            "op_3": ("approved", "Le financement."),
            "op_4": ("approved", "Chaque Partie fait rapport."),
            "op_5": ("approved", "Résolution 70/1."),  # its definition lost in French: [^1] is undefined there
        }
    }
    found = leftovers_of(source, editions, [])
    assert [(b.kind, b.eid, b.language, said(b)) for b in found] == [
        ("brackets", "op_4", None, "op_4 still has square brackets."),  # a choice: brackets, not a placeholder
        ("footnote", "op_1", None, "op_1 has a footnote marker [^2] with no definition."),
        ("placeholder", "op_2", None, "op_2 still holds a placeholder: [Placeholder for a paragraph on finance]"),
        (
            "placeholder",
            "op_3",
            None,
            "op_3 still holds a placeholder: Espacio reservado para el párrafo sobre la financiación.",
        ),
        ("footnote", "op_1", "fr", "op_1 has a footnote marker [^1] with no definition in fr."),
        ("footnote", "op_1", "fr", "op_1 has a footnote marker [^2] with no definition in fr."),
        (
            "placeholder",
            "op_2",
            "fr",
            "op_2 still holds a placeholder in fr: [Espace réservé pour un paragraphe sur le financement]",
        ),
    ]
    assert [b.leftover for b in found if b.kind != "brackets"] == [
        "footnote:op_1:2",
        "placeholder:op_2:1",  # the paragraph's first placeholder, in every language
        "placeholder:op_3:1",
        "footnote:op_1:1",
        "footnote:op_1:2",
        "placeholder:op_2:1",
    ]


WORDS = st.sampled_from(
    ["la", "Unión", "Europea", "Local", "Governments", "cities", "ciudades", "l’Union", "États", "G-77", "EU", "2030"]
)
OPEN_AFTER = st.sampled_from([",", ".", ";", ":", ")", " and", " y", " et", ", “Life", "."])


@st.composite
def ordinary_text(draw):
    """A text where each "(CODE)" stands as an abbreviation does: after a word, with a word or a mark right after it,
    never at the end nor after a sentence's end."""
    parts = [draw(WORDS)]
    for _ in range(draw(st.integers(0, 6))):
        parts.append(" " + draw(WORDS))
        if draw(st.booleans()):
            parts.append(f" ({draw(st.sampled_from(CODES))}){draw(OPEN_AFTER)} {draw(WORDS)}")
    return "".join(parts) + draw(st.sampled_from([".", ";", ",", ":", ""]))


@settings(max_examples=examples(400), deadline=None)
@given(ordinary_text(), st.booleans())
def test_ordinary_parentheses_and_abbreviations_are_never_tags(text, heading):
    assert compile_tags(text, CODES, heading) == []
    kind = Kind.HEADING if heading else Kind.OPERATIVE
    assert (
        leftovers_of([Block("op_1", kind, text)], compiled=[CompiledProposal("op_9", c, "insert") for c in CODES]) == []
    )


PROPOSAL_TEXT = (
    st.lists(st.sampled_from([*"abc áé.,;:!?()[]“”«» \n", "(EU)", "UCLG", "\u00a0"]), min_size=1, max_size=30)
    .map("".join)
    .filter(lambda t: t.strip())
)


@settings(max_examples=examples(400), deadline=None)
@given(PROPOSAL_TEXT, st.sampled_from(CODES), st.sampled_from(["modify", "insert", "delete"]))
def test_every_paragraph_the_compilation_writes_is_found_with_its_own_tag_last(words, code, kind):
    text = [block("op_1", "Nos comprometemos.")]
    proposal = Proposal(
        1, kind, None if kind == "insert" else "op_1", "op_1" if kind == "insert" else None, words, code
    )
    (made,) = compiled(text, [proposal], "fr")
    assert compile_tags(made.text, [code])[-1:] == [f"({code})"]
    assert compile_tags(made.text, []) == []  # no delegation's proposals compiled: no tag, whatever the words
