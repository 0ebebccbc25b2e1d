"""The public side and version names, in real Chromium: an anonymous visitor finds the published
declaration on the sign-in page (French), reads it and switches it to Spanish; the committee names a
version in English on its page (English) and every page then calls it so."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.server import (
    chromium_or_skip,
    demo_store,
    running_server,
    signed_in,
)
from tests.integration.services.transfer.test_transfer import DRAFTS
from workspace.services import transfer
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
COMMITTEE = "comite@demo.accord"


def with_the_published_demo(folder) -> str:
    url = demo_store(folder)
    store = make_store(url)
    try:
        transfer.import_folder(store, None, DRAFTS / "cordoba-led-2021")
    finally:
        store.dispose()
    return url


def test_a_visitor_finds_the_published_text_and_the_committee_names_a_version(tmp_path, browser):
    with running_server(tmp_path, with_the_published_demo(tmp_path)) as server:
        try:
            visitor = browser.new_page(locale="fr-FR")
            visitor.goto(f"{server.url}/")  # anyone: the sign-in page, and what is published
            listed = visitor.locator(".published-list")
            expect(listed.get_by_role("heading")).to_have_text("Déclarations publiées")
            expect(listed.get_by_role("link")).to_have_count(1)  # Kütahya is not published: not named
            listed.get_by_role("link", name="Ve Forum mondial du développement économique local — Córdoba 2021").click()
            visitor.wait_for_url("**/p/cordoba-led-2021/fr")
            expect(visitor.locator("main")).to_contain_text("Garantir la participation équilibrée")
            visitor.locator(".lang-switch a[lang=es]").click()
            visitor.wait_for_url(re.compile(r"/p/cordoba-led-2021/es(#.*)?$"))  # the paragraph read kept
            expect(visitor.locator("main")).to_contain_text("Garantizar la participación equilibrada")

            committee = signed_in(browser, server.url, COMMITTEE, locale="en-US")
            committee.goto(f"{server.url}/p/kutahya-2021/declaration/versions/1")
            expect(committee.locator("h1")).to_have_text("Zero draft")  # the demo's English name, not "Borrador cero"
            committee.get_by_text("Names of this version in the other languages").click()
            committee.get_by_label("English").fill("First draft")
            committee.get_by_label("French").fill("Premier projet")
            committee.get_by_role("button", name="Save the names").click()
            expect(committee.locator(".flash, [role=status]").first).to_contain_text(
                "The names of Borrador cero are saved."
            )
            expect(committee.locator("h1")).to_have_text("First draft")
            committee.goto(f"{server.url}/p/kutahya-2021/threads")
            expect(committee.locator("select option", has_text="First draft")).to_have_count(1)
            committee.goto(f"{server.url}/p/kutahya-2021/declaration/versions/Premier projet")  # any name finds it
            expect(committee.locator("h1")).to_have_text("First draft")
        finally:
            browser.close()
