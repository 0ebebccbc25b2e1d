"""Layout in real Chromium: a page's title never runs under its button, on a phone or a desktop."""

from __future__ import annotations

import pytest

from tests.e2e.server import (
    COMMITTEE,
    chromium_or_skip,
    running_server,
    signed_in,
)

chromium_or_skip()

pytestmark = pytest.mark.e2e
PAGES = (
    "/p/kutahya-2021",
    "/p/kutahya-2021/amendments",
    "/p/kutahya-2021/declaration/compare",
    "/p/kutahya-2021/translations",
)

OVERLAPS = """() => {
  const hits = [];
  for (const row of document.querySelectorAll('.heading-row')) {
    const title = row.querySelector('h1');
    if (!title) continue;
    const t = title.getBoundingClientRect();
    for (const other of row.querySelectorAll('.button, .badge, a.button, button')) {
      const o = other.getBoundingClientRect();
      const overlaps = t.left < o.right && o.left < t.right && t.top < o.bottom && o.top < t.bottom;
      if (overlaps) hits.push(other.textContent.trim());
    }
  }
  return hits;
}"""


def test_titles_and_their_buttons_never_overlap(tmp_path, browser):
    with running_server(tmp_path) as server:
        try:
            page = signed_in(browser, server.url, COMMITTEE)
            problems = []
            for width in (390, 768, 1280):
                page.set_viewport_size({"width": width, "height": 900})
                for path in PAGES:
                    page.goto(f"{server.url}{path}")
                    hits = page.evaluate(OVERLAPS)
                    if hits:
                        problems.append(f"{path} at {width} px: the title runs under {hits}")
            assert not problems, "\n".join(problems)
        finally:
            browser.close()
