"""Signing in with the organisation's account in real Chromium (issue 36): the served app and a real OpenID provider
(tests/oidc_provider, panva's oidc-provider) on loopback; the person opens their process, is asked to sign in,
clicks “Sign in with UCLG account”, signs in at the provider's own form, and lands in their process."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.server import chromium_or_skip, running_server
from tests.oidc_provider import LABEL

chromium_or_skip()

pytestmark = pytest.mark.e2e
PROCESS = "/p/kutahya-2021"


def test_a_person_signs_in_at_the_organisations_provider_and_lands_in_their_process(tmp_path, oidc_provider, browser):
    public = f"http://127.0.0.1:{oidc_provider.e2e_port}"
    with running_server(
        tmp_path, port=oidc_provider.e2e_port, ACCORD_PUBLIC_URL=public, **oidc_provider.environment()
    ) as server:
        page = browser.new_page(locale="en-GB", extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"})
        page.goto(f"{server.url}{PROCESS}")
        page.wait_for_url(f"**/signin?next={PROCESS}")
        page.get_by_role("link", name=f"Sign in with {LABEL}").click()
        page.wait_for_url(f"{oidc_provider.issuer}/interaction/**")  # the provider's own page
        page.locator("input[name=login]").fill("comite")
        page.locator("input[name=password]").fill("the organisation's password")
        page.locator("button[type=submit]").click()
        page.wait_for_url(f"{server.url}{PROCESS}")
        expect(page.locator("main h1").first).to_contain_text("Kütahya")
        page.goto(f"{server.url}/account")
        expect(page.locator("#sign-in-ways")).to_contain_text(f"Password · {LABEL}")
