"""Translation in real Chromium: a translator opens the editor, sees an outdated paragraph with the
change of its source, updates it; the committee approves; the language reaches 100 %."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.server import (
    COMMITTEE,
    PASSWORD,
    chromium_or_skip,
    demo_store,
    running_server,
    signed_in,
)
from workspace.domain.declaration.declaration_commands import Circulate, EditParagraph
from workspace.domain.declaration.declaration_format import render_declaration
from workspace.domain.declaration.document import Block, Kind
from workspace.services import accounts, translations
from workspace.services.actor import SYSTEM
from workspace.services.declaration import draft, versions
from workspace.services.transfer.scaled_demo import Scale, build_scaled_demo, slug_of, text_of
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"
TRANSLATOR = "traductrice.fr@demo.accord"
ADDED = "y sus asociaciones"


def prepared(folder) -> str:
    """The demo with every paragraph of Rev.1 in approved French, then Rev.2 changing op_1's source."""
    url = demo_store(folder, TRANSLATOR)
    store = make_store(url)
    try:
        rev1 = versions.get_version(store, SYSTEM, SLUG, "Rev.1")
        # Each paragraph in its own kind (a heading stays a heading): an import refuses a paragraph of another kind.
        french = render_declaration(
            [Block(p.eid, Kind(p.kind), f"Traduction du paragraphe {p.eid}.") for p in rev1.paragraphs]
        )
        translations.import_markdown(store, SYSTEM, SLUG, "fr", french, "rev1.fr.md", "Rev.1", approved=True)
        now = draft.get_draft_paragraph(store, SYSTEM, SLUG, "op_1")
        draft.edit_paragraph(
            store,
            SYSTEM,
            SLUG,
            "op_1",
            EditParagraph(base_revision=now.revision, text=now.text.rstrip(".") + f" {ADDED}."),
        )
        draft.circulate(store, SYSTEM, SLUG, Circulate(label="Rev.2", note=""))
    finally:
        store.dispose()
    return url


def test_an_outdated_paragraph_is_updated_approved_and_the_language_is_complete(tmp_path, browser):
    with running_server(tmp_path, prepared(tmp_path)) as server:
        try:
            translator = signed_in(browser, server.url, TRANSLATOR)
            translator.goto(f"{server.url}/p/{SLUG}/translations")
            translator.get_by_role("link", name="francés").first.click()
            translator.locator("#t-state").select_option("outdated")
            translator.locator("form.filters button[type=submit]").click()
            row = translator.locator("li.trow")
            expect(row).to_have_count(1)
            expect(row.locator(".source-diff ins")).to_contain_text(ADDED)
            box = row.locator("textarea")
            box.fill("Nous nous engageons, avec nos associations, à renforcer la gouvernance.")
            box.press("Control+Enter")
            translator.wait_for_url("**state=outdated**")
            expect(translator.locator("li.trow")).to_have_count(0)  # nothing outdated left in this filter
            translator.goto(f"{server.url}/p/{SLUG}/translations/fr?version=Rev.2")
            expect(translator.locator("li#op_1 .badge").first).to_have_text("Traducida")

            committee = signed_in(browser, server.url, COMMITTEE)
            committee.goto(f"{server.url}/p/{SLUG}/translations/fr?version=Rev.2")
            committee.locator("li#op_1 form.review button[value=approve]").click()
            expect(committee.locator("li#op_1 .badge").first).to_have_text("Aprobada")
            committee.goto(f"{server.url}/p/{SLUG}/translations")
            rev2 = committee.locator("section", has=committee.get_by_role("heading", name="Rev.2"))
            expect(rev2.locator("tr", has_text="francés")).to_contain_text("100 %")
        finally:
            browser.close()


def test_the_keyboard_goes_on_across_the_editors_pages_and_a_link_finds_its_page(tmp_path, browser):
    url = demo_store(tmp_path)
    store = make_store(url)
    scale = Scale("kbd", paragraphs=130, versions=2, threads=5, amendments=5, recommendations=5, members=6)
    try:
        build_scaled_demo(store, scale)
        accounts.set_password(store, SYSTEM, "traductrice.fr.kbd@demo.accord", PASSWORD)
    finally:
        store.dispose()
    eids = [b.eid for b in text_of(scale, 2)]
    with running_server(tmp_path, url) as server:
        try:
            page = signed_in(browser, server.url, "traductrice.fr.kbd@demo.accord", locale="fr-FR")
            editor = f"{server.url}/p/{slug_of(scale)}/translations/fr?version=2"
            page.goto(editor)
            expect(page.locator("li.trow")).to_have_count(100)
            page.locator(f"#tx-{eids[99]}").focus()
            page.keyboard.press("Alt+ArrowDown")  # past the page's last box: the next page, at its first
            page.wait_for_url("**page=2**")
            expect(page.locator(f"#tx-{eids[100]}")).to_be_focused()
            expect(page.locator("li.trow")).to_have_count(30)

            page.goto(editor)
            box = page.locator(f"#tx-{eids[99]}")
            box.fill(
                "villes intermédiaires gouvernements locaux territoire développement durable coopération résilience "
                "programme."
            )
            box.press("Control+Enter")  # saved, and on to the next paragraph, on the next page
            page.wait_for_url(f"**at={eids[100]}**")
            expect(page.locator(f"#tx-{eids[100]}")).to_be_focused()

            page.goto(f"{editor}#{eids[120]}")  # a link naming a paragraph of another page finds it
            page.wait_for_url(f"**at={eids[120]}**")
            expect(page.locator(f"li#{eids[120]}")).to_be_visible()
            expect(page.locator(".pager-place").first).to_have_text("101–130 sur 130")
        finally:
            browser.close()


def test_the_workbench_in_french_memory_first_a_machine_draft_on_demand_and_ctrl_enter_goes_on(tmp_path, browser):
    """The translator's workbench from the keyboard, in French: reaching op_1's box (its source changed since
    Rev.1) brings the memory's translation of its earlier source, with the similarity and the source's change;
    using it fills the box; a machine draft comes on demand, labelled; Ctrl+Enter saves and the focus is in the
    next paragraph's box."""
    with running_server(tmp_path, prepared(tmp_path)) as server:
        try:
            translator = signed_in(browser, server.url, TRANSLATOR, locale="fr-FR")
            translator.goto(f"{server.url}/p/{SLUG}/translations/fr")
            row = translator.locator("li.trow#op_1")
            box = row.locator("textarea[name=text]")
            box.focus()
            suggestion = row.locator(".memory .suggestion").first
            expect(suggestion).to_contain_text("Traduction du paragraphe op_1.")
            expect(suggestion).to_contain_text("similaire à")
            expect(suggestion.locator("ins")).to_contain_text(ADDED.split()[-1])  # the source's change since
            suggestion.get_by_role("button", name="Utiliser cette traduction").click()
            expect(box).to_have_value("Traduction du paragraphe op_1.")
            expect(box).to_be_focused()

            row.get_by_role("button", name="Prétraduction automatique").click()
            machine = row.locator(".memory .suggestion.machine")
            expect(machine).to_contain_text("Prétraduction automatique (Apertium)")
            assert machine.locator("p[lang=fr]").inner_text().startswith("Nous nous engageons")  # Apertium's French
            expect(box).to_have_value(
                "Traduction du paragraphe op_1."
            )  # a draft only shown: the box is the translator's

            box.focus()
            box.press("End")
            box.type(f" {ADDED}")
            box.press("Control+Enter")
            translator.wait_for_url("**#*")
            translator.wait_for_function("document.activeElement && document.activeElement.id.startsWith('tx-')")
            focused = translator.evaluate("document.activeElement.id")
            assert focused != "tx-op_1", focused  # the next paragraph's box
        finally:
            browser.close()
