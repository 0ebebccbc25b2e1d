"""The text every way in stores: what no file can carry is refused, naming the character (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.examples import examples
from workspace.domain.declaration.document import Block, Kind
from workspace.domain.errors import Conflict, ImportFailed, InvalidInput
from workspace.domain.publication.publication import PublicationModel, build_edition
from workspace.domain.publication.publication_gate import check_files_can_carry, gate
from workspace.domain.values import check_carried, clean_file, clean_text, text_field, uncarried

# The 66 noncharacters: U+FDD0..U+FDEF, and the last two code points of each of the 17 planes.
NONCHARACTERS = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [
    chr(p + e) for p in range(0, 0x110000, 0x10000) for e in (0xFFFE, 0xFFFF)
]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]


def test_there_are_66_noncharacters():
    assert len(set(NONCHARACTERS)) == 66


@pytest.mark.parametrize("char", NONCHARACTERS + SURROGATES, ids=lambda c: f"U+{ord(c):04X}")
def test_each_noncharacter_and_lone_surrogate_is_refused_naming_it(char):
    with pytest.raises(InvalidInput) as caught:
        clean_text(f"Nos compro{char}metemos.")
    assert caught.value.params == {"code": f"{ord(char):04X}", "at": 11}
    assert f"(U+{ord(char):04X}) at character 11" in caught.value.render()
    assert "no file can carry" in caught.value.render()
    assert uncarried(f"ab{char}") == f"{ord(char):04X}"


@pytest.mark.parametrize(
    "char", ["\ufdcf", "\ufdf0", "\ufffd", "\U0001fffd", "\U00020000", "\ue000", "\u200b", "\t", "\n"]
)
def test_characters_next_to_them_are_kept(char):
    assert clean_text(f"a{char}b") == f"a{char}b" and uncarried(f"a{char}b") is None


def test_the_first_refused_character_is_named_whichever_kind():
    assert clean_error("a\ufffe b\x01") == ("FFFE", 2) and clean_error("a\x01 b\ufffe") == ("0001", 2)


def clean_error(text: str) -> tuple[str, int]:
    with pytest.raises(InvalidInput) as caught:
        check_carried(text)
    return caught.value.params["code"], caught.value.params["at"]


def test_a_field_names_itself_and_a_file_its_line():
    with pytest.raises(InvalidInput) as caught:
        text_field({"label": "Rev.\uffff1"}, "label")
    assert caught.value.detail == {"field": "label"} and "U+FFFF" in caught.value.render()
    with pytest.raises(ImportFailed) as failed:
        clean_file("# Título\r\n\r\nUno.\r\nDos \U0010fffe.\n", "rev1.md")
    assert (failed.value.file, failed.value.line) == ("rev1.md", 4) and "U+10FFFE" in failed.value.render()


@settings(max_examples=examples(300), deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=40))
def test_what_is_stored_any_xml_file_can_carry(text):
    try:
        stored = clean_text(text)
    except InvalidInput:
        return
    etree.SubElement(etree.Element("p"), "t").text = stored  # lxml refuses what XML 1.0 cannot carry
    assert uncarried(stored) is None


def refused_naively(char: str) -> bool:
    code = ord(char)
    return (
        (code < 0x20 and char not in "\t\n")
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
    )


@settings(max_examples=examples(500), deadline=None)
@given(
    st.lists(
        st.one_of(st.characters(), st.sampled_from([*NONCHARACTERS, *SURROGATES, "\x01", "\x85", "😀"])), max_size=30
    ).map("".join)
)
def test_the_first_refused_character_is_the_first_a_reading_of_the_rules_finds(text):
    first = next((f"{ord(c):04X}" for c in text if refused_naively(c)), None)
    assert uncarried(text) == first


# The gate checks the texts again: old data may hold such a character.


def block(eid: str, text: str) -> Block:
    return Block(eid, Kind.OPERATIVE, text)


def shows_all(text: str) -> None:
    """A PDF whose fonts show every character (tests/unit/domain/test_publication_gate.py has those that do not)."""


def test_the_gate_names_each_paragraph_and_language_holding_one():
    source = [block("op_1", "Uno."), block("op_2", "Dos\ufdd0.")]
    editions = {"fr": {"op_1": ("approved", "Un\ufffe."), "op_2": ("approved", "Deux.")}}
    found = [
        (b.kind, b.eid, b.language, b.params.get("code"))
        for b in gate(
            source,
            editions,
            [],
            {"op_1": "agreed", "op_2": "agreed"},
            {"es": "Kütahya", "fr": "Kütahya"},
            ["es", "fr"],
            unshown=shows_all,
        )
    ]
    assert found == [("character", "op_1", "fr", "FFFE"), ("character", "op_2", None, "FDD0")]


def test_a_file_of_a_publication_holding_one_is_refused_naming_where():
    day = date(2021, 10, 8)
    editions = tuple(
        build_edition(code, "Declaración", [block("op_3", text)], "Kütahya", day)
        for code, text in (("es", "Tres."), ("en", "Three."), ("fr", "Trois\ufffe."))
    )
    model = PublicationModel("kutahya", "UCLG/KUT/2021", "Rev.1", datetime(2021, 10, 8, tzinfo=UTC), day, editions)
    with pytest.raises(Conflict) as caught:
        check_files_can_carry(model)
    assert caught.value.params == {"where": "op_3", "code": "FFFE", "language": "fr"}
    check_files_can_carry(model, ["es", "en"])  # the other editions' files can be made


def test_the_gate_refuses_a_place_missing_in_a_language():
    """One place printed in every edition mixed languages ("Kütahya, Turquía, 8 October 2021"):
    each language has its own, and the gate names the languages still without one."""
    source = [block("op_1", "Uno.")]
    editions = {code: {"op_1": ("approved", "One.")} for code in ("en", "fr")}
    found = gate(
        source,
        editions,
        [],
        {"op_1": "agreed"},
        {"es": "Kütahya, Turquía", "en": "", "de": "Kütahya"},
        ["es", "en", "fr"],
        unshown=shows_all,
    )
    assert [(b.kind, b.language, b.params) for b in found] == [
        ("place", "en", {"language": "en"}),
        ("place", "fr", {"language": "fr"}),
    ]
    assert (
        gate(
            source,
            editions,
            [],
            {"op_1": "agreed"},
            {"es": "a", "en": "b", "fr": "c"},
            ["es", "en", "fr"],
            unshown=shows_all,
        )
        == []
    )
