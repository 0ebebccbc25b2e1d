"""The API documentation renders in Chromium under the Content-Security-Policy, with nothing from a CDN."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.server import chromium_or_skip, running_server

chromium_or_skip()

pytestmark = pytest.mark.e2e


def test_redoc_renders_the_openapi_document_from_the_package(tmp_path, browser):
    with running_server(tmp_path) as server:
        try:
            page = browser.new_page()
            outside: list[str] = []
            violations: list[str] = []
            page.on(
                "request",
                lambda r: (
                    outside.append(r.url)
                    if not r.url.startswith(server.url) and not r.url.startswith(("blob:", "data:"))
                    else None
                ),
            )
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(f"{server.url}/schema")
            expect(page.locator("h1").first).to_contain_text("Accord API", timeout=30_000)
            expect(page.get_by_text("/api/processes/{slug}/draft").first).to_be_attached()
            assert outside == [] and violations == []
        finally:
            browser.close()
