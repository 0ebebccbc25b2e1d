"""Standing check B.3: the real server, SIGKILLed in the middle of a stream of writes, on both backends.

Three API clients add paragraphs to the working draft and edit them, as fast as the server answers.
The server is killed (SIGKILL: no shutdown, no flush) while they write, then started again on the
same database. Every write that was acknowledged (2xx) must be there, and nothing may be half
written: each draft paragraph has its registered identity, its stored text and the history entry
that made it that text; positions stay unique. A write in flight when the server died may or may
not have happened, but then whole.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from tests import loopback
from tests.conftest import make_people
from tests.e2e.server import ROOT, _wait, free_port
from tests.integration.support import QUICK_HASHER
from workspace.services import accounts
from workspace.store.db import make_store

WRITERS = 3
WRITE_SECONDS = 2.5  # of writes before the kill: a few hundred writes on these machines
ENOUGH = 40  # acknowledged writes before the kill, at least
EDITS_PER_PARAGRAPH = 2


@contextmanager
def server_process(folder: Path, database_url: str, name: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ACCORD_DATABASE_URL": database_url, "ACCORD_SECRET_KEY": "crash-secret-key-0123456789abcdef"}
    log = folder / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "workspace.web.app:app_from_env",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",  # as `accord serve` runs: Accord's own access lines, never a path asked
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait(url, process, log)
            yield url, process
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)


@dataclass
class Writer:
    """One client's writes, in order: per eId the texts it sent, and how many of them were acknowledged."""

    sent: dict[str, list[str]] = field(default_factory=dict)
    acked: dict[str, int] = field(default_factory=dict)
    in_flight_add: str | None = None  # an add sent without answer: its eId is unknown
    acknowledged: int = 0


def write_stream(url: str, token: str, index: int, writer: Writer, stop: threading.Event) -> None:
    api = f"{url}/api/processes/kutahya/draft/paragraphs"
    with loopback.client(headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        number = 0
        while not stop.is_set():
            number += 1
            first = f"Párrafo {index}-{number}: las ciudades intermedias acuerdan."
            try:
                writer.in_flight_add = first
                added = client.post(api, json={"kind": "operative", "text": first})
            except httpx.HTTPError:
                return  # the server is gone: this add may or may not have happened
            if added.status_code == 503:  # busy: the same request may succeed in a moment
                continue
            assert added.status_code == 201, added.text
            body = added.json()
            writer.in_flight_add = None
            eid, revision = body["eid"], body["revision"]
            assert body["text"] == first
            writer.sent[eid], writer.acked[eid] = [first], 1
            writer.acknowledged += 1
            for edit in range(1, EDITS_PER_PARAGRAPH + 1):
                wording = f"{first} Edición {edit}."
                writer.sent[eid].append(wording)
                try:
                    edited = client.put(f"{api}/{eid}", json={"text": wording, "base_revision": revision})
                except httpx.HTTPError:
                    return
                if edited.status_code == 503:
                    writer.sent[eid].pop()
                    break
                assert edited.status_code == 200, edited.text
                revision = edited.json()["revision"]
                writer.acked[eid] += 1
                writer.acknowledged += 1


def half_written(db_url: str) -> list[str]:
    """What a torn write would leave: draft rows without identity, text or history, duplicate places."""
    store = make_store(db_url)
    problems: list[str] = []
    try:
        with store() as tx:
            checks = {
                "draft paragraph without its identity": """
                    SELECT d.eid FROM draft_paragraphs d LEFT JOIN paragraphs p
                      ON p.process_id = d.process_id AND p.eid = d.eid WHERE p.id IS NULL""",
                "draft paragraph without its text": """
                    SELECT d.eid FROM draft_paragraphs d LEFT JOIN paragraph_revisions r ON r.sha = d.revision_sha
                     WHERE r.sha IS NULL""",
                "draft paragraph whose history does not end at its text": """
                    SELECT d.eid FROM draft_paragraphs d WHERE d.revision_sha <> COALESCE((
                      SELECT e.new_sha FROM paragraph_edits e
                       WHERE e.process_id = d.process_id AND e.eid = d.eid AND e.new_sha IS NOT NULL
                       ORDER BY e.id DESC LIMIT 1), '')""",
                "two draft paragraphs in one place": """
                    SELECT MIN(eid) FROM draft_paragraphs GROUP BY process_id, position HAVING COUNT(*) > 1""",
                "history of a paragraph that is neither in the draft nor deleted": """
                    SELECT DISTINCT e.eid FROM paragraph_edits e WHERE NOT EXISTS (
                      SELECT 1 FROM draft_paragraphs d WHERE d.process_id = e.process_id AND d.eid = e.eid)
                      AND NOT EXISTS (SELECT 1 FROM paragraph_edits x WHERE x.process_id = e.process_id
                      AND x.eid = e.eid AND x.action = 'deleted')""",
            }
            for what, query in checks.items():
                problems += [f"{what}: {row[0]}" for row in tx.execute(text(query))]
    finally:
        store.dispose()
    return problems


def test_acknowledged_writes_survive_a_sigkill_and_nothing_is_half_written(db_url, tmp_path, monkeypatch):
    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
    store = make_store(db_url)
    people = make_people(store)
    token = accounts.create_token(store, people.committee, "crash").token
    store.dispose()
    backend = db_url.split(":")[0]

    writers = [Writer() for _ in range(WRITERS)]
    stop = threading.Event()
    with server_process(tmp_path, db_url, "first") as (url, process):
        threads = [threading.Thread(target=write_stream, args=(url, token, i, w, stop)) for i, w in enumerate(writers)]
        for t in threads:
            t.start()
        time.sleep(WRITE_SECONDS)
        # On a busy machine (the suite runs a process per core) the writers may have done little yet:
        # the kill waits for enough acknowledged writes to prove something, a minute at most.
        waited = time.monotonic() + 60
        while sum(w.acknowledged for w in writers) < ENOUGH and time.monotonic() < waited:
            time.sleep(0.1)
        os.kill(process.pid, signal.SIGKILL)  # mid-stream: the writers are still sending
        process.wait(timeout=10)
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert process.returncode == -signal.SIGKILL

    with (
        server_process(tmp_path, db_url, "second") as (url, _),
        loopback.client(headers={"Authorization": f"Bearer {token}"}, timeout=10) as client,
    ):
        answer = client.get(f"{url}/api/processes/kutahya/draft")
        assert answer.status_code == 200, answer.text
        current = {p["eid"]: p["text"] for p in answer.json()["paragraphs"]}

    acknowledged = sum(w.acknowledged for w in writers)
    present, lost = 0, []
    for w in writers:
        for eid, texts in w.sent.items():
            acked = w.acked[eid]
            now = current.get(eid)
            # The last acknowledged text, or the one after it that was in flight when the server died.
            allowed = texts[acked - 1 : acked + 1]
            if now in allowed:
                present += acked
            else:
                lost.append(f"{eid}: {acked} acknowledged writes, last {texts[acked - 1]!r}, now {now!r}")
    in_flight_adds = [w.in_flight_add for w in writers if w.in_flight_add]
    known = {eid for w in writers for eid in w.sent} | {p for p in current if not p.startswith("op_")}
    stray = [eid for eid, t in current.items() if eid not in known and t not in in_flight_adds]
    problems = half_written(db_url)
    print(
        f"\n[crash {backend}] {acknowledged} writes acknowledged before SIGKILL, {present} present after restart, "
        f"{len(lost)} lost; in flight at the kill: {len(in_flight_adds)} adds; half-written: {len(problems)}"
    )
    assert acknowledged >= ENOUGH, "too few writes before the kill to prove anything"
    assert not lost, lost[:5]
    assert present == acknowledged
    assert not stray, stray[:5]
    assert not problems, problems[:5]


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    # httpx would send 127.0.0.1 through a proxy set in the environment
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
