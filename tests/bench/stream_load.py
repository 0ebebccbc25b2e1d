"""The load of a live consultation, from a process of its own: `python -m tests.bench.stream_load CONFIG.json`.

Opens STREAMS event streams (each person's tokens in turn), then for SECONDS: COMMENTERS people each
comment on a thread about every PACE seconds (at random, as people do), and READERS people read pages
(a thread, the latest version) one after the other. Prints one JSON object: the comments' and the pages'
latencies, how long each comment took to reach the streams, the streams opened, refused and lost.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time

import httpx


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000 if ordered else float("nan")


class Load:
    """The figures of one run, and the three kinds of people that make them: stream holders, commenters, readers."""

    def __init__(self, config: dict) -> None:
        self.config = config
        self.slug, self.threads, self.version = config["slug"], config["threads"], config["version"]
        self.posted: dict[int, float] = {}  # comment id -> when its POST was answered
        self.arrivals: list[tuple[int, float]] = []
        self.opened = self.refused = self.lost = 0
        self.comment_times: list[float] = []
        self.read_times: list[float] = []
        self.failures: list[int] = []
        self.stop = asyncio.Event()

    async def stream(self, client: httpx.AsyncClient, token: str, ready: asyncio.Event) -> None:
        try:
            async with client.stream(
                "GET", f"/api/processes/{self.slug}/events", headers={"Authorization": f"Bearer {token}"}
            ) as answer:
                if answer.status_code != 200:
                    self.refused += 1
                    ready.set()
                    return
                self.opened += 1
                ready.set()
                await self.listen(answer)
        except httpx.HTTPError:
            self.lost += 1
            ready.set()

    async def listen(self, answer: httpx.Response) -> None:
        kind = ""
        async for line in answer.aiter_lines():
            if line.startswith("event:"):
                kind = line[6:].strip()
            elif line.startswith("data:") and kind == "comment":
                data = json.loads(line[5:])
                if data["verb"] == "comment.added":
                    self.arrivals.append((int(data["data"]["comment"]), time.perf_counter()))

    async def comment(self, client: httpx.AsyncClient, token: str) -> None:
        rng = random.Random(token)
        await asyncio.sleep(rng.uniform(0, self.config["pace"]))
        while not self.stop.is_set():
            thread = rng.choice(self.threads)
            started = time.perf_counter()
            answer = await client.post(
                f"/api/processes/{self.slug}/threads/{thread}/comments",
                headers={"Authorization": f"Bearer {token}"},
                json={"body": f"Comentario {rng.randrange(10**6)} sobre la gobernanza multinivel."},
            )
            done = time.perf_counter()
            if answer.status_code == 201:
                self.comment_times.append(done - started)
                self.posted[answer.json()["id"]] = done
            await asyncio.sleep(rng.expovariate(1 / self.config["pace"]))

    async def read(self, client: httpx.AsyncClient, token: str) -> None:
        rng = random.Random(token + "r")
        while not self.stop.is_set():
            path = rng.choice(
                [
                    f"/api/processes/{self.slug}/threads/{rng.choice(self.threads)}",
                    f"/api/processes/{self.slug}/versions/{self.version}",
                ]
            )
            started = time.perf_counter()
            answer = await client.get(path, headers={"Authorization": f"Bearer {token}"})
            self.read_times.append(time.perf_counter() - started)
            if answer.status_code != 200:
                self.failures.append(answer.status_code)
            await asyncio.sleep(rng.uniform(0.5, 1.5))

    def figures(self, opening: float) -> dict:
        delays = [at - self.posted[cid] for cid, at in self.arrivals if cid in self.posted]
        comment_times, read_times = self.comment_times, self.read_times
        return {
            "streams_opened": self.opened,
            "streams_refused": self.refused,
            "streams_lost": self.lost,
            "opening_seconds": round(opening, 1),
            "comments": len(comment_times),
            "comment_p50_ms": quantile(comment_times, 0.5),
            "comment_p99_ms": quantile(comment_times, 0.99),
            "pages": len(read_times),
            "page_p50_ms": quantile(read_times, 0.5),
            "page_p95_ms": quantile(read_times, 0.95),
            "page_failures": self.failures[:5],
            "deliveries": len(delays),
            "expected_deliveries": len(self.posted) * self.opened,
            "delivery_p50_ms": quantile(delays, 0.5),
            "delivery_p99_ms": quantile(delays, 0.99),
        }


async def main(config: dict) -> dict:
    url, tokens = config["url"], config["tokens"]
    limits = httpx.Limits(max_connections=config["streams"] + 400, max_keepalive_connections=400)
    load = Load(config)
    timeout = httpx.Timeout(60, read=None)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as client:
        began = time.perf_counter()
        streams = []
        for i in range(config["streams"]):
            ready = asyncio.Event()
            streams.append(asyncio.create_task(load.stream(client, tokens[i % len(tokens)], ready)))
            await ready.wait()
        opening = time.perf_counter() - began
        people = [
            asyncio.create_task(load.comment(client, tokens[i % len(tokens)])) for i in range(config["commenters"])
        ]
        people += [
            asyncio.create_task(load.read(client, tokens[-1 - i % len(tokens)])) for i in range(config["readers"])
        ]
        await asyncio.sleep(config["seconds"])
        load.stop.set()
        await asyncio.sleep(3)  # the last comments reach the streams
        for task in people + streams:
            task.cancel()
        await asyncio.gather(*people, *streams, return_exceptions=True)
    return load.figures(opening)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(json.dumps(asyncio.run(main(json.load(handle)))))
