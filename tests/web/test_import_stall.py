"""No member can stall the others: while one member previews the largest Word file anyone could send
(10,000 inserted paragraphs, twice what a file may hold) and then one a door takes, other people's
comments keep being answered while it runs, each within STALL, against a real server on both backends. The file is
read and matched outside any transaction, and refused at the paragraph cap as soon as it is passed.

The comments come from a pool of members taking turns, each within the pace a person is held to
(services/pace.py): however long a preview takes on a slow machine, no comment is refused for its
author's speed, and what is measured stays how fast the server answers."""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from dataclasses import dataclass

import httpx
import psycopg
import pytest
from sqlalchemy import make_url

from tests import loopback
from tests.conftest import join, make_people
from tests.e2e.server import running_server
from tests.integration.support import QUICK_HASHER
from tests.unit.domain.word_files import change, docx, mark, para, run
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.limits import MAX_PARAGRAPHS
from workspace.services import accounts
from workspace.services.declaration import importing
from workspace.services.pace import LIMITS, MINUTE, Pace
from workspace.store.db import make_store

VERSION = "\n\n".join(
    f"{i}. Párrafo dispositivo número {i} sobre las ciudades intermedias y su gente. {{#op_{i}}}" for i in range(1, 41)
)


def inserted(count: int) -> bytes:
    """A Word file of the version's first paragraph, then `count` paragraphs inserted with tracking."""
    added = "".join(
        para(
            change("ins", run(f"Párrafo nuevo {k} sobre la ciudad y su gente."), ident=10_000 + k),
            mark("ins", ident=60_000 + k),
        )
        for k in range(count)
    )
    return docx(para(run("Párrafo dispositivo número 1 sobre las ciudades intermedias y su gente.")) + added)


PAUSE = 0.25
"""Between one commenter's comments: four a second probe how long an answer can wait."""
PER_MINUTE = next(limit for limit, window in LIMITS[Pace.COMMENT] if window == MINUTE)
VOICES = 2 * math.ceil(MINUTE.total_seconds() / PAUSE / PER_MINUTE)
"""Members each commenter takes turns with: each comments at most half as often as the pace allows."""
STALL = 2.0
"""Seconds within which every comment is answered here: the README's second on a quiet machine (`make bench` prints the
figures), twice that on a CI machine whose two cores run the other tests' browsers and servers too. A comment that
waited for the preview would wait for all of it; the gate that says none did is `during`."""


@pytest.fixture(scope="module")
def served(module_db_url, tmp_path_factory):
    """One server per backend for the module's tests: each only adds comments and previews (nothing it reads)."""
    db_url, tmp_path = module_db_url, tmp_path_factory.mktemp("stall")
    store = make_store(db_url)
    with pytest.MonkeyPatch.context() as patch:  # the tests' lightest hashing, as for every test's people
        patch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
        people = make_people(store)
        rev1 = ImportVersion(filename="v.md", text=VERSION, label="Rev.1")
        importing.import_version(store, people.committee, "kutahya", rev1)
        tokens = {"member": accounts.create_token(store, people.member, "stall").token}
        for commenter in ("left", "right"):
            for k in range(VOICES):
                voice = join(store, people.committee, "kutahya", f"{commenter}{k}@example.org", "member")
                tokens[f"{commenter}{k}"] = accounts.create_token(store, voice, "stall").token
    store.dispose()
    with running_server(tmp_path, db_url) as running:
        yield running.url, tokens, db_url


@dataclass(frozen=True)
class Commented:
    """What the others saw while the work ran."""

    answer: httpx.Response  # the work's
    latencies: list[float]  # seconds each comment took to be answered
    during: int  # comments both sent and answered while the work ran: none if the server waited for it
    took: float  # seconds the work ran


def commenting_while(url: str, tokens: dict[str, str], work, before=None) -> Commented:  # type: ignore[no-untyped-def]
    """Two commenters (each a pool of members taking turns) comment in a loop while `work()` runs (and a
    moment after); `before()`, if given, runs just before the work is timed (taking a lock: a comment answered while
    it waited for the lock is not one answered during the work)."""
    api = f"{url}/api/processes/kutahya"
    spans: list[tuple[float, float]] = []
    statuses: list[int] = []
    done = threading.Event()

    def comment(commenter: str) -> None:
        voices = [{"Authorization": f"Bearer {tokens[f'{commenter}{k}']}"} for k in range(VOICES)]
        with loopback.client(timeout=30) as client:
            opened = {"version": "1", "eid": "op_2", "quote": None, "body": "Abro."}
            thread = client.post(f"{api}/threads", json=opened, headers=voices[0])
            assert thread.status_code == 201, thread.text
            number, k = thread.json()["id"], 0
            while not done.is_set():
                started = time.perf_counter()
                answer = client.post(
                    f"{api}/threads/{number}/comments",
                    json={"body": f"Comentario {k} de {commenter}."},
                    headers=voices[k % VOICES],
                )
                spans.append((started, time.perf_counter()))
                statuses.append(answer.status_code)
                k += 1
                time.sleep(PAUSE)

    people = [threading.Thread(target=comment, args=(commenter,)) for commenter in ("left", "right")]
    for person in people:
        person.start()
    time.sleep(0.5)
    try:
        if before is not None:
            before()
        began = time.perf_counter()
        answer = work()
        ended = time.perf_counter()
        time.sleep(0.5)
    finally:
        done.set()
        for person in people:
            person.join()
    assert statuses and set(statuses) == {201}, statuses
    during = sum(1 for sent, answered in spans if began <= sent and answered <= ended)
    return Commented(answer, [answered - sent for sent, answered in spans], during, ended - began)


def not_stalled(seen: Commented) -> None:
    """Comments were answered while the work ran, none of them waiting for it (a comment that waited for the work to
    end would have been answered after it), where it ran for a second or more (the commenters send eight a second);
    and each within STALL."""
    if seen.took >= 1.0:
        assert seen.during > 0, f"no comment was answered in the {seen.took:.1f} s the work ran"
    assert max(seen.latencies) < STALL, sorted(seen.latencies)[-5:]


HOLD = 1.5
"""Seconds the forced stall below keeps the comments waiting: past a second, so the `during` gate applies, and short of
STALL, so that gate alone must find it."""


def test_the_gate_finds_a_server_whose_comments_wait_for_the_work(served):
    """What `not_stalled` is for, shown on the real server: while the work holds what every comment writes to (the
    database file on SQLite, on PostgreSQL the table where each counts against its author's pace), each comment waits
    for the work and is answered after it, none while it runs: the wait (HOLD) is shorter than STALL, and `during`
    finds it."""
    url, tokens, db_url = served
    where = make_url(db_url)
    if where.get_backend_name() == "sqlite":  # the whole file: the only lock SQLite has
        held = sqlite3.connect(where.database or "", isolation_level=None)
        take = "BEGIN IMMEDIATE"
    else:  # the table every comment writes to (in the transaction psycopg begins): reads go on, writes wait
        held = psycopg.connect(
            host=where.host, port=where.port, user=where.username, password=where.password, dbname=where.database
        )
        take = "LOCK TABLE paced_actions IN EXCLUSIVE MODE"

    def hold() -> None:
        time.sleep(HOLD)
        held.rollback()

    try:
        seen = commenting_while(url, tokens, hold, before=lambda: held.execute(take))
    finally:
        held.close()
    assert seen.took >= HOLD and seen.during == 0, seen
    with pytest.raises(AssertionError, match="no comment was answered"):
        not_stalled(seen)


def preview(url: str, token: str, data: bytes) -> httpx.Response:
    with loopback.client(headers={"Authorization": f"Bearer {token}"}, timeout=600) as client:
        return client.post(
            f"{url}/api/processes/kutahya/amendments/import",
            content=data,
            params={"version": "1", "preview": "true", "filename": "inundacion.docx"},
            headers={"Content-Type": "application/octet-stream"},
        )


def test_others_comment_while_a_member_previews_a_huge_word_file(served):
    url, tokens, _ = served
    huge = inserted(2 * MAX_PARAGRAPHS)
    seen = commenting_while(url, tokens, lambda: preview(url, tokens["member"], huge))
    assert seen.answer.status_code == 422, seen.answer.text
    refusal = seen.answer.json()["error"]
    assert str(MAX_PARAGRAPHS) in refusal.replace(",", "").replace(".", "").replace("\u202f", "")
    not_stalled(seen)


def test_others_comment_while_a_member_previews_a_large_word_file(served):
    url, tokens, _ = served
    seen = commenting_while(url, tokens, lambda: preview(url, tokens["member"], inserted(1000)))
    assert seen.answer.status_code == 200, seen.answer.text
    assert len(seen.answer.json()["amendments"]) == 1000
    not_stalled(seen)


def test_one_person_reads_one_file_at_a_time(served):
    url, tokens, _ = served
    data = inserted(3000)
    answers: list[httpx.Response] = []
    barrier = threading.Barrier(2)

    def send() -> None:
        barrier.wait()
        answers.append(preview(url, tokens["member"], data))

    senders = [threading.Thread(target=send) for _ in range(2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 429], [a.text[:200] for a in answers]
    refused = next(a for a in answers if a.status_code == 429)
    assert refused.headers["retry-after"].isdigit()
