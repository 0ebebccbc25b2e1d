"""`brackets.toml` (what the committee did with the brackets of the working draft): one stable layout, so that what
is read back is what was written and writing it again gives the same bytes; and refusals naming the file and
line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.domain.test_submission_format import expected_line, moments, who
from workspace.domain.brackets.brackets import BracketState, bracket_id, options_id, read_brackets
from workspace.domain.errors import ImportFailed
from workspace.domain.transfer.negotiation_format import (
    BracketEntry,
    key_line,
    parse_brackets_file,
    render_brackets_file,
)
from workspace.domain.values import uncarried

FILE = "kutahya-2021/brackets.toml"
AT = datetime(2021, 10, 6, 14, 5, 9, 42, tzinfo=UTC)
PARAGRAPH = "Each Party [shall][should] review this Declaration [every four years]."
FOUND = read_brackets(PARAGRAPH).brackets
SHALL = bracket_id("op_4", PARAGRAPH, FOUND[0], FOUND)
YEARS = bracket_id("op_4", PARAGRAPH, FOUND[1], FOUND)
GROUP = options_id(["op_7", "op_8"])

BRACKETS = [
    BracketEntry(SHALL, "op_4", "[shall][should]", ("shall", "should"), BracketState.AGREED, 1, None, "EU", None, AT),
    BracketEntry(
        YEARS,
        "op_4",
        "[every four years]",
        ("every four years",),
        BracketState.DROPPED,
        None,
        None,
        None,
        "comite@demo.accord",
        AT,
    ),
    BracketEntry(
        GROUP,
        "op_7",
        "**Option 1:** A.\n\n**Option 2:** [B].",
        ("A.", "[B]."),
        BracketState.OPEN,
        None,
        1,
        "G-77",
        "comite@demo.accord",
        AT,
    ),
]
TEXT = render_brackets_file(BRACKETS)


def test_the_file_reads_back_what_was_written_and_writes_the_same_bytes_again():
    read = parse_brackets_file(TEXT, FILE)
    assert read == BRACKETS
    assert render_brackets_file(read) == TEXT
    lines = TEXT.split("\n")
    assert [lines[b.line - 1] for b in read] == ["[[brackets]]"] * 3
    assert lines[key_line(TEXT, read[2].line, "delegation") - 1] == 'delegation = "G-77"'


def test_the_layout_is_one_key_a_line_and_what_is_absent_is_not_written():
    agreed, dropped, group = TEXT.split("[[brackets]]\n")[1:]
    assert agreed.splitlines() == [
        f'id = "{SHALL}"',
        'eid = "op_4"',
        'text = "[shall][should]"',
        'options = ["shall", "should"]',
        'state = "agreed"',
        "chosen = 1",
        'delegation = "EU"',
        "updated_at = 2021-10-06T14:05:09.000042Z",
        "",
    ]
    assert "chosen" not in dropped and "leading" not in dropped and "delegation" not in dropped
    assert 'text = "**Option 1:** A.\\n\\n**Option 2:** [B]."' in group and "leading = 1" in group


def line_of_error(text: str) -> tuple[int | None, str]:
    with pytest.raises(ImportFailed) as caught:
        parse_brackets_file(text, FILE)
    assert caught.value.file == FILE
    return caught.value.line, caught.value.render()


@pytest.mark.parametrize(
    ("old", "new", "at", "words"),
    [
        (f'id = "{SHALL}"', 'id = "op_5~0123456789"', "id", "is not the id of a bracket of op_4"),
        (f'id = "{SHALL}"', 'id = "op_4~shall"', "id", "“op_4~” and its digest"),
        (f'id = "{YEARS}"', f'id = "{SHALL}"', "id", f"The bracket “{SHALL}” is listed twice"),
        ('eid = "op_4"\ntext = "[shall]', 'eid = "OP 4"\ntext = "[shall]', "eid", "not a paragraph identifier"),
        ('text = "[shall][should]"\n', "", "[[brackets]]", "“text” is required"),
        ('text = "[shall][should]"', "text = 3", "text", "“text” must be text"),
        ('options = ["shall", "should"]', 'options = ["shall", 2]', "options", "list of texts"),
        ('options = ["shall", "should"]', "options = []", "options", "“options” is required"),
        ('state = "agreed"', 'state = "settled"', "state", "Unknown state “settled”"),
        ('state = "agreed"', 'state = "open"', "chosen", "An agreed bracket says which option"),
        ('"dropped"', '"agreed"', "state", "An agreed bracket says which option"),
        ("chosen = 1", "chosen = 2", "chosen", "“chosen” must be a whole number from 0 to 1"),
        ("chosen = 1", "chosen = true", "chosen", "“chosen” must be a whole number from 0 to 1"),
        ("leading = 1", "leading = -1", "leading", "“leading” must be a whole number from 0 to 1"),
        ('delegation = "EU"', 'delegation = "E U"', "delegation", "not a delegation code"),
        ('updated_by = "comite@demo.accord"', 'updated_by = "nadie"', "updated_by", "not an email address"),
        ("updated_at = 2021-10-06T14:05:09.000042Z", "updated_at = 14:05:09", "updated_at", "not a date and time"),
        ('state = "agreed"', 'state = "agreed"\nvotes = 3', "votes", "Unknown field “votes”"),
    ],
)
def test_a_damaged_file_is_refused_at_the_line_of_what_is_wrong(old, new, at, words):
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    line, message = line_of_error(text)
    assert words in message
    assert line == expected_line(text, TEXT.index(old), at)
    assert message.startswith(f"{FILE}:{line}: ")


def test_what_is_not_toml_or_not_tables_is_refused_with_its_line():
    assert line_of_error(TEXT.replace('state = "agreed"', "state = agreed", 1))[0] == 8
    line, message = line_of_error("# x\n\n[brackets]\nid = 1\n")
    assert line == 3 and "[[brackets]] table" in message


# Any text a file can carry, spaces at either end and line breaks included: a bracket's words are kept as written.
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30).filter(
    lambda t: uncarried(t) is None
)


digests = st.from_regex(r"\A([0-9a-f]{10}|o[0-9a-f]{9})\Z")


@st.composite
def records(draw):
    made = []
    for n in draw(st.lists(st.integers(1, 99), max_size=4, unique=True)):
        eid = f"op_{n}"
        options = tuple(draw(st.lists(texts, min_size=1, max_size=3)))
        state = draw(st.sampled_from(BracketState))
        bid = f"{eid}~{draw(digests)}"
        made.append(
            BracketEntry(
                bid,
                eid,
                draw(texts.filter(bool)),
                options,
                state,
                draw(st.integers(0, len(options) - 1)) if state == BracketState.AGREED else None,
                draw(st.none() | st.integers(0, len(options) - 1)),
                draw(st.none() | st.sampled_from(["ARG", "G-77", "EU"])),
                draw(who),
                draw(moments),
            )
        )
    return made


@given(records())
def test_any_records_read_back_the_same_and_write_the_same_bytes(made):
    text = render_brackets_file(made)
    read = parse_brackets_file(text, FILE)
    assert read == made
    assert render_brackets_file(read) == text
