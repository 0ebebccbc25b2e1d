"""Deleting a process from its overview (issue 36), in real Chromium: only an administrator is offered it; the page's
own dialog asks to type the process's short name, its button waiting for it (Escape cancels, nothing deleted), and
once typed and confirmed the list of processes says it is deleted, and its address is gone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.server import COMMITTEE, PASSWORD, chromium_or_skip, demo_store, running_server, signed_in
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"
ADMIN = "admin@e2e.accord"


def test_an_administrator_deletes_a_process_typing_its_short_name_in_the_dialog(tmp_path, browser):
    url = demo_store(tmp_path)
    store = make_store(url)
    try:
        accounts.add_user(store, SYSTEM, ADMIN, "Admin", PASSWORD, is_admin=True)
    finally:
        store.dispose()
    with running_server(tmp_path, url) as server:
        try:
            committee = signed_in(browser, server.url, COMMITTEE, locale="en-US")
            committee.goto(f"{server.url}/p/{SLUG}")
            expect(committee.locator("#archive-form")).to_have_count(1)
            expect(committee.locator("#delete-form")).to_have_count(0)  # an administrator's only

            page = signed_in(browser, server.url, ADMIN, locale="en-US")
            page.goto(f"{server.url}/p/{SLUG}")
            expect(page.locator("#delete-confirm")).to_be_hidden()  # the dialog asks for it instead
            delete = page.locator("#delete-form button[type=submit]")
            delete.click()
            dialog = page.get_by_role("alertdialog")
            expect(dialog).to_be_visible()
            expect(dialog).to_have_accessible_name("Delete this process?")
            typed = dialog.get_by_label(f"Type “{SLUG}” to delete it")
            confirm = dialog.get_by_role("button", name="Delete the process", exact=True)
            expect(typed).to_be_focused()
            expect(confirm).to_be_disabled()
            typed.fill("kutahya")
            expect(confirm).to_be_disabled()
            page.keyboard.press("Escape")  # cancels: nothing is sent
            expect(dialog).to_be_hidden()
            expect(delete).to_be_focused()
            page.wait_for_load_state("networkidle")
            assert page.url.endswith(f"/p/{SLUG}")

            delete.click()
            expect(typed).to_have_value("")
            typed.fill(SLUG)
            expect(confirm).to_be_enabled()
            confirm.click()
            page.wait_for_url("**/processes")
            expect(page.locator("p.flash")).to_have_text(
                f"The process “{SLUG}” is deleted, and everything it held is being removed."
            )
            expect(page.locator(f"a[href='/p/{SLUG}']")).to_have_count(0)
            gone = page.goto(f"{server.url}/p/{SLUG}")
            assert gone is not None and gone.status == 404
        finally:
            browser.close()
