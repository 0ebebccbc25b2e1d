"""Layout in real Chromium: a page's title never runs under its button, on a phone or a desktop; a process's tabs
keep to one row in every language (side by side on a desktop, scrolling sideways on a phone); the header's language
changes in one action and keeps the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

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


TABS = """() => {
  const bar = document.querySelector('nav.tabs');
  const links = [...bar.querySelectorAll('a')];
  return {
    names: links.map(a => a.textContent.trim()),
    rows: [...new Set(links.map(a => Math.round(a.getBoundingClientRect().top)))],
    lines: links.filter(a => a.getClientRects().length > 1).map(a => a.textContent.trim()),
    scrollWidth: bar.scrollWidth,
    clientWidth: bar.clientWidth,
    overflowX: getComputedStyle(bar).overflowX,
  };
}"""


def choose_language(page, code: str, language: str) -> None:
    """The header's select alone (no button pressed): the page comes back in `language`, at the same address."""
    before = page.url
    with page.expect_navigation():
        page.locator("#ui-language").select_option(code)
    assert page.url == before
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_the_process_tabs_keep_to_one_row_in_every_language(tmp_path, browser):
    with running_server(tmp_path) as server:
        try:
            page = signed_in(browser, server.url, COMMITTEE)
            page.goto(f"{server.url}/p/kutahya-2021/sessions?view=all")
            problems = []
            for code in ("es", "en", "fr"):
                if code != "es":
                    choose_language(page, code, code)
                for width in (1280, 390):
                    page.set_viewport_size({"width": width, "height": 900})
                    tabs = page.evaluate(TABS)
                    assert len(tabs["names"]) == 11, tabs["names"]  # the committee's: every tab, Settings last
                    seen = f"{code} at {width} px"
                    if len(tabs["rows"]) != 1 or tabs["lines"]:
                        problems.append(f"{seen}: the tabs wrap ({tabs['rows']}, {tabs['lines']} on two lines)")
                    if width == 1280 and tabs["scrollWidth"] > tabs["clientWidth"]:
                        problems.append(f"{seen}: the tabs overflow ({tabs['scrollWidth']} > {tabs['clientWidth']})")
                    if width == 390 and not (
                        tabs["scrollWidth"] > tabs["clientWidth"] and tabs["overflowX"] in ("auto", "scroll")
                    ):
                        problems.append(f"{seen}: the tab bar does not scroll sideways ({tabs})")
                    if width == 390:  # the page itself never scrolls sideways for them
                        assert page.evaluate("document.documentElement.scrollWidth") <= 390, seen
                page.set_viewport_size({"width": 1280, "height": 900})
            assert not problems, "\n".join(problems)
        finally:
            browser.close()


def test_the_language_changes_in_one_action_and_the_keyboard_never_leaves_the_page(tmp_path, browser):
    with running_server(tmp_path) as server:
        try:
            page = signed_in(browser, server.url, COMMITTEE)
            page.goto(f"{server.url}/p/kutahya-2021/recommendations")
            change = page.locator("form.lang button[type=submit]")
            expect(change).to_be_hidden()  # with script, the select is the one action
            choose_language(page, "fr", "fr")
            expect(page.locator("#ui-language")).to_have_value("fr")

            # From the keyboard, the arrows only move the choice; the button comes back, and Enter sends it.
            page.locator("#ui-language").focus()
            page.keyboard.press("ArrowUp")
            expect(change).to_be_visible()
            expect(page.locator("html")).to_have_attribute("lang", "fr")
            assert page.url.endswith("/p/kutahya-2021/recommendations")
            chosen = page.locator("#ui-language").input_value()
            assert chosen != "fr"
            with page.expect_navigation():
                page.keyboard.press("Enter")
            expect(page.locator("html")).to_have_attribute("lang", chosen)
            assert page.url.endswith("/p/kutahya-2021/recommendations")

            # Without script, the button does it, as before.
            bare = browser.new_page(java_script_enabled=False, locale="es-ES")
            bare.goto(f"{server.url}/signin")
            button = bare.locator("form.lang button[type=submit]")
            expect(button).to_be_visible()
            bare.locator("#ui-language").select_option("en")
            button.click()
            bare.wait_for_url(re.compile(r".*/signin$"))
            expect(bare.locator("html")).to_have_attribute("lang", "en")
        finally:
            browser.close()


COUNTS = """() => [...document.querySelectorAll('table.voting tbody tr')].map(row => {
  const fields = [...row.querySelectorAll('.vote-counts input')].map(i => i.getBoundingClientRect());
  const labels = [...row.querySelectorAll('.vote-counts label')].map(l => l.getBoundingClientRect());
  const cell = row.querySelector('.vote-counts').getBoundingClientRect();
  return {
    beside: labels.every((l, i) => l.right <= fields[i].left
      && Math.abs((l.top + l.bottom) / 2 - (fields[i].top + fields[i].bottom) / 2) < 4),
    height: cell.height,
    field: fields[0].height,
  };
})"""


def test_the_voting_lists_counts_keep_each_label_beside_its_field(tmp_path, browser):
    """A row is as tall as its change, not as three labels and fields stacked one under another (400 px)."""
    with running_server(tmp_path) as server:
        page = signed_in(browser, server.url, COMMITTEE)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{server.url}/p/kutahya-2021/amendments/voting")
        rows = page.evaluate(COUNTS)
        assert rows
        for counts in rows:
            assert counts["beside"], counts
            assert counts["height"] < 3.5 * counts["field"], counts
