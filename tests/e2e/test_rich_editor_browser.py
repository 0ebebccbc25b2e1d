"""The committee writes in the document: the rich editor of a draft paragraph in real Chromium.

Where the paragraph stands in the working draft ("Edit here"), words are typed, one made bold with Ctrl+B, a link added
with Ctrl+K; the Markdown toggle shows the very text the form sends, and the store keeps exactly that Markdown. On the
paragraph's page the toolbar is worked with the keyboard alone (Alt+F10, the arrow keys, Enter): italic, a link, a
footnote and a bullet, saved as Accord's Markdown and place in the lists. A text the editor would not give back
exactly opens as Markdown, unchanged, with a note. axe-core finds no serious or critical violation on the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.server import COMMITTEE, Server, chromium_or_skip, running_server, signed_in
from workspace.services.actor import SYSTEM
from workspace.services.declaration import draft
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"
LINK = "https://www.ciudadesintermedias.org"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def stored(folder: Path, eid: str) -> tuple[str, int, str]:
    """The paragraph's text, depth and marker in the server's store."""
    store = make_store(f"sqlite:///{folder / 'accord.db'}")
    try:
        p = draft.get_draft_paragraph(store, SYSTEM, SLUG, eid)
    finally:
        store.dispose()
    return p.text, p.depth, p.marker


def no_grave_violation(page: Page) -> None:
    results = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    grave = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not grave, [(v["id"], v["impact"], v["nodes"][0]["target"], v["nodes"][0]["failureSummary"]) for v in grave]


def editing(server: Server, browser) -> Page:
    page = signed_in(browser, server.url, COMMITTEE)
    page.add_init_script(Axe().axe_script)
    return page


def test_words_typed_made_bold_and_linked_in_place_are_saved_as_accords_markdown(tmp_path, browser):
    with running_server(tmp_path) as server:
        before, _, _ = stored(tmp_path, "op_1")
        assert before.endswith("de los ecosistemas.")
        page = editing(server, browser)
        page.goto(f"{server.url}/p/{SLUG}/declaration/draft")
        page.locator("li#op_1 button[data-edit-here]").click()  # the paragraph edited where it stands
        surface = page.locator("li#op_1 #edit-form .ProseMirror")
        expect(surface).to_be_focused()  # the caret at the end of its text
        expect(page.locator("li#op_1 #edit-form textarea[name=text]")).to_be_hidden()

        page.keyboard.press("Backspace")  # the final stop
        page.keyboard.type(", con ")
        page.keyboard.press("Control+b")
        page.keyboard.type("todas")
        page.keyboard.press("Control+b")
        page.keyboard.type(" las ciudades intermedias")
        expect(page.locator("li#op_1 [data-command=strong]")).to_have_attribute("aria-pressed", "false")
        for _ in range(2):
            page.keyboard.press("Control+Shift+ArrowLeft")  # "ciudades intermedias"
        page.keyboard.press("Control+k")
        address = page.locator("li#op_1 .rich-link input")
        expect(address).to_be_focused()
        address.fill(LINK)
        address.press("Enter")
        expect(surface).to_be_focused()
        page.keyboard.press("End")
        page.keyboard.type(".")
        expect(surface.locator("strong")).to_have_text("todas")
        expect(surface.locator(f'a[href="{LINK}"]')).to_have_text("ciudades intermedias")

        expected = before[:-1] + f", con **todas** las [ciudades intermedias]({LINK})."
        toggle = page.locator("li#op_1 .rich-toggle")
        toggle.click()  # the Markdown box, one click away: the very text the form sends
        box = page.locator("li#op_1 #edit-form textarea[name=text]")
        expect(box).to_be_visible()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        assert box.input_value() == expected
        toggle.click()  # and back to the document
        expect(surface).to_be_visible()
        expect(surface.locator("strong")).to_have_text("todas")

        page.locator("li#op_1 #edit-form button[type=submit]").click()
        page.wait_for_url("**/declaration/draft?at=op_1#op_1")
        assert stored(tmp_path, "op_1") == (expected, 0, "")
        expect(page.locator("li#op_1 .para-text strong").first).to_have_text("todas")


def test_the_toolbar_with_the_keyboard_alone_on_the_paragraphs_page(tmp_path, browser):
    with running_server(tmp_path) as server:
        before, _, _ = stored(tmp_path, "op_2")
        assert before.startswith("Nos comprometemos a acelerar") and before.endswith(".")
        page = editing(server, browser)
        page.goto(f"{server.url}/p/{SLUG}/declaration/draft/op_2")
        surface = page.locator("#edit-form .ProseMirror")
        expect(surface).to_be_visible()
        no_grave_violation(page)
        surface.focus()
        page.keyboard.press("Control+Home")
        page.keyboard.press("Control+Shift+ArrowRight")  # "Nos"
        page.keyboard.press("Alt+F10")  # to the toolbar: its first button
        bold = page.locator("[data-command=strong]")
        expect(bold).to_be_focused()
        page.keyboard.press("ArrowRight")
        expect(page.locator("[data-command=em]")).to_be_focused()
        page.keyboard.press("Enter")  # italic, and back to the text
        expect(surface).to_be_focused()
        expect(surface.locator("em")).to_have_text("Nos")

        page.keyboard.press("Control+End")
        page.keyboard.press("ArrowLeft")  # before the final stop
        page.keyboard.press("Shift+Tab")  # the toolbar's one tab stop: the button used last
        expect(page.locator("[data-command=em]")).to_be_focused()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        expect(page.locator("[data-command=footnote]")).to_be_focused()
        page.keyboard.press("Enter")  # a marker here, its note at the end of the text (an operative paragraph's own)
        expect(surface).to_be_focused()
        page.keyboard.type("Véase la Carta de Ciudades Intermedias.")
        expect(surface.locator("sup.fn-ref")).to_have_text("[1]")
        expect(surface.locator("p.fn-def")).to_have_text("Véase la Carta de Ciudades Intermedias.")

        page.keyboard.press("Control+Home")
        page.keyboard.press("Alt+F10")  # from the text again: the button used last, the footnote's
        expect(page.locator("[data-command]:focus")).to_have_count(1)  # in the toolbar before the arrow is pressed
        page.keyboard.press("ArrowLeft")
        expect(page.locator("[data-command=link]")).to_be_focused()
        page.keyboard.press("Enter")  # nothing selected: the address is the link's text
        address = page.locator(".rich-link input")
        expect(address).to_be_focused()
        page.keyboard.type("javascript:alert(1)")
        page.keyboard.press("Enter")
        expect(page.locator(".rich-link .error-message")).to_be_visible()  # only web and mail addresses
        expect(address).to_have_attribute("aria-invalid", "true")
        page.keyboard.press("Control+a")
        page.keyboard.type(LINK)
        page.keyboard.press("Enter")
        expect(surface).to_be_focused()
        page.keyboard.type(" ")
        expect(surface.locator(f'a[href="{LINK}"]')).to_have_text(LINK)
        no_grave_violation(page)

        def save_with_the_keyboard() -> None:
            for _ in range(12):  # from the text, on through the form to its button
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.type") == "submit":
                    break
            page.keyboard.press("Enter")

        save_with_the_keyboard()
        page.wait_for_url("**/declaration/draft?at=op_2#op_2")
        rest = before.removeprefix("Nos").removesuffix(".")
        note = "Véase la Carta de Ciudades Intermedias."
        assert stored(tmp_path, "op_2") == (f"[{LINK}]({LINK}) *Nos*{rest}[^1].\n\n[^1]: {note}", 0, "")

        # The place in the lists, from the toolbar: a preambular paragraph made a bulleted item.
        pre, depth, marker = stored(tmp_path, "pre_2")
        assert (depth, marker) == (0, "")
        page.goto(f"{server.url}/p/{SLUG}/declaration/draft/pre_2")
        expect(surface).to_be_visible()
        surface.focus()
        page.keyboard.press("Alt+F10")
        expect(page.locator("[data-command=strong]")).to_be_focused()  # a new page: the toolbar's first button
        page.keyboard.press("End")  # the last button, "Down a level"; the bullet three before it
        for _ in range(2):
            page.keyboard.press("ArrowLeft")
        bullet = page.locator("[data-command=bullet]")
        expect(bullet).to_be_focused()
        page.keyboard.press("Enter")
        expect(bullet).to_have_attribute("aria-pressed", "true")
        expect(bullet).to_be_focused()
        expect(page.locator(".rich-place")).to_contain_text("•")
        page.keyboard.press("Escape")  # back to the text
        expect(surface).to_be_focused()
        save_with_the_keyboard()
        page.wait_for_url("**/declaration/draft?at=pre_2#pre_2")
        assert stored(tmp_path, "pre_2") == (pre, 0, "-")


def test_a_text_the_editor_would_change_opens_as_markdown_unchanged(tmp_path, browser):
    odd = "Una línea\\\npartida con una barra inversa, y un [enlace][ref].\n\n[ref]: https://example.org"
    with running_server(tmp_path) as server:
        page = editing(server, browser)
        page.goto(f"{server.url}/p/{SLUG}/declaration/draft/pre_3")
        page.locator("#edit-form .rich-toggle").click()
        page.locator("#edit-form textarea[name=text]").fill(odd)
        page.locator("#edit-form .rich-toggle").click()  # back to the editor: it would not keep this text
        note = page.locator("#edit-form .rich-note")
        expect(note).to_be_visible()
        expect(page.locator("#edit-form textarea[name=text]")).to_be_visible()
        page.locator("#edit-form button[type=submit]").click()
        page.wait_for_url("**/declaration/draft?at=pre_3#pre_3")
        assert stored(tmp_path, "pre_3")[0] == odd

        page.goto(f"{server.url}/p/{SLUG}/declaration/draft/pre_3")  # the choice was the editor: it says why not
        expect(note).to_have_text(
            "Este texto contiene Markdown que el editor no devolvería exactamente como está escrito: "
            "se abre aquí como Markdown, sin cambios."
        )
        box = page.locator("#edit-form textarea[name=text]")
        expect(box).to_be_visible()
        assert box.input_value() == odd
        expect(page.locator("#edit-form .ProseMirror")).to_be_hidden()
        no_grave_violation(page)
