"""Search in real Chromium (issue 68): a member reading the declaration in Spanish finds a phrase typed in French in
the header's box and lands on that paragraph of the French edition; words selected in the text are asked across
processes and published declarations with one action ("Find elsewhere")."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.server import chromium_or_skip, running_server, signed_in
from tests.e2e.test_amendments_browser import MEMBER, SLUG, with_two_members
from tests.e2e.test_reading_page_browser import WORDS, open_the_tab, select_with_the_mouse

chromium_or_skip()

pytestmark = pytest.mark.e2e


def test_a_french_phrase_found_from_a_spanish_page_lands_on_its_paragraph_and_a_selection_is_found_elsewhere(
    tmp_path, browser
):
    with running_server(tmp_path, with_two_members(tmp_path)) as server:
        page = signed_in(browser, server.url, MEMBER, locale="es-ES")
        open_the_tab(page, server.url, WORDS["es-ES"])
        expect(page.locator("html")).to_have_attribute("lang", "es")
        box = page.locator("header form[role=search] input[name=q]")
        box.fill("financement climatique")
        box.press("Enter")
        page.wait_for_url(f"**/p/{SLUG}/search?q=*")
        first = page.locator("ol.hits > li").first
        expect(first.locator(".hit-lang")).to_have_text("Français")
        expect(first.locator(".snippet mark").first).to_have_text("financement")
        first.locator(".hit-head a").click()
        page.wait_for_url("**lang=fr**#op_12")
        paragraph = page.locator(".para#op_12")
        expect(paragraph).to_be_in_viewport()
        expect(paragraph).to_contain_text("financement climatique")
        expect(paragraph).to_have_attribute("lang", "fr")

        open_the_tab(page, server.url, WORDS["es-ES"])
        select_with_the_mouse(page, "op_1")
        chosen = page.evaluate("window.getSelection().toString()").strip()
        elsewhere = page.get_by_role("link", name="Buscar en otros textos")
        expect(elsewhere).to_be_visible()
        elsewhere.click()
        page.wait_for_url("**/search?q=*")
        asked = page.locator("#e-q").input_value()
        assert asked.startswith('"') and " ".join(chosen.split()) in asked, (asked, chosen)  # whole words
        hits = page.locator("ol.hits > li")
        expect(hits.first.locator(".hit-process")).to_have_text(SLUG)
        expect(hits.first.locator(".hit-head a")).to_have_attribute(
            "href", f"/p/{SLUG}/declaration/versions/2?lang=es&at=op_1#op_1"
        )
