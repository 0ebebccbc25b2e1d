"""The working draft's Word file back as a version, in real Chromium (issue 67, item 3): the committee downloads the
draft as Word from its page, changes one word, and imports the file; the preview marks that paragraph's row alone as
modified, with the word's diff. "Importar y distribuir" asks first, in the page's own dialog, saying what the import
adds, changes and deletes: cancelled, nothing is circulated and the preview stays; confirmed, the version is
circulated with that word changed."""

from __future__ import annotations

import io
import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.server import COMMITTEE, chromium_or_skip, demo_store, running_server, signed_in
from tests.e2e.test_dialogs_browser import answer_in_page
from workspace.services.actor import SYSTEM
from workspace.services.declaration import versions
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"
OLD, NEW = "campañas Race", "iniciativas Race"


def one_word_changed(docx: bytes) -> bytes:
    """The file as Word saves a plain edit of one word (no change tracked)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                assert data.count(OLD.encode()) == 1
                data = data.replace(OLD.encode(), NEW.encode())
            target.writestr(entry, data)
    return out.getvalue()


def circulated(url: str) -> list[str]:
    store = make_store(url)
    try:
        return [v.label for v in versions.list_versions(store, SYSTEM, SLUG)]
    finally:
        store.dispose()


def test_the_draft_s_word_file_with_one_word_changed_is_previewed_and_asks_before_it_circulates(tmp_path, browser):
    url = demo_store(tmp_path)
    before = circulated(url)
    with running_server(tmp_path, url) as server:
        try:
            page = signed_in(browser, server.url, COMMITTEE)
            page.goto(f"{server.url}/p/{SLUG}/declaration/draft")
            page.locator("details.downloads summary").click()
            with page.expect_download() as download:
                page.locator("details.downloads a[href$='format=docx&lang=es']").click()
            path = tmp_path / "borrador.docx"
            download.value.save_as(path)
            (tmp_path / "borrador-editado.docx").write_bytes(one_word_changed(path.read_bytes()))

            page.goto(f"{server.url}/p/{SLUG}/declaration/import")
            page.locator("input[type=file]").set_input_files(str(tmp_path / "borrador-editado.docx"))
            page.locator("#label").fill("Rev.2")
            page.get_by_role("button", name="Vista previa").click()
            rows = page.locator("table.import-matches tbody tr")
            expect(rows.first).to_be_visible(timeout=60_000)  # the file is read in a worker process: seconds when cold
            changed = page.locator("table.import-matches tbody tr:not(.change-unchanged)")
            expect(changed).to_have_count(1)
            expect(changed).to_have_class("match-explicit change-modified")
            expect(changed.locator(".diff ins")).to_have_text("iniciativas")
            expect(changed.locator(".diff del")).to_have_text("campañas")
            expect(page.locator(".change-counts")).not_to_contain_text("Añadido")
            assert rows.count() > 30  # every paragraph of the draft, and nothing of the title block

            replace = page.locator("input[name=replace_draft]")
            if replace.count():  # the demo's draft may hold edits no version circulated: the import replaces them
                replace.check()
            button = page.get_by_role("button", name="Importar y distribuir Rev.2")
            button.click()
            dialog = page.get_by_role("alertdialog")
            expect(dialog).to_be_visible()
            expect(dialog).to_contain_text("1 párrafo modificado")
            expect(dialog).to_contain_text("nunca podrá cambiar")
            assert answer_in_page(page, confirm=False) == "¿Importar y distribuir Rev.2?"
            expect(dialog).to_be_hidden()
            expect(button).to_be_focused()  # back where it was asked from, on the preview
            assert circulated(url) == before  # cancelled: nothing circulated

            button.click()
            answer_in_page(page)
            page.wait_for_url(f"**/p/{SLUG}/declaration/versions/*")
            expect(page.locator("main")).to_contain_text("iniciativas Race")
            assert circulated(url) == [*before, "Rev.2"]
        finally:
            browser.close()
