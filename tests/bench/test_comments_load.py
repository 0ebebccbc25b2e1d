"""A live consultation under load, against a running server (one worker), on SQLite then PostgreSQL:
200 clients post comments for ACCORD_BENCH_SECONDS (30 s by default) while one listener follows
the event stream: half the time at a consultation's pace (each person every 2 s), for the latency,
half as fast as they are answered, for the throughput, compared with a bare Litestar JSON handler
under the same load in the same run. Printed: latencies, throughput, comments acknowledged vs
stored, events delivered. Run with `make bench`. (Closed-loop clients at saturation wait in line:
their latency is the number of clients over the throughput, whatever the server.)"""

from __future__ import annotations

import asyncio
import os
import sys
import textwrap
import threading
import time
from pathlib import Path

import httpx

from tests.conftest import join
from tests.e2e.server import COMMITTEE, PASSWORD, running_server
from workspace.services import accounts, transfer
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store

CLIENTS = 200
SECONDS = float(os.environ.get("ACCORD_BENCH_SECONDS", "30"))
PACE = 2.0  # seconds between two comments of one person, in the paced part (200 people: 100 comments/s)
SLUG = "kutahya-2021"
DEMO = Path(__file__).resolve().parents[2] / "drafts" / SLUG

BARE = textwrap.dedent("""
    from litestar import Litestar, post

    @post("/echo")
    async def echo(data: dict) -> dict:
        return {"ok": True, "body": data.get("body")}

    app = Litestar([echo])
""")


async def hammer(
    url: str, path: str, people: list[dict[str, str]], seconds: float, every: float = 0.0
) -> tuple[list[float], list[int]]:
    """CLIENTS clients posting for `seconds`, each as fast as it is answered (`every` 0: the server's
    saturation), or once every `every` seconds (a consultation's pace), client n as person n (the headers
    `people[n]`): each answer's latency and status."""
    latencies: list[float] = []
    statuses: list[int] = []
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        stop = time.perf_counter() + seconds

        async def one(n: int) -> None:
            count = 0
            if every:
                await asyncio.sleep(every * n / CLIENTS)  # spread over the period, as people are
            while time.perf_counter() < stop:
                started = time.perf_counter()
                try:
                    answer = await client.post(
                        path, json={"body": f"Comentario {n}-{count}."}, headers=people[n % len(people)]
                    )
                except httpx.TransportError:  # a connection dropped: not acknowledged (it may or may not be stored)
                    statuses.append(0)
                    continue
                latencies.append(time.perf_counter() - started)
                statuses.append(answer.status_code)
                count += 1
                if every:
                    await asyncio.sleep(max(0.0, every - (time.perf_counter() - started)))

        await asyncio.gather(*(one(n) for n in range(CLIENTS)))
    return latencies, statuses


def p(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000


def bare_rate(tmp_path: Path) -> float:
    script = tmp_path / "bare.py"
    script.write_text(BARE)
    import socket
    import subprocess

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bare:app", "--port", str(port), "--log-level", "warning"], cwd=tmp_path
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.post(f"{url}/echo", json={"body": "x"}, timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        latencies, statuses = asyncio.run(hammer(url, "/echo", [{}], min(SECONDS, 10)))
        assert set(statuses) == {201}
        return len(latencies) / min(SECONDS, 10)
    finally:
        process.terminate()
        process.wait()


def test_two_hundred_clients_comment_and_nothing_is_lost(tmp_path, db_url):
    store = make_store(db_url)
    transfer.import_folder(store, None, DEMO)
    for email in (COMMITTEE, "miembro@demo.accord"):
        accounts.set_password(store, SYSTEM, email, PASSWORD)
    # Each client a person of its own: one person's comments have a rate (services/pace.py, tests/bench/test_floods.py).
    committee = accounts.authenticate(store, COMMITTEE, PASSWORD)
    people = [
        {
            "Authorization": "Bearer "
            + accounts.create_token(
                store, join(store, committee, SLUG, f"persona{n}@bench.accord", "member"), "bench"
            ).token
        }
        for n in range(CLIENTS)
    ]
    store.dispose()
    backend = db_url.split(":")[0]
    with running_server(tmp_path, db_url, ACCORD_THREADS="32") as server:
        token = httpx.post(
            f"{server.url}/api/auth/token",
            timeout=30,
            json={"email": "miembro@demo.accord", "password": PASSWORD, "name": "bench"},
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        thread = httpx.post(
            f"{server.url}/api/processes/{SLUG}/threads",
            headers=headers,
            timeout=30,
            json={"version": "Rev.1", "eid": "op_1", "quote": None, "body": "Abrimos el debate."},
        ).json()["id"]
        heard: list[int] = []
        listening = threading.Event()

        def listen() -> None:
            try:
                with (
                    httpx.Client(timeout=httpx.Timeout(30, read=120)) as client,
                    client.stream("GET", f"{server.url}/api/processes/{SLUG}/events", headers=headers) as response,
                ):
                    listening.set()
                    for line in response.iter_lines():
                        if line == "event: comment":
                            heard.append(1)
            except httpx.HTTPError:  # the server stopped: the run is over
                pass

        threading.Thread(target=listen, daemon=True).start()
        assert listening.wait(30)
        path = f"/api/processes/{SLUG}/threads/{thread}/comments"
        paced, paced_statuses = asyncio.run(hammer(server.url, path, people, SECONDS / 2, every=PACE))
        latencies, statuses = asyncio.run(hammer(server.url, path, people, SECONDS / 2))
        statuses += paced_statuses
        acknowledged = statuses.count(201)
        stored = (
            len(
                httpx.get(f"{server.url}/api/processes/{SLUG}/threads/{thread}", headers=headers, timeout=60).json()[
                    "comments"
                ]
            )
            - 1
        )
        deadline = time.monotonic() + 30
        while len(heard) < acknowledged and time.monotonic() < deadline:
            time.sleep(0.2)
    bare = bare_rate(tmp_path)
    rate = len(latencies) / (SECONDS / 2)
    refused = {s: statuses.count(s) for s in set(statuses) - {201}}
    print(
        f"\n[{backend}] {CLIENTS} clients, each commenting every {PACE:.0f} s for {SECONDS / 2:.0f} s: {len(paced)} "
        f"comments, latency p50 {p(paced, 0.5):.0f} ms, p99 {p(paced, 0.99):.0f} ms"
    )
    print(
        f"[{backend}] {CLIENTS} clients as fast as answered for {SECONDS / 2:.0f} s: {rate:.0f} comments/s "
        f"({rate / bare:.0%} of a bare Litestar JSON handler's {bare:.0f}/s under the same load), latency p50 "
        f"{p(latencies, 0.5):.0f} ms, p99 {p(latencies, 0.99):.0f} ms"
    )
    print(
        f"[{backend}] acknowledged {acknowledged}, stored {stored}, refused or dropped {refused or 'none'}, events "
        f"heard {len(heard)}"
    )
    assert acknowledged <= stored <= acknowledged + statuses.count(0), "every acknowledged comment is stored"
    assert len(heard) == stored, "every comment reached the listener"
    assert p(paced, 0.99) < 250, "p99 under 250 ms at a consultation's pace"
    assert rate >= 0.4 * bare, "comment throughput at least 40 % of the bare handler's"
