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


async def main(config: dict) -> dict:
    url, slug, tokens = config["url"], config["slug"], config["tokens"]
    threads, version = config["threads"], config["version"]
    limits = httpx.Limits(max_connections=config["streams"] + 400, max_keepalive_connections=400)
    posted: dict[int, float] = {}  # comment id -> when its POST was answered
    arrivals: list[tuple[int, float]] = []
    opened, refused, lost = [0], [0], [0]
    stop = asyncio.Event()

    async def stream(client: httpx.AsyncClient, token: str, ready: asyncio.Event) -> None:
        try:
            async with client.stream("GET", f"/api/processes/{slug}/events", headers={"Authorization": f"Bearer {token}"}) as answer:
                if answer.status_code != 200:
                    refused[0] += 1
                    ready.set()
                    return
                opened[0] += 1
                ready.set()
                kind = ""
                async for line in answer.aiter_lines():
                    if line.startswith("event:"):
                        kind = line[6:].strip()
                    elif line.startswith("data:") and kind == "comment":
                        data = json.loads(line[5:])
                        if data["verb"] == "comment.added":
                            arrivals.append((int(data["data"]["comment"]), time.perf_counter()))
        except httpx.HTTPError:
            lost[0] += 1
            ready.set()

    async def comment(client: httpx.AsyncClient, token: str, times: list[float]) -> None:
        rng = random.Random(token)
        await asyncio.sleep(rng.uniform(0, config["pace"]))
        while not stop.is_set():
            thread = rng.choice(threads)
            started = time.perf_counter()
            answer = await client.post(f"/api/processes/{slug}/threads/{thread}/comments", headers={"Authorization": f"Bearer {token}"},
                                       json={"body": f"Comentario {rng.randrange(10**6)} sobre la gobernanza multinivel."})
            done = time.perf_counter()
            if answer.status_code == 201:
                times.append(done - started)
                posted[answer.json()["id"]] = done
            await asyncio.sleep(rng.expovariate(1 / config["pace"]))

    async def read(client: httpx.AsyncClient, token: str, times: list[float], failures: list[int]) -> None:
        rng = random.Random(token + "r")
        while not stop.is_set():
            path = rng.choice([f"/api/processes/{slug}/threads/{rng.choice(threads)}", f"/api/processes/{slug}/versions/{version}"])
            started = time.perf_counter()
            answer = await client.get(path, headers={"Authorization": f"Bearer {token}"})
            times.append(time.perf_counter() - started)
            if answer.status_code != 200:
                failures.append(answer.status_code)
            await asyncio.sleep(rng.uniform(0.5, 1.5))

    timeout = httpx.Timeout(60, read=None)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as client:
        began = time.perf_counter()
        streams = []
        for i in range(config["streams"]):
            ready = asyncio.Event()
            streams.append(asyncio.create_task(stream(client, tokens[i % len(tokens)], ready)))
            await ready.wait()
        opening = time.perf_counter() - began
        comment_times: list[float] = []
        read_times: list[float] = []
        failures: list[int] = []
        people = [asyncio.create_task(comment(client, tokens[i % len(tokens)], comment_times)) for i in range(config["commenters"])]
        people += [asyncio.create_task(read(client, tokens[-1 - i % len(tokens)], read_times, failures)) for i in range(config["readers"])]
        await asyncio.sleep(config["seconds"])
        stop.set()
        await asyncio.sleep(3)  # the last comments reach the streams
        for task in people + streams:
            task.cancel()
        await asyncio.gather(*people, *streams, return_exceptions=True)
    delays = [at - posted[cid] for cid, at in arrivals if cid in posted]
    return {
        "streams_opened": opened[0], "streams_refused": refused[0], "streams_lost": lost[0], "opening_seconds": round(opening, 1),
        "comments": len(comment_times), "comment_p50_ms": quantile(comment_times, 0.5), "comment_p99_ms": quantile(comment_times, 0.99),
        "pages": len(read_times), "page_p50_ms": quantile(read_times, 0.5), "page_p95_ms": quantile(read_times, 0.95),
        "page_failures": failures[:5], "deliveries": len(delays), "expected_deliveries": len(posted) * opened[0],
        "delivery_p50_ms": quantile(delays, 0.5), "delivery_p99_ms": quantile(delays, 0.99),
    }


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(json.dumps(asyncio.run(main(json.load(handle)))))
