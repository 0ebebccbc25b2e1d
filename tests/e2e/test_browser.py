"""The real server in real Chromium, driven as a keyboard-and-label user would: everything found by its label.

test_consultation_browser.py walks the same path in a Spanish browser; this one reads the English
interface, filters with a select that submits itself (static/accord/) and records the committee's decision.
"""

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
P = "/p/kutahya-2021"
TEXT = "Crear un fondo de resiliencia climática para las ciudades intermedias."


def test_add_filter_and_decide_a_recommendation_by_labels(tmp_path, browser):
    with running_server(tmp_path) as server:
        try:
            page = browser.new_page(locale="en-GB", extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"})
            page.set_default_timeout(15_000)
            page.goto(f"{server.url}/")
            expect(page.locator("html")).to_have_attribute("lang", "en")
            page.get_by_label("Email").fill(COMMITTEE)
            page.get_by_label("Password").fill(PASSWORD)
            page.locator("main").get_by_role("button", name="Sign in").click()
            page.wait_for_url("**/processes")

            page.get_by_role("link", name="Kütahya Declaration 2021").click()
            page.wait_for_url(f"**{P}")
            page.get_by_role("link", name="Diálogo de alto nivel: Ciudades intermedias y el planeta").click()
            page.wait_for_url(f"**{P}/sessions/clima-justicia-climatica")

            form = page.locator("form#add-recommendation")
            form.get_by_label("Recommendation").fill(TEXT)
            form.get_by_label("Organisation").fill("CGLU")
            form.get_by_label("Themes").fill("fondo climático, financiación")
            expect(form.get_by_label("Language of the text")).to_have_value("es")
            form.get_by_role("button", name="Add the recommendation").click()
            expect(page.get_by_role("status").first).to_contain_text("clima-justicia-climatica-r09")

            # Choosing in a select changes nothing until the filter is applied (arrow keys must not reload).
            tabs = page.get_by_role("navigation", name="Process sections")
            tabs.get_by_role("link", name="Recommendations").click()
            page.wait_for_url(f"**{P}/recommendations")
            page.get_by_label("Theme").select_option("fondo climático")
            assert "theme=" not in page.url
            page.get_by_role("button", name="Filter").click()
            page.wait_for_url("**theme=fondo**")
            rows = page.locator("table.recommendations tbody tr")
            expect(rows).to_have_count(1)
            expect(rows.first.locator("td").first).to_have_text(TEXT)

            rows.first.get_by_role("link", name="clima-justicia-climatica-r09").click()
            decision = page.locator("form#decision-form")
            decision.get_by_label("Status").select_option("not_retained")
            decision.get_by_role("button", name="Record the decision").click()
            expect(page.locator("#form-error")).to_be_visible()  # a reason is required: the form comes back
            expect(decision.get_by_label("Status")).to_have_value("not_retained")
            decision.get_by_label("Reason").fill("Ya lo recoge la recomendación clima-r01.")
            decision.get_by_role("button", name="Record the decision").click()
            expect(page.locator(".heading-row .badge")).to_have_class("badge status-not_retained")
        finally:
            browser.close()
