"""Live events: after a write commits, its process's listeners are woken through Litestar's
channels (in memory for one worker, Redis for several); each `/events` stream then reads from the
store what it has not sent yet. A wake-up carries no data: losing one delays an event until the
next one (or the periodic check), never loses it, and a reconnection resumes from Last-Event-ID."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

import anyio
import msgspec
from litestar import Litestar
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.base import ChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from litestar.response import ServerSentEvent, ServerSentEventMessage

from ..services import comments
from ..services.actor import Actor
from ..services.unit import Store
from ..settings import Settings

CHECK_SECONDS = 10.0  # without a wake-up, a stream looks for new events (and keeps the connection) this often
GATHER_SECONDS = 0.05  # after a wake-up, let a burst of writes land before reading them all at once


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


def announcer(app: Litestar, store: Store) -> Callable[[], None]:
    """On startup: announce each commit's new activity to its process's channel (from any thread)."""

    def start() -> None:
        loop = asyncio.get_running_loop()
        plugin = app.plugins.get(ChannelsPlugin)

        def announce(rows: list[tuple[int | None, int]]) -> None:
            for process_id in {p for p, _ in rows if p is not None}:
                loop.call_soon_threadsafe(plugin.publish, b"1", [channel(process_id)])

        store.on_activity.append(announce)

    return start


def event_stream(app: Litestar, store: Store, actor: Actor | None, slug: str, process_id: int, after: int) -> ServerSentEvent:
    plugin = app.plugins.get(ChannelsPlugin)
    ends = time.monotonic() + app.state.settings.stream_seconds

    async def messages() -> AsyncIterator[ServerSentEventMessage]:
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

    return ServerSentEvent(messages(), headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
