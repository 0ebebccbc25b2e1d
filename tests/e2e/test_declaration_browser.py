"""The declaration in real Chromium: edit a paragraph of the working draft, circulate it, see the change marked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.server import (
    COMMITTEE,
    PASSWORD,
    chromium_or_skip,
    running_server,
)
from tests.e2e.test_dialogs_browser import answer_in_page

chromium_or_skip()

pytestmark = pytest.mark.e2e
ADDED = "y con la sociedad civil de cada territorio"


def test_an_edit_circulated_as_a_new_version_is_marked_in_the_compare(tmp_path, browser):
    with running_server(tmp_path) as server:
        try:
            page = browser.new_page(locale="es-ES")
            page.goto(f"{server.url}/signin")
            page.locator("#email").fill(COMMITTEE)
            page.locator("#password").fill(PASSWORD)
            page.locator("#password").press("Enter")
            page.wait_for_url("**/processes")

            page.goto(f"{server.url}/p/kutahya-2021/declaration/draft")
            page.locator("li#op_1 button[data-edit-here]").click()  # the paragraph edited where it stands
            page.locator("li#op_1 #edit-form .rich-toggle").click()  # as Markdown (test_rich_editor_browser.py: rich)
            box = page.locator("li#op_1 #edit-form textarea[name=text]")
            expect(box).to_be_focused()
            assert "/declaration/draft" in page.url and "/op_1" not in page.url
            box.fill(box.input_value().rstrip(".") + f", {ADDED}.")
            page.locator("li#op_1 #edit-form button[type=submit]").click()
            page.wait_for_url("**/declaration/draft?at=op_1#op_1")
            expect(page.locator("li#op_1 .para-text").first).to_contain_text(ADDED)

            page.locator("input[name=label]").fill("Rev.2")
            page.locator("form[action$='/draft/circulate'] button[type=submit]").click()
            asked = answer_in_page(page)  # circulating asks first: a version never changes
            page.wait_for_url("**/declaration/versions/3")
            expect(page.locator("h1")).to_have_text("Rev.2")
            assert asked == "¿Distribuir el borrador de trabajo como nueva versión?"

            page.goto(f"{server.url}/p/kutahya-2021/declaration/compare?old=Rev.1&new=Rev.2")
            change = page.locator("section.change#op_1")
            expect(change).to_have_count(1)
            expect(change.locator("ins")).to_contain_text(ADDED)
            expect(page.locator("section.change")).to_have_count(1)
        finally:
            browser.close()
