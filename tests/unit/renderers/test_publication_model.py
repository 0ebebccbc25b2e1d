"""The render model: numbering, the canonical text and its checksum, the date line per language."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from workspace.domain.declaration.document import Block, Kind
from workspace.domain.publication.publication import (
    PubParagraph,
    build_edition,
    checksum,
    date_line,
    edition_text,
    file_name,
)

from .models import kutahya_blocks


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "Kütahya, 8 de octubre de 2021"),
        ("en", "Kütahya, 8 October 2021"),
        ("fr", "Kütahya, le 8 octobre 2021"),
    ],
)
def test_the_date_line_in_each_language(language, expected):
    assert date_line("Kütahya", date(2021, 10, 8), language) == expected


def test_french_writes_the_first_of_the_month_as_an_ordinal():
    assert date_line("Kütahya", date(2021, 10, 1), "fr") == "Kütahya, le 1er octobre 2021"


def test_an_edition_numbers_its_operative_paragraphs_in_order_whatever_their_eids():
    edition = build_edition("es", "T", kutahya_blocks(), "Kütahya", date(2021, 10, 8))
    operative = [p for p in edition.paragraphs if p.kind == "operative"]
    assert [p.number for p in operative] == list(range(1, len(operative) + 1))
    assert operative[1].eid == "op_8" and operative[1].number == 2  # a moved paragraph keeps its eId
    assert all(p.number is None for p in edition.paragraphs if p.kind != "operative")
    assert edition.date_line == "Kütahya, 8 de octubre de 2021"
    assert edition.checksum == checksum(edition.paragraphs)


def test_the_checksum_is_sha256_of_the_canonical_text_which_holds_eid_kind_and_text():
    paragraphs = [
        PubParagraph("pre_1", "preambular", None, "Recordando…"),
        PubParagraph("op_1", "operative", 1, "Primero.\n\n   Segundo «párrafo»."),
    ]
    text = edition_text(paragraphs)
    assert text.splitlines() == [
        '["pre_1","preambular","Recordando…"]',
        '["op_1","operative","Primero.\\n\\n   Segundo «párrafo»."]',
    ]
    assert checksum(paragraphs) == hashlib.sha256(text.encode()).hexdigest()


def test_any_change_of_text_kind_eid_or_order_changes_the_checksum():
    base = [PubParagraph("pre_1", "preambular", None, "a"), PubParagraph("op_1", "operative", 1, "b")]
    variants = [
        [PubParagraph("pre_1", "preambular", None, "a "), base[1]],
        [PubParagraph("pre_1", "operative", None, "a"), base[1]],
        [PubParagraph("pre_2", "preambular", None, "a"), base[1]],
        [base[1], base[0]],
        [PubParagraph("pre_1", "preambular", None, 'a"]\n["op_1","operative","b')],  # one text posing as two
    ]
    assert len({checksum(base), *(checksum(v) for v in variants)}) == len(variants) + 1


def test_the_same_blocks_give_the_same_checksum_whatever_the_language_or_place():
    blocks = [Block("op_1", Kind.OPERATIVE, "Texto")]
    assert (
        build_edition("es", "A", blocks, "X", date(2021, 1, 1)).checksum
        == build_edition("fr", "B", blocks, "Y", date(2022, 1, 1)).checksum
    )


def test_file_names_carry_the_language_codes():
    assert file_name("kutahya-2021", ["fr"], "pdf") == "kutahya-2021.fr.pdf"
    assert file_name("kutahya-2021", ["es", "en", "fr"], "pdf") == "kutahya-2021.es-en-fr.pdf"
