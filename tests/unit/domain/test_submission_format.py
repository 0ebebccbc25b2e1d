"""`submissions.toml` (submission windows and the proposals in them): one stable layout, so that what is read back
is what was written and writing it again gives the same bytes; and refusals naming the file and line."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workspace.domain.errors import ImportFailed
from workspace.domain.submissions.submissions import ProposalKind
from workspace.domain.transfer.negotiation_format import (
    ProposalEntry,
    WindowEntry,
    key_line,
    parse_submissions_file,
    render_submissions_file,
)

FILE = "kutahya-2021/submissions.toml"
OPENS = datetime(2021, 10, 1, 7, 0, tzinfo=UTC)
CLOSES = datetime(2021, 10, 8, 15, 30, tzinfo=UTC)
FILED = datetime(2021, 10, 4, 9, 12, 30, 123456, tzinfo=UTC)

WINDOWS = [
    WindowEntry(1, OPENS, CLOSES, ("op_1", "op_2"), "comite@demo.accord", OPENS - timedelta(days=1)),
    WindowEntry(2, CLOSES, CLOSES + timedelta(days=7), None, None, CLOSES),
]
PROPOSALS = [
    ProposalEntry(1, 1, "ARG", ProposalKind.MODIFY, "op_1", None, "Nos comprometemos a «actuar».", None, FILED, "op_9"),
    ProposalEntry(
        2, 1, "G-77", ProposalKind.INSERT, None, "op_2", "Un párrafo nuevo.", "miembro@demo.accord", FILED, None
    ),
    ProposalEntry(3, 2, "ARG", ProposalKind.DELETE, "op_2", None, "", "miembro@demo.accord", FILED, None),
]
TEXT = render_submissions_file(WINDOWS, PROPOSALS)


def test_the_file_reads_back_what_was_written_and_writes_the_same_bytes_again():
    windows, proposals = parse_submissions_file(TEXT, FILE)
    assert (windows, proposals) == (WINDOWS, PROPOSALS)
    assert render_submissions_file(windows, proposals) == TEXT
    lines = TEXT.split("\n")
    assert [lines[w.line - 1] for w in windows] == ["[[windows]]"] * 2
    assert [lines[p.line - 1] for p in proposals] == ["[[proposals]]"] * 3
    assert lines[key_line(TEXT, proposals[1].line, "delegation") - 1] == 'delegation = "G-77"'


def test_the_layout_is_one_key_a_line_and_what_is_absent_is_not_written():
    assert TEXT.startswith("# The submission windows")
    first, second = TEXT.split("[[windows]]\n")[1:3]
    assert first.splitlines() == [
        "number = 1",
        "opens = 2021-10-01T07:00:00.000000Z",
        "closes = 2021-10-08T15:30:00.000000Z",
        'eids = ["op_1", "op_2"]',
        'created_by = "comite@demo.accord"',
        "created_at = 2021-09-30T07:00:00.000000Z",
        "",
    ]
    assert "eids" not in second.split("[[proposals]]")[0] and "created_by" not in second.split("[[proposals]]")[0]
    insert, delete = TEXT.split("[[proposals]]\n")[2:4]
    assert 'after = "op_2"' in insert and "eid =" not in insert
    assert "text" not in delete and 'eid = "op_2"' in delete
    assert 'compiled_eid = "op_9"' in TEXT.split("[[proposals]]\n")[1]


def test_times_are_kept_as_instants_whatever_offset_they_were_written_with():
    text = TEXT.replace("opens = 2021-10-01T07:00:00.000000Z", "opens = 2021-10-01T10:00:00+03:00", 1)
    windows, _ = parse_submissions_file(text, FILE)
    assert windows[0].opens == OPENS
    assert "opens = 2021-10-01T07:00:00.000000Z" in render_submissions_file(windows, PROPOSALS)


def test_a_file_without_windows_nor_proposals_is_empty():
    assert parse_submissions_file("# nothing\n", FILE) == ([], [])


def line_of_error(text: str) -> tuple[int | None, str]:
    with pytest.raises(ImportFailed) as caught:
        parse_submissions_file(text, FILE)
    assert caught.value.file == FILE
    return caught.value.line, caught.value.render()


def expected_line(text: str, where: int, at: str) -> int:
    """The line a refusal names: the first line from the change (at offset `where`) on that starts with `at`; for a
    table's header, the header of the table the change is in."""
    lines, start = text.split("\n"), text[:where].count("\n") + 1
    if at.startswith("[["):
        return max(n for n in range(1, start + 1) if lines[n - 1] == at)
    return next(n for n in range(start, len(lines) + 1) if lines[n - 1].startswith(at))


@pytest.mark.parametrize(
    ("old", "new", "at", "words"),
    [
        ("number = 1\nopens", "number = 0\nopens", "number", "whole number from 1"),
        ("number = 2\nopens", "number = 1\nopens", "number", "The submission window 1 is listed twice"),
        ("opens = 2021-10-01T07:00:00.000000Z", "opens = 2021-10-01T07:00:00", "opens", "needs a time zone"),
        ("opens = 2021-10-01T07:00:00.000000Z", 'opens = "tomorrow"', "opens", "not a date and time"),
        ("closes = 2021-10-08T15:30:00.000000Z", "closes = 2021-09-08T15:30:00Z", "closes", "closes after it opens"),
        ('eids = ["op_1", "op_2"]', 'eids = ["op_1", "OP 2"]', "eids", "“OP 2” is not a paragraph identifier"),
        ('eids = ["op_1", "op_2"]', 'eids = "op_1"', "eids", "list of texts"),
        ('created_by = "comite@demo.accord"', 'created_by = "comite"', "created_by", "not an email address"),
        ("created_at = 2021-09-30T07:00:00.000000Z\n", "", "[[windows]]", "“created_at” is required"),
        ("number = 1\nopens", "numero = 1\nnumber = 1\nopens", "numero", "Unknown field “numero”"),
        ('kind = "modify"', 'kind = "rewrite"', "kind", "Unknown kind “rewrite”"),
        ('delegation = "ARG"', 'delegation = "A"', "delegation", "not a delegation code"),
        ('delegation = "ARG"\nkind = "modify"', 'kind = "modify"', "[[proposals]]", "“delegation” is required"),
        ("window = 1\ndelegation", "window = 3\ndelegation", "window", "No submission window 3 in this file"),
        ('eid = "op_1"\ntext', 'eid = "op 1"\ntext', "eid", "not a paragraph identifier"),
        ('eid = "op_1"\ntext', "text", "[[proposals]]", "which paragraph the proposal is about"),
        ('after = "op_2"', 'after = "op_2"\neid = "op_2"', "eid", "A proposal of kind “insert” has no “eid”"),
        ('"delete"\neid = "op_2"', '"delete"\neid = "op_2"\ntext = "x"', "text", "“delete” has no “text”"),
        ('text = "Un párrafo nuevo."', 'text = "  "', "text", "“text” is required"),
        ('text = "Un párrafo nuevo."', 'text = "Un \\u0007 párrafo."', "text", "invisible control character"),
        ('compiled_eid = "op_9"', "compiled_eid = 9", "compiled_eid", "not a paragraph identifier"),
        (
            "filed_at = 2021-10-04T09:12:30.123456Z\ncompiled",
            "filed_at = 2021-10-04\ncompiled",
            "filed_at",
            "time zone",
        ),
        ("number = 3\n", "number = 2\n", "number", "The proposal 2 is listed twice"),
        ('eid = "op_1"\ntext', 'eid = "op_1"\nlang = "xx"\ntext', "lang", "“xx”"),
        ('eid = "op_1"\ntext', 'eid = "op_1"\nlang = "fr"\nsource_text = 3\ntext', "source_text", "must be text"),
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
    assert line_of_error(TEXT.replace("number = 1\nopens", "number = = 1\nopens", 1))[0] == 4
    line, message = line_of_error("# x\n\nwindows = 3\n")
    assert line == 3 and "[[windows]] table" in message
    line, message = line_of_error("# x\n\n[[ventanas]]\nnumber = 1\n")
    assert line == 3 and "Unknown field “ventanas”" in message


# Noncharacters (U+FFFE …, category Cn) are refused by every text field of Accord, on purpose.
words = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn", "Zl", "Zp")), min_size=1, max_size=40)
    .map(lambda t: unicodedata.normalize("NFC", t).strip())
    .filter(bool)
)
eids = st.from_regex(r"\A(op|pre|hdg)_[1-9][0-9]{0,3}\Z")
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
who = st.none() | st.sampled_from(["comite@demo.accord", "miembro@demo.accord", "ñandú@ejemplo.org"])


@st.composite
def submissions(draw):
    windows = []
    for number in draw(st.lists(st.integers(1, 50), min_size=1, max_size=3, unique=True)):
        opens = draw(moments)
        chosen = draw(st.none() | st.lists(eids, min_size=1, max_size=4, unique=True).map(tuple))
        windows.append(
            WindowEntry(
                number,
                opens,
                opens + draw(st.timedeltas(timedelta(minutes=1), timedelta(days=90))),
                chosen,
                draw(who),
                draw(moments),
            )
        )
    proposals = []
    for number in draw(st.lists(st.integers(1, 10_000), max_size=5, unique=True)):
        kind = draw(st.sampled_from(ProposalKind))
        target = draw(eids)
        proposals.append(
            ProposalEntry(
                number,
                draw(st.sampled_from([w.number for w in windows])),
                draw(st.sampled_from(["ARG", "G-77", "EU", "UCLG"])),
                kind,
                None if kind == ProposalKind.INSERT else target,
                target if kind == ProposalKind.INSERT else None,
                "" if kind == ProposalKind.DELETE else draw(words),
                draw(who),
                draw(moments),
                draw(st.none() | eids),
                lang=(lang := draw(st.none() | st.sampled_from(["en", "fr"]))),
                source_text=draw(st.none() | words) if lang is not None and kind != ProposalKind.DELETE else None,
            )
        )
    return windows, proposals


@given(submissions())
def test_any_windows_and_proposals_read_back_the_same_and_write_the_same_bytes(made):
    windows, proposals = made
    text = render_submissions_file(windows, proposals)
    read = parse_submissions_file(text, FILE)
    assert read == (windows, proposals)
    assert render_submissions_file(*read) == text


def test_an_offset_is_read_as_the_instant_it_names():
    text = TEXT.replace("filed_at = 2021-10-04T09:12:30.123456Z", "filed_at = 2021-10-04T11:12:30.123456+02:00", 1)
    _, proposals = parse_submissions_file(text, FILE)
    assert proposals[0].filed_at == FILED.astimezone(timezone(timedelta(hours=2)))
