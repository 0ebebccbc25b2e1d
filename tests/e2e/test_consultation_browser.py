"""The foundation in real Chromium: sign in, open the demo process, add a recommendation, see it listed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.server import (
    COMMITTEE,
    PASSWORD,
    chromium_or_skip,
    running_server,
)

chromium_or_skip()

pytestmark = pytest.mark.e2e
TEXT = "Crear un fondo de cooperación entre ciudades intermedias para la transición ecológica."


def test_a_committee_member_adds_a_recommendation_and_sees_it_listed(tmp_path, browser):
    with running_server(tmp_path) as server:
        try:
            # A Spanish browser gets the Spanish interface.
            page = browser.new_page(locale="es-ES", extra_http_headers={"Accept-Language": "es-ES,es;q=0.9"})
            page.goto(server.url)
            expect(page.locator("html")).to_have_attribute("lang", "es")
            page.locator("#email").fill(COMMITTEE)
            page.locator("#password").fill(PASSWORD)
            page.locator("#password").press("Enter")
            page.wait_for_url("**/processes")

            page.get_by_role("link", name="Kütahya", exact=False).first.click()
            page.wait_for_url("**/p/kutahya-2021")
            page.locator("a[href^='/p/kutahya-2021/sessions/']:not([href$='/new'])").first.click()
            expect(page.locator("form#add-recommendation")).to_be_visible()

            form = page.locator("form#add-recommendation")
            form.locator("#r-text").fill(TEXT)
            form.locator("#r-organisation").fill("Ayuntamiento de Kütahya")
            form.locator("#r-themes").fill("financiación, clima")
            form.locator("button[type=submit]").click()
            expect(page.locator("body")).to_contain_text(TEXT)

            page.goto(f"{server.url}/p/kutahya-2021/recommendations?q=fondo+de+cooperación")
            rows = page.locator("table.recommendations tbody tr")
            expect(rows).to_have_count(1)
            expect(rows.first).to_contain_text("Crear un fondo de cooperación")
        finally:
            browser.close()
