"""Downloads of a publication over HTTP, for an anonymous reader: the bytes kept when it was
published, every time, with their sha256 as ETag, cached for ever, conditional (304) and by ranges
(206, 416); and two real servers asked at the same instant for the files of a publication made
before files were kept render them, keep one copy, and answer the same bytes."""

from __future__ import annotations

import hashlib
import threading

import pytest

from tests import loopback
from tests.conftest import restored
from tests.demo_data import settled_kutahya
from tests.e2e.server import running_server
from tests.integration.services.publication.test_publication import SYMBOL, settle
from tests.integration.services.publication.test_publication_files import kept_rows
from tests.integration.services.transfer.test_amendment_files import KUTAHYA
from tests.web.pages.test_pages_support import html
from workspace.services import publication, transfer
from workspace.services.actor import SYSTEM
from workspace.store import migrate
from workspace.store.db import make_store

S = "kutahya-2021"
IMMUTABLE = "public, max-age=31536000, immutable"


def settled_demo(store) -> None:
    transfer.import_folder(store, None, KUTAHYA)
    settle(store, SYSTEM)


def publish_demo(store) -> None:
    """The demo's Rev.1 published: its settling made once per test process (`restored`), its files kept as
    this store keeps them (in the database, or in this test's object store)."""
    restored(store, "settled demo", settled_demo)
    publication.publish(store, SYSTEM, S, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"))


@pytest.fixture
def published(web_store):
    publish_demo(web_store)


def test_every_download_is_the_kept_bytes_with_their_sha256_as_etag(client, published):
    client.cookies.clear()  # nobody signed in
    listed = {f["name"]: f for f in client.get(f"/api/processes/{S}/publications").json()[0]["files"]}
    assert len(listed) == 22
    page = html(client.get(f"/p/{S}/publications"))
    shown = {
        li.select_one("a")["href"].rsplit("/", 1)[1]: li.select_one("code.file-sha256").get_text()
        for li in page.select("ul.downloads li")
    }
    assert shown == {name: f["sha256"] for name, f in listed.items()}
    for name, kept in listed.items():
        api, again, page_file = (
            client.get(path)
            for path in (f"/api/processes/{S}/publications/1/{name}",) * 2 + (f"/p/{S}/publications/1/{name}",)
        )
        for answer in (api, again, page_file):
            assert answer.status_code == 200, name
            assert hashlib.sha256(answer.content).hexdigest() == kept["sha256"] and len(answer.content) == kept["size"]
            assert answer.headers["etag"] == f'"{kept["sha256"]}"' and answer.headers["cache-control"] == IMMUTABLE
            assert answer.headers["accept-ranges"] == "bytes" and answer.headers["content-length"] == str(kept["size"])
            assert answer.headers["content-type"] == kept["media_type"]  # once, charset included
            assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert listed[f"{S}.fr.md"]["media_type"] == "text/markdown; charset=utf-8"
    missing = client.get(f"/api/processes/{S}/publications/1/{S}.de.pdf")
    assert missing.status_code == 404 and "error" in missing.json()
    assert client.get(f"/api/processes/{S}/publications/7/{S}.fr.pdf").status_code == 404


def test_a_cache_that_holds_the_file_is_told_it_has_not_changed(client, published):
    client.cookies.clear()
    path = f"/p/{S}/publications/1/{S}.es-en-fr.pdf"
    etag = client.get(path).headers["etag"]
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        answer = client.get(path, headers={"If-None-Match": sent})
        assert (answer.status_code, answer.content) == (304, b""), sent
        assert answer.headers["etag"] == etag and answer.headers["cache-control"] == IMMUTABLE
    assert client.get(path, headers={"If-None-Match": '"0123"'}).status_code == 200


def test_a_part_of_a_file_is_given_by_its_range(client, published):
    client.cookies.clear()
    path = f"/api/processes/{S}/publications/1/{S}.es-en-fr.pdf"
    whole = client.get(path)
    body, size, etag = whole.content, len(whole.content), whole.headers["etag"]
    for asked, start, stop in (
        ("bytes=0-99", 0, 100),
        ("bytes=100-", 100, size),
        ("bytes=-500", size - 500, size),
        (f"bytes={size - 10}-{size + 1000}", size - 10, size),
    ):
        part = client.get(path, headers={"Range": asked})
        assert part.status_code == 206, asked
        assert part.content == body[start:stop]
        assert part.headers["content-range"] == f"bytes {start}-{stop - 1}/{size}"
        assert part.headers["content-length"] == str(stop - start) and part.headers["etag"] == etag
    beyond = client.get(path, headers={"Range": f"bytes={size}-"})
    assert beyond.status_code == 416 and beyond.headers["content-range"] == f"bytes */{size}"
    resumed = client.get(path, headers={"Range": "bytes=1000-", "If-Range": etag})
    assert resumed.status_code == 206 and resumed.content == body[1000:]
    for headers in (
        {"Range": "bytes=1000-", "If-Range": '"another"'},  # the file changed for the client: all of it
        {"Range": "bytes=0-1,5-6"},  # several parts: the whole file, as the RFC allows
        {"Range": "bytes=abc"},
        {"Range": "lines=1-2"},
    ):  # not a byte range: ignored
        answer = client.get(path, headers=headers)
        assert (answer.status_code, answer.content) == (200, body), headers


def _as_before_files_were_kept(db_url: str) -> None:
    migrate.downgrade(db_url, "0010")
    migrate.upgrade(db_url)


def test_two_servers_asked_at_once_for_an_older_publication_keep_one_copy_and_answer_the_same_bytes(db_url, tmp_path):
    store = make_store(db_url)
    publish_demo(store)
    published_rows = kept_rows(store)
    store.dispose()
    _as_before_files_were_kept(db_url)
    name = f"{S}.es-en-fr.pdf"
    with running_server(tmp_path, db_url, name="one") as one, running_server(tmp_path, db_url, name="two") as two:
        start, answers = threading.Barrier(6), []

        def download(url: str) -> None:
            with loopback.client(timeout=120) as client:
                start.wait(timeout=30)
                answers.append(client.get(f"{url}/p/{S}/publications/1/{name}"))

        threads = [threading.Thread(target=download, args=(server.url,)) for server in (one, two) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=180)
        logs = [server.log.read_text() for server in (one, two)]
    assert [a.status_code for a in answers] == [200] * 6
    assert len({a.content for a in answers}) == 1 and len({a.headers["etag"] for a in answers}) == 1
    # Each server rendered them (so both raced to keep them); one copy was kept, the one published.
    assert [log.count("rendered 22 files of kutahya-2021") for log in logs] == [1, 1], logs
    store = make_store(db_url)
    try:
        assert kept_rows(store) == published_rows
        kept = next(row for row in published_rows if row[0] == name)
        assert answers[0].headers["etag"] == f'"{kept[2]}"' == f'"{hashlib.sha256(answers[0].content).hexdigest()}"'
    finally:
        store.dispose()


def test_while_a_worker_makes_the_files_the_page_shows_how_far_and_a_download_is_503(client, web_store):
    settled_kutahya(web_store)
    made = publication.publish(
        web_store, SYSTEM, S, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"), files_later=True
    )
    client.cookies.clear()
    page = html(client.get(f"/p/{S}/publications", headers={"Accept-Language": "fr"}))
    bar = page.select_one("[data-rendering] progress")
    assert (bar["max"], bar["value"]) == (str(made.rendering.total), "0") and page.select("ul.downloads li") == []
    assert (
        page.select_one("[data-rendering] label").get_text()
        == f"Les fichiers sont en cours de préparation\u00a0: 0 sur {made.rendering.total}."
    )
    listed = client.get(f"/api/processes/{S}/publications").json()[0]
    assert listed["files"] == [] and listed["rendering"] == {"done": 0, "total": made.rendering.total}
    for path in (f"/api/processes/{S}/publications/1/{S}.es.pdf", f"/p/{S}/publications/1/{S}.es.pdf"):
        busy = client.get(path, headers={"Accept-Language": "en"})
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    assert "being made (0 of" in busy.text
