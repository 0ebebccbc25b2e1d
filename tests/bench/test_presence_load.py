"""Presence at scale (issue 63): on `accord serve --workers 2` with Redis between them, PEOPLE readers of a version
hold its process's stream and each moves to another paragraph every PACE seconds or so (at random: from none to
twice that) for SECONDS (a heartbeat each
move, tests/bench/presence_load.py): how long from a move's heartbeat until every other reader's stream told it, at
50 readers and at 200 (how the cost grows). Goal: p95 under 1 s (the fan-out hands presences to its streams every
half second). Asserted: every stream opened, every move reached every stream. Run with `make bench`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests import needs
from tests.bench.stream_load import quantile
from tests.bench.test_draft_speed import quick  # noqa: F401  (the fixture, autouse)
from tests.bench.test_streams_load import REDIS, two_workers
from tests.conftest import join
from tests.e2e.server import COMMITTEE, DEMO
from workspace.services import accounts, transfer
from workspace.services.actor import SYSTEM
from workspace.settings import ROOT
from workspace.store.db import make_store

SLUG, VERSION, SECONDS, PACE = "kutahya-2021", 2, 30, 5.0
GOAL_MS = 1_000
EIDS = [f"op_{n}" for n in range(1, 21)]
MET = {True: "met", False: "NOT met"}


def readers(db_url: str, people: int) -> list[str]:
    store = make_store(db_url)
    try:
        transfer.import_folder(store, None, DEMO)
        accounts.set_password(store, SYSTEM, COMMITTEE, "bench password 123")
        committee = accounts.authenticate(store, COMMITTEE, "bench password 123")
        return [
            accounts.create_token(store, join(store, committee, SLUG, f"lectora{n}@bench.accord", "member"), "b").token
            for n in range(people)
        ]
    finally:
        store.dispose()


@pytest.mark.parametrize("people", [50, 200])
@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_a_move_reaches_every_reader_of_the_version(db_url, tmp_path, people):
    needs.redis_server(REDIS)
    tokens = readers(db_url, people)
    with two_workers(tmp_path, db_url) as server:
        config = tmp_path / "presence.json"
        config.write_text(
            json.dumps(
                {
                    "url": server.url,
                    "slug": SLUG,
                    "tokens": tokens,
                    "version": VERSION,
                    "eids": EIDS,
                    "seconds": SECONDS,
                    "pace": PACE,
                }
            )
        )
        ran = subprocess.run(
            [sys.executable, "-m", "tests.bench.presence_load", str(config)],
            cwd=ROOT, capture_output=True, timeout=SECONDS + 600, check=False,
        )  # fmt: skip
        assert ran.returncode == 0, ran.stderr.decode()[-3000:]
    found = json.loads(ran.stdout)
    delays = [heard[move] - at for move, at in found["sent"] for heard in found["heard"] if move in heard]
    expected = len(found["sent"]) * people
    p50, p95, most = quantile(delays, 0.5), quantile(delays, 0.95), max(delays) * 1000
    beat50, beat95 = quantile(found["answered"], 0.5), quantile(found["answered"], 0.95)
    print(
        f"\n[{people} readers, 2 workers + Redis, {db_url.split(':')[0]}] {found['streams_opened']} streams; "
        f"{len(found['sent'])} moves in {SECONDS} s (a heartbeat answered in p50 {beat50:.0f} ms, p95 {beat95:.0f} ms) "
        f"reached every stream in p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {most:.0f} ms ({len(delays):,} of "
        f"{expected:,} deliveries); goal p95 under {GOAL_MS} ms: {MET[p95 < GOAL_MS]}"
    )
    assert found["streams_opened"] == people and len(delays) == expected
