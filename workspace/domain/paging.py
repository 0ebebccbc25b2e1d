"""A long list shown a page at a time: which page holds an item, where a page starts and ends.

Pages are counted from 1; asking for one past the end gives the last (a bookmark kept while the list
shrank still opens), and asking for an item's page (`at`) wins over a page number, so that a link to
a paragraph lands where it is, whatever the page it was made from."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import N_, InvalidInput

MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Window:
    total: int  # items in the whole (filtered) list
    size: int  # items per page
    page: int  # 1-based; 1 for an empty list

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def start(self) -> int:
        """Index of the page's first item in the whole list."""
        return (self.page - 1) * self.size

    @property
    def stop(self) -> int:
        return min(self.total, self.start + self.size)

    @property
    def first(self) -> int:
        """The page's first item, counted from 1 as people count (0 on an empty list)."""
        return self.start + 1 if self.total else 0

    @property
    def last(self) -> int:
        return self.stop

    @property
    def whole(self) -> bool:
        """The list fits on one page: no pager is shown."""
        return self.pages == 1


def window(total: int, size: int, page: int | None = None, at: int | None = None) -> Window:
    """The page of a `total`-item list holding item `at` (an index), else page `page`, else the first."""
    if size < 1 or total < 0:
        raise ValueError("a window needs a positive size and a total")
    pages = max(1, -(-total // size))
    if at is not None and 0 <= at < total:
        return Window(total, size, at // size + 1)
    return Window(total, size, min(max(page or 1, 1), pages))


def page_number(text: str | None) -> int | None:
    """The `page` of a query, as a person may type it in the address bar: absent or empty is the first page;
    anything but a positive whole number is refused (422), not silently read as another page."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    if not value.isdecimal() or not 1 <= int(value) <= MAX_PAGE:
        raise InvalidInput(
            N_("“{page}” is not a page number: pages are counted from 1."), page=text, detail={"field": "page"}
        )
    return int(value)
