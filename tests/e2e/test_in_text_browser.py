"""Working in the text, in real Chromium, from the keyboard alone: in a version's reading view a member tabs
to a paragraph, opens it with Enter, selects words with Shift+arrows, and comments on them (in Spanish) or
suggests a change of them in place, its insertions and deletions shown as they type (in English)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.server import chromium_or_skip, running_server, signed_in
from tests.e2e.test_amendments_browser import MEMBER, SLUG, with_two_members

chromium_or_skip()

pytestmark = pytest.mark.e2e


def select_first_words(page, eid: str, words: int) -> None:
    """Tab onto the paragraph, open it with Enter, select its first `words` words with Ctrl+Shift+→."""
    page.keyboard.press("Tab")
    page.locator(f".para#{eid}").focus()  # the paragraph is a tab stop (tabindex=0): no mouse involved
    page.keyboard.press("Enter")
    area = page.locator(".in-text-pick textarea")
    expect(area).to_be_focused()
    for _ in range(words):
        page.keyboard.press("Control+Shift+ArrowRight")
    page.keyboard.press("Enter")


def test_a_member_comments_on_words_and_suggests_a_change_without_the_mouse(tmp_path, browser):
    with running_server(tmp_path, with_two_members(tmp_path)) as server:
        try:
            member = signed_in(browser, server.url, MEMBER)  # Spanish
            member.goto(f"{server.url}/p/{SLUG}/declaration/versions/2")
            words = member.locator(".para#op_1").get_attribute("data-text").split()[:3]
            select_first_words(member, "op_1", 3)
            bar = member.locator(".in-text-bar")
            expect(bar.get_by_role("button", name="Comentar")).to_be_focused()
            member.keyboard.press("Enter")
            expect(member.locator(".in-text-quote")).to_have_text(" ".join(words))
            expect(member.locator(".in-text-form textarea[name=body]")).to_be_focused()
            member.keyboard.type("¿Qué significa aquí?")
            member.keyboard.press("Tab")
            member.keyboard.press("Enter")
            member.wait_for_url("**/declaration/versions/2?*#op_1")  # back at the paragraph, with the text
            member.goto(f"{server.url}/p/{SLUG}/discuss/op_1?version=2")
            expect(member.locator("#threads-panel")).to_contain_text("¿Qué significa aquí?")
            expect(member.locator("#threads-panel")).to_contain_text(" ".join(words))

            english = signed_in(browser, server.url, MEMBER, locale="en-US")
            english.goto(f"{server.url}/p/{SLUG}/declaration/versions/2")
            select_first_words(english, "op_1", 2)
            english.keyboard.press("Tab")  # from the first button to "Suggest a change"
            english.keyboard.press("Enter")
            text = english.locator(".in-text-form textarea[name=text]")
            expect(text).to_be_focused()
            english.keyboard.type("Nosotras, las ciudades,")  # replaces the two words selected
            expect(english.locator(".in-text-diff ins")).to_contain_text("Nosotras, las ciudades,")
            expect(english.locator(".in-text-diff del").first).to_be_visible()
            english.keyboard.press("Tab")
            english.keyboard.type("Más inclusivo.")
            english.keyboard.press("Tab")
            english.keyboard.press("Enter")
            english.wait_for_url("**/amendments/*")
            expect(english.locator("#proposed-title ~ p.diff ins").first).to_contain_text("Nosotras, las ciudades,")

            # Back in the text: the commented words and the amended ones are marked; focused, a mark says what is on it.
            english.goto(f"{server.url}/p/{SLUG}/declaration/versions/2")
            thread = english.locator("#op_1 mark.mark-thread")
            expect(thread).to_have_text(" ".join(words))
            expect(english.locator("#op_1 mark.mark-amendment")).to_have_count(1)
            thread.focus()
            assert "¿Qué significa aquí?" in thread.get_attribute("data-title")
            assert (
                english.evaluate("getComputedStyle(document.activeElement, '::after').content")
                .strip('"')
                .endswith("¿Qué significa aquí?")
            )
        finally:
            browser.close()
