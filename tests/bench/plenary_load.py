"""A plenary, from a process of its own: `python -m tests.bench.plenary_load CONFIG.json`.

Each delegate (one token each) opens the process's event stream; once all are open, every delegate opens the same
version page at a random moment within WINDOW seconds (the chair: "please look at the revised OP 14"), then the
committee writes on that paragraph and each stream is timed until it tells of it. Prints one JSON object: the
streams opened, refused and lost, the pages' latencies and failures, and how long the committee's word took to
reach the streams.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import sys
import time

import httpx

from tests.bench.stream_load import Streams

PAGE_CONNECTIONS = 200  # the delegates' browsers at once, beyond their streams: bounded, as a room's network is
# Each of those 200 is a client of its own, with one connection, and the streams are a client apart: httpcore's pool
# looks at every connection for every waiting request at each answer (in one pool of 1,200 connections and a thousand
# requests, this generator spent its core there and the plenary never ended on a slower machine, the server idle).


def said(what: str) -> None:
    """How far the plenary got, on stderr: the bench shows it if the load does not end."""
    print(f"{time.strftime('%H:%M:%S')} {what}", file=sys.stderr, flush=True)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000 if ordered else float("nan")


class Plenary(Streams):
    def __init__(self, config: dict) -> None:
        super().__init__(config["slug"])
        self.config = config
        self.page_times: list[float] = []
        self.page_failures: list[str] = []
        self.page_bytes = 0
        self.told: list[float] = []  # when each stream told of the committee's thread
        self.all_told = asyncio.Event()

    kind = "thread"

    def heard(self, event: dict) -> None:
        if event["verb"] == "thread.opened":
            self.told.append(time.perf_counter())
            if len(self.told) == self.opened:
                self.all_told.set()

    async def delegate(self, browsers: asyncio.Queue[httpx.AsyncClient], token: str, at: float) -> None:
        """One delegate's page, asked at `at` and timed from then: the wait for a free browser counts."""
        await asyncio.sleep(at)
        started = time.perf_counter()
        browser = await browsers.get()
        try:
            answer = await browser.get(self.config["page"], headers={"Authorization": f"Bearer {token}"})
        except httpx.HTTPError as exc:
            self.page_failures.append(type(exc).__name__)
            return
        finally:
            browsers.put_nowait(browser)
        self.page_times.append(time.perf_counter() - started)
        self.page_bytes += len(answer.content)
        if answer.status_code != 200:
            self.page_failures.append(str(answer.status_code))


async def main(config: dict) -> dict:
    tokens = config["delegates"]
    plenary = Plenary(config)
    streaming = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=0)
    one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with contextlib.AsyncExitStack() as kept:
        client = await kept.enter_async_context(
            httpx.AsyncClient(base_url=config["url"], limits=streaming, timeout=httpx.Timeout(60, read=None))
        )
        browsers: asyncio.Queue[httpx.AsyncClient] = asyncio.Queue()
        for _ in range(PAGE_CONNECTIONS):
            browsers.put_nowait(
                await kept.enter_async_context(
                    httpx.AsyncClient(base_url=config["url"], limits=one, timeout=httpx.Timeout(60))
                )
            )
        began = time.perf_counter()
        streams = []
        for token in tokens:
            ready = asyncio.Event()
            streams.append(asyncio.create_task(plenary.stream(client, token, ready)))
            await ready.wait()
        opening = time.perf_counter() - began
        said(f"{plenary.opened} streams open ({plenary.refused} refused, {plenary.lost} lost) in {opening:.1f} s")
        rng = random.Random(7)
        began = time.perf_counter()
        await asyncio.gather(*(plenary.delegate(browsers, t, rng.uniform(0, config["window"])) for t in tokens))
        reading = time.perf_counter() - began
        said(f"{len(plenary.page_times)} pages read, {len(plenary.page_failures)} failed, in {reading:.1f} s")
        await asyncio.sleep(1)  # the room settles
        sent = time.perf_counter()  # the word is timed from its sending: the committee's own wait counts
        chair = await browsers.get()
        answer = await chair.post(
            f"/api/processes/{config['slug']}/threads",
            headers={"Authorization": f"Bearer {config['committee']}"},
            json={"version": config["version"], "eid": config["eid"], "body": "Please look at the revised text."},
        )
        assert answer.status_code == 201, answer.text
        said("the committee's thread posted")
        with contextlib.suppress(TimeoutError):  # the figures say how many were told
            await asyncio.wait_for(plenary.all_told.wait(), 30)
        for task in streams:
            task.cancel()
        await asyncio.gather(*streams, return_exceptions=True)
        said(f"{len(plenary.told)} streams told; the streams closed")
    delays = [at - sent for at in plenary.told]
    return {
        "streams_opened": plenary.opened,
        "streams_refused": plenary.refused,
        "streams_lost": plenary.lost,
        "opening_seconds": round(opening, 1),
        "pages": len(plenary.page_times),
        "page_bytes": plenary.page_bytes,
        "reading_seconds": round(reading, 1),
        "page_p50_ms": quantile(plenary.page_times, 0.5),
        "page_p95_ms": quantile(plenary.page_times, 0.95),
        "page_max_ms": max(plenary.page_times, default=float("nan")) * 1000,
        "page_failures": plenary.page_failures[:10],
        "page_failure_count": len(plenary.page_failures),
        "told": len(delays),
        "told_p50_ms": quantile(delays, 0.5),
        "told_p99_ms": quantile(delays, 0.99),
    }


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(json.dumps(asyncio.run(main(json.load(handle)))))
