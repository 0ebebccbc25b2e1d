"""Live events: after a write commits, its process's listeners are woken through Litestar's
channels (in memory for one worker, Redis for several); each `/events` stream then reads from the
store what it has not sent yet. A wake-up carries no data: losing one delays an event until the
next one (or the periodic check), never loses it, and a reconnection resumes from Last-Event-ID.
Events are numbered per process (ids are global, and their gaps would tell of other processes), and
for those who are not the committee, in a numbering that skips the committee's own entries."""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
import time
import weakref
from collections import Counter
from collections.abc import AsyncIterator, Callable

import anyio
import msgspec
from litestar import Litestar
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.base import ChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from litestar.response import ServerSentEvent, ServerSentEventMessage

from ..domain.errors import N_, BadRequest, TooMany
from ..services import comments
from ..services.actor import Actor
from ..services.unit import Store
from ..settings import Settings

MAX_EVENT = 2**31 - 1  # events are numbered in INTEGER columns (per process: `seq`, `shared_seq`)
EVENT_NUMBER = re.compile(r"[0-9]{1,10}")
CHECK_SECONDS = 10.0  # without a wake-up, a stream looks for new events (and keeps the connection) this often
GATHER_SECONDS = 0.05  # after a wake-up, let a burst of writes land before reading them all at once
# Streams one person (or, signed out, one address) may hold open in a worker process: a tab per process
# and a few more; each open stream costs a connection and a read after every write of its process.
STREAMS_PER_PERSON = 8


def resume_from(last_event_id: str | None, after: int | None) -> int | None:
    """Where a stream starts: after the event a reconnecting browser got last (`Last-Event-ID`, the
    number it was sent), else after `after`, else None (from now on). A value this server cannot have
    sent is refused (400) rather than taken for a fresh stream, which would silently skip events."""
    value = (last_event_id or "").strip()
    name, chosen = ("after", after) if not value else ("Last-Event-ID", None)
    if value and EVENT_NUMBER.fullmatch(value):
        chosen = int(value)
    if (value and chosen is None) or (chosen is not None and not 0 <= chosen <= MAX_EVENT):
        raise BadRequest(N_("{name} must be the number of an event of this stream, from 0 to {limit}."), name=name,
                         limit=MAX_EVENT, detail={"field": name})
    return chosen


def channel(process_id: int) -> str:
    return f"process:{process_id}"


def channels_plugin(settings: Settings) -> ChannelsPlugin:
    backend: ChannelsBackend
    if settings.redis_url:
        from redis.asyncio import Redis

        backend = RedisChannelsPubSubBackend(redis=Redis.from_url(settings.redis_url), key_prefix="ACCORD")
    else:
        backend = MemoryChannelsBackend()
    return ChannelsPlugin(backend=backend, arbitrary_channels_allowed=True, subscriber_max_backlog=100,
                          subscriber_backlog_strategy="dropleft")


def announcer(app: Litestar) -> None:
    """On startup: announce each commit's new activity to its process's channel (from any thread)."""
    loop = asyncio.get_running_loop()
    plugin = app.plugins.get(ChannelsPlugin)

    def announce(rows: list[tuple[int | None, int]]) -> None:
        if loop.is_closed():  # a run of the app that ended (tests run one app several times)
            return
        for process_id in {p for p, _ in rows if p is not None}:
            loop.call_soon_threadsafe(plugin.publish, b"1", [channel(process_id)])

    app.state.db.on_activity.append(announce)


class StreamSlots:
    """How many streams each person holds open in this worker: one more than STREAMS_PER_PERSON is refused
    (429) before it starts, and a slot is given back when its stream ends however it ends."""

    def __init__(self, limit: int = STREAMS_PER_PERSON) -> None:
        self.limit = limit
        self.held: Counter[str] = Counter()
        self.lock = threading.Lock()  # a slot may be given back by the garbage collector, from any thread

    def take(self, who: str) -> Callable[[], None]:
        with self.lock:
            if self.held[who] >= self.limit:
                raise TooMany(N_("You have {count} live streams open already (the most one person may): close a tab or window "
                                 "following a process, then try again."), retry_after=CHECK_SECONDS_INT, count=self.limit)
            self.held[who] += 1
        given_back = False

        def give_back() -> None:
            nonlocal given_back
            with self.lock:
                if not given_back:
                    given_back = True
                    self.held[who] -= 1
                    if self.held[who] <= 0:
                        del self.held[who]
        return give_back


CHECK_SECONDS_INT = int(CHECK_SECONDS)


def event_stream(app: Litestar, store: Store, actor: Actor | None, slug: str, process_id: int, after: int,
                 who: str) -> ServerSentEvent:
    plugin = app.plugins.get(ChannelsPlugin)
    ends = time.monotonic() + app.state.settings.stream_seconds
    slots: StreamSlots = app.state.setdefault("stream_slots", StreamSlots())
    give_back = slots.take(who)

    async def messages() -> AsyncIterator[ServerSentEventMessage]:
        try:
            async for message in _messages():
                yield message
        finally:
            give_back()

    async def _messages() -> AsyncIterator[ServerSentEventMessage]:
        yield ServerSentEventMessage(retry=1000)  # reconnect after a second when the stream ends
        woken = asyncio.Event()
        async with plugin.start_subscription([channel(process_id)]) as subscriber:

            async def listen() -> None:
                async for _ in subscriber.iter_events():
                    woken.set()

            listener = asyncio.create_task(listen())
            try:
                last = after
                while True:
                    batch = await anyio.to_thread.run_sync(comments.events_after, store, actor, slug, last)
                    for event in batch.events:
                        yield ServerSentEventMessage(data=msgspec.json.encode(event).decode(), event=event.type, id=str(event.id))
                    last = batch.last
                    if batch.more:
                        continue
                    if time.monotonic() >= ends:
                        return  # the client reconnects with Last-Event-ID
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(woken.wait(), CHECK_SECONDS)
                    if not woken.is_set():
                        yield ServerSentEventMessage(comment="still here")
                        continue
                    await asyncio.sleep(GATHER_SECONDS)
                    woken.clear()
            finally:
                listener.cancel()

    stream = messages()
    weakref.finalize(stream, give_back)  # a stream never started (its client gone first) gives its slot back too
    return ServerSentEvent(stream, headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
