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

    async def delegate(self, client: httpx.AsyncClient, token: str, at: float) -> None:
        await asyncio.sleep(at)
        started = time.perf_counter()
        try:
            answer = await client.get(self.config["page"], headers={"Authorization": f"Bearer {token}"})
        except httpx.HTTPError as exc:
            self.page_failures.append(type(exc).__name__)
            return
        self.page_times.append(time.perf_counter() - started)
        self.page_bytes += len(answer.content)
        if answer.status_code != 200:
            self.page_failures.append(str(answer.status_code))


async def main(config: dict) -> dict:
    tokens = config["delegates"]
    plenary = Plenary(config)
    limits = httpx.Limits(max_connections=len(tokens) + PAGE_CONNECTIONS, max_keepalive_connections=PAGE_CONNECTIONS)
    async with httpx.AsyncClient(base_url=config["url"], limits=limits, timeout=httpx.Timeout(60, read=None)) as client:
        began = time.perf_counter()
        streams = []
        for token in tokens:
            ready = asyncio.Event()
            streams.append(asyncio.create_task(plenary.stream(client, token, ready)))
            await ready.wait()
        opening = time.perf_counter() - began
        rng = random.Random(7)
        began = time.perf_counter()
        await asyncio.gather(*(plenary.delegate(client, t, rng.uniform(0, config["window"])) for t in tokens))
        reading = time.perf_counter() - began
        await asyncio.sleep(1)  # the room settles
        sent = time.perf_counter()  # the word is timed from its sending: the committee's own wait counts
        answer = await client.post(
            f"/api/processes/{config['slug']}/threads",
            headers={"Authorization": f"Bearer {config['committee']}"},
            json={"version": config["version"], "eid": config["eid"], "body": "Please look at the revised text."},
        )
        assert answer.status_code == 201, answer.text
        with contextlib.suppress(TimeoutError):  # the figures say how many were told
            await asyncio.wait_for(plenary.all_told.wait(), 30)
        for task in streams:
            task.cancel()
        await asyncio.gather(*streams, return_exceptions=True)
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
