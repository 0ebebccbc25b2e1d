"""Pages of a long list: every item on exactly one page, an item's page holds it, page numbers as typed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workspace.domain.errors import InvalidInput
from workspace.domain.paging import Window, page_number, window


@given(st.integers(0, 5_000), st.integers(1, 300))
def test_the_pages_cover_the_list_once_in_order(total, size):
    pages = window(total, size).pages
    covered = [i for n in range(1, pages + 1) for i in range(window(total, size, n).start, window(total, size, n).stop)]
    assert covered == list(range(total))
    assert total == 0 or all(
        0 < window(total, size, n).stop - window(total, size, n).start <= size for n in range(1, pages + 1)
    )


@given(st.integers(1, 5_000), st.integers(1, 300), st.data())
def test_an_items_page_holds_it_whatever_page_is_asked(total, size, data):
    at = data.draw(st.integers(0, total - 1))
    shown = window(total, size, data.draw(st.integers(-5, 10_000) | st.none()), at)
    assert shown.start <= at < shown.stop and shown.first == shown.start + 1


@given(st.integers(0, 5_000), st.integers(1, 300), st.integers(-100, 100_000))
def test_a_page_out_of_range_is_the_nearest_one(total, size, page):
    shown = window(total, size, page)
    assert 1 <= shown.page <= shown.pages
    assert shown.page == min(max(page, 1), shown.pages)


def test_the_place_as_people_read_it():
    assert (window(210, 100, 3).first, window(210, 100, 3).last, window(210, 100, 3).pages) == (201, 210, 3)
    assert window(0, 100) == Window(0, 100, 1) and window(0, 100).first == 0 and window(0, 100).whole
    assert window(100, 100).whole and not window(101, 100).whole
    assert (
        window(210, 100, 2, at=None).start == 100 and window(210, 100, 2, at=999).page == 2
    )  # an `at` not listed: the page


def test_page_numbers_as_typed():
    assert [page_number(v) for v in (None, "", " ", "1", " 12 ")] == [None, None, None, 1, 12]
    for wrong in (
        "0",
        "-1",
        "two",
        "1.5",
        "1e3",
        "99999999",
        "\u00b9",
        "2\u00b2",
    ):  # superscripts: digits to isdigit, not to int
        with pytest.raises(InvalidInput, match="is not a page number"):
            page_number(wrong)
