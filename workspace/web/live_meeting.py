"""A meeting's live stream: its own events (numbered per meeting, services/meetings/events.py) to the screens,
consoles and delegates' pages that follow it. As for a process (live.py), a wake-up on the process's channel carries
no data: the meeting's fan-out in this worker reads the new events once for all its followers (a thousand delegates
follow a plenary: one query per wake-up, not one per stream) and hands each follower those after the last it had.
Losing a wake-up delays an event until the next check, never loses it; a reconnection resumes from Last-Event-ID.
Who may follow is checked when a stream starts."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from functools import partial

import anyio
import msgspec
from litestar import Litestar
from litestar.channels import ChannelsPlugin
from litestar.response import Stream

from .. import metrics
from ..services import meetings
from ..services.actor import Actor
from ..services.meetings import MeetingEventView
from ..services.unit import Store
from ..worker.announce import channel
from .live import CHECK_SECONDS, GATHER_SECONDS, LISTEN_AGAIN_SECONDS, READER_BACKLOG, held_stream

log = logging.getLogger("accord.live")


def _encoded(events: list[MeetingEventView]) -> bytes:
    return b"".join(
        b"id: %d\nevent: %s\ndata: %s\n\n" % (e.id, e.type.encode(), msgspec.json.encode(e)) for e in events
    )


class _Follower:
    def __init__(self, last: int) -> None:
        self.last = last
        self.waiting: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=READER_BACKLOG)

    def give(self, chunk: bytes, last: int) -> None:
        try:
            self.waiting.put_nowait(chunk)
            self.last = last
        except asyncio.QueueFull:  # a client that does not read: it reconnects from its last event
            self.end()

    def end(self) -> None:
        with contextlib.suppress(asyncio.QueueFull):
            self.waiting.put_nowait(None)


class MeetingFanout:
    """The followers of one meeting in this worker, and the one task reading its new events for all of them."""

    def __init__(
        self,
        plugin: ChannelsPlugin,
        store: Store,
        actor: Actor | None,
        key: tuple[str, int, int],
        done: Callable[[], object],
    ) -> None:
        self.plugin, self.store, self.actor, self.done = plugin, store, actor, done
        self.slug, self.number, self.process_id = key
        self.followers: set[_Follower] = set()
        self.woken = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    def join(self, follower: _Follower) -> None:
        self.followers.add(follower)
        self.woken.set()
        if self.task is None:
            self.task = asyncio.create_task(self._run())

    def leave(self, follower: _Follower) -> None:
        self.followers.discard(follower)
        if not self.followers:
            self.woken.set()

    async def _run(self) -> None:
        listener = asyncio.create_task(self._listen())
        try:
            while self.followers:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.woken.wait(), CHECK_SECONDS)
                if not self.followers:
                    break
                await asyncio.sleep(GATHER_SECONDS)
                self.woken.clear()
                await self._read()
        except Exception:
            log.exception("the live events of meeting %s of %s stopped", self.number, self.slug)
        finally:
            listener.cancel()
            self.done()
            for follower in self.followers:
                follower.end()

    async def _listen(self) -> None:
        while True:
            try:
                async with self.plugin.start_subscription([channel(self.process_id)]) as subscriber:
                    self.woken.set()
                    async for _ in subscriber.iter_events():
                        self.woken.set()
            except Exception:
                log.warning("listening for meeting %s of %s failed", self.number, self.slug, exc_info=True)
            await asyncio.sleep(LISTEN_AGAIN_SECONDS)

    def _events(self, after: int) -> list[MeetingEventView]:
        # Read as the system: who may follow was checked when each stream started.
        return meetings.meeting_events(self.store, None, self.slug, self.number, after, system=True)

    async def _read(self) -> None:
        followers = list(self.followers)
        if not followers:
            return
        after = min(f.last for f in followers)
        try:
            events = await anyio.to_thread.run_sync(self._events, after)
        except Exception:
            log.exception("reading the events of meeting %s of %s failed", self.number, self.slug)
            await asyncio.sleep(1)
            self.woken.set()
            return
        if not events:
            return
        chunks: dict[int, bytes] = {}  # per place in the stream, made once
        for follower in followers:
            new = [e for e in events if e.id > follower.last]
            if new:
                if follower.last not in chunks:
                    chunks[follower.last] = _encoded(new)
                follower.give(chunks[follower.last], new[-1].id)
        if len(events) >= meetings.events.BATCH:
            self.woken.set()


def meeting_stream(
    app: Litestar, store: Store, actor: Actor | None, slug: str, number: int, process_id: int, after: int, who: str
) -> Stream:
    plugin = app.plugins.get(ChannelsPlugin)
    ends = time.monotonic() + app.state.settings.stream_seconds

    async def _messages() -> AsyncIterator[bytes]:
        yield b"retry: 1000\n\n"
        fanouts: dict[tuple[str, int, int], MeetingFanout] = app.state.setdefault("meeting_fanouts", {})
        key = (slug, number, process_id)
        fanout = fanouts.get(key)
        if fanout is None:
            fanout = fanouts[key] = MeetingFanout(plugin, store, actor, key, partial(fanouts.pop, key, None))
        follower = _Follower(after)
        fanout.join(follower)
        metrics.stream_opened()
        try:
            while (left := ends - time.monotonic()) > 0:
                try:
                    async with asyncio.timeout(min(CHECK_SECONDS, left)):
                        chunk = await follower.waiting.get()
                except TimeoutError:
                    yield b": still here\n\n"
                    continue
                if chunk is None:
                    return
                yield chunk
        finally:
            fanout.leave(follower)
            metrics.stream_closed()

    return held_stream(app, who, _messages)
