"""Translation at declaration scale: a 300-paragraph version in three languages. The editor and the
aligned view (server time), the status of every paragraph after a new source version, XLIFF export
and import of a language; Run with `make bench`."""

from __future__ import annotations

import time

from litestar.testing import TestClient

from tests.bench.test_draft_speed import declaration, loaded, quick  # noqa: F401  (the fixture, autouse)
from tests.web.conftest import sign_in
from workspace.domain.declaration.declaration_commands import Circulate, EditParagraph
from workspace.services import translations
from workspace.services.declaration import draft
from workspace.web.app import create_app

SLUG = "kutahya"


def best(fn, rounds: int = 3):
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def translate_all(store, people, paragraphs: int) -> None:
    for lang in ("en", "fr"):
        markdown = "\n".join(
            f"1. Paragraph {i} in {lang}, with the number {i} and the year 2030. {{#op_{i}}}\n"
            for i in range(1, paragraphs + 1)
        )
        translations.import_markdown(
            store, people.committee, SLUG, lang, markdown, f"all.{lang}.md", "Rev.1", approved=True
        )


def test_editor_aligned_view_status_and_xliff(db_url, settings_for):
    backend = db_url.split(":")[0]
    store, people, _ = loaded(db_url, 300)
    translate_all(store, people, 300)
    app = create_app(settings_for(db_url))
    with TestClient(app) as client:
        sign_in(client, people.committee.email)
        client.get(f"/p/{SLUG}/translations/en?version=1")
        editor, page = best(lambda: client.get(f"/p/{SLUG}/translations/en?version=1"))
        aligned, view = best(lambda: client.get(f"/p/{SLUG}/declaration/aligned?version=1"))
        assert page.status_code == 200 and view.status_code == 200
    for i in range(1, 301, 3):  # a new source version: a third of the paragraphs changed
        now = draft.get_draft_paragraph(store, people.committee, SLUG, f"op_{i}")
        draft.edit_paragraph(
            store,
            people.committee,
            SLUG,
            f"op_{i}",
            EditParagraph(base_revision=now.revision, text=now.text + " Revisado."),
        )
    draft.circulate(store, people.committee, SLUG, Circulate(label="Rev.2", note=""))
    status, rows = best(lambda: translations.list_translations(store, people.committee, SLUG, "fr", "Rev.2"))
    assert sum(r.state == "outdated" for r in rows) == 100
    progress, _ = best(lambda: translations.progress(store, people.committee, SLUG))
    export, (name, body) = best(lambda: translations.export_xliff(store, people.committee, SLUG, "fr", "Rev.2"))
    started = time.perf_counter()
    report = translations.import_xliff(store, people.committee, SLUG, "fr", body, name, "Rev.2")
    imported = time.perf_counter() - started
    store.dispose()
    print(
        f"\n[{backend}] 300 paragraphs, 3 languages: editor page {editor * 1000:.0f} ms ({len(page.content) / 1e3:.0f} "
        f"kB), aligned view {aligned * 1000:.0f} ms; after a new source version: status of all paragraphs "
        f"{status * 1000:.0f} ms, progress of every version {progress * 1000:.0f} ms; XLIFF export {export * 1000:.0f} "
        f"ms ({len(body) / 1e3:.0f} kB), import {imported * 1000:.0f} ms ({report.imported} imported, "
        f"{report.unchanged} unchanged)"
    )
    assert editor < 0.15 and aligned < 0.15, "the editor and the aligned view under 150 ms"
    assert status < 0.2, "the status of every paragraph under 200 ms"
    assert export < 1 and imported < 1, "XLIFF export and import under 1 s"


def test_xliff_import_of_every_unit_changed_and_unchanged(db_url):
    """The import checks each unit as the editor does (limits, its source, the source's Markdown blocks):
    what that costs on a file where every translation changed, and on one given back unchanged."""
    backend = db_url.split(":")[0]
    paragraphs = 1000
    store, people, _ = loaded(db_url, paragraphs)
    translate_all(store, people, paragraphs)
    name, body = translations.export_xliff(store, people.committee, SLUG, "fr", "Rev.1")
    changed = body.replace(b"</target>", b" Revisado.</target>")
    started = time.perf_counter()
    report = translations.import_xliff(store, people.committee, SLUG, "fr", changed, name, "Rev.1")
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = translations.import_xliff(store, people.committee, SLUG, "fr", changed, name, "Rev.1")
    unchanged = time.perf_counter() - started
    store.dispose()
    print(
        f"\n[{backend}] XLIFF import of {paragraphs} units ({len(body) / 1e3:.0f} kB): every one changed "
        f"{first * 1000:.0f} ms ({report.imported} updated), the same file again {unchanged * 1000:.0f} ms "
        f"({again.unchanged} unchanged)"
    )
    assert report.imported == again.unchanged == paragraphs
