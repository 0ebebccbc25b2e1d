"""Throughput under load, against a bare Litestar handler under the same load: the same page asked for again
and again for a few seconds, on the generated demo at 300 paragraphs, as its committee. Accord is served as in
production (`accord serve`, uvicorn), one worker on SQLite; on PostgreSQL one worker, then `--workers 2` with Redis.

Two generators: `wrk` (Debian's package, 16 connections, 2 threads), the figure that counts, and 16 Python threads
(each its own connection), kept beside it to show what a Python generator hides: it caps the bare handler itself.
The bare handler answers a page of the size of the version page. Printed: requests per second, p50, p95 (and p99
under wrk), the ratio to the bare handler, and each goal of issue 37 beside its figure: the version page at least
10 % of the bare handler's rate with p95 under 200 ms; two workers at least 1.7 times one (on PostgreSQL, the
median of three runs each). While wrk asks one worker for the version page a second time, py-spy samples it: where
a request's time goes (apart from the figures: the sampler slows what it samples by a tenth). Run with `make
bench`; asserted: every answer a 200.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from tests import needs
from tests.bench.sampled import sampled, shares
from tests.bench.test_draft_speed import quick  # noqa: F401  (the fixture, autouse)
from tests.bench.wrk import Load, wrk
from tests.conftest import PASSWORD
from tests.e2e.server import free_port, running_server
from tests.process_watch import children, cpu_seconds
from tests.web.conftest import sign_in
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.services.transfer.scaled_demo import Scale, build_scaled_demo, slug_of
from workspace.settings import ROOT
from workspace.store.db import make_store

CLIENTS = 16
SECONDS = 6.0
WRK_SECONDS = 8
REDIS = "redis://127.0.0.1:6379/0"
VERSION = "/declaration/versions/12"
GOAL_RATIO = 0.10  # of the bare handler's rate, under wrk
GOAL_P95_MS = 200.0
GOAL_SCALE = 1.7  # two workers over one
# Runs for the scaling beside the first: the kernel hands the 16 connections to two workers as they come, unevenly
# in some runs (0.9 times one worker's rate in one, 1.9 in the next); the median of three is compared. (Under 64
# connections the two workers did worse: 1.43-1.68 times.)
AGAIN = 2
TURNS = 3  # the version page and the bare handler, each measured in turn with the other (ratio_in_turns)
PROFILE_LINES = 16


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


@contextmanager
def bare_server(folder: Path, size: int) -> Iterator[str]:
    """The bare handler answering a page of `size` bytes, served by uvicorn as Accord is: its address."""
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
        env={**os.environ, "BARE_BYTES": str(size)},
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
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def bare(url: str, size: int) -> tuple[Load, float]:
    """The bare handler's figures under wrk, and its rate under Python threads."""
    measured = wrk(url + "/", seconds=WRK_SECONDS)
    rate, p50, p95 = load(url, "/")
    print(f"\nbare Litestar handler ({size // 1000} KB page), wrk:           {measured.line()}")
    print(
        f"bare Litestar handler ({size // 1000} KB page), Python threads: {rate:7.0f} req/s  "
        f"p50 {p50:5.1f} ms  p95 {p95:5.1f} ms"
    )
    assert measured.bad_status == 0 and measured.socket_errors == 0, measured
    return measured, rate


def ratio_in_turns(bare_url: str, url: str, headers: dict[str, str]) -> tuple[float, str]:
    """The version page's rate over the bare handler's, each measured TURNS times in turn with the other (the
    median of each): on a machine shared with others the bare handler's own rate moved from 1,566 to 2,895 req/s
    between two runs a minute apart, more than any change to Accord could."""
    bares, pages = [], []
    for _ in range(TURNS):
        bares.append(wrk(bare_url + "/", seconds=WRK_SECONDS).rate)
        pages.append(wrk(url, seconds=WRK_SECONDS, headers=headers).rate)
    turns = ", ".join(f"{p:.0f}/{b:.0f}" for p, b in zip(pages, bares, strict=True))
    return statistics.median(pages) / statistics.median(bares), turns


def test_throughput_against_a_bare_litestar_handler(db_url, tmp_path):
    backend = db_url.split(":")[0]
    scale = Scale.sized(300)
    store = make_store(db_url)
    build_scaled_demo(store, scale)
    email = f"comite.{scale.name}@demo.accord"
    accounts.set_password(store, SYSTEM, email, PASSWORD)
    store.dispose()
    slug = slug_of(scale)
    version = f"/p/{slug}{VERSION}"
    paths = [f"/p/{slug}", version, f"/p/{slug}/declaration/compare?old=11&new=12"]
    setups: list[tuple[str, tuple[str, ...], dict[str, str]]] = [("1 worker", (), {})]
    if backend == "postgresql":
        needs.redis_server(REDIS)
        setups.append(("2 workers + Redis", ("--workers", "2"), {"ACCORD_REDIS_URL": REDIS}))
    reference: Load | None = None
    bare_url = ""
    version_rates: dict[str, float] = {}
    with ExitStack() as kept:  # the bare handler, served from the first measure to the last
        for name, args, env in setups:
            with running_server(tmp_path, db_url, cli=True, name=name.replace(" ", "-"), args=args, **env) as server:
                with httpx.Client(base_url=server.url, timeout=60) as http:
                    sign_in(http, email)  # type: ignore[arg-type]  (an httpx client, as the test client is)
                    cookies = http.cookies
                    size = len(http.get(version).content)
                if reference is None:
                    bare_url = kept.enter_context(bare_server(tmp_path, size))
                    reference, python_bare = bare(bare_url, size)
                cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
                for path in paths:
                    shown = path.replace(slug, "{slug}")
                    headers = {"Cookie": cookie}
                    measured = wrk(server.url + path, seconds=WRK_SECONDS, headers=headers)
                    if path == version and name == "1 worker":  # where its time goes, sampled under a second run
                        raw = tmp_path / f"{backend}.raw"  # (the sampler slows what it samples: apart from the figure)
                        with sampled(server.pid, raw, WRK_SECONDS):
                            wrk(server.url + path, seconds=WRK_SECONDS, headers={"Cookie": cookie})
                        print(f"[{backend}, {name}] where the version page's time goes (py-spy, share of the samples):")
                        for share, function in shares(raw)[:PROFILE_LINES]:
                            print(f"    {share:6.1%}  {function}")
                    assert measured.bad_status == 0 and measured.socket_errors == 0, (path, measured)
                    rate, p50, p95 = load(server.url, path, cookies)
                    print(f"[{backend}, {name}] {shown:<44} wrk:            {measured.line()}")
                    print(
                        f"[{backend}, {name}] {shown:<44} Python threads: {rate:7.0f} req/s  p50 {p50:6.1f} ms  "
                        f"p95 {p95:6.1f} ms  ({rate / python_bare:.1%} of the bare handler under the same threads)"
                    )
                    if path == version:
                        if backend == "postgresql":  # the scaling: the median of three runs (see AGAIN)
                            rates, spread = [measured.rate], []
                            for _ in range(AGAIN):
                                workers = children(server.pid) if args else [server.pid]
                                before = [cpu_seconds(pid) for pid in workers]
                                rates.append(wrk(server.url + path, seconds=WRK_SECONDS, headers=headers).rate)
                                used = [cpu_seconds(pid) - was for pid, was in zip(workers, before, strict=True)]
                                spread.append("/".join(f"{seconds:.1f}" for seconds in used))
                            each = ", ".join(f"{r:.0f}" for r in rates)
                            print(
                                f"[{backend}, {name}] {shown:<44} wrk, three runs: {each} req/s (the last two: each "
                                f"worker's processor seconds {', '.join(spread)}: the kernel's hand-out of the "
                                "connections)"
                            )
                            version_rates[name] = statistics.median(rates)
                        ratio, turns = ratio_in_turns(bare_url, server.url + path, headers)
                        print(
                            f"[{backend}, {name}] {shown:<44} wrk, in turn with the bare handler: {turns} req/s "
                            f"(ratio of the medians {ratio:.1%}; of the first run alone "
                            f"{measured.rate / reference.rate:.1%})"
                        )
                        print(
                            f"    goal: the version page at least {GOAL_RATIO:.0%} of the bare handler under wrk: "
                            f"{ratio:.1%} ({'met' if ratio >= GOAL_RATIO else 'NOT met'}); p95 under "
                            f"{GOAL_P95_MS:.0f} ms: {measured.p95_ms:.0f} ms "
                            f"({'met' if measured.p95_ms < GOAL_P95_MS else 'NOT met'})"
                        )
    if len(version_rates) == 2:
        scaling = version_rates["2 workers + Redis"] / version_rates["1 worker"]
        print(
            f"    goal: two workers at least {GOAL_SCALE}x one on the version page: {scaling:.2f}x "
            f"({'met' if scaling >= GOAL_SCALE else 'NOT met'})"
        )
