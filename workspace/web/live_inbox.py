"""The inbox's live stream: the page of someone's inbox learns of each new entry as it is written, and of its unread
count, without a reload (static/accord/live.js puts the new entries in).

An inbox gathers the news of every process its reader is in, so its stream listens to the announcements of each of
them (live.py: a commit that wrote activity of a process announces it on its channel; the inbox's entries are written
in that commit, services/inbox_news.py), and looks anyway every CHECK_SECONDS (a process it does not
listen to, an inbox read in another tab). A wake-up carries no data: the stream reads the entries after the last it
sent (`id`: a reconnection sends it back as Last-Event-ID and misses nothing), each sent as an `inbox` event."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator

import anyio
import msgspec
from litestar import Litestar
from litestar.channels import ChannelsPlugin
from litestar.response import Stream

from .. import i18n, metrics
from ..services import comments
from ..services.actor import Actor
from ..services.unit import Store
from ..worker.announce import channel
from . import live, stopping

log = logging.getLogger("accord.live")
VERB = "inbox.news"  # what live.js counts each event as ("2 new in your inbox"): live_words.py


def inbox_stream(app: Litestar, store: Store, actor: Actor, processes: list[int], after: int, who: str) -> Stream:
    """`actor`'s inbox as it changes, from the entry after `after`, woken by the announcements of `processes`."""
    plugin = app.plugins.get(ChannelsPlugin)
    ends = time.monotonic() + app.state.settings.stream_seconds
    locale = i18n.get_locale()  # the reader's, for the words of their unread count

    async def _messages() -> AsyncIterator[bytes]:
        yield b"retry: 1000\n\n"
        woken = asyncio.Event()
        listener = asyncio.create_task(_listen(plugin, processes, woken))
        last, told = after, None
        wakers: set[asyncio.Event] = app.state.setdefault(stopping.INBOX_WAKERS, set())
        wakers.add(woken)  # woken too when the server stops (web/stopping.py)
        metrics.stream_opened()
        try:
            while (left := ends - time.monotonic()) > 0 and not app.state.get(stopping.STOPPING):
                new, unread = await anyio.to_thread.run_sync(comments.inbox_since, store, actor, last)
                for entry in new:
                    yield b"id: %d\nevent: inbox\ndata: %s\n\n" % (
                        entry,
                        msgspec.json.encode({"id": entry, "verb": VERB}),
                    )
                    last = entry
                if unread != told:
                    yield live.unread_notice(unread, locale)
                    told = unread
                woken.clear()
                if app.state.get(stopping.STOPPING):  # asked while it read: its wake-up was just cleared
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(woken.wait(), min(live.CHECK_SECONDS, left))
                if app.state.get(stopping.STOPPING):
                    return
                if not woken.is_set():
                    yield b": still here\n\n"
                await asyncio.sleep(live.GATHER_SECONDS)  # a burst of writes: read once, after it
        finally:
            wakers.discard(woken)
            listener.cancel()
            metrics.stream_closed()

    return live.held_stream(app, who, _messages)


async def _listen(plugin: ChannelsPlugin, processes: list[int], woken: asyncio.Event) -> None:
    """Wake the stream at each announcement of one of `processes`; a subscription that fails is tried again (the
    stream looks every CHECK_SECONDS meanwhile)."""
    if not processes:
        return
    while True:
        try:
            async with plugin.start_subscription([channel(p) for p in processes]) as subscriber:
                woken.set()  # what was announced before the subscription is read now
                async for _ in subscriber.iter_events():
                    woken.set()
        except Exception:
            log.warning("listening for the news of an inbox failed", exc_info=True)
        await asyncio.sleep(live.LISTEN_AGAIN_SECONDS)
