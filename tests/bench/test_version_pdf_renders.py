"""On-demand PDFs of a circulated version under a burst, through a served app (uvicorn in a subprocess, on the
demo's SQLite store): one member sends 20 requests at once for the same version's trilingual PDF, then 20 at
once for files that differ (languages, numbered lines). Prints, for each burst, the renderer processes started
(seen in /proc), the answers by status, how many different byte strings came back for one file, the peak of
the memory of the server's whole tree (the server and its renderers, VmRSS summed) and the time. Run with
`make bench` (or `BENCH_WORKERS=2` for `accord serve --workers 2`).

Before files were made once and bounded (issue 30): 20 renderers started for 20 requests, the tree peaking at
1.0–1.8 GB for the 36-paragraph demo (2.0–2.2 GB with two workers), and the same version's PDF came back as 2
different byte strings. After: one renderer and one byte string, 233–236 MiB (356–389 MiB with two workers);
20 different files at once, the person's four made and 15 answered 429."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter

import httpx
import pytest

from tests.e2e.server import demo_store, running_server
from tests.integration.support import QUICK_HASHER
from tests.process_watch import Watch
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store

SLUG = "kutahya-2021"
MEMBER = "miembro@demo.accord"
BURST = 20
FILES = [
    {"lang": lang, "lines": lines}
    for lines in ("false", "true")
    for lang in ("es", "en", "fr", "es-en", "es-fr", "en-fr", "es-en-fr", "en-es", "fr-es", "fr-en")
]


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)


def member_token(url: str) -> str:
    store = make_store(url)
    try:
        accounts.set_password(store, SYSTEM, MEMBER, "bench password 123")
        return accounts.create_token(store, accounts.authenticate(store, MEMBER, "bench password 123"), "bench").token
    finally:
        store.dispose()


def burst(server_url: str, token: str, params: list[dict[str, str]]) -> list[httpx.Response]:
    """Every request of `params` sent at the same instant, each from its own client."""
    answers: list[httpx.Response] = [None] * len(params)  # type: ignore[list-item]
    barrier = threading.Barrier(len(params))

    def ask(i: int) -> None:
        with httpx.Client(base_url=server_url, timeout=600, headers={"Authorization": f"Bearer {token}"}) as client:
            barrier.wait()
            answers[i] = client.get(f"/api/processes/{SLUG}/versions/2/download", params={"format": "pdf", **params[i]})

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(params))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_a_burst_of_version_pdfs_by_one_member(tmp_path):
    url = demo_store(tmp_path)
    token = member_token(url)
    workers = int(os.environ.get("BENCH_WORKERS", "1"))
    args = ("--workers", str(workers)) if workers > 1 else ()
    with running_server(tmp_path, url, cli=workers > 1, args=args) as server:
        httpx.get(f"{server.url}/signin")  # the server's usual modules loaded
        for title, params in (
            ("the same trilingual PDF", [{"lang": "es-en-fr"}] * BURST),
            ("different files", FILES[:BURST]),
            ("the same trilingual PDF again", [{"lang": "es-en-fr"}] * BURST),
        ):
            began = time.perf_counter()
            with Watch(server.pid) as seen:
                answers = burst(server.url, token, params)
            took = time.perf_counter() - began
            statuses = Counter(a.status_code for a in answers)
            bodies = Counter(a.content for a in answers if a.status_code == 200)
            retry = sorted({a.headers.get("retry-after") for a in answers if a.status_code != 200} - {None})
            print(
                f"\n{title} ×{len(params)} at once, one member ({workers} worker(s)): {len(seen.renderers)} renderer "
                "processes started, answers "
                f"{dict(sorted(statuses.items()))}{f' (Retry-After {retry})' if retry else ''}, {len(bodies)} "
                f"different byte strings, tree peak {seen.peak_mib:.0f} MiB, {took:.1f} s"
            )
            assert statuses.keys() <= {200, 429, 503}, [a.text for a in answers if a.status_code not in (200, 429, 503)]
