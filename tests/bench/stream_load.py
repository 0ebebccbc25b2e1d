"""The load of a live consultation, from two processes of its own: `python -m tests.bench.stream_load CONFIG.json
streams`, then `… people`; and a room's streams asked for at once: `… room` (see `room`).

`streams` opens STREAMS event streams (each person's tokens in turn), says `open` on a line once they are, and
listens until its standard input closes; `people`, for SECONDS: COMMENTERS people each comment on a thread about
every PACE seconds (at random, as people do), and READERS people read pages (a thread, the latest version) one
after the other. Apart, so that the thousand streams' reading does not delay the timing of the comments and pages
in the same event loop (one process held both, and its loop, busy two thirds of the time, added its own wait to
every answer). Each prints one JSON object: the streams opened, refused and lost and when each comment arrived
(the system's monotonic clock, the same in both processes); the comments' and the pages' latencies and when each
comment was answered.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from collections import Counter

import httpx

from tests.sse import Connection


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000 if ordered else float("nan")


class Streams:
    """People holding the process's event streams: how many opened, were refused, were lost; each event of the
    `kind` they listen for is `heard`."""

    kind = ""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.opened = self.refused = self.lost = 0

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
            elif line.startswith("data:") and kind == self.kind:
                self.heard(json.loads(line[5:]))

    def heard(self, event: dict) -> None:
        raise NotImplementedError


class Load(Streams):
    """The figures of one run, and the three kinds of people that make them: stream holders, commenters, readers."""

    def __init__(self, config: dict) -> None:
        super().__init__(config["slug"])
        self.config = config
        self.threads, self.version = config["threads"], config["version"]
        self.posted: dict[int, float] = {}  # comment id -> when its POST was answered
        self.arrivals: list[tuple[int, float]] = []
        self.comment_times: list[float] = []
        self.read_times: list[float] = []
        self.failures: list[int] = []
        self.stop = asyncio.Event()

    kind = "comment"

    def heard(self, event: dict) -> None:
        if event["verb"] == "comment.added":
            self.arrivals.append((int(event["data"]["comment"]), time.monotonic()))

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
                self.posted[answer.json()["id"]] = time.monotonic()
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


def limits(config: dict) -> httpx.Limits:
    return httpx.Limits(max_connections=config["streams"] + 400, max_keepalive_connections=400)


async def hold_streams(config: dict) -> dict:
    """The streams, open until standard input closes."""
    url, tokens = config["url"], config["tokens"]
    load = Load(config)
    timeout = httpx.Timeout(60, read=None)
    async with httpx.AsyncClient(base_url=url, limits=limits(config), timeout=timeout) as client:
        began = time.perf_counter()
        streams = []
        for i in range(config["streams"]):
            ready = asyncio.Event()
            streams.append(asyncio.create_task(load.stream(client, tokens[i % len(tokens)], ready)))
            await ready.wait()
        print("open", flush=True)
        opening = time.perf_counter() - began
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        for task in streams:
            task.cancel()
        await asyncio.gather(*streams, return_exceptions=True)
    return {
        "streams_opened": load.opened,
        "streams_refused": load.refused,
        "streams_lost": load.lost,
        "opening_seconds": round(opening, 1),
        "arrivals": load.arrivals,
    }


async def act(config: dict) -> dict:
    """The commenters and the readers, for SECONDS."""
    url, tokens = config["url"], config["tokens"]
    load = Load(config)
    async with httpx.AsyncClient(base_url=url, limits=limits(config), timeout=httpx.Timeout(60)) as client:
        people = [
            asyncio.create_task(load.comment(client, tokens[i % len(tokens)])) for i in range(config["commenters"])
        ]
        people += [
            asyncio.create_task(load.read(client, tokens[-1 - i % len(tokens)])) for i in range(config["readers"])
        ]
        await asyncio.sleep(config["seconds"])
        load.stop.set()
        for task in people:
            task.cancel()
        await asyncio.gather(*people, return_exceptions=True)
    return {
        "comments": len(load.comment_times),
        "comment_p50_ms": quantile(load.comment_times, 0.5),
        "comment_p99_ms": quantile(load.comment_times, 0.99),
        "pages": len(load.read_times),
        "page_p50_ms": quantile(load.read_times, 0.5),
        "page_p95_ms": quantile(load.read_times, 0.95),
        "page_failures": load.failures[:5],
        "posted": load.posted,
    }


def deliveries(streams: dict, people: dict) -> dict:
    """How long each comment took to reach each stream, from the two processes' figures."""
    posted = {int(cid): at for cid, at in people["posted"].items()}
    delays = [at - posted[cid] for cid, at in streams["arrivals"] if cid in posted]
    return {
        "deliveries": len(delays),
        "expected_deliveries": len(posted) * streams["streams_opened"],
        "delivery_p50_ms": quantile(delays, 0.5),
        "delivery_p99_ms": quantile(delays, 0.99),
    }


async def room(config: dict) -> dict:
    """A room's streams asked for in one go (tests/sse.py): STREAMS of them, each person's tokens in turn and, for those
    in `cookies`, half with their browser's session as a page asks; as soon as the server has answered one, a decision
    (a thread, over HTTP) while it answers the others; once all are answered, a second thread. Each stream must tell
    both: it was asked for before either."""
    url, slug, tokens, cookies = config["url"], config["slug"], config["tokens"], config["cookies"]
    streams = await asyncio.gather(*(Connection.to(url) for _ in range(config["streams"])))
    decider = await Connection.to(url)
    began, with_session = time.monotonic(), 0
    for n, stream in enumerate(streams):
        person = n % len(tokens)
        headers = {"Authorization": f"Bearer {tokens[person]}"}
        if person < len(cookies) and n // len(tokens) % 2:
            headers, with_session = {"Cookie": cookies[person]}, with_session + 1
        stream.ask("GET", f"/api/processes/{slug}/events", headers)
    listening = [asyncio.create_task(stream.listen()) for stream in streams]
    await asyncio.wait([asyncio.create_task(s.answered.wait()) for s in streams], return_when="FIRST_COMPLETED")
    thread = {"version": config["version"], "eid": "op_1", "quote": None, "body": "¿Se aprueba el párrafo?"}
    headers = {"Authorization": f"Bearer {config['committee']}"}
    decider.ask("POST", f"/api/processes/{slug}/threads", headers, json.dumps(thread).encode())
    told_at: dict[str, float] = {}  # each thread, and when its POST was answered
    if await decider.answer() == 201:
        told_at[f"thread:{(await decider.body())['id']}"] = time.monotonic()
    await asyncio.wait([asyncio.create_task(s.answered.wait()) for s in streams], timeout=120)
    answered = time.monotonic() - began
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        then = await client.post(f"/api/processes/{slug}/threads", headers=headers, json={**thread, "eid": "op_2"})
        if then.status_code == 201:
            told_at[f"thread:{then.json()['id']}"] = time.monotonic()
    deadline = time.monotonic() + 60
    while any(not told_at.keys() <= s.heard.keys() for s in streams) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    for task in listening:
        task.cancel()
    for stream in [*streams, decider]:
        stream.close()
    await asyncio.gather(*listening, return_exceptions=True)
    waits = [s.answered_at - began for s in streams if s.answered_at]
    told = [[s.heard[subject] - at for s in streams if subject in s.heard] for subject, at in told_at.items()]
    return {
        "statuses": dict(Counter(s.status for s in streams)),
        "with_session": with_session,
        "answered_seconds": round(answered, 1),
        "answer_p50_ms": quantile(waits, 0.5),
        "answer_p99_ms": quantile(waits, 0.99),
        "answer_max_ms": quantile(waits, 1.0),
        "told": [len(heard) for heard in told],
        "told_p50_ms": [quantile(heard, 0.5) for heard in told],
        "told_p99_ms": [quantile(heard, 0.99) for heard in told],
        "threads": len(told_at),
    }


MODES = {"streams": hold_streams, "people": act, "room": room}

if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        config = json.load(handle)
    print(json.dumps(asyncio.run(MODES[sys.argv[2]](config))))
