"""A live consultation at scale: 1,000 open event streams on `accord serve --workers 2` (Redis between the
workers) while 200 people comment at a consultation's pace (one comment every 20 s each, at random: ten a
second in all) and 20 others read threads and the latest version. Run with `make bench`.

The load comes from two processes of their own (`tests/bench/stream_load.py`, asyncio: one holds the streams,
the other comments and reads) on the same two cores as the server. Printed: the comments' p50 and p99, the
pages' p50 and p95, how long a comment took to reach every stream (p50, p99), and the streams opened, refused
(a person holds at most eight in a worker: here four each) or lost; then the goals of issues 17 and 37 beside
them: a comment's p99 and a page's p95 under 250 ms. Asserted: every stream opened and got every comment.

Then a room's 1,000 streams asked for in one go (issue 65), on one worker whose pool is the default's and on two with
Redis, two processes spinning beside them: how long until each is answered, and how long a decision made while they
are being answered, and a thread once they all are, take to reach every one. Asserted: all answered, all told both.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from tests import loopback, needs
from tests.bench.stream_load import deliveries
from tests.bench.test_draft_speed import quick  # noqa: F401  (the fixture, autouse)
from tests.conftest import PASSWORD, join
from tests.e2e.server import COMMITTEE, DEMO, Server, running_server
from workspace.domain.comments.comment_commands import OpenThread
from workspace.services import accounts, comments, transfer
from workspace.services.actor import SYSTEM
from workspace.settings import ROOT
from workspace.store.db import make_store

REDIS = "redis://127.0.0.1:6379/0"
SLUG = "kutahya-2021"
STREAMS, PEOPLE, COMMENTERS, READERS, SECONDS, PACE = 1_000, 250, 200, 20, 60, 20.0
GOAL_MS = 250  # issue 17's, again in issue 37: a comment's p99, a page's p95
MET = {True: "met", False: "NOT met"}


def people_with_tokens(db_url: str) -> tuple[list[str], list[int]]:
    """The demo with PEOPLE members, a token each, and ten threads to comment on."""
    store = make_store(db_url)
    try:
        transfer.import_folder(store, None, DEMO)
        accounts.set_password(store, SYSTEM, COMMITTEE, "bench password 123")
        committee = accounts.authenticate(store, COMMITTEE, "bench password 123")
        tokens = []
        for n in range(PEOPLE):
            person = join(store, committee, SLUG, f"persona{n}@bench.accord", "member")
            tokens.append(accounts.create_token(store, person, "bench").token)
        threads = [
            comments.open_thread(store, committee, SLUG, OpenThread(version="Rev.1", eid=eid, body="¿Qué proponen?")).id
            for eid in ("op_1", "op_2", "op_3", "op_4", "op_5", "op_6", "op_7", "op_8", "op_9", "op_10")
        ]
        return tokens, threads
    finally:
        store.dispose()


def two_workers(folder: Path, db_url: str) -> AbstractContextManager[Server]:
    """`accord serve --workers 2` with Redis between them, the job queue elsewhere, 32 threads each."""
    return running_server(
        folder,
        db_url,
        cli=True,
        args=("--workers", "2"),
        ACCORD_REDIS_URL=REDIS,
        ACCORD_JOBS_IN_PROCESS="false",
        ACCORD_THREADS="32",
    )


def test_a_thousand_streams_while_two_hundred_people_comment(db_url, tmp_path):
    needs.redis_server(REDIS)
    backend = db_url.split(":")[0]
    tokens, threads = people_with_tokens(db_url)
    with two_workers(tmp_path, db_url) as server:
        config = tmp_path / "load.json"
        config.write_text(
            json.dumps(
                {
                    "url": server.url,
                    "slug": SLUG,
                    "tokens": tokens,
                    "threads": threads,
                    "version": "2",
                    "streams": STREAMS,
                    "commenters": COMMENTERS,
                    "readers": READERS,
                    "seconds": SECONDS,
                    "pace": PACE,
                }
            )
        )
        command = [sys.executable, "-m", "tests.bench.stream_load", str(config)]
        holder = subprocess.Popen(
            [*command, "streams"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            assert holder.stdout is not None and holder.stdout.readline() == b"open\n", holder.stderr
            acted = subprocess.run(
                [*command, "people"], cwd=ROOT, capture_output=True, timeout=SECONDS + 600, check=False
            )
            assert acted.returncode == 0, acted.stderr.decode()[-3000:]
            time.sleep(3)  # the last comments reach the streams
        finally:
            held, errors = holder.communicate(b"", timeout=120)  # its standard input closed: it stops, and says
        assert holder.returncode == 0, errors.decode()[-3000:]
    streams, people = json.loads(held), json.loads(acted.stdout)
    found = {**streams, **people, **deliveries(streams, people)}
    print(
        f"\n[{backend}, 2 workers + Redis] {found['streams_opened']} streams open (opened in "
        f"{found['opening_seconds']} s; {found['streams_refused']} refused, {found['streams_lost']} lost); "
        f"{found['comments']} comments in {SECONDS} s: p50 {found['comment_p50_ms']:.0f} ms, p99 "
        f"{found['comment_p99_ms']:.0f} ms; {found['pages']} pages read: p50 {found['page_p50_ms']:.0f} ms, p95 "
        f"{found['page_p95_ms']:.0f} ms; each comment reached every stream in p50 {found['delivery_p50_ms']:.0f} ms, "
        f"p99 {found['delivery_p99_ms']:.0f} ms ({found['deliveries']:,} of {found['expected_deliveries']:,} "
        "deliveries)"
    )
    comment, page = found["comment_p99_ms"], found["page_p95_ms"]
    print(
        f"    goal: a comment's p99 under {GOAL_MS} ms: {comment:.0f} ms ({MET[comment < GOAL_MS]}); "
        f"a page's p95 under {GOAL_MS} ms: {page:.0f} ms ({MET[page < GOAL_MS]})"
    )
    assert found["streams_opened"] == STREAMS and found["page_failures"] == []
    assert found["deliveries"] == found["expected_deliveries"]


BUSY = 2  # processes spinning beside the server and the room: a busy machine's two cores
SIGNED_IN = 100  # of the PEOPLE, who also stream as their pages do: half of their streams with their session


@contextmanager
def busy_machine() -> Iterator[None]:
    spinning = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(BUSY)]
    try:
        yield
    finally:
        for process in spinning:
            process.kill()
            process.wait()


def signed_in(url: str, emails: list[str]) -> list[str]:
    """The `Cookie` header of a browser signed in as each of `emails`."""
    cookies = []
    with loopback.client(base_url=url, timeout=60) as browser:
        for email in emails:
            browser.cookies.clear()
            token = re.search(r'name="_csrf_token" value="([^"]+)"', browser.get("/signin").text)
            assert token is not None
            answer = browser.post("/signin", data={"email": email, "password": PASSWORD, "_csrf_token": token.group(1)})
            assert answer.status_code in (200, 303), answer.text
            cookies.append("; ".join(f"{k}={v}" for k, v in browser.cookies.items()))
    return cookies


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_thousand_streams_asked_at_once_on_one_worker_and_on_two(db_url, tmp_path):
    """STREAMS streams of a room asked for in one go (tests/sse.py; SIGNED_IN people's half with their session, as a
    page asks), on one worker whose pool is the default's (ACCORD_THREADS 32, and ten more), then on two with Redis,
    BUSY processes spinning beside them: how long until each was answered, and how long a decision made while they
    were being answered, then a thread once all were, took to reach every one. Asserted: every stream answered 200,
    every one told both."""
    needs.redis_server(REDIS)
    tokens, _ = people_with_tokens(db_url)
    store = make_store(db_url)
    try:
        chair = accounts.authenticate(store, COMMITTEE, "bench password 123")
        committee = accounts.create_token(store, chair, "room").token
    finally:
        store.dispose()
    emails = [f"persona{n}@bench.accord" for n in range(SIGNED_IN)]
    for workers in (1, 2):
        folder = tmp_path / f"workers-{workers}"
        folder.mkdir()
        served = (
            running_server(folder, db_url, cli=True, ACCORD_JOBS_IN_PROCESS="false")
            if workers == 1
            else two_workers(folder, db_url)
        )
        with served as server:
            config = folder / "room.json"
            cookies = signed_in(server.url, emails)
            config.write_text(
                json.dumps(
                    {
                        "url": server.url,
                        "slug": SLUG,
                        "tokens": tokens,
                        "cookies": cookies,
                        "committee": committee,
                        "version": "Rev.1",
                        "streams": STREAMS,
                    }
                )
            )
            with busy_machine():
                done = subprocess.run(
                    [sys.executable, "-m", "tests.bench.stream_load", str(config), "room"],
                    cwd=ROOT,
                    capture_output=True,
                    timeout=600,
                    check=False,
                )
        assert done.returncode == 0, done.stderr.decode()[-3000:]
        found = json.loads(done.stdout)
        told, p50, p99 = found["told"], found["told_p50_ms"], found["told_p99_ms"]
        where = "2 workers + Redis" if workers > 1 else "1 worker, its pool the default's"
        print(
            f"\n[postgresql, {where}, {BUSY} processes spinning] {STREAMS:,} streams asked at once "
            f"({found['with_session']} with a session): {found['statuses']}, all answered in "
            f"{found['answered_seconds']} s (p50 {found['answer_p50_ms']:.0f} ms, p99 {found['answer_p99_ms']:.0f} ms, "
            f"slowest {found['answer_max_ms']:.0f} ms); a decision made while they were answered reached "
            f"{told[0]:,} (p50 {p50[0]:.0f} ms, p99 {p99[0]:.0f} ms after its answer), the next thread {told[1]:,} "
            f"(p50 {p50[1]:.0f} ms, p99 {p99[1]:.0f} ms)"
        )
        assert found["statuses"] == {"200": STREAMS} and found["threads"] == 2
        assert told == [STREAMS, STREAMS]
