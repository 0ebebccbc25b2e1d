"""Publication in real Chromium: the committee publishes the settled demo; an anonymous browser
reads the parallel page, follows a permalink into French, and switches language keeping the paragraph."""

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
from tests.e2e.test_dialogs_browser import answer_in_page
from tests.integration.services.publication.test_publication import SYMBOL, settle
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"


def settled(folder) -> str:
    url = demo_store(folder)
    store = make_store(url)
    try:
        settle(store, SYSTEM)
    finally:
        store.dispose()
    return url


def test_the_committee_publishes_and_an_anonymous_reader_follows_a_french_permalink(tmp_path, browser):
    with running_server(tmp_path, settled(tmp_path)) as server:
        try:
            committee = signed_in(browser, server.url, COMMITTEE)
            committee.goto(f"{server.url}/p/{SLUG}/publish?version=2")
            expect(committee.locator("ul.blockers")).to_have_count(0)
            committee.locator("#p-symbol").fill(SYMBOL)
            committee.locator("#p-date").fill("2021-10-08")
            expect(committee.locator("#p-place-en")).to_have_value("Kütahya, Türkiye")  # the process's, per language
            # Publishing asks first, in the page, saying what cannot be undone: cancelled, nothing is published.
            committee.locator("#publish-form button[type=submit]").click()
            asked = answer_in_page(committee, confirm=False)
            expect(committee.get_by_role("alertdialog")).to_be_hidden()
            expect(committee.locator("#publish-form")).to_be_visible()
            assert asked == "¿Publicar Rev.1 definitivamente?"  # the question, in the page's language
            assert "/publish" in committee.url
            committee.locator("#publish-form button[type=submit]").click()
            answer_in_page(committee)
            committee.wait_for_url("**/publications")

            reader = browser.new_context(locale="fr-FR").new_page()  # nobody signed in
            reader.goto(f"{server.url}/p/{SLUG}/parallel")
            row = reader.locator(".parallel-row#op_7")
            expect(row.locator(".pub-para")).to_have_count(3)
            link = row.locator(".pub-para[lang=fr] a.permalink")
            printed = link.inner_text().rstrip(".")  # the permalink is its printed reference (issue 67): "PD n"
            link.click()
            reader.wait_for_url(f"**/p/{SLUG}/fr#pd-{printed}")
            expect(reader.locator("#op_7")).to_be_in_viewport()
            expect(reader.locator("p.date-line")).to_have_text("Kütahya, Turquie, le 8 octobre 2021")
            reader.locator(".lang-switch a[lang=en]").click()
            reader.wait_for_url(f"**/p/{SLUG}/en#*")
            assert reader.url.endswith("#op_7")  # the paragraph read in French is the one shown in English
            expect(reader.locator("p.date-line")).to_have_text(
                "Kütahya, Türkiye, 8 October 2021"
            )  # never the Spanish place
            width = reader.evaluate("document.documentElement.scrollWidth")
            reader.set_viewport_size({"width": 390, "height": 800})
            assert reader.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
                width
            )
        finally:
            browser.close()
