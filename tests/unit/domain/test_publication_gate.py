"""The gate refuses a paragraph holding a character that no font of the PDF can show, in the source and
in every edition, naming the paragraph, the language and the character (pure: what the fonts show is
the caller's, a predicate; tests/unit/renderers/test_pdf_glyphs.py tests the real one)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.declaration.document import Block, Kind
from workspace.domain.publication.publication_gate import gate
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
