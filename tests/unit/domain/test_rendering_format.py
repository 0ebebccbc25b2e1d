"""An amendment's language and renderings in its file (issue 34): `lang` and `renderings` written only when they hold
something (a file without them reads and writes as before), read back the same and to the same bytes, and refused
at the line of the language or of the faulty field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.unit.domain.test_amendment_format import PROPOSED, line_of_error, sample
from workspace.domain.amendments.amendments import AmendmentKind
from workspace.domain.amendments.renderings import RenderingState
from workspace.domain.declaration.document import Kind
from workspace.domain.transfer.amendment_format import (
    AmendmentFile,
    RenderingFile,
    parse_amendment_file,
    render_amendment_file,
)

ES = "Pedimos a los gobiernos nacionales apoyar la financiación local."
FR = "Nous demandons aux gouvernements nationaux de soutenir le financement local."
EN = "We call on national governments to support local finance."
AT = PROPOSED + timedelta(days=1)


def french(**changes) -> AmendmentFile:
    """Proposed in French, rendered into Spanish (the source: its wording there) and English."""
    renderings = (
        (
            "es",
            RenderingFile(RenderingState.APPROVED, ES, ES.replace("apoyar", "apoyar con firmeza"), AT, by="c@x.org"),
        ),
        ("en", RenderingFile(RenderingState.RENDERED, EN, EN + " Firmly.", AT, outside=True)),
        ("fr", RenderingFile(RenderingState.ORIGINAL, FR, FR.replace("soutenir", "soutenir fermement"), PROPOSED)),
    )
    values = {"base": ES, "text": ES.replace("apoyar", "apoyar con firmeza"), "lang": "fr", "renderings": renderings}
    return sample(**{**values, **changes})


def test_a_file_without_language_nor_renderings_is_written_as_before():
    text = render_amendment_file(sample())
    assert "lang:" not in text and "renderings:" not in text
    assert parse_amendment_file(text, "A7.md", "A7.md") == sample()


def test_language_and_renderings_round_trip_to_the_same_bytes_in_a_fixed_order():
    item = french()
    text = render_amendment_file(item)
    parsed = parse_amendment_file(text, "amendments/A7.md", "A7.md")
    assert parsed == item
    assert render_amendment_file(parsed) == text
    head = text.split("\n")
    assert head.index('lang: "fr"') == head.index("paragraph_kind: null") + 1
    assert head.index("renderings:") == head.index("created_eid: null") + 1
    at = head.index("  en:")
    assert head[at + 1 : at + 7] == [
        '    state: "rendered"',
        f'    base: "{EN}"',
        f'    text: "{EN} Firmly."',
        "    outside: true",
        "    by: null",
        '    at: "2021-09-15T08:20:00+00:00"',
    ]
    assert [line for line in head if line in ("  es:", "  en:", "  fr:")] == ["  es:", "  en:", "  fr:"]


def test_pending_in_the_source_an_amendment_proposed_in_french_changes_nothing_there():
    """Not rendered into the source yet: its wording there is the paragraph unchanged (an insert's, empty)."""
    pending = french(text=ES, renderings=french().renderings[1:])
    assert parse_amendment_file(render_amendment_file(pending), "A7.md", "A7.md") == pending
    original = RenderingFile(RenderingState.ORIGINAL, None, "Considérant la culture ;", PROPOSED, by="m@x.org")
    insert = sample(
        kind=AmendmentKind.INSERT,
        paragraph_kind=Kind.PREAMBULAR,
        base=None,
        text="",
        lang="fr",
        renderings=(("fr", original),),
    )
    text = render_amendment_file(insert)
    assert "    base: null" in text
    assert parse_amendment_file(text, "A7.md", "A7.md") == insert
    deleted = sample(kind=AmendmentKind.DELETE, text="", lang="fr")  # the same in every language: no rendering
    assert parse_amendment_file(render_amendment_file(deleted), "A7.md", "A7.md") == deleted


def test_times_keep_their_instant_and_a_missing_outside_is_false():
    text = render_amendment_file(french())
    moved = text.replace('at: "2021-09-15T08:20:00+00:00"', 'at: "2021-09-15T11:20:00+03:00"', 1)
    moved = moved.replace("    outside: true\n", "", 1)
    parsed = dict(parse_amendment_file(moved, "A7.md", "A7.md").renderings)
    assert parsed["es"].at == AT and parsed["en"].outside is False
    assert parsed["es"].at.tzinfo is not None and datetime(2021, 9, 15, 8, 20, tzinfo=UTC) == parsed["es"].at


def damaged(old: str, new: str) -> tuple[str, int]:
    text = render_amendment_file(french())
    assert old in text
    return text.replace(old, new, 1), text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('lang: "fr"', 'lang: "de"', "Unknown language code “de”"),
        ('lang: "fr"', "lang: 3", "must be text"),
        ("  en:", "  it:", "Unknown language code “it”"),
        ('    state: "rendered"', '    state: "to_render"', "Unknown state “to_render”: use one of “original”"),
        ('    state: "approved"', '    state: "final"', "Unknown state “final”"),
        ('    state: "original"', '    state: "approved"', "proposed in “fr”: its rendering there is its “original”"),
        ('    state: "rendered"', '    state: "original"', "Only the rendering in the language"),
        (f'    text: "{EN} Firmly."', "    text: null", "“text” is required"),
        (f'    text: "{EN} Firmly."', '    text: "  "', "“text” is required"),
        (f'    text: "{EN} Firmly."', f'    text: "{EN}"', "changes nothing"),
        (f'    base: "{EN}"', "    base: null", "“base” is required"),
        ("    outside: true", '    outside: "yes"', "true or false"),
        ('    at: "2021-09-15T08:20:00+00:00"', '    at: "2021-09-15T08:20:00"', "time zone"),
        ("    outside: true", "    outside: true\n    note: 1", "Unknown field “note”"),
        ("    by: null", "    by: 5", "must be text"),
    ],
)
def test_a_damaged_rendering_is_refused_at_its_line(old, new, words):
    text, line = damaged(old, new)
    found, message = line_of_error(text)
    assert found == line + new.count("\n"), message
    assert message.startswith("amendments/A7.md:") and words in message


def test_a_missing_text_is_refused_at_its_language_and_a_missing_original_at_lang():
    text, _ = damaged(f'    text: "{EN} Firmly."\n', "")
    assert line_of_error(text)[0] == text.split("\n").index("  en:") + 1
    lines = render_amendment_file(french()).split("\n")
    original = lines.index("  fr:")
    without = "\n".join(lines[:original] + lines[original + 7 :])
    found, message = line_of_error(without)
    assert found == without.split("\n").index('lang: "fr"') + 1
    assert "keeps its words there as its rendering “original”" in message


@pytest.mark.parametrize(
    ("renderings", "words"),
    [("renderings: 3", "maps each language to its rendering"), ("renderings:\n  en: 3", "maps each language")],
)
def test_renderings_that_are_not_a_mapping_of_mappings_are_refused(renderings, words):
    text = render_amendment_file(sample()).replace("created_eid: null", f"created_eid: null\n{renderings}")
    found, message = line_of_error(text)
    assert found == text.split("\n").index(renderings.split("\n")[-1]) + 1 and words in message


def test_a_deletion_has_no_rendering():
    text = render_amendment_file(sample(kind=AmendmentKind.DELETE, text="", lang="fr"))
    text = text.replace("created_eid: null", f'created_eid: null\nrenderings:\n  fr:\n    text: "{FR}"')
    found, message = line_of_error(text)
    assert found == text.split("\n").index("renderings:") + 1 and "nothing to render" in message
