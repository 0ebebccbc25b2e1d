"""Printed references only, in real Chromium (issue 67, item 5): the working draft, the reading pages and the public
page show each paragraph by its printed reference ("PP 1", "OP 14 bis", "PD 3"), one numbering per paragraph, and
never a raw eId in their visible text; a permalink is the reference (`#op-14-bis`, `#pd-3`), and the eId it had
before (`#op_14`) still lands, as does the same reference copied from a page in another language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.server import COMMITTEE, PASSWORD, chromium_or_skip, demo_store, running_server, signed_in
from tests.integration.services.transfer.test_transfer import DRAFTS
from workspace.domain.declaration.declaration_commands import AddParagraph
from workspace.services import accounts, transfer
from workspace.services.actor import SYSTEM
from workspace.services.declaration import draft
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG, PUBLISHED = "kutahya-2021", "cordoba-led-2021"
MEMBER = "miembro@demo.accord"
EID = re.compile(r"\b(?:op|pre|hdg)_\d+\b")  # the demo's eIds: op_14, pre_3, hdg_1
NBSP = "\u00a0"


def with_op_14_bis(folder) -> tuple[str, str, str]:
    """The demo with a paragraph inserted after OP 14 in the working draft (so it prints OP 14 bis), a password for
    its member, and a published process beside it: the database, the new paragraph's eId and OP 14's."""
    url = demo_store(folder)
    store = make_store(url)
    try:
        transfer.import_folder(store, None, DRAFTS / PUBLISHED)
        accounts.set_password(store, SYSTEM, MEMBER, PASSWORD)
        fourteen = next(p.eid for p in draft.get_draft(store, SYSTEM, SLUG).paragraphs if p.ref == f"OP{NBSP}14")
        added = draft.add_paragraph(store, SYSTEM, SLUG, AddParagraph(kind="operative", text="Nuevo.", after=fourteen))
    finally:
        store.dispose()
    return url, added.eid, fourteen


def visible_eids(page: Page) -> list[str]:
    return EID.findall(page.locator("main").inner_text())


def landed(page: Page, url: str) -> str:
    """The eId of the paragraph a link lands on: the one the fragment targets, scrolled into the window."""
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate(
        """() => {
            const target = document.querySelector(":target");
            const para = target && target.closest(".para, .pub-para");
            if (!para) return "";
            const box = para.getBoundingClientRect();
            return box.bottom > 0 && box.top < window.innerHeight ? para.id : "";
        }"""
    )


def test_the_draft_and_reading_pages_show_printed_references_and_their_permalinks_land(tmp_path, browser):
    database, bis, fourteen = with_op_14_bis(tmp_path)
    with running_server(tmp_path, database) as server:
        committee = signed_in(browser, server.url, COMMITTEE, locale="en-GB")
        draft_page = f"{server.url}/p/{SLUG}/declaration/draft"
        committee.goto(draft_page)
        assert visible_eids(committee) == []
        row = committee.locator(f"li.para[id='{bis}']")
        expect(row.locator(".para-ref")).to_have_text(f"OP{NBSP}14{NBSP}bis")
        expect(row.get_by_role("link", name=f"Edit, move or delete OP{NBSP}14{NBSP}bis")).to_have_count(1)
        # One numbering: every paragraph's margin says what its buttons say.
        for item in committee.locator("ol.draft > li.para").all():
            printed = item.locator(".para-ref").inner_text()
            expect(item.locator(".para-actions a")).to_have_text(f"Edit, move or delete {printed}")
        expect(committee.locator("li.para-preambular .para-ref").first).to_have_text(f"PP{NBSP}1")
        expect(row.locator("a.para-ref")).to_have_attribute("href", "#op-14-bis")

        assert landed(committee, f"{draft_page}#op-14-bis") == bis
        assert landed(committee, f"{draft_page}#{fourteen}") == fourteen  # the eId, an alias: old links land
        reading = f"{server.url}/p/{SLUG}/declaration?version=draft"
        assert landed(committee, f"{reading}#op-14-bis") == bis
        assert landed(committee, f"{reading}#pd-14-bis") == bis  # as a Spanish reader copied it
        assert landed(committee, f"{reading}#op_14") == "op_14"
        assert visible_eids(committee) == []

        member = signed_in(browser, server.url, MEMBER, locale="es-ES")
        member.goto(f"{server.url}/p/{SLUG}/declaration")  # the latest circulated version
        assert visible_eids(member) == []
        expect(member.locator(".para-preambular .para-ref").first).to_have_text(f"PP{NBSP}1")  # "PP n" for members
        expect(member.locator(f".para[id='{fourteen}'] a.para-ref")).to_have_attribute("href", "#pd-14")
        assert landed(member, f"{member.url}#pd-14") == fourteen
        assert landed(member, f"{member.url.split('#')[0]}#op-14") == fourteen  # an English reader's link


def test_the_public_permalink_is_the_printed_reference_and_the_eid_still_lands(tmp_path, browser):
    database, _, _ = with_op_14_bis(tmp_path)
    with running_server(tmp_path, database) as server:
        visitor = browser.new_page(locale="es-ES")
        spanish = f"{server.url}/p/{PUBLISHED}/es"
        visitor.goto(spanish)
        assert visible_eids(visitor) == []
        third = visitor.locator(".pub-para", has=visitor.locator("a.pub-num", has_text=re.compile(r"^3\.$")))
        eid = third.get_attribute("id")
        assert eid and EID.fullmatch(eid)
        expect(third.locator("a.pub-num")).to_have_attribute("href", "#pd-3")  # printed 3: PD 3, not its eId

        assert landed(visitor, f"{spanish}#pd-3") == eid
        assert landed(visitor, f"{spanish}#{eid}") == eid  # a link made before still lands
        english = f"{server.url}/p/{PUBLISHED}/en"
        assert landed(visitor, f"{english}#pd-3") == eid  # the Spanish permalink on the English edition
        expect(visitor.locator(f".pub-para[id='{eid}'] a.pub-num")).to_have_attribute("href", "#op-3")
        assert visible_eids(visitor) == []
