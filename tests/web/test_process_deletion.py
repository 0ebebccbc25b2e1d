"""Deleting a process (issue 36), through the API on both backends: an administrator only (403 for its committee, 404
for anyone else, 422 for a slug mistyped); gone for everyone at once, its publications too unless kept; the job the
deletion leaves removes every row that names it and its stored files, while its publications, when kept, stay served
at their addresses, byte for byte. And a render of its files, running in the app's own worker while the process is
deleted, stops without a trace, leaving nothing in the database or in the object store."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlalchemy import func, select

from tests.backends import BACKENDS_DIFFER
from tests.conftest import make_people, restored
from tests.process_watch import RENDERER, children
from tests.s3_server import s3_endpoint, storage_url  # noqa: F401 - fixtures
from tests.web.conftest import token_headers
from tests.web.test_publication_downloads import S, publish_demo, settled_demo
from workspace.services import publication
from workspace.services.actor import SYSTEM
from workspace.services.notifications.outward import Outward
from workspace.services.outbox import take
from workspace.services.processes import deletion
from workspace.services.publication import downloads, files, rendering
from workspace.settings import Settings
from workspace.store.models import Base, Outbox, Process, Publication, PublicationFile
from workspace.web.app import create_app

pytestmark = BACKENDS_DIFFER  # the removal job reads the schema and deletes in chunks under each backend's locks

DELETE = "DELETE"


def process_id(store, slug: str) -> int:
    with store() as tx:
        return tx.scalar(select(Process.id).where(Process.slug == slug))


def rows_naming(store, pid: int) -> dict[str, int]:
    """The rows of every table with a `process_id` that name the process, its own row, and its publications' files
    (every other table of a process hangs from one of these, and its foreign keys leave no row without them)."""
    counts = {}
    with store() as tx:
        for table in Base.metadata.sorted_tables:
            if "process_id" in table.c:
                counts[table.name] = tx.scalar(select(func.count()).select_from(table).where(table.c.process_id == pid))
        counts["processes"] = tx.scalar(select(func.count()).select_from(Process).where(Process.id == pid))
        counts["publication_files"] = tx.scalar(
            select(func.count())
            .select_from(PublicationFile)
            .join(Publication, Publication.id == PublicationFile.publication_id)
            .where(Publication.process_id == pid)
        )
    return {name: n for name, n in counts.items() if n}


def work(store) -> int:
    """What a worker does of the removals waiting in the outbox."""
    with store() as tx:
        waiting = list(tx.scalars(select(Outbox.id).where(Outbox.kind == "delete", Outbox.done_at.is_(None))))
    for entry in waiting:
        take(store, Outward("http://127.0.0.1:8000", "secret"), entry)
    return len(waiting)


def deleting(client, slug: str, headers: dict[str, str], **body):
    return client.request(DELETE, f"/api/processes/{slug}", json={"confirm": slug, **body}, headers=headers)


def test_an_administrator_deletes_a_process_gone_at_once_and_its_job_removes_every_row(client, web_store, web_people):
    publish_demo(web_store)
    # A corrigendum: its publication goes before the one it corrects (a RESTRICT foreign key between them).
    corrects = publication.Publish(
        version="Rev.1", symbol="UCLG/K/1/Corr.1", date="2021-10-09", corrigendum_of=1, corrects="La fecha."
    )
    publication.publish(web_store, SYSTEM, S, corrects)
    admin, committee, outsider = (
        token_headers(client, getattr(web_people, who).email) for who in ("admin", "committee", "outsider")
    )
    # Only an administrator: the committee of `kutahya` is refused, an outsider learns nothing, a slip is named.
    assert deleting(client, "kutahya", committee).status_code == 403
    hidden, missing = deleting(client, "kutahya", outsider), deleting(client, "nowhere", outsider)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"].replace("kutahya", "?") == missing.json()["error"].replace("nowhere", "?")
    slip = client.request(DELETE, "/api/processes/kutahya", json={"confirm": "kutahia"}, headers=admin)
    assert slip.status_code == 422 and "“confirm”" in slip.json()["error"] and "kutahya" in slip.json()["error"]
    assert slip.json()["detail"] == {"field": "confirm"}
    lenient = deleting(client, "kutahya", admin, keep_published=0)
    assert lenient.status_code == 422 and "keep_published" in lenient.json()["error"]
    assert client.get("/api/processes/kutahya", headers=committee).status_code == 200  # nothing happened

    pid = process_id(web_store, S)
    before = rows_naming(web_store, pid)
    assert before["publications"] == 2 and before["publication_files"] == 44 and before["versions"] == 2
    answer = deleting(client, S, admin)
    assert answer.status_code == 202, answer.text
    assert answer.json()["slug"] == S and answer.json()["state"] == "deleting"
    assert answer.json()["keep_published"] is False and answer.json()["deleted_at"]

    # Gone at once, for everyone: its pages, its API, its publications; asked to delete again, 404 (it is gone).
    for path in (
        f"/api/processes/{S}",
        f"/api/processes/{S}/draft",
        f"/api/processes/{S}/publications",
        f"/api/processes/{S}/publications/1/{S}.es.pdf",
        f"/p/{S}/es",
        f"/p/{S}/publications/1/{S}.es.pdf",
    ):
        assert client.get(path, headers=admin).status_code == 404, path
    assert S not in [p["slug"] for p in client.get("/api/processes", headers=admin).json()]
    assert deleting(client, S, admin).status_code == 404
    assert rows_naming(web_store, pid) == before  # the rows are the job's

    assert work(web_store) == 1
    assert rows_naming(web_store, pid) == {}
    assert work(web_store) == 0  # done, and done once
    trail = client.get("/api/admin/audit", params={"limit": 5}, headers=admin).json()
    said = next(e for e in trail if e["verb"] == "process.deleted")  # it outlives the process's own entries
    assert said["subject"] == f"process:{S}" and said["person"] == web_people.admin.email
    assert said["data"] == {"slug": S, "keep_published": False} and said["process"] == S
    # The trail of the process asked for by its name: its deletion, all that is left of it.
    of_it = client.get("/api/admin/audit", params={"process": S}, headers=admin)
    assert of_it.status_code == 200, of_it.text
    assert [(e["verb"], e["process"]) for e in of_it.json()] == [("process.deleted", S)]
    assert client.get("/api/admin/audit", params={"process": "never-was"}, headers=admin).status_code == 404
    assert client.get("/api/processes/kutahya", headers=committee).status_code == 200  # the other one untouched
    made = client.post(
        "/api/processes", json={"slug": S, "titles": {"es": "Otra"}, "source_language": "es"}, headers=admin
    )
    assert made.status_code == 201, made.text  # its slug is free again
    again = client.get("/api/admin/audit", params={"process": S}, headers=admin).json()  # the new one's, and the old
    assert [e["verb"] for e in again] == ["process.created", "process.deleted"]


def test_two_removals_of_one_process_at_once_both_end_and_leave_nothing(client, web_store, web_people, monkeypatch):
    """The worker's removal and the command's, released together, in chunks of a few rows: where one finds the rows
    it would take held by the other, it waits for them, never going on to a parent table while children are left."""
    publish_demo(web_store)
    monkeypatch.setattr(deletion, "CHUNK", 7)
    pid = process_id(web_store, S)
    assert deleting(client, S, token_headers(client, web_people.admin.email)).status_code == 202
    barrier, failed, done = threading.Barrier(2), [], []

    def remove() -> None:
        barrier.wait()
        try:
            done.append(deletion.remove_deleted_process(web_store, pid))
        except Exception as exc:  # noqa: BLE001 - the test's own report
            failed.append(exc)

    runners = [threading.Thread(target=remove) for _ in range(2)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    assert not failed, failed
    assert rows_naming(web_store, pid) == {}
    assert sum(r.total for r in done if r is not None) >= 1_000  # between them, every row once


def test_kept_publications_stay_served_byte_for_byte_and_nothing_else_stays(client, web_store, web_people):
    publish_demo(web_store)
    admin = token_headers(client, web_people.admin.email)
    client.cookies.clear()
    listed = client.get(f"/api/processes/{S}/publications").json()
    pdf = client.get(f"/p/{S}/publications/1/{S}.fr.pdf").content
    answer = deleting(client, S, admin, keep_published=True)
    assert answer.status_code == 202 and answer.json()["keep_published"] is True

    def still_public() -> None:
        assert client.get(f"/api/processes/{S}/publications").json() == listed
        assert client.get(f"/p/{S}/publications/1/{S}.fr.pdf").content == pdf
        assert client.get(f"/p/{S}/fr").status_code == 200
        assert client.get(f"/api/processes/{S}", headers=admin).status_code == 404  # the process itself is gone

    still_public()
    assert work(web_store) == 1
    still_public()
    pid = process_id(web_store, S)
    # What stays: the process's row, its publication, that publication's version, and its files.
    assert rows_naming(web_store, pid) == {"processes": 1, "publications": 1, "versions": 1, "publication_files": 22}
    assert deleting(client, S, admin).status_code == 404
    taken = client.post(
        "/api/processes", json={"slug": S, "titles": {"es": "Otra"}, "source_language": "es"}, headers=admin
    )
    assert taken.status_code == 409  # its address is its publications'


@pytest.fixture
def worker_app(db_url, storage_url, tmp_path):  # noqa: F811 - the fixture
    """The app with its own worker (threads, as `accord serve` runs it) and its files in a real S3 store."""
    return create_app(
        Settings.from_env(
            {},
            database_url=db_url,
            secret_key="test-secret-key-0123456789abcdef",
            jobs_in_process=True,
            queue_url=f"sqlite:///{tmp_path / 'queue.db'}",
            storage_url=storage_url,
        )
    )


def bucket(app) -> list[str]:
    objects = app.state.db.objects
    return [o["Key"] for o in objects.client.list_objects_v2(Bucket=objects.bucket).get("Contents", [])]


def until(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.05)


def renderers() -> list[int]:
    """The renderer processes this test's process started that still run."""
    return [p for p in children(os.getpid()) if RENDERER in Path(f"/proc/{p}/cmdline").read_bytes()]


def removals_done(store) -> bool:
    with store() as tx:
        entries = list(tx.scalars(select(Outbox).where(Outbox.kind == "delete")))
    return bool(entries) and all(e.done_at is not None and e.error is None for e in entries)


@pytest.mark.parametrize("moment", ["rendering", "uploaded"])
def test_a_render_running_while_its_process_is_deleted_stops_cleanly(worker_app, moment, monkeypatch, caplog):
    """The worker renders a corrigendum's files; the process is deleted, and its removal done (the first
    publication's files leaving the object store with their rows), while the renderer runs (its next step finds the
    process gone: the renderer is stopped) or once its files are in the object store (keeping them finds it gone: they
    leave the store). Either way nothing stays, nothing is logged as an error, and the worker goes on taking work."""
    caplog.set_level(logging.INFO)
    store = worker_app.state.db
    people = restored(store, "people", make_people)
    restored(store, "settled demo", settled_demo)
    arrived, release, finished = threading.Event(), threading.Event(), threading.Event()
    holder: list[int] = []  # the worker's thread that renders (another may take the render entry again, and stop)

    def hold() -> None:
        holder.append(threading.get_ident())
        arrived.set()
        assert release.wait(60)

    real_rendered, real_uploaded, real_job = files.rendered, files.uploaded, files.render_job

    def rendered(model, progress=None, seal=None):  # the renderer held at its first step, its processes running
        def told(done: int) -> None:
            hold()
            progress(done)

        return real_rendered(model, told if moment == "rendering" else progress, seal)

    def uploaded(objects, made):  # the files held once they are in the object store
        sent = real_uploaded(objects, made)
        if moment == "uploaded":
            hold()
        return sent

    def render_job(*args):
        try:
            real_job(*args)
        finally:
            if threading.get_ident() in holder:
                finished.set()

    monkeypatch.setattr(rendering, "LONG", 0)  # processes as for a long text: several files still in the making
    monkeypatch.setattr(files, "rendered", rendered)
    monkeypatch.setattr(files, "uploaded", uploaded)
    monkeypatch.setattr(files, "render_job", render_job)
    with TestClient(worker_app) as client:
        admin = token_headers(client, people.admin.email)
        pid = process_id(store, S)
        # Rev.1 published, its files kept in the object store at once; then its corrigendum, its files left to the
        # worker.
        publication.publish(
            store, SYSTEM, S, publication.Publish(version="Rev.1", symbol="UCLG/K/1", date="2021-10-08")
        )
        kept = bucket(worker_app)
        assert len(kept) == 22
        corrects = publication.Publish(
            version="Rev.1", symbol="UCLG/K/1/Corr.1", date="2021-10-09", corrigendum_of=1, corrects="La fecha."
        )
        publication.publish(store, SYSTEM, S, corrects, files_later=True)
        assert arrived.wait(60), "the worker did not start rendering"
        if moment == "rendering":
            assert renderers(), "the renderer is at work"
        else:
            assert len(set(bucket(worker_app)) - set(kept)) > 10  # the corrigendum's files, uploaded
        assert deleting(client, S, admin).status_code == 202
        until(lambda: removals_done(store), "the removal")
        assert rows_naming(store, pid) == {}
        assert not set(kept) & set(bucket(worker_app))  # the kept files' objects went with their rows
        release.set()
        assert finished.wait(60), "the render did not end"
        assert rows_naming(store, pid) == {}
        assert bucket(worker_app) == []
        with store() as tx:
            render = tx.scalar(select(Outbox).where(Outbox.kind == "render"))
        assert render.error is None
        until(lambda: not renderers(), "the renderer to end", 10)
        # The worker goes on: the other process's deletion is taken and done.
        other = process_id(store, "kutahya")
        assert deleting(client, "kutahya", admin).status_code == 202
        until(lambda: removals_done(store) and rows_naming(store, other) == {}, "the other process's removal")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]
    assert any("not made: the process is deleted" in r.getMessage() for r in caplog.records)


def test_a_versions_file_being_made_while_its_process_is_deleted_is_neither_given_nor_kept(
    client, web_store, web_people, monkeypatch, caplog
):
    """A version's PDF asked for, its renderer at work when an administrator deletes the process: the request waiting
    for it is answered 404, and the file is not kept for the next one (nor is any error logged)."""
    restored(web_store, "settled demo", settled_demo)
    admin = token_headers(client, web_people.admin.email)
    arrived, release = threading.Event(), threading.Event()
    real = downloads.rendered_file

    def held(model, name):
        body = real(model, name)  # a real renderer, its file made
        arrived.set()
        assert release.wait(60)
        return body

    monkeypatch.setattr(downloads, "rendered_file", held)
    folder = client.app.state.renders.folder
    kept_before = {p.name for p in folder.iterdir()}
    answers = []
    path = f"/api/processes/{S}/versions/1/download"
    asking = threading.Thread(
        target=lambda: answers.append(client.get(path, params={"format": "pdf", "lang": "fr"}, headers=admin))
    )
    caplog.set_level(logging.ERROR)
    asking.start()
    try:
        assert arrived.wait(60), "the renderer did not start"
        assert deleting(client, S, admin).status_code == 202
    finally:
        release.set()
        asking.join(60)
    assert answers[0].status_code == 404, answers[0].text[:200]
    assert {p.name for p in folder.iterdir() if len(p.name) == 64} <= kept_before
    assert not caplog.records


def test_the_overview_offers_it_to_administrators_and_the_list_says_it_is_done(client, web_people):
    from tests.web.conftest import form_post, sign_in
    from tests.web.pages.test_pages_support import html

    sign_in(client, web_people.committee.email)
    assert not html(client.get("/p/kutahya")).select("#delete-form")  # the committee's process, not theirs to delete
    sign_in(client, web_people.admin.email)
    form = html(client.get("/p/kutahya")).select_one("#delete-form")
    assert form["data-confirm"] and form["data-confirm-type"] == "kutahya" and form["action"] == "/p/kutahya/delete"
    assert form.select_one("input[name=confirm]")["required"] is not None  # typed here without script
    slip = form_post(client, "/p/kutahya/delete", {"confirm": "Kutahya"})
    assert slip.status_code == 303 and slip.headers["location"] == "/p/kutahya"
    said = html(client.get("/p/kutahya")).select_one("p.flash").get_text()
    assert "“kutahya”" in said and "“Confirmation”" in said
    done = form_post(client, "/p/kutahya/delete", {"confirm": "kutahya", "keep_published": "1"})
    assert done.status_code == 303 and done.headers["location"] == "/processes"
    listed = html(client.get("/processes"))
    assert listed.select_one("p.flash").get_text() == "The process “kutahya” is deleted; its publications stay public."
    assert not listed.select("a[href='/p/kutahya']")
    assert client.get("/p/kutahya").status_code == 404
