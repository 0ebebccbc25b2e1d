"""Translators' tools in real Chromium (issue 35): a translator proposes a glossary term in French, the committee
approves it in Spanish and it joins the glossary; a translator replaces a word across the English edition in
English, previewing every change and leaving one out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.server import COMMITTEE, PASSWORD, chromium_or_skip, demo_store, running_server, signed_in
from workspace.domain.declaration.declaration_format import render_declaration
from workspace.domain.declaration.document import Block, Kind
from workspace.services import accounts, translations
from workspace.services.actor import SYSTEM
from workspace.services.declaration import versions
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"
FRENCH = "traductrice.fr@demo.accord"
ENGLISH = "traductor.en@demo.accord"


def prepared(folder) -> tuple[str, list[str]]:
    """The demo, its translators with the e2e password, and Rev.1 in English where every paragraph speaks of
    “cities”: the paragraphs' eIds."""
    url = demo_store(folder)
    store = make_store(url)
    try:
        for email in (FRENCH, ENGLISH):
            accounts.set_password(store, SYSTEM, email, PASSWORD)
        rev1 = versions.get_version(store, SYSTEM, SLUG, "Rev.1")
        english = render_declaration(
            [Block(p.eid, Kind(p.kind), f"The cities of paragraph {p.eid}.") for p in rev1.paragraphs]
        )
        translations.import_markdown(store, SYSTEM, SLUG, "en", english, "rev1.en.md", "Rev.1")
        eids = [p.eid for p in rev1.paragraphs]
    finally:
        store.dispose()
    return url, eids


def test_a_term_proposed_in_french_is_approved_in_spanish_and_joins_the_glossary(tmp_path, browser):
    url, _ = prepared(tmp_path)
    with running_server(tmp_path, url) as server:
        try:
            translator = signed_in(browser, server.url, FRENCH, locale="fr-FR")
            translator.goto(f"{server.url}/p/{SLUG}/glossary")
            form = translator.locator("#propose-form")
            form.get_by_label("Terme en espagnol").fill("ciudades intermedias")
            form.get_by_label("Traduction en français").fill("villes intermédiaires")
            form.get_by_label("Note pour la personne qui statue").fill("Terme de CGLU.")
            form.get_by_role("button", name="Proposer le terme").click()
            expect(translator.locator(".flash")).to_contain_text("est proposé")
            proposal = translator.locator("#proposals li.proposal").first
            expect(proposal.locator(".badge")).to_have_text("Proposé")
            expect(proposal).to_contain_text("villes intermédiaires")
            expect(proposal.locator("form.decide")).to_have_count(0)  # a translator without review rights
            expect(translator.locator("table.table tbody")).to_contain_text("Aucun terme")  # not a term yet

            committee = signed_in(browser, server.url, COMMITTEE)
            committee.goto(f"{server.url}/p/{SLUG}/glossary")
            item = committee.locator("#proposals li.proposal").first
            expect(item.locator(".badge")).to_have_text("Propuesto")
            item.get_by_role("button", name="Aprobar el término").click()
            expect(committee.locator(".flash")).to_contain_text("ya forma parte del glosario")
            expect(committee.locator("table.table tbody th").first).to_have_text("ciudades intermedias")
            expect(committee.locator("#proposals .badge").first).to_have_text("Aprobado")

            translator.reload()
            expect(translator.locator("table.table tbody")).to_contain_text("villes intermédiaires")
        finally:
            browser.close()


def test_a_word_is_replaced_across_the_english_edition_after_a_preview(tmp_path, browser):
    url, eids = prepared(tmp_path)
    with running_server(tmp_path, url) as server:
        try:
            page = signed_in(browser, server.url, ENGLISH, locale="en-GB")
            page.goto(f"{server.url}/p/{SLUG}/translations/en?version=Rev.1")
            panel = page.locator("#replace")
            expect(panel.get_by_role("heading")).to_have_text("Find and replace in English")
            panel.locator("#rp-find").fill("cities")
            panel.get_by_label("Replace with").fill("municipalities")
            panel.get_by_label("Whole words only").check()
            panel.get_by_role("button", name="Preview the changes").click()
            changes = page.locator("ul.replace-changes li")
            expect(changes).to_have_count(len(eids))
            first = page.locator(f"#rp-{eids[0]}")
            expect(first.locator("del")).to_have_text("cities")
            expect(first.locator("ins")).to_have_text("municipalities")
            first.locator("input[name=only]").uncheck()  # all are ticked; this one is left out
            page.get_by_role("button", name="Replace in the paragraphs ticked").click()
            expect(page.locator(".flash")).to_contain_text(f"Replaced in {len(eids) - 1} paragraphs.")
            expect(page.locator(f"#tx-{eids[0]}")).to_have_value(f"The cities of paragraph {eids[0]}.")
            expect(page.locator(f"#tx-{eids[1]}")).to_have_value(f"The municipalities of paragraph {eids[1]}.")
            expect(page.locator(f"li#{eids[1]} .badge").first).to_have_text("Translated")
        finally:
            browser.close()
