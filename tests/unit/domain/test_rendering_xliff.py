"""XLIFF 2.0 files of the amendments to render (pure, no database): valid against the OASIS core schema, one language
pair a file, told from a paragraph file by their marker, read back with the paragraph reader's safety, and the states
a unit may bring back."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.unit.domain.test_xliff import schema, written
from workspace.domain.amendments.rendering_xliff import (
    MARKER,
    RenderingUnit,
    imported_state,
    is_renderings_file,
    read_renderings,
    write_renderings,
)
from workspace.domain.amendments.renderings import RenderingState
from workspace.domain.errors import ImportFailed, InvalidInput

NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
UNITS = (
    RenderingUnit(
        "A1",
        "op_2",
        "Pedimos a los gobiernos apoyar con firmeza la financiación local.",
        "We call on governments to support local finance.",
        "initial",
        SHA,
        ref="OP 2",
        change="Pedimos a los gobiernos apoyar {+con firmeza +}la financiación local.",
    ),
    RenderingUnit("A2", "op_3", "Texto nuevo & < 5.", "New text & < 5.", "translated", SHA, ref="OP 3"),
    RenderingUnit("D1", "op_4", "Un párrafo insertado.", None, "initial", SHA),
    RenderingUnit("A3", "op_5", "  Con espacios\nen dos líneas  ", "Approved.", "final", SHA),
)


def document(units=UNITS) -> bytes:
    return write_renderings(units, "es", "fr", "kutahya-amendments-es-fr")


def test_the_file_is_valid_xliff_2_core_of_one_language_pair() -> None:
    root = etree.fromstring(document())
    assert schema().validate(root), schema().error_log
    assert (root.get("srcLang"), root.get("trgLang")) == ("es", "fr")
    [file] = root.findall("x:file", NS)
    assert file.get("original") == MARKER and file.get("canResegment") == "no"


def test_a_unit_per_amendment_with_its_label_paragraph_change_and_base_revision() -> None:
    root = etree.fromstring(document())
    units = root.findall(".//x:unit", NS)
    assert [(u.get("id"), u.get("name")) for u in units] == [
        ("A1", "op_2"),
        ("A2", "op_3"),
        ("D1", "op_4"),
        ("A3", "op_5"),
    ]
    notes = {n.get("category"): n.text for n in units[0].findall("x:notes/x:note", NS)}
    assert notes == {"amendment": "A1", "paragraph": "OP 2", "change": UNITS[0].change, "base_revision": SHA}
    assert units[0].find("x:notes/x:note[@category='change']", NS).get("appliesTo") == "source"
    assert [u.find("x:segment", NS).get("state") for u in units] == ["initial", "translated", "initial", "final"]
    assert units[2].find("x:segment/x:target", NS) is None  # an insert not rendered yet: nothing to start from
    assert b"Texto nuevo &amp; &lt; 5." in document()


def test_written_then_read_gives_back_every_unit() -> None:
    read = read_renderings(document(), "a.xlf")
    assert (read.source_lang, read.target_lang, read.refused) == ("es", "fr", ())
    assert read.units == UNITS
    assert [u.line for u in read.units] == sorted(u.line for u in read.units) and read.units[0].line > 1


def test_a_file_of_amendments_is_told_from_a_file_of_paragraphs() -> None:
    assert is_renderings_file(document())
    assert not is_renderings_file(written())
    assert not is_renderings_file(b"not xml at all")
    assert not is_renderings_file(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + document()[38:])
    with pytest.raises(ImportFailed) as refused:
        read_renderings(written(), "paragraphs.xlf")
    assert refused.value.line == 1 and "holds paragraphs, not amendments" in refused.value.render()


def test_a_damaged_file_is_refused_with_its_file_and_line() -> None:
    damaged = document().replace(b"</segment>", b"</segmnt>", 1)
    with pytest.raises(ImportFailed) as refused:
        read_renderings(damaged, "fr.xlf")
    assert refused.value.render().startswith(f"fr.xlf:{refused.value.line}: The file is not well-formed XML")
    assert refused.value.line and refused.value.line > 1


def test_a_unit_without_its_base_revision_is_refused_at_its_line_and_the_others_are_read() -> None:
    root = etree.fromstring(document())
    second = root.findall(".//x:unit", NS)[1]
    note = second.find("x:notes/x:note[@category='base_revision']", NS)
    note.getparent().remove(note)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    read = read_renderings(data, "fr.xlf")
    assert [u.label for u in read.units] == ["A1", "D1", "A3"]
    [refused] = read.refused
    assert (
        refused.line == etree.fromstring(data).findall(".//x:unit", NS)[1].sourceline
        and "A2" in refused.render()
        and "base_revision" in refused.render()
    )


def test_write_refuses_a_label_that_is_no_identifier() -> None:
    with pytest.raises(InvalidInput):
        document((RenderingUnit("A 1", "op_1", "x", None, "initial", SHA),))


T, R, A = RenderingState.TO_RENDER, RenderingState.RENDERED, RenderingState.APPROVED


@pytest.mark.parametrize(
    ("stored", "same", "claimed", "reviewer", "expected"),
    [
        (T, True, "initial", False, None),  # the paragraph as it went out: nothing
        (T, True, "translated", True, None),  # confirmed unchanged: a rendering that changes nothing is none
        (T, False, "initial", False, R),  # changed words are kept, unconfirmed or not: a rendering has no draft
        (T, False, "translated", False, R),
        (T, False, "final", False, R),  # only a reviewer approves
        (T, False, "final", True, A),
        (R, True, "translated", True, None),
        (R, True, "final", True, A),  # a reviewer's file takes it further
        (R, True, "final", False, None),
        (A, True, "initial", True, None),  # never back
        (A, True, "translated", False, None),
        (A, False, "translated", False, R),  # changed words need approving again
        (A, False, "reviewed", True, R),
    ],
)
def test_the_state_a_unit_brings(stored, same, claimed, reviewer, expected) -> None:
    assert imported_state(stored, same, claimed, reviewer) == expected
