"""Brackets in real Chromium, in three languages (issue 33): the committee, in Spanish, circulates a bracketed text
and agrees on an option of a bracket of the working draft from the dashboard; a delegate reads in French what is left
per article and the burn-down chart; in English, the clean text the brackets leave."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.server import COMMITTEE, PASSWORD, chromium_or_skip, demo_store, running_server, signed_in
from tests.e2e.test_amendments_browser import MEMBER, SLUG
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.services import accounts
from workspace.services.declaration import importing
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
DRAFT = (Path(__file__).parents[1] / "fixtures" / "negotiation" / "bracketed-draft.md").read_text(encoding="utf-8")


def bracketed(folder) -> str:
    """The demo, its Rev.2 the bracketed text (the committee's draft with it)."""
    url = demo_store(folder, MEMBER)
    store = make_store(url)
    try:
        committee = accounts.authenticate(store, COMMITTEE, PASSWORD)
        importing.import_version(
            store,
            committee,
            SLUG,
            ImportVersion(filename="corchetes.md", text=DRAFT, label="Texto entre corchetes", replace_draft=True),
        )
    finally:
        store.dispose()
    return url


def test_the_committee_agrees_on_an_option_and_everyone_reads_what_is_left_and_the_clean_text(tmp_path, browser):
    with running_server(tmp_path, bracketed(tmp_path)) as server:
        try:
            committee = signed_in(browser, server.url, COMMITTEE)  # Spanish
            committee.goto(f"{server.url}/p/{SLUG}/amendments")
            committee.get_by_role("link", name="Corchetes", exact=True).click()
            committee.locator("#b-version").select_option("draft")
            committee.get_by_role("button", name="Mostrar").click()
            expect(committee.get_by_role("heading", level=1)).to_contain_text("Corchetes · Borrador de trabajo")
            item = committee.locator("li.bracket-open").filter(
                has=committee.locator("code", has_text=re.compile(r"^\[shall\]\[should\]$"))
            )
            item.get_by_label("Resolver").select_option(label="acordar «should»")
            item.get_by_role("button", name="Aplicar").click()
            expect(committee.locator(".flash")).to_contain_text("El corchete está acordado.")
            expect(committee.locator("li.bracket.bracket-agreed")).to_contain_text("Acordado: should")

            delegate = signed_in(browser, server.url, MEMBER, locale="fr-FR")
            delegate.goto(f"{server.url}/p/{SLUG}/brackets")
            expect(delegate.get_by_role("heading", level=1)).to_contain_text("Crochets")
            expect(delegate.locator("tbody tr").first).to_be_visible()
            # OP 3's brackets, its footnote's one with them (the note is in its text).
            expect(delegate.get_by_role("row", name=re.compile(r"PD\s3"))).to_contain_text("non indiqué (9)")
            chart = delegate.locator("figure img")
            expect(chart).to_have_attribute("alt", re.compile("^Crochets ouverts par version"))
            assert delegate.evaluate("img => img.complete && img.naturalWidth > 0", chart.element_handle())
            assert delegate.locator("form[action*='/resolve']").count() == 0

            reader = signed_in(browser, server.url, MEMBER, locale="en-US")
            reader.goto(f"{server.url}/p/{SLUG}/brackets/clean")
            expect(reader.get_by_role("heading", level=1)).to_contain_text("Clean text")
            text = reader.locator(".declaration").inner_text()
            assert "[shall]" not in text and "Each Party shall establish" in text
        finally:
            browser.close()
