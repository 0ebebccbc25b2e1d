"""The files of a publication, rendered once and kept, on both backends: publishing keeps every file
with the sha256 of its bytes in the same transaction (or nothing), the database refuses any change
to them, and a publication made before files were kept gets its files once, the same bytes however
many servers ask for them at the same moment."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import restored
from tests.demo_data import settled_kutahya
from tests.integration.services.publication.test_publication import SYMBOL, settle
from tests.integration.services.transfer.test_amendment_files import KUTAHYA
from tests.integration.support import as_rendered, dump
from workspace.domain.consultations.consultations import ProcessSettings
from workspace.domain.errors import Conflict, NotFound
from workspace.renderers.publication_files import names, render
from workspace.services import processes, publication, transfer
from workspace.services.actor import SYSTEM
from workspace.services.publication import files, publishing, rendering
from workspace.store import migrate
from workspace.store.db import make_store
from workspace.store.models import PublicationFile

S = "kutahya-2021"


def published(store) -> None:
    transfer.import_folder(store, None, KUTAHYA)
    settle(store, SYSTEM)
    publication.publish(store, SYSTEM, S, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"))


def kept_rows(store) -> list[tuple[str, int, str, bool, str | None]]:
    with store() as tx:
        return [
            (r.name, r.size, r.sha256, r.content is not None, r.object_key)
            for r in tx.scalars(select(PublicationFile).order_by(PublicationFile.position))
        ]


def read(store, stored) -> bytes:
    with publication.file_content(store, stored) as body:
        return body.read()


def test_publishing_keeps_every_file_with_the_sha256_of_its_bytes_and_the_database_refuses_changes(store):
    restored(store, "published", published)
    summary, model = publication.publication_model(store, S)
    expected = [name for name, _ in names(model)]
    assert [f.name for f in summary.files] == expected and len(
        expected
    ) == 22  # 4 PDFs, 4 Word, 4 HTML, 3 Markdown, 3 Akoma Ntoso, 1 JSON, 3 crosswalks
    assert [(name, has_content, key) for name, _, _, has_content, key in kept_rows(store)] == [
        (n, True, None) for n in expected
    ]
    listed = {f.name: f for f in publication.publications(store, S)[0].files}
    for stored in publication.publication_files(store, S, 1):
        body = read(store, stored)
        assert hashlib.sha256(body).hexdigest() == stored.sha256 == listed[stored.name].sha256
        assert len(body) == stored.size == listed[stored.name].size
        assert as_rendered(stored.name, body) == render(model, stored.name)[0]  # rendered again: anyone may check them
    with pytest.raises(NotFound):
        publication.published_file(store, S, 1, f"{S}.de.pdf")
    with pytest.raises(NotFound):
        publication.published_file(store, S, 2, f"{S}.fr.pdf")
    for statement in (
        "UPDATE publication_files SET sha256 = 'x'",
        "UPDATE publication_files SET content = NULL, object_key = 'k'",
        "DELETE FROM publication_files",
    ):
        with store.writer() as tx, pytest.raises(DBAPIError, match="immutable"):  # the store itself refuses
            tx.execute(text(statement))
    if store.engine.dialect.name == "postgresql":
        with store.writer() as tx, pytest.raises(DBAPIError, match="immutable"):
            tx.execute(text("TRUNCATE publication_files"))
    assert len(kept_rows(store)) == 22


def test_a_publication_whose_files_cannot_all_be_kept_is_not_published(store, monkeypatch):
    settled_kutahya(store)
    before = dump(store)
    real = publishing.rendered

    @contextmanager
    def one_file_lost(model, seal=None) -> Iterator[list[rendering.RenderedFile]]:
        with real(model, seal=seal) as made:
            yield [*made[:5], replace(made[5], path=made[5].path.with_name("gone.pdf")), *made[6:]]

    monkeypatch.setattr(publishing, "rendered", one_file_lost)
    with pytest.raises(FileNotFoundError):
        publication.publish(store, SYSTEM, S, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"))
    assert dump(store) == before  # five files were written before the sixth failed: all undone, the publication too


def test_a_text_that_changes_while_the_files_render_is_not_published_with_files_of_another_text(store, monkeypatch):
    """The files render before the publication's transaction (no lock is held that long): that
    transaction builds the model again, and refuses it if it is not the one the files were made from."""
    settled_kutahya(store)
    real = publishing.rendered

    @contextmanager
    def retitled_meanwhile(model, seal=None) -> Iterator[list[rendering.RenderedFile]]:
        with real(model, seal=seal) as made:
            now = processes.get_process(store, SYSTEM, S)
            processes.update_process(
                store,
                SYSTEM,
                S,
                ProcessSettings(
                    titles={**now.titles, "es": now.titles["es"] + " (revisada)"},
                    source_language=now.source_language,
                    languages=now.languages,
                    timezone=now.timezone,
                    places=now.places,
                    phase=now.phase,
                ),
            )
            yield made

    monkeypatch.setattr(publishing, "rendered", retitled_meanwhile)
    before = dump(store)
    with pytest.raises(Conflict, match="changed while it was being published"):
        publication.publish(store, SYSTEM, S, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"))
    after = dump(store)
    assert after["publications"] == before["publications"] == [] and after["publication_files"] == []
    monkeypatch.setattr(publishing, "rendered", real)
    made = publication.publish(store, SYSTEM, S, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"))
    _summary, model = publication.publication_model(store, S)
    assert model.edition("es").title.endswith(" (revisada)") and len(made.files) == 22
    pdf = publication.published_file(store, S, 1, f"{S}.es.pdf")
    assert read(store, pdf) == render(model, pdf.name)[0]  # the files are of the text published


def _as_before_files_were_kept(db_url: str) -> None:
    """The database as a publication made before revision 0011 left it: the publication, no files."""
    migrate.downgrade(db_url, "0010")
    migrate.upgrade(db_url)


def _as_rendered_rows(store) -> list[tuple[str, int, str, bool, str | None]]:
    """The kept files' rows, the JSON bundle's size and checksum those of its bytes without the manifest it carries
    (a publication made before files were kept has none inside: `files.keep`)."""
    rows = []
    for name, size, sha256, in_database, key in kept_rows(store):
        if name.endswith(".json"):
            with store() as tx:
                body = as_rendered(name, tx.scalar(select(PublicationFile.content).where(PublicationFile.name == name)))
            size, sha256 = len(body), hashlib.sha256(body).hexdigest()
        rows.append((name, size, sha256, in_database, key))
    return rows


def test_a_publication_made_before_files_were_kept_gets_the_same_files_once(store, db_url):
    restored(store, "published", published)
    at_publishing = _as_rendered_rows(store)
    store.dispose()
    _as_before_files_were_kept(db_url)
    again = make_store(db_url)
    try:
        assert kept_rows(again) == []
        listed = publication.publications(again, S)  # the list needs them: they are rendered and kept first
        assert [(f.name, f.size, f.sha256) for f in listed[0].files] == [
            (n, size, sha) for n, size, sha, _, _ in at_publishing
        ]
        assert kept_rows(again) == at_publishing  # the very bytes published, rendered again
        assert files.store_missing(again, S) == 0  # once
    finally:
        again.dispose()


@pytest.mark.parametrize("servers", [1, 2], ids=["one server", "two servers"])
def test_simultaneous_first_downloads_keep_one_copy_and_serve_the_same_bytes(store, db_url, monkeypatch, servers):
    restored(store, "published", published)
    store.dispose()
    _as_before_files_were_kept(db_url)
    stores = [make_store(db_url) for _ in range(servers)]
    renders, arrived = [], threading.Barrier(servers)
    real = files.rendered

    @contextmanager
    def counted(model, progress=None, seal=None) -> Iterator[list[rendering.RenderedFile]]:
        with real(model, progress, seal) as made:
            renders.append(model.symbol)
            arrived.wait(timeout=60)  # every server has rendered before any keeps: they race to keep them
            yield made

    monkeypatch.setattr(files, "rendered", counted)
    start = threading.Barrier(4)
    got: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def download(i: int) -> None:
        try:
            start.wait(timeout=30)
            mine = stores[i % servers]
            got[i] = read(mine, publication.published_file(mine, S, 1, f"{S}.es-en-fr.pdf"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=download, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    try:
        assert errors == []
        assert len(renders) == servers  # one rendering per server: the others of a server waited for it
        assert len(set(got.values())) == 1 and len(got) == 4
        with stores[0]() as tx:
            count = tx.scalar(
                select(func.count()).select_from(PublicationFile).where(PublicationFile.name == f"{S}.es-en-fr.pdf")
            )
            sha = tx.scalar(select(PublicationFile.sha256).where(PublicationFile.name == f"{S}.es-en-fr.pdf"))
        assert count == 1 and hashlib.sha256(got[0]).hexdigest() == sha
        assert len(kept_rows(stores[0])) == 22
    finally:
        for made in stores:
            made.dispose()
