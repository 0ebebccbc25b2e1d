"""Irreversible steps ask in the page (issue 35), in real Chromium: publishing opens the page's own confirmation
dialog, in Spanish, English and French, saying what will happen and what cannot be undone. From the keyboard only:
focus starts on Cancel, Tab and Shift+Tab go round inside the dialog, Escape cancels (nothing is published, the focus
is back on the button that asked), and Tab to the confirming button then Enter publishes. axe-core finds nothing
serious in the page with the dialog open.

`answer_in_page` answers the dialog for the other browser tests that take an irreversible step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.e2e.server import COMMITTEE, chromium_or_skip, demo_store, running_server, signed_in
from tests.e2e.test_page_walk_browser import AXE_OPTIONS
from tests.integration.services.publication.test_publication import SYMBOL, settle
from workspace.domain.errors import NotFound
from workspace.services import publication
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"

NNBSP = "\u202f"
# What the dialog says in each language: its question (its name), the start of what cannot be undone (its
# description), and its two buttons.
SAID = {
    "es": (
        "¿Publicar Rev.1 definitivamente?",
        "Cualquier persona puede leerla enseguida, sin iniciar sesión",
        "Cancelar",
        "Publicar Rev.1",
    ),
    "en": ("Publish Rev.1 for good?", "Anyone can read it at once, without signing in", "Cancel", "Publish Rev.1"),
    "fr": (
        f"Publier Rev.1 définitivement{NNBSP}?",
        "Tout le monde peut la lire aussitôt, sans se connecter",
        "Annuler",
        "Publier Rev.1",
    ),
}
LOCALES = {"es": "es-ES", "en": "en-US", "fr": "fr-FR"}


def answer_in_page(page: Page, confirm: bool = True) -> str:
    """The page's confirmation dialog, open: answered by a click on its confirming button (or on Cancel); its question
    returned, to assert on."""
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    question = dialog.get_by_role("heading").inner_text()
    dialog.locator(f"button[data-answer={'confirm' if confirm else 'cancel'}]").click()
    return question


def settled(folder: Path) -> str:
    """The demo, settled so that Rev.1 can be published."""
    url = demo_store(folder)
    store = make_store(url)
    try:
        settle(store, SYSTEM)
    finally:
        store.dispose()
    return url


def published(url: str) -> list[str]:
    """The symbols published so far, as the server's store holds them."""
    store = make_store(url)
    try:
        return [p.symbol for p in publication.publications(store, SLUG)]
    except NotFound:  # none yet
        return []
    finally:
        store.dispose()


def focus_stays_inside(page: Page, dialog: Locator, cancel: Locator, confirm: Locator) -> None:
    """Tab and Shift+Tab go round the dialog's two buttons, never out to the page behind."""
    for key, then in (
        ("Tab", confirm),
        ("Tab", cancel),
        ("Tab", confirm),
        ("Shift+Tab", cancel),
        ("Shift+Tab", confirm),
    ):
        page.keyboard.press(key)
        expect(then).to_be_focused()
        assert dialog.evaluate("(dialog) => dialog.contains(document.activeElement)")
    page.keyboard.press("Shift+Tab")
    expect(cancel).to_be_focused()


def test_publishing_asks_in_the_page_in_each_language_and_is_confirmed_from_the_keyboard(tmp_path, browser):
    url = settled(tmp_path)
    with running_server(tmp_path, url) as server:
        try:
            for language in ("es", "en", "fr"):
                question, undone, cancel_label, confirm_label = SAID[language]
                page = signed_in(browser, server.url, COMMITTEE, locale=LOCALES[language])
                page.goto(f"{server.url}/p/{SLUG}/publish?version=2")
                expect(page.locator("html")).to_have_attribute("lang", language)
                page.locator("#p-symbol").fill(SYMBOL)
                page.locator("#p-date").fill("2021-10-08")
                publish = page.locator("#publish-form button[type=submit]")
                publish.focus()
                page.keyboard.press("Enter")

                dialog = page.get_by_role("alertdialog")
                expect(dialog).to_be_visible()
                expect(dialog).to_have_accessible_name(question)
                expect(dialog).to_have_accessible_description(re.compile("^" + re.escape(undone)))
                expect(dialog.get_by_role("heading")).to_have_text(question)
                cancel = dialog.get_by_role("button", name=cancel_label, exact=True)
                confirm = dialog.get_by_role("button", name=confirm_label, exact=True)
                expect(cancel).to_be_focused()  # the safe answer first
                focus_stays_inside(page, dialog, cancel, confirm)

                page.keyboard.press("Escape")  # cancels: nothing is sent
                expect(dialog).to_be_hidden()
                expect(publish).to_be_focused()  # back on the button that asked
                expect(page.locator("#p-symbol")).to_have_value(SYMBOL)  # what was typed stays
                page.wait_for_load_state("networkidle")  # a form sent by mistake would have reached the server
                assert page.url.endswith("/publish?version=2")
                assert published(url) == []

            # In French, asked again from where the focus came back, and confirmed: Tab to the button, Enter.
            page.keyboard.press("Enter")
            expect(dialog).to_be_visible()
            expect(cancel).to_be_focused()
            page.evaluate(Axe().axe_script)  # as DevTools runs it: the page's CSP allows no inline script
            results = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
            grave = [
                (v["id"], v["nodes"][0]["target"])
                for v in results["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert grave == []
            page.keyboard.press("Tab")
            expect(confirm).to_be_focused()
            page.keyboard.press("Enter")
            page.wait_for_url("**/publications")
            assert published(url) == [SYMBOL]
        finally:
            browser.close()
