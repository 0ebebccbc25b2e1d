"""With `ACCORD_STORAGE_URL` naming an S3-compatible store (moto's real S3 server on loopback), the
files of a publication are kept there, named by their sha256, the database keeping what they are;
downloads and `accord publish` stream them from the store, checked: a changed object is never served."""

from __future__ import annotations

import hashlib
import logging

import pytest
from click.testing import CliRunner
from litestar.testing import TestClient

from tests.integration.support import as_rendered
from tests.s3_server import s3_endpoint, storage_url  # noqa: F401 - fixtures
from tests.web.test_publication_downloads import S, publish_demo
from workspace.cli import main
from workspace.services import publication
from workspace.settings import Settings
from workspace.store import migrate
from workspace.store.models import PublicationFile
from workspace.web.app import create_app


@pytest.fixture
def s3_app(db_url, storage_url):  # noqa: F811 - the fixture
    return create_app(
        Settings.from_env(
            {},
            database_url=db_url,
            secret_key="test-secret-key-0123456789abcdef",
            jobs_in_process=False,
            storage_url=storage_url,
        )
    )


def objects_of(s3_app) -> dict[str, bytes]:
    store = s3_app.state.db.objects
    listed = store.client.list_objects_v2(Bucket=store.bucket).get("Contents", [])
    return {o["Key"]: store.client.get_object(Bucket=store.bucket, Key=o["Key"])["Body"].read() for o in listed}


def test_the_files_are_kept_in_the_object_store_and_downloaded_from_it(s3_app):
    store = s3_app.state.db
    publish_demo(store)
    with store() as tx:
        rows = list(tx.query(PublicationFile).order_by(PublicationFile.position))
        assert len(rows) == 22 and all(r.content is None for r in rows)
        kept = {r.name: (r.object_key, r.sha256, r.size) for r in rows}
    in_bucket = objects_of(s3_app)
    assert sorted(in_bucket) == sorted(f"publications/sha256/{sha}" for _, sha, _ in kept.values())
    for key, body in in_bucket.items():
        assert hashlib.sha256(body).hexdigest() == key.rsplit("/", 1)[1]
    with TestClient(s3_app) as client:
        for name, (key, sha, size) in kept.items():
            answer = client.get(f"/p/{S}/publications/1/{name}")
            assert answer.status_code == 200 and answer.content == in_bucket[key], name
            assert answer.headers["etag"] == f'"{sha}"' and answer.headers["content-length"] == str(size)
        pdf = f"/api/processes/{S}/publications/1/{S}.es-en-fr.pdf"
        key = kept[f"{S}.es-en-fr.pdf"][0]
        part = client.get(pdf, headers={"Range": "bytes=1000-1999"})
        assert part.status_code == 206 and part.content == in_bucket[key][1000:2000]
        listed = client.get(f"/api/processes/{S}/publications").json()[0]["files"]
        assert {f["name"]: (f["sha256"], f["size"]) for f in listed} == {
            n: (sha, size) for n, (_, sha, size) in kept.items()
        }


def test_an_object_that_changed_in_the_store_is_never_served(s3_app, caplog):
    store = s3_app.state.db
    publish_demo(store)
    stored = publication.published_file(store, S, 1, f"{S}.fr.pdf")
    original = store.objects.client.get_object(Bucket=store.objects.bucket, Key=stored.object_key)["Body"].read()
    tampered = original.replace(b"%PDF", b"%PDX", 1)  # one byte changed behind Accord's back
    store.objects.client.put_object(Bucket=store.objects.bucket, Key=stored.object_key, Body=tampered)
    caplog.set_level(logging.ERROR)
    with TestClient(s3_app) as client:
        for path in (f"/p/{S}/publications/1/{S}.fr.pdf", f"/api/processes/{S}/publications/1/{S}.fr.pdf"):
            answer = client.get(path)
            assert answer.status_code == 500 and b"%PDX" not in answer.content and b"%PDF" not in answer.content
            assert "etag" not in answer.headers
            ranged = client.get(path, headers={"Range": "bytes=0-3"})
            assert ranged.status_code == 500 and ranged.content[:4] != b"%PDX"
        assert client.get(path, headers={"If-None-Match": f'"{stored.sha256}"'}).status_code == 304  # no byte read
    assert any(
        "no longer holds the bytes" in r.getMessage() or "no longer holds the bytes" in str(r.exc_info)
        for r in caplog.records
    )


def test_accord_publish_writes_the_files_from_the_object_store(db_url, storage_url, tmp_path, monkeypatch, s3_app):  # noqa: F811
    publish_demo(s3_app.state.db)
    in_bucket = objects_of(s3_app)
    monkeypatch.setenv("ACCORD_DATABASE_URL", db_url)
    monkeypatch.setenv("ACCORD_SECRET_KEY", "cli-test-secret-0123456789abcdef")
    monkeypatch.setenv("ACCORD_STORAGE_URL", storage_url)
    result = CliRunner().invoke(main, ["publish", S, "Rev.1", "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    beside = {"manifest.json", "manifest.json.minisig", "accord.pub", "README.txt"}  # what verifies them (issue 64)
    written = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.name not in beside}
    assert len(written) == 22 and beside <= {p.name for p in (tmp_path / "out").iterdir()}
    assert sorted(hashlib.sha256(b).hexdigest() for b in written.values()) == sorted(
        k.rsplit("/", 1)[1] for k in in_bucket
    )
    monkeypatch.setenv("ACCORD_STORAGE_URL", "s3://")
    refused = CliRunner().invoke(main, ["publish", S, "Rev.1", "--out", str(tmp_path / "x")])
    assert refused.exit_code == 1 and "ACCORD_STORAGE_URL" in refused.output


def test_without_the_object_store_a_file_kept_there_is_not_served_from_anywhere_else(db_url, s3_app, settings_for):
    publish_demo(s3_app.state.db)
    plain = create_app(settings_for(db_url))  # the same database, ACCORD_STORAGE_URL forgotten
    with TestClient(plain) as client:
        assert client.get(f"/p/{S}/publications/1/{S}.fr.pdf").status_code == 500


def test_an_older_publication_gets_its_files_in_the_object_store_once(db_url, s3_app):
    store = s3_app.state.db
    publish_demo(store)
    before = objects_of(s3_app)
    store.dispose()
    migrate.downgrade(db_url, "0010")  # as a publication made before files were kept left the database
    migrate.upgrade(db_url)
    with TestClient(s3_app) as client:
        answer = client.get(f"/api/processes/{S}/publications/1/{S}.es-en-fr.pdf")
        assert answer.status_code == 200
    with store() as tx:
        rows = [(r.name, r.content is None, r.object_key) for r in tx.query(PublicationFile)]
    assert len(rows) == 22 and all(in_store and key for _, in_store, key in rows)
    after = objects_of(s3_app)
    (new,) = set(after) - set(before)  # the same bytes under the same keys, but the JSON bundle: without a manifest
    (bundle,) = [body for key, body in before.items() if body.startswith(b'{\n "format"')]
    assert {key: after[key] for key in before} == before and after[new] == as_rendered(".json", bundle)
    assert answer.content == before[next(key for name, _, key in rows if name == f"{S}.es-en-fr.pdf")]
