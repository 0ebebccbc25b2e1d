"""A plenary's followers, from a process of their own: `python -m tests.bench.meeting_load CONFIG.json`.

Opens the meeting's event stream for each delegate (a token each) and each screen, asked for in one go on connections
opened beforehand (tests/sse.py: httpx's lines cost a core at a thousand streams), says `open` on a line once all are
answered, and listens until its standard input closes. Then prints one JSON object: the streams answered 200, refused,
ended by the server before the end; when each `meeting.pointer` event reached each delegate and screen, and when each
typed text reached each screen with its machine drafts made (`meeting.text` whose `typed.machine` is done in every
other language), keyed by the text's revision; the events each kind delivered. Times are the system's monotonic
clock, the same in the bench's process that acts and times the answers.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter

from tests.sse import Connection


class Follower(Connection):
    """One stream of the meeting: a delegate's page or a screen."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, kind: str = "") -> None:
        super().__init__(reader, writer, kind)
        self.pointer: dict[int, float] = {}  # the event's number -> when it came
        self.typed: dict[str, float] = {}  # the text's revision -> when its machine drafts came
        self.kinds: Counter[str] = Counter()
        self.ended = False

    async def listen(self) -> None:
        if await self.answer() != 200:
            return
        while size := int((await self.reader.readline()).strip() or b"0", 16):
            chunk = await self.reader.readexactly(size + 2)
            at = time.monotonic()
            for event in chunk.split(b"\n\n"):
                lines = dict(line.split(b": ", 1) for line in event.split(b"\n") if b": " in line)
                kind = lines.get(b"event", b"").decode()
                if not kind:
                    continue
                self.kinds[kind] += 1
                if kind == "meeting.pointer":
                    self.pointer[int(lines[b"id"])] = at
                elif kind == "meeting.text":
                    typed = json.loads(lines[b"data"])["data"]["typed"]
                    if all(made["state"] == "done" and made["text"] for made in typed["machine"].values()):
                        self.typed.setdefault(typed["revision"], at)
        self.ended = True  # the server ended it (its last chunk): not the bench's closing


async def follow(config: dict) -> dict:
    url, path = config["url"], f"/api/processes/{config['slug']}/meetings/{config['number']}/events"
    tokens = config["delegates"] + config["screens"]
    streams = [await Follower.to(url) for _ in tokens]
    for stream, token in zip(streams, tokens, strict=True):
        stream.ask("GET", path, {"Authorization": f"Bearer {token}"})
    began = time.monotonic()
    listening = [asyncio.create_task(stream.listen()) for stream in streams]
    await asyncio.wait([asyncio.create_task(s.answered.wait()) for s in streams], timeout=180)
    opening = time.monotonic() - began
    print("open", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    for task in listening:
        task.cancel()
    for stream in streams:
        stream.close()
    results = await asyncio.gather(*listening, return_exceptions=True)
    delegates, screens = streams[: len(config["delegates"])], streams[len(config["delegates"]) :]
    kinds: Counter[str] = Counter()
    for stream in streams:
        kinds.update(stream.kinds)
    return {
        "statuses": dict(Counter(str(s.status) for s in streams)),
        "opening_seconds": round(opening, 1),
        "ended": sum(s.ended for s in streams),
        "failed": [repr(r) for r in results if isinstance(r, Exception) and not isinstance(r, asyncio.CancelledError)][
            :5
        ],
        "pointer": {
            "delegates": [{str(k): v for k, v in s.pointer.items()} for s in delegates],
            "screens": [{str(k): v for k, v in s.pointer.items()} for s in screens],
        },
        "typed": [s.typed for s in screens],
        "kinds": dict(kinds),
    }


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(json.dumps(asyncio.run(follow(json.load(handle)))))
