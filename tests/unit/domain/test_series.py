"""How amendments, threads and comments are named and read back: "A7", "7", and "D3" for the committee's draft
series."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workspace.domain.series import (
    AMENDMENT_PATTERN,
    MAX_NUMBER,
    PLAIN_PATTERN,
    Numbered,
    amendment_label,
    link_ref,
    parse_number,
    parse_ref,
    plain_label,
)


def test_labels():
    assert (amendment_label(7, False), amendment_label(3, True)) == ("A7", "D3")
    assert (plain_label(7, False), plain_label(3, True)) == ("7", "D3")
    assert (link_ref("A7"), link_ref("D3"), link_ref("7")) == ("7", "D3", "7")


@pytest.mark.parametrize(
    ("value", "amendment", "found"),
    [
        (7, True, Numbered(False, 7)),
        ("7", False, Numbered(False, 7)),
        ("A7", True, Numbered(False, 7)),
        ("a07", True, Numbered(False, 7)),
        ("D3", False, Numbered(True, 3)),
        ("d3", True, Numbered(True, 3)),
        (" D3 ", False, None),
        ("00000000007", True, None),
        ("A7", False, None),
        ("X7", True, None),
        ("D", True, None),
        ("0", False, None),
        (0, True, None),
        (-1, True, None),
        (True, True, None),
        ("2147483648", True, None),
        (MAX_NUMBER + 1, True, None),
        ("1.5", True, None),
        ("", True, None),
        ("DD3", True, None),
        ("7D", True, None),
        ("٣", True, None),
    ],
)
def test_what_names_an_item(value, amendment, found):
    assert parse_number(value, amendment=amendment) == found


@given(st.integers(1, MAX_NUMBER), st.booleans())
def test_a_label_reads_back_as_what_it_names(number, draft):
    for label, amendment in ((amendment_label(number, draft), True), (plain_label(number, draft), False)):
        assert parse_number(label, amendment=amendment) == Numbered(draft, number)
        assert re.match(AMENDMENT_PATTERN if amendment else PLAIN_PATTERN, label)
        assert parse_number(link_ref(label), amendment=amendment) == Numbered(draft, number)


def test_everyones_series_sorts_before_the_drafts():
    assert sorted([Numbered(True, 1), Numbered(False, 9), Numbered(False, 2)]) == [
        Numbered(False, 2),
        Numbered(False, 9),
        Numbered(True, 1),
    ]


def test_a_form_that_names_nothing_is_told_from_another_form():
    """ "A0" and "D9999999999" are written as labels are (the API document allows them): they name nothing (404),
    while "X1" is not a label at all (400, 422)."""
    assert parse_ref("A0", amendment=True) == Numbered(False, 0) and parse_number("A0", amendment=True) is None
    assert parse_ref("D9999999999") == Numbered(True, 9999999999) and parse_number("D9999999999") is None
    assert parse_ref("X1", amendment=True) is None and parse_ref("A1") is None
