"""People moving through a version, from a process of their own: `python -m tests.bench.presence_load CONFIG.json`.

Each person (a token each) holds the process's event stream, then, for SECONDS, moves to another paragraph every
PACE seconds or so (at random, as readers do): a heartbeat naming it. Prints one JSON object: the streams opened,
each move (the person's presence key, the paragraph, when its heartbeat was sent) and when each stream heard of it
(the system's monotonic clock)."""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time

import httpx

from tests.sse import Connection


class Listener(Connection):
    """One person's stream: when each presence (key, paragraph) reached it."""

    async def listen(self) -> None:
        if await self.answer() != 200:
            return
        self.moves: dict[str, float] = {}
        while size := int((await self.reader.readline()).strip() or b"0", 16):
            chunk = await self.reader.readexactly(size + 2)
            at = time.monotonic()
            for event in chunk.split(b"\n\n"):
                lines = dict(line.split(b": ", 1) for line in event.split(b"\n") if b": " in line)
                if lines.get(b"event") == b"presence":
                    said = json.loads(lines[b"data"])
                    self.moves.setdefault(f"{said['key']} {said['where'].get('eid')}", at)


async def main(config: dict) -> dict:
    url, slug, tokens = config["url"], config["slug"], config["tokens"]
    listeners = [await Listener.to(url) for _ in tokens]
    for listener, token in zip(listeners, tokens, strict=True):
        listener.ask("GET", f"/api/processes/{slug}/events", {"Authorization": f"Bearer {token}"})
    tasks = [asyncio.create_task(listener.listen()) for listener in listeners]
    await asyncio.gather(*(listener.answered.wait() for listener in listeners))
    await asyncio.sleep(1)  # each stream in its fan-out, its sight read
    sent: list[tuple[str, float]] = []
    answered: list[float] = []
    eids = config["eids"]

    async def person(token: str, client: httpx.AsyncClient) -> None:
        order = random.sample(eids, len(eids))
        ends = time.monotonic() + config["seconds"]
        for eid in order:
            await asyncio.sleep(random.uniform(0, 2 * config["pace"]))
            if time.monotonic() > ends:
                return
            at = time.monotonic()
            answer = await client.post(
                f"/api/processes/{slug}/presence",
                json={"where": {"version": config["version"], "eid": eid}},
                headers={"Authorization": f"Bearer {token}"},
            )
            answer.raise_for_status()
            key = next(p["key"] for p in answer.json() if p.get("you"))
            sent.append((f"{key} {eid}", at))
            answered.append(time.monotonic() - at)

    async with httpx.AsyncClient(base_url=url, timeout=60, limits=httpx.Limits(max_connections=64)) as client:
        await asyncio.gather(*(person(token, client) for token in tokens))
    await asyncio.sleep(3)  # the last moves reach the streams
    for task in tasks:
        task.cancel()
    return {
        "streams_opened": sum(listener.status == 200 for listener in listeners),
        "sent": sent,
        "answered": answered,
        "heard": [getattr(listener, "moves", {}) for listener in listeners],
    }


if __name__ == "__main__":
    with open(sys.argv[1]) as file:
        print(json.dumps(asyncio.run(main(json.load(file)))))
