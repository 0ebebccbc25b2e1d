"""Comments in real Chromium: a member selects a phrase of a paragraph and comments on it; a second
page, open on the same paragraph, shows the new thread live, without a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.server import (
    COMMITTEE,
    chromium_or_skip,
    demo_store,
    running_server,
    signed_in,
)

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"
MEMBER = "miembro@demo.accord"
PHRASE = "redes de proximidad"


def test_a_comment_on_selected_words_appears_live_on_another_page(tmp_path, browser):
    with running_server(tmp_path, demo_store(tmp_path, MEMBER)) as server:
        try:
            watcher = signed_in(browser, server.url, COMMITTEE)
            watcher.goto(f"{server.url}/p/{SLUG}/discuss/op_7?version=2")
            expect(watcher.locator("#threads-panel h2")).to_contain_text("0")

            member = signed_in(browser, server.url, MEMBER)
            member.goto(f"{server.url}/p/{SLUG}/declaration/versions/2")
            member.locator("#op_7 a.discuss-link").click()
            member.wait_for_url("**/discuss/op_7?version=2")
            member.evaluate(
                """(phrase) => {
                const area = document.querySelector("[data-selectable]");
                const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
                let node;
                while ((node = walker.nextNode()) && !node.data.includes(phrase)) {}
                const range = document.createRange();
                const at = node.data.indexOf(phrase);
                range.setStart(node, at);
                range.setEnd(node, at + phrase.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                area.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
            }""",
                PHRASE,
            )
            expect(member.locator("#o-exact")).to_have_value(PHRASE)
            member.locator("#o-body").fill("¿Qué redes? Las **asociaciones vecinales** también cuentan.")
            member.locator("#open-form button[type=submit]").click()
            member.wait_for_url("**/discuss/op_7?version=2#t*")
            expect(member.locator("#threads-panel article mark").first).to_have_text(PHRASE)

            # The other page never reloaded: the thread came through the event stream.
            live = watcher.locator("#threads-panel article")
            expect(live).to_have_count(1, timeout=15000)
            expect(live.locator("mark")).to_have_text(PHRASE)
            expect(live.locator(".comment-body strong")).to_have_text("asociaciones vecinales")
            assert watcher.evaluate("performance.getEntriesByType('navigation').length") == 1
        finally:
            browser.close()
