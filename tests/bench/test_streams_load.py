"""A live consultation at scale: 1,000 open event streams on `accord serve --workers 2` (Redis between the
workers) while 200 people comment at a consultation's pace (one comment every 20 s each, at random: ten a
second in all) and 20 others read threads and the latest version. Run with `make bench`.

The load comes from two processes of their own (`tests/bench/stream_load.py`, asyncio: one holds the streams,
the other comments and reads) on the same two cores as the server. Printed: the comments' p50 and p99, the
pages' p50 and p95, how long a comment took to reach every stream (p50, p99), and the streams opened, refused
(a person holds at most eight in a worker: here four each) or lost; then the goals of issues 17 and 37 beside
them: a comment's p99 and a page's p95 under 250 ms. Asserted: every stream opened and got every comment.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from contextlib import AbstractContextManager
from pathlib import Path

from tests import needs
from tests.bench.stream_load import deliveries
from tests.bench.test_draft_speed import quick  # noqa: F401  (the fixture, autouse)
from tests.conftest import join
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
            comments.open_thread(store, committee, SLUG, OpenThread.build("Rev.1", eid, None, "¿Qué proponen?")).id
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
