"""One Chromium per test process, lent to each browser test (`browser`): launching Playwright's driver and
Chromium costs about a second of processor, a new context a quarter of one, and contexts share nothing (cookies,
storage, cache, downloads are each context's own).

While Playwright runs, its event loop counts as running in this thread (its sync API resumes the test between its
calls from inside that loop): a later test of the process that runs asyncio itself does it in a thread of its own
(tests/web/live/test_live_fanout.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS


class LentBrowser:
    """The process's Chromium as one test sees it: what the test opens through it is closed after it."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser
        self._opened: list[BrowserContext] = []

    def new_context(self, **options: Any) -> BrowserContext:
        context = self._browser.new_context(**options)
        self._opened.append(context)
        return context

    def new_page(self, **options: Any) -> Page:
        """A page in a context of its own, as Browser.new_page makes it."""
        return self.new_context(**options).new_page()

    def close(self) -> None:
        """Close every context the test opened (the browser goes on for the next test)."""
        opened, self._opened = self._opened, []
        for context in opened:
            context.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def browser(chromium: Browser) -> Iterator[LentBrowser]:
    lent = LentBrowser(chromium)
    try:
        yield lent
    finally:
        lent.close()
