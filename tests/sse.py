"""Event streams asked for in one go, for the tests and benches of many streams (tests/web/live/test_live_crowd.py,
tests/bench/stream_load.py): each on a connection opened beforehand, its request written at once, in the kernel's
hands as the call returns, so that a wave of them reaches the server within a millisecond. httpx takes milliseconds
to send each request, and a server kept pace with it: a wave never queued."""

from __future__ import annotations

import asyncio
import json
import time


class Connection:
    """A connection to the server at `url`; `ask` writes a request on it; `listen` reads a stream's answer: its status,
    when it came (time.monotonic), and the subjects of its events of kind `kind` (`thread:12`) as they come."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, kind: str = "thread") -> None:
        self.reader, self.writer, self.kind = reader, writer, kind.encode()
        self.status = 0
        self.headers: dict[str, str] = {}
        self.answered = asyncio.Event()
        self.answered_at = 0.0
        self.heard: dict[str, float] = {}  # subject -> when it came

    @classmethod
    async def to(cls, url: str, kind: str = "thread") -> Connection:
        host, port = url.removeprefix("http://").rsplit(":", 1)
        return cls(*await asyncio.open_connection(host, int(port)), kind=kind)

    def ask(self, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> None:
        head = f"{method} {path} HTTP/1.1\r\nHost: accord\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)

    async def answer(self) -> int:
        """The status of the answer, its headers read."""
        self.status = int((await self.reader.readline()).split()[1])
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            self.headers[name.strip().lower()] = value.strip()
        self.answered_at = time.monotonic()
        self.answered.set()
        return self.status

    async def body(self) -> dict:
        """The JSON body of an answer of known length."""
        return json.loads(await self.reader.readexactly(int(self.headers["content-length"])))

    async def listen(self) -> None:
        """The stream's events of its kind, chunk by chunk (the server writes whole events in a chunk)."""
        if await self.answer() != 200:
            return
        while size := int((await self.reader.readline()).strip() or b"0", 16):
            chunk = await self.reader.readexactly(size + 2)
            for event in chunk.split(b"\n\n"):
                lines = dict(line.split(b": ", 1) for line in event.split(b"\n") if b": " in line)
                if lines.get(b"event") == self.kind:
                    self.heard.setdefault(json.loads(lines[b"data"])["subject"], time.monotonic())

    def close(self) -> None:
        self.writer.close()
