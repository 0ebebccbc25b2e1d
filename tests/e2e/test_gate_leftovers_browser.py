"""The gate's page names a negotiation's leftovers in real Chromium (issue 67): the demo settled, delegations' proposals
compiled into Rev.2 and translated with their tags, every paragraph approved and agreed; the committee, in Spanish,
sees the compile tags, the paragraphs beside their replacements, the placeholder and the footnote marker, each by its
printed reference with a link to its fix; it keeps UCLG's tag on purpose once (it leaves the list in every language and
is listed as kept), then takes it back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.server import COMMITTEE, chromium_or_skip, demo_store, running_server, signed_in
from tests.integration.services.publication.test_publication import settle
from tests.integration.services.publication.test_publication_leftovers import compiled_and_settled
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"


def compiled_demo(folder) -> tuple[str, dict]:
    url = demo_store(folder)
    store = make_store(url)
    try:
        settle(store, SYSTEM)
        made = compiled_and_settled(store, SYSTEM)
    finally:
        store.dispose()
    return url, made


def test_the_gate_page_names_each_leftover_with_its_fix_and_keeps_one_on_purpose(tmp_path, browser):
    url, made = compiled_demo(tmp_path)
    uclg = made["UCLG"]
    with running_server(tmp_path, url) as server:
        try:
            committee = signed_in(browser, server.url, COMMITTEE)  # Spanish
            committee.goto(f"{server.url}/p/{SLUG}/publish?version=3")
            kinds = committee.locator("ul.blocker-kinds")
            for label in (
                "Etiquetas de compilación pendientes",
                "Párrafos junto a la propuesta que debía sustituirlos",
                "Marcadores de posición pendientes",
                "Llamadas de nota sin definición",
            ):
                expect(kinds.get_by_role("link", name=label)).to_be_visible()
            expect(committee.locator("ul.blockers li")).to_have_count(20)
            tags = committee.locator("ul.blockers li.blocker-tag")
            expect(tags).to_have_count(12)  # four compiled paragraphs, three languages
            french = tags.filter(has_text=re.compile(r"\(UCLG\) en francés"))
            expect(french).to_have_count(1)
            expect(french.locator("a")).to_have_text(
                re.compile(r"^PD\s\d+\sbis aún lleva la etiqueta de compilación \(UCLG\) en francés\.$")
            )
            assert "op_" not in committee.locator("ul.blockers").inner_text()  # printed references, never eIds
            expect(committee.locator("ul.blockers li.blocker-replaced")).to_have_count(2)
            expect(committee.locator("ul.blockers li.blocker-placeholder")).to_have_count(3)
            expect(committee.locator("ul.blockers li.blocker-footnote")).to_have_count(3)

            # The fix: the French translation of the paragraph, at the paragraph.
            french.locator("a").click()
            committee.wait_for_url(f"**/p/{SLUG}/translations/fr?version=3&at={uclg.eid}#{uclg.eid}")
            committee.go_back()

            # Kept on purpose, said once: gone from the list in all three languages, listed as kept.
            in_spanish = committee.locator("ul.blockers li.blocker-tag").filter(
                has=committee.locator("a", has_text=re.compile(r"\(UCLG\)\.$"))
            )
            in_spanish.get_by_role("button", name="mantenerlo a propósito").click()
            expect(committee.locator(".flash")).to_contain_text("Se mantiene a propósito")
            expect(committee.locator("ul.blockers li.blocker-tag")).to_have_count(9)
            expect(committee.locator("ul.blockers")).not_to_contain_text("(UCLG)")
            kept = committee.locator("ul.kept-leftovers li")
            expect(kept).to_have_count(3)
            expect(committee.locator("#kept-title")).to_have_text("Se mantienen a propósito")
            kept.first.get_by_role("button", name="dejar de mantenerlo").click()
            expect(committee.locator(".flash")).to_contain_text("Ya no se mantiene")
            expect(committee.locator("ul.kept-leftovers li")).to_have_count(0)
            expect(committee.locator("ul.blockers li.blocker-tag")).to_have_count(12)
        finally:
            browser.close()
