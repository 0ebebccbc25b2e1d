"""Throughput under a load generator, against a bare Litestar handler under the same one: 16 clients
(threads, each its own connection) asking for the same page for a few seconds, on the generated demo
at 300 paragraphs. Accord is served as in production (`accord serve`, uvicorn), one worker on SQLite;
on PostgreSQL one worker, then `--workers 2` with Redis. Printed: requests per second, p50 and p95,
and the ratio to the bare handler (same machine, same generator: the generator's own cost is in both).
Run with `make bench`; nothing asserted but that every answer was a 200.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from tests import needs
from tests.bench.test_draft_speed import quick  # noqa: F401  (the fixture, autouse)
from tests.conftest import PASSWORD
from tests.e2e.server import free_port, running_server
from tests.web.conftest import sign_in
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.services.transfer.scaled_demo import Scale, build_scaled_demo, slug_of
from workspace.settings import ROOT
from workspace.store.db import make_store

CLIENTS = 16
SECONDS = 6.0
REDIS = "redis://127.0.0.1:6379/0"


def load(url: str, path: str, cookies: httpx.Cookies | None = None) -> tuple[float, float, float]:
    """Requests per second over all clients, and the p50 and p95 latencies in ms."""
    times: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    ends = time.perf_counter() + SECONDS

    def client() -> None:
        mine: list[float] = []
        with httpx.Client(base_url=url, cookies=cookies, timeout=60) as http:
            while time.perf_counter() < ends:
                started = time.perf_counter()
                answer = http.get(path)
                mine.append(time.perf_counter() - started)
                if answer.status_code != 200:
                    failures.append(answer.status_code)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - began
    assert not failures, failures[:5]
    ordered = sorted(times)
    return len(times) / took, statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95)] * 1000


def bare(folder: Path) -> float:
    port = free_port()
    log = (folder / "bare.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "tests.bench.bare_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        rate, p50, p95 = load(url, "/")
        print(f"\nbare Litestar handler (120 KB page): {rate:.0f} req/s, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
        return rate
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_throughput_against_a_bare_litestar_handler(db_url, tmp_path):
    backend = db_url.split(":")[0]
    scale = Scale.sized(300)
    store = make_store(db_url)
    build_scaled_demo(store, scale)
    email = f"comite.{scale.name}@demo.accord"
    accounts.set_password(store, SYSTEM, email, PASSWORD)
    store.dispose()
    reference = bare(tmp_path)
    slug = slug_of(scale)
    paths = [f"/p/{slug}", f"/p/{slug}/declaration/versions/12", f"/p/{slug}/declaration/compare?old=11&new=12"]
    setups: list[tuple[str, tuple[str, ...], dict[str, str]]] = [("1 worker", (), {})]
    if backend == "postgresql":
        needs.redis_server(REDIS)
        setups.append(("2 workers + Redis", ("--workers", "2"), {"ACCORD_REDIS_URL": REDIS}))
    for name, args, env in setups:
        with running_server(tmp_path, db_url, cli=True, name=name.replace(" ", "-"), args=args, **env) as server:
            with httpx.Client(base_url=server.url, timeout=60) as http:
                sign_in(http, email)  # type: ignore[arg-type]  (an httpx client, as the test client is)
                cookies = http.cookies
            for path in paths:
                rate, p50, p95 = load(server.url, path, cookies)
                print(
                    f"[{backend}, {name}] {path.replace(slug, '{slug}'):<48} {rate:6.0f} req/s  p50 {p50:5.0f} ms  "
                    f"p95 {p95:5.0f} ms  {rate / reference:5.1%} of the bare handler"
                )
