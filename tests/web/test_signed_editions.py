"""Editions anyone can verify (issue 64), over HTTP for an anonymous reader: a publication's manifest names every file
with its size and SHA-256, its signature verifies with Debian's `minisign -V` and the instance's published key, offline;
one flipped byte in the manifest is refused; a rotated key leaves what it signed verifiable, listed with its dates."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
from dataclasses import replace

import pytest

from tests.demo_data import settled_kutahya
from tests.needs import program
from tests.seals import PASSWORD, certificate_file
from tests.web.conftest import token_headers
from tests.web.pages.test_pages_support import html
from tests.web.test_publication_downloads import S, publish_demo
from workspace.services import signing
from workspace.services.unit import store_for


@pytest.fixture
def published(web_store):
    publish_demo(web_store)


def minisign_verifies(folder, pub: str, manifest: bytes, signature: bytes) -> subprocess.CompletedProcess[str]:
    (folder / "accord.pub").write_text(pub)
    (folder / "manifest.json").write_bytes(manifest)
    (folder / "manifest.json.minisig").write_bytes(signature)
    return subprocess.run(
        [program("minisign"), "-V", "-p", "accord.pub", "-m", "manifest.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_publications_manifest_lists_its_files_and_minisign_verifies_it(client, published, tmp_path):
    client.cookies.clear()  # a reader, signed in nowhere
    listed = client.get(f"/api/processes/{S}/publications").json()[0]
    answer = client.get(f"/api/processes/{S}/publications/1/manifest.json")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/json")
    manifest = json.loads(answer.content)
    assert [(f["name"], f["size"], f["sha256"]) for f in manifest["files"]] == [
        (f["name"], f["size"], f["sha256"]) for f in listed["files"]
    ]
    assert (manifest["process"], manifest["publication"], manifest["version"]) == (S, 1, "Rev.1")
    assert manifest["languages"] == listed["languages"] and manifest["signed_later"] is False
    assert manifest["checkpoint"]["count"] >= 1 and len(manifest["checkpoint"]["head"]) == 64  # the record then
    signature = client.get(f"/api/processes/{S}/publications/1/manifest.json.minisig")
    assert signature.status_code == 200
    keys = client.get("/.well-known/accord-keys.json").json()
    assert keys["current"] == manifest["key_id"]
    [key] = keys["keys"]
    checked = minisign_verifies(tmp_path, key["minisign_pub"], answer.content, signature.content)
    assert checked.returncode == 0, checked.stderr
    digest = hashlib.sha256(answer.content).hexdigest()
    assert f"Trusted comment: accord {S} publication 1 Rev.1 sha256:{digest}" in checked.stdout
    again = client.get(f"/api/processes/{S}/publications/1/manifest.json")
    assert again.content == answer.content and again.headers["etag"] == f'"{digest}"'  # frozen bytes

    for at in (0, len(answer.content) // 2, len(answer.content) - 2):  # one byte flipped anywhere: refused
        flipped = bytearray(answer.content)
        flipped[at] ^= 0x01
        refused = minisign_verifies(tmp_path, key["minisign_pub"], bytes(flipped), signature.content)
        assert refused.returncode != 0, at

    # A new key signs from now on; the old one, retired, still verifies what it signed.
    new, old = signing.rotate_key(client.app.state.db)
    assert old is not None and old.key_id == key["key_id"]
    keys = client.get("/.well-known/accord-keys.json").json()
    assert keys["current"] == new.key_id and [k["key_id"] for k in keys["keys"]] == [old.key_id, new.key_id]
    assert keys["keys"][0]["retired_at"] is not None and keys["keys"][1]["retired_at"] is None
    assert client.get(f"/api/processes/{S}/publications/1/manifest.json").content == answer.content
    assert (
        minisign_verifies(tmp_path, keys["keys"][0]["minisign_pub"], answer.content, signature.content).returncode == 0
    )
    assert (
        minisign_verifies(tmp_path, keys["keys"][1]["minisign_pub"], answer.content, signature.content).returncode != 0
    )


def test_the_json_bundle_carries_the_signed_manifest_of_the_other_files(client, published, tmp_path):
    """The JSON bundle carries the signed manifest of the publication's other files (it cannot list itself: its
    checksum would hold itself), its exact bytes and signature as text; the publication's manifest lists the bundle
    too, as served. A reader holding the bundle alone verifies it with minisign as the README says."""
    client.cookies.clear()
    name = f"{S}.es-en-fr.json"
    bundle = client.get(f"/api/processes/{S}/publications/1/{name}").content
    outer = json.loads(client.get(f"/api/processes/{S}/publications/1/manifest.json").content)
    carried = json.loads(bundle)["manifest"]
    inner = json.loads(carried["signed"])
    assert inner["inside"] == name and "inside" not in outer
    assert inner["files"] == [f for f in outer["files"] if f["name"] != name] and len(inner["files"]) == 21
    assert {k: inner[k] for k in ("process", "publication", "version", "languages", "key_id", "checkpoint")} == {
        k: outer[k] for k in ("process", "publication", "version", "languages", "key_id", "checkpoint")
    }
    listed = next(f for f in outer["files"] if f["name"] == name)
    assert listed["sha256"] == hashlib.sha256(bundle).hexdigest() and listed["size"] == len(bundle)
    [key] = client.get("/.well-known/accord-keys.json").json()["keys"]
    signed, signature = carried["signed"].encode(), carried["minisig"].encode()  # what `jq -j` writes out
    checked = minisign_verifies(tmp_path, key["minisign_pub"], signed, signature)
    assert checked.returncode == 0, checked.stderr
    altered = signed.replace(b'"publication": 1', b'"publication": 2')
    assert altered != signed and minisign_verifies(tmp_path, key["minisign_pub"], altered, signature).returncode != 0


def test_a_process_without_publications_has_no_manifest(client, web_store):
    assert client.get(f"/api/processes/{S}/publications/1/manifest.json").status_code == 404
    assert client.get("/api/processes/no-such/publications/1/manifest.json.minisig").status_code == 404


def test_every_published_file_is_said_genuine_and_one_flipped_byte_anywhere_is_caught(client, published):
    """Each of the publication's files, handed in as it was downloaded, is genuine (which process, version, language
    and file); the same file with one byte flipped, at a random place of each, is not, and `differs` names that very
    byte; the signed manifest handed in is genuine too; a file nobody published is not, with nothing to compare."""
    client.cookies.clear()
    listed = client.get(f"/api/processes/{S}/publications").json()[0]
    shuffled = random.Random(64)
    for f in listed["files"]:
        data = client.get(f"/api/processes/{S}/publications/1/{f['name']}").content
        said = client.post("/api/verify", content=data, headers={"Content-Type": "application/octet-stream"}).json()
        assert said["genuine"] is True and (said["process"], said["version"], said["file"]) == (S, "Rev.1", f["name"])
        assert said["lang"] == f["name"].split(".")[1] and said["publication"] == 1 and said["published_at"]
        at = shuffled.randrange(len(data))
        flipped = bytearray(data)
        flipped[at] ^= 1 << shuffled.randrange(8)
        refused = client.post("/api/verify", params={"name": f["name"]}, content=bytes(flipped)).json()
        assert refused["genuine"] is False, f["name"]
        assert refused["differs"]["first_difference_at"] == at and refused["differs"]["published_sha256"] == f["sha256"]
        assert refused["differs"]["size"] == refused["differs"]["published_size"] == f["size"]
    manifest = client.get(f"/api/processes/{S}/publications/1/manifest.json").content
    said = client.post("/api/verify", content=manifest).json()
    assert said["genuine"] is True and said["file"] == "manifest.json"
    stranger = client.post("/api/verify", params={"name": "letter.pdf"}, content=b"%PDF-1.7 not ours").json()
    assert stranger["genuine"] is False and stranger.get("differs") is None and stranger.get("process") is None
    shorter = client.post("/api/verify", params={"name": f"{S}.fr.md"}, content=b"").json()
    assert shorter["genuine"] is False and shorter["differs"]["first_difference_at"] == 0
    bad_name = client.post("/api/verify", params={"name": "../etc/passwd"}, content=b"x")
    assert bad_name.status_code == 422 and bad_name.json()["detail"]["field"] == "name"


def test_the_verify_page_says_what_a_file_is_in_the_readers_language(client, published):
    client.cookies.clear()
    client.headers["Accept-Language"] = "fr"
    form = html(client.get("/verify"))
    token = form.select_one("input[name=_csrf_token]")["value"]
    data = client.get(f"/api/processes/{S}/publications/1/{S}.fr.pdf").content
    shown = html(client.post("/verify", data={"_csrf_token": token}, files={"file": (f"{S}.fr.pdf", data)}))
    result = shown.select_one(".verify-result.genuine")
    assert result is not None and f"{S}.fr.pdf" in result.get_text() and "Rev.1" in result.get_text()
    changed = html(
        client.post("/verify", data={"_csrf_token": token}, files={"file": (f"{S}.fr.pdf", data[:-1] + b"\0")})
    )
    assert changed.select_one(".verify-result.not-genuine") is not None
    assert str(len(data) - 1) in changed.select_one(".verify-result").get_text()  # the byte that differs
    empty = client.post("/verify", data={"_csrf_token": token})
    assert empty.status_code == 422


def test_a_file_larger_than_the_apis_bodies_is_verified_and_one_past_the_limit_refused(client, published):
    """A published file may be larger than what the API takes elsewhere (2 MiB): verification takes up to
    LARGEST, online as on the page, and refuses more with 413 and the limit."""
    from workspace.services.publication.verification import LARGEST

    client.cookies.clear()
    large = b"%PDF-1.7\n" + bytes(3 * 1024 * 1024)
    said = client.post("/api/verify", params={"name": f"{S}.fr.pdf"}, content=large)
    assert said.status_code == 200 and said.json()["genuine"] is False
    assert said.json()["differs"]["size"] == len(large)
    refused = client.post("/api/verify", content=bytes(LARGEST + 1))
    assert refused.status_code == 413 and "over 33.6 MB" in refused.json()["detail"]
    token = html(client.get("/verify")).select_one("input[name=_csrf_token]")["value"]
    page = client.post("/verify", data={"_csrf_token": token}, files={"file": (f"{S}.fr.pdf", large)})
    assert page.status_code == 200 and html(page).select_one(".verify-result.not-genuine") is not None


@pytest.mark.needs("poppler")
def test_a_server_with_the_organisations_seal_publishes_sealed_pdfs_through_the_api(app, client, web_people, tmp_path):
    """ACCORD_PDF_SEAL set: a publication asked for over HTTP (the request's thread seals) gives PDFs that poppler
    says are signed whole and valid, listed in the manifest as served."""
    settled_kutahya(app.state.db)  # through the store that made the people: their snapshot is its (tests.conftest)
    admin = token_headers(client, web_people.admin.email)
    settings = replace(app.state.settings, pdf_seal=str(certificate_file(tmp_path)), pdf_seal_password=PASSWORD)
    app.state.db.dispose()
    app.state.db, app.state.settings = store_for(settings, 4), settings
    made = client.post(
        f"/api/processes/{S}/publications", json={"version": "Rev.1", "symbol": "UCLG/KUT/2021/DECL"}, headers=admin
    )
    assert made.status_code == 201, made.text
    manifest = json.loads(client.get(f"/api/processes/{S}/publications/1/manifest.json").content)
    for name in (f"{S}.fr.pdf", f"{S}.es-en-fr.pdf"):
        pdf = client.get(f"/api/processes/{S}/publications/1/{name}").content
        (tmp_path / name).write_bytes(pdf)
        said = subprocess.run([program("poppler", "pdfsig"), tmp_path / name], capture_output=True, text=True).stdout
        assert "Total document signed" in said and "Signature is Valid" in said, said
        assert {f["name"]: f["sha256"] for f in manifest["files"]}[name] == hashlib.sha256(pdf).hexdigest()
