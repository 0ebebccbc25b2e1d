"""XLIFF 2.0 write and read (pure, no database): valid against the OASIS core schema, and every
untrusted file refused with its name and line."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.examples import examples
from workspace.domain.errors import ImportFailed, InvalidInput
from workspace.domain.translations.xliff import MAX_XLIFF_BYTES, XliffDocument, XliffUnit, read_xliff, write_xliff

SCHEMA = Path(__file__).parents[2] / "fixtures" / "xliff" / "xliff_core_2.0.xsd"
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
UNITS = (
    XliffUnit("hdg_1", "Declaración de **Kütahya**", "Kütahya **Declaration**", "final", SHA),
    XliffUnit(
        "pre_1",
        "Considerando que 1 < 2 & [enlace](https://uclg.org)",
        "Whereas 1 < 2 & [link](https://uclg.org)",
        "translated",
        SHA,
    ),
    XliffUnit("op_1", "  Texto con espacios\nen dos líneas  ", None, "initial", SHA),
    XliffUnit("op_2", "Ciudades intermedias", "", "reviewed", ""),
)


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def written(units=UNITS) -> bytes:
    return write_xliff(units, "es", "en", "kutahya-2021.rev1", "kutahya-2021/rev1")


def test_written_file_is_valid_xliff_2_core() -> None:
    document = etree.fromstring(written())
    assert schema().validate(document), schema().error_log
    assert document.get("version") == "2.0" and document.get("srcLang") == "es" and document.get("trgLang") == "en"


def test_one_unit_per_paragraph_with_its_revision_note_and_state() -> None:
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    document = etree.fromstring(written())
    units = document.findall(".//x:unit", ns)
    assert [u.get("id") for u in units] == ["hdg_1", "pre_1", "op_1", "op_2"]
    first = units[0]
    assert first.find("x:notes/x:note[@category='source_revision']", ns).text == SHA
    assert first.find("x:segment", ns).get("state") == "final"
    assert first.find("x:segment/x:source", ns).text == "Declaración de **Kütahya**"
    assert units[2].find("x:segment/x:target", ns) is None
    assert b"1 &lt; 2 &amp; [enlace]" in written()  # Markdown stays text, escaped


def test_round_trip() -> None:
    assert read_xliff(written(), "rev1.en.xlf") == XliffDocument(
        "es", "en", "kutahya-2021.rev1", UNITS, "kutahya-2021/rev1"
    )


def test_write_refuses_an_unknown_state_or_a_bad_identifier() -> None:
    with pytest.raises(InvalidInput):
        written((XliffUnit("op_1", "a", "b", "approved", SHA),))
    with pytest.raises(InvalidInput):
        written((XliffUnit("op 1", "a", "b", "final", SHA),))


# Hypothesis: any text a paragraph can hold comes back as written (XML 1.0 cannot carry control characters).
TEXT = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"),
        st.sampled_from(
            [
                "\n",
                "\t",
                " ",
                "<",
                "&",
                ">",
                "]]>",
                "*",
                "_",
                "`",
                "[",
                "](",
                "#",
                "«",
                "\u202f",
                "שלום",
                "مَدِينَة",
                "e\u0301",
                "**Kütahya**",
                "_ciudades_",
                '[CGLU](https://uclg.org "UCLG")',
                "`code`",
                "\\*",
                "&amp;",
                '<ph id="1"/>',
            ]
        ),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=examples(120), deadline=None)
@given(
    st.lists(
        st.tuples(TEXT, st.one_of(st.none(), TEXT), st.sampled_from(["initial", "translated", "reviewed", "final"])),
        max_size=5,
    )
)
def test_write_then_read_gives_back_any_texts(items: list[tuple[str, str | None, str]]) -> None:
    units = tuple(XliffUnit(f"op_{i + 1}", s, t, state, SHA) for i, (s, t, state) in enumerate(items))
    if not units:
        return  # a file holds at least one unit (the schema says so)
    data = written(units)
    assert schema().validate(etree.fromstring(data))
    assert read_xliff(data, "x.xlf").units == units


# Reading what CAT tools write


def xliff(
    body: str,
    head: str = '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="es" trgLang="fr">',
) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{head}\n<file id="f">\n{body}\n</file>\n</xliff>\n'.encode()


def test_segments_split_by_a_tool_are_joined_and_the_least_advanced_state_wins() -> None:
    data = xliff(
        '<group id="g"><unit id="op_1"><segment state="final"><source>Uno. </source><target>Un. </target></segment>'
        "<ignorable><source> </source></ignorable>"
        '<segment state="translated"><source>Dos <mrk id="m1" type="term">ciudades</mrk>.</source>'
        '<target>Deux <mrk id="m1" type="term">villes</mrk><cp hex="21"/></target></segment></unit></group>'
    )
    [unit] = read_xliff(data, "a.xlf").units
    assert unit == XliffUnit("op_1", "Uno.  Dos ciudades.", "Un. Deux villes!", "translated", "")


def test_a_segment_without_state_is_initial() -> None:
    [unit] = read_xliff(xliff('<unit id="op_1"><segment><source>a</source></segment></unit>'), "a.xlf").units
    assert unit.state == "initial" and unit.target is None


# Refusals: each names the file and the line


def refused(data: bytes) -> ImportFailed:
    """The first refusal: of the whole file (raised), else of a unit (listed, the unit left out)."""
    try:
        document = read_xliff(data, "rev1.fr.xlf")
    except ImportFailed as exc:
        error = exc
    else:
        assert document.refused, "nothing refused"
        error = document.refused[0]
    assert error.file == "rev1.fr.xlf"
    return error


def test_every_unit_that_cannot_be_read_is_listed_with_its_line_and_the_others_are_read() -> None:
    document = read_xliff(
        xliff(
            '<unit id="op_1">\n<segment state="approved"><source>a</source></segment></unit>\n'
            '<unit id="op_2"><segment><source>b</source><target>B</target></segment></unit>\n'
            '<unit id="op_3">\n<segment><target>x</target></segment></unit>\n'
            '<unit id="op_2"><segment><source>b</source></segment></unit>'
        ),
        "rev1.fr.xlf",
    )
    assert [u.eid for u in document.units] == ["op_2"] and document.units[0].line == 6
    assert [(e.line, e.params["eid"]) for e in document.refused] == [(5, "op_1"), (7, "op_3"), (9, "op_2")]


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"<xliff><file>", 1, "The file is not well-formed XML: {problem}."),
        (
            xliff('<unit id="op_1"><segment><source>a</sourc></segment></unit>'),
            4,
            "The file is not well-formed XML: {problem}.",
        ),
        (
            b'<?xml version="1.0"?>\n<html><body/></html>',
            2,
            "This is not an XLIFF 2.0 file: its root element is “{element}”.",
        ),
        (
            xliff("", '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'),
            2,
            "XLIFF version {version} is not supported: use XLIFF 2.0.",
        ),
        (
            xliff(
                '<unit id="op_1"><segment><source>a</source></segment></unit>',
                '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="es" trgLang="fr">',
            ),
            2,
            "XLIFF version {version} is not supported: use XLIFF 2.0.",
        ),
        # version 2.0 in another namespace (or none): the version is right, the namespace is not
        (
            xliff("", '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="2.0" srcLang="es" trgLang="fr">'),
            2,
            "The root element is in the namespace “{namespace}”: XLIFF 2.0 files use {expected}.",
        ),
        (
            b'<?xml version="1.0"?>\n<xliff version="2.0" srcLang="es" trgLang="fr"><file id="f"/></xliff>',
            2,
            "The root element has no namespace: XLIFF 2.0 files use {expected}.",
        ),
        (
            xliff(
                '<unit id="op_1"><segment><source>a</source></segment></unit>\n<unit '
                'id="op_1"><segment><source>b</source></segment></unit>'
            ),
            5,
            "The unit “{eid}” appears twice (first on line {first}).",
        ),
        (xliff('<unit id="op_1">\n<notes><note>x</note></notes></unit>'), 4, "The unit “{eid}” has no source text."),
        (
            xliff('<unit id="op_1">\n<segment><target>x</target></segment></unit>'),
            4,
            "The unit “{eid}” has no source text.",
        ),
        (
            xliff('<unit id="op_1">\n<segment state="approved"><source>a</source></segment></unit>'),
            5,
            "The unit “{eid}” has an unknown state “{state}”: use initial, translated, reviewed or final.",
        ),
        (
            xliff(
                '<unit id="op_1"><segment><source>a</source></segment></unit>',
                '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="es">',
            ),
            2,
            "The XLIFF file does not name its source and target languages (srcLang, trgLang).",
        ),
    ],
)
def test_refusals_name_the_line(data: bytes, line: int, message: str) -> None:
    error = refused(data)
    assert (error.line, error.message) == (line, message)
    assert error.render().startswith(f"rev1.fr.xlf:{line}: ")


def test_a_refusal_never_names_the_version_it_asks_for_as_the_one_refused() -> None:
    error = refused(
        xliff("", '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="2.0" srcLang="es" trgLang="fr">')
    )
    assert error.render() == (
        "rev1.fr.xlf:2: The root element is in the namespace “urn:oasis:names:tc:xliff:document:1.2”: "
        "XLIFF 2.0 files use urn:oasis:names:tc:xliff:document:2.0."
    )
    assert refused(b'<xliff version="2.0"><file id="f"/></xliff>').render() == (
        "rev1.fr.xlf:1: The root element has no namespace: XLIFF 2.0 files use urn:oasis:names:tc:xliff:document:2.0."
    )


def test_two_files_are_refused() -> None:
    data = xliff(
        '<unit id="op_1"><segment><source>a</source></segment></unit></file>\n<file id="g">'
        '<unit id="op_2"><segment><source>b</source></segment></unit>'
    )
    assert refused(data).line == 5


def test_an_oversized_file_is_refused_before_parsing() -> None:
    error = refused(b"<" * (MAX_XLIFF_BYTES + 1))
    assert (error.line, error.params) == (None, {"limit": "5"})


def test_no_external_entity_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="es" trgLang="fr"><file id="f">'
        '<unit id="op_1"><segment><source>&x;</source></segment></unit></file></xliff>'
    ).encode()
    error = refused(data)
    assert error.line == 2 and "DOCTYPE" in error.message
    assert "TOP-SECRET" not in repr(error.params)


def test_no_entity_expansion_billion_laughs() -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY l0 "lol">{entities}]>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="es" trgLang="fr"><file id="f">'
        '<unit id="op_1"><segment><source>&l9;</source></segment></unit></file></xliff>'
    ).encode()
    assert refused(data).line == 2


def test_an_undeclared_entity_is_malformed() -> None:
    assert refused(xliff('<unit id="op_1"><segment><source>&x;</source></segment></unit>')).line == 4


# Inline codes a CAT tool made of the Markdown: given back as the Markdown they stand for, never dropped

CODED = xliff(
    '<unit id="pre_1">\n'
    '<originalData><data id="d1">**</data><data id="d2">**</data><data id="d3">[</data>'
    '<data id="d4">](https://uclg.org "CGLU")</data><data id="d5">`</data></originalData>\n'
    '<segment state="translated">\n'
    '<source>Declaración de <pc id="1" dataRefStart="d1" dataRefEnd="d2">Kütahya</pc> y '
    '<pc id="2" dataRefStart="d3" dataRefEnd="d4">CGLU</pc> '
    '<ph id="3" dataRef="d5"/>x<ph id="4" dataRef="d5"/></source>\n'
    '<target>Declaration of <pc id="1" dataRefStart="d1" dataRefEnd="d2">Kütahya</pc> and '
    '<pc id="2">UCLG</pc> <ph id="3"/>x<ph id="5" copyOf="4"/></target>\n'
    "</segment></unit>"
)


def test_inline_codes_give_back_their_markdown_from_the_original_data() -> None:
    assert schema().validate(etree.fromstring(CODED)), schema().error_log  # what a tool may send is valid XLIFF
    [unit] = read_xliff(CODED, "a.xlf").units
    assert unit.source == 'Declaración de **Kütahya** y [CGLU](https://uclg.org "CGLU") `x`'
    # A target code without a reference of its own takes its source code's (same id, or the one it copies).
    assert unit.target == 'Declaration of **Kütahya** and [UCLG](https://uclg.org "CGLU") `x`'


def test_codes_without_original_data_use_equiv_then_disp_and_split_pairs_join() -> None:
    data = xliff(
        '<unit id="op_1"><originalData><data id="a">_</data><data id="b">_</data></originalData>'
        '<segment><source><sc id="1" dataRef="a"/>uno<ec startRef="1" dataRef="b"/> '
        '<ph id="2" equiv="\\*" disp="[star]"/> <ph id="3" disp="&amp;copy;"/>'
        '<mrk id="m" type="term">dos</mrk><sm id="s"/>'
        '<em startRef="s"/></source>'
        '<target><sc id="1"/>one<ec startRef="1"/> <ph id="2" equiv="\\*"/> <ph id="3" disp="&amp;copy;"/>two</target>'
        "</segment></unit>"
    )
    [unit] = read_xliff(data, "a.xlf").units
    assert (unit.source, unit.target) == ("_uno_ \\* &copy;dos", "_one_ \\* &copy;two")


NO_MARKDOWN = (
    "The unit “{eid}” holds an inline code (<{element}> “{code}”) whose Markdown is not in the file "
    "(no original data, equiv or disp): export the file again, or remove the code."
)


@pytest.mark.parametrize(
    ("target", "line", "message"),
    [
        ('<ph id="9"/>', 7, NO_MARKDOWN),
        ('<pc id="9" dataRefStart="zz">x</pc>', 7, NO_MARKDOWN),
        ('\n<x id="1"/>', 8, "The unit “{eid}” holds an element <{element}> that an XLIFF 2.0 text cannot hold."),
        ('<cp hex="zz"/>', 7, "The unit “{eid}” has a <cp> element that names no character (hex “{hex}”)."),
    ],
)
def test_markup_that_cannot_be_given_back_is_refused_with_its_line(target: str, line: int, message: str) -> None:
    data = xliff(
        f'<unit id="op_1"><originalData><data id="d1">**</data></originalData>\n<segment>\n'
        f"<source>a</source>\n<target>Un {target} b</target></segment></unit>"
    )
    error = refused(data)
    assert (error.line, error.message, error.params["eid"]) == (line, message, "op_1")


def test_a_file_of_more_units_than_a_file_may_hold_is_refused_at_the_first_one_over(monkeypatch):
    from workspace.domain.translations import xliff as module

    monkeypatch.setattr(module, "MAX_PARAGRAPHS", 3)
    units = "".join(f'<unit id="op_{i}"><segment><source>Texto {i}.</source></segment></unit>\n' for i in range(1, 5))
    data = (
        '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="es" '
        f'trgLang="en">\n<file id="f">\n{units}</file></xliff>'
    ).encode()
    assert (
        len(
            module.read_xliff(
                data.replace(b'<unit id="op_4">', b"<!-- 4 -->").replace(
                    b"<segment><source>Texto 4.</source></segment></unit>", b""
                ),
                "t.xlf",
            ).units
        )
        == 3
    )
    with pytest.raises(ImportFailed) as refused:
        module.read_xliff(data, "t.xlf")
    assert (refused.value.file, refused.value.line) == ("t.xlf", 7) and "3" in refused.value.render()  # the fourth unit
