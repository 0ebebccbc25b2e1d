"""The load of one shared room (tests/bench/test_rooms_load.py): WRITERS people in one paragraph's room, each a Yjs
document of its own over a WebSocket (as a browser's), typing a word at a random place every PACE seconds or so for
SECONDS. Each word is named after its writer and number; each writer's document tells, as the others' words arrive
(its text's insert events), how long after it was typed each came. Then how long until the paragraph holds every
word. Prints JSON: the delays, the commit's delay after the last keystroke, whether all ended with one text.

One process of asyncio clients, not threads: 50 WebSockets each doing little (no generator in Debian speaks Yjs)."""

from __future__ import annotations

import asyncio
import json
import random
import re
import sys
import time
from typing import Any

import httpx
from pycrdt import (
    Doc,
    Text,
    TextEvent,
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)
from websockets.asyncio.client import connect

from workspace.domain.rooms import TEXT

WORD = re.compile(r"t[0-9]+x[0-9]+")


class Writer:
    def __init__(self, number: int, config: dict[str, Any], sent: dict[str, float], heard: list[float]) -> None:
        self.number, self.config, self.sent, self.heard = number, config, sent, heard
        self.doc: Doc = Doc()
        self.text = self.doc.get(TEXT, type=Text)
        self.text.observe(self._inserted)
        self.synced = asyncio.Event()
        self.done_typing = asyncio.Event()
        self.typing = False

    def _inserted(self, event: TextEvent) -> None:
        if self.typing:
            return
        now = time.monotonic()
        for change in event.delta:
            for word in WORD.findall(str(change.get("insert", ""))):
                if word in self.sent:
                    self.heard.append(now - self.sent[word])

    async def run(self, until: float) -> None:
        address = self.config["url"].replace("http://", "ws://") + self.config["room"]
        headers = {"Authorization": f"Bearer {self.config['tokens'][self.number]}"}
        async with connect(address, additional_headers=headers, max_size=None, open_timeout=60) as socket:
            await socket.send(create_sync_message(self.doc))
            listening = asyncio.create_task(self._listen(socket))
            await asyncio.wait_for(self.synced.wait(), 60)
            n = 0
            while True:
                await asyncio.sleep(random.uniform(0, 2 * self.config["pace"]))
                if time.monotonic() >= until:
                    break
                n += 1
                await socket.send(self._type(f"t{self.number}x{n}"))
            self.done_typing.set()
            await asyncio.sleep(self.config["settle"])
            listening.cancel()

    def _type(self, word: str) -> bytes:
        now = str(self.text)
        places = [0] + [i + 1 for i, c in enumerate(now) if c == " "]
        at = len(now[: random.choice(places)].encode())
        before = self.doc.get_state()
        self.typing = True
        self.text.insert(at, f"{word} ")
        self.typing = False
        self.sent[word] = time.monotonic()
        return create_update_message(self.doc.get_update(before))

    async def _listen(self, socket: Any) -> None:
        async for message in socket:
            if isinstance(message, str):
                continue
            if message[0] == YMessageType.SYNC:
                reply = handle_sync_message(message[1:], self.doc)
                if reply is not None:
                    await socket.send(reply)
                if message[1] == YSyncMessageType.SYNC_STEP2:
                    self.synced.set()


async def _written(config: dict[str, Any], sent: dict[str, float], writers: list[Writer]) -> float | None:
    """When the paragraph first held every word typed (polled from the last keystroke on), or None within 60 s."""
    await asyncio.gather(*(w.done_typing.wait() for w in writers))
    began = time.monotonic()
    async with httpx.AsyncClient(timeout=30) as client:
        headers = {"Authorization": f"Bearer {config['tokens'][0]}"}
        while time.monotonic() - began < 60:
            listed = (await client.get(f"{config['url']}{config['draft']}", headers=headers)).json()["paragraphs"]
            text = next(p["text"] for p in listed if p["eid"] == config["eid"])
            if set(WORD.findall(text)) >= set(sent):
                return time.monotonic()
            await asyncio.sleep(0.05)
    return None


async def main(config: dict[str, Any]) -> dict[str, Any]:
    sent: dict[str, float] = {}
    heard: list[float] = []
    writers = [Writer(n, config, sent, heard) for n in range(len(config["tokens"]))]
    until = time.monotonic() + config["seconds"]
    written = asyncio.create_task(_written(config, sent, writers))
    await asyncio.gather(*(w.run(until) for w in writers))  # each stays connected `settle` seconds after typing
    found = await written
    texts = {str(w.text).strip() for w in writers}
    return {
        "sent": len(sent),
        "heard": heard,
        "expected": len(sent) * (len(writers) - 1),
        "commit_seconds": found - max(sent.values()) if found is not None else None,
        "converged": len(texts) == 1,
    }


if __name__ == "__main__":
    with open(sys.argv[1]) as given:
        config = json.load(given)
    print(json.dumps(asyncio.run(main(config))))
