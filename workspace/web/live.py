"""Live events: after a write commits, its process's listeners are woken through Litestar's
channels (in memory for one worker, Redis for several); the worker's fan-out of that process then
reads from the store what its streams have not sent yet, once for all of them (a query per audience),
and hands each stream its part. A wake-up carries no data: losing one delays an event until the next
one (or the check every CHECK_SECONDS), never loses it, and a reconnection resumes from Last-Event-ID.
Events are numbered per process (ids are global, and their gaps would tell of other processes), and
for those who are not the committee, in a numbering that skips the committee's own entries.

A stream also tells its reader their inbox's unread count (`unread`, no id: it is no event of the process), when it
starts and whenever it changes: the fan-out reads it for all its readers in one statement, after events that write
to inboxes (replies, resolutions, reopenings, mentions, decisions, versions, publications) and every CHECK_SECONDS (an
inbox read in another tab, a reply in another process); the page's header shows it (static/accord/). The inbox's own
page follows a stream of its own (live_inbox.py).

A stream asked for without a number starts after the last event recorded before its request arrived (`noting_arrival`),
not after the last one when the server got round to it: under load a request waits seconds for its turn (a thread, a
connection: 30 to 60 s in a burst of streams, tests/web/live/test_live_crowd.py), and a decision made meanwhile was
never sent to the streams that had asked for it before."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
import time
import weakref
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import anyio
import msgspec
from litestar import Litestar
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.base import ChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from litestar.response import Stream
from litestar.types import ASGIApp, Receive, Scope, Send
from redis.exceptions import RedisError

from .. import i18n, metrics
from ..domain.errors import N_, NN_, BadRequest, TooMany
from ..domain.presence import Seen, may_see
from ..services import comments, presence, unread
from ..services.actor import Actor
from ..services.comments.events import Audience
from ..services.comments.views import EventBatch, EventView
from ..services.inbox_news import INBOX_VERBS
from ..services.unit import Store
from ..settings import Settings
from ..worker.announce import channel
from .http import AnyRequest
from .inbox_link import inbox_words

MAX_EVENT = 2**31 - 1  # events are numbered in INTEGER columns (per process: `seq`, `shared_seq`)
EVENT_NUMBER = re.compile(r"[0-9]{1,10}")
ARRIVED = "accord_arrived"  # a request's state: when an events request reached the app (`noting_arrival`)
CHECK_SECONDS = 10.0  # without a wake-up, a stream looks for new events (and keeps the connection) this often
LISTEN_AGAIN_SECONDS = 1.0  # after a subscription to a process's announcements failed
GATHER_SECONDS = 0.05  # after a wake-up, let a burst of writes land before reading them all at once
# A busy process's streams are read for and written to at most this often: with 1,000 streams open and ten
# comments a second, a read and a write to every stream after each wake-up (up to twenty a second) kept the event
# loops busy, and the comments' answers waited behind them (their p99 1.2 s -> 0.6-0.7 s, the GC pauses aside).
READ_EVERY_SECONDS = 0.2
# Streams one person (or, signed out, one address) may hold open in a worker process: a tab per process
# and a few more; each open stream costs a connection and a read after every write of its process.
STREAMS_PER_PERSON = 8
READER_BACKLOG = 64  # batches of events a stream may have waiting to be sent before it is ended
# The entries that write to inboxes (services/comments/threads.py `_notify`, services/inbox_news.py):
# after one, readers' counts are read again.
NOTIFYING = frozenset({"comment.added", "thread.resolved", "thread.reopened"}) | INBOX_VERBS

log = logging.getLogger("accord.live")


def resume_from(last_event_id: str | None, after: int | None) -> int | None:
    """Where a stream starts: after the event a reconnecting browser got last (`Last-Event-ID`, the
    number it was sent), else after `after`, else None (from now on). A value this server cannot have
    sent is refused (400) rather than taken for a fresh stream, which would silently skip events."""
    value = (last_event_id or "").strip()
    name, chosen = ("after", after) if not value else ("Last-Event-ID", None)
    if value and EVENT_NUMBER.fullmatch(value):
        chosen = int(value)
    if (value and chosen is None) or (chosen is not None and not 0 <= chosen <= MAX_EVENT):
        raise BadRequest(
            N_("{name} must be the number of an event of this stream, from 0 to {limit}."),
            name=name,
            limit=MAX_EVENT,
            detail={"field": name},
        )
    return chosen


def noting_arrival(app: ASGIApp) -> ASGIApp:
    """The events route's middleware: when its request arrived, before it waits its turn for anything."""

    async def noted(scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("state", {})[ARRIVED] = datetime.now(UTC)
        metrics.stream_asked()
        await app(scope, receive, send)

    return noted


def arrival(request: AnyRequest) -> datetime:
    """When the events request arrived: a stream without a number starts after the last event recorded before."""
    arrived: datetime = request.state[ARRIVED]
    return arrived


class SteadyRedisBackend(RedisChannelsPubSubBackend):
    """Litestar's Redis backend, going on after Redis fails (restarted, or slower than its timeout on a busy machine):
    an announcement that fails is logged and lost (a wake-up costs nothing but time), a read that fails is logged and
    tried again. In Litestar's, the error ended the plugin's task that publishes (or reads): the worker announced
    (heard) nothing again, its streams waited for their check from then on, and the plugin never stopped."""

    async def publish(self, data: bytes, channels: Iterable[str]) -> None:
        try:
            await super().publish(data, channels)
        except (RedisError, OSError):
            log.warning("announcing on %s failed", ", ".join(channels), exc_info=True)

    async def stream_events(self) -> AsyncGenerator[tuple[str, Any], None]:
        while True:
            try:
                async for event in super().stream_events():
                    yield event
            except (RedisError, OSError):
                log.warning("hearing announcements failed", exc_info=True)
                await asyncio.sleep(LISTEN_AGAIN_SECONDS)


def channels_plugin(settings: Settings) -> ChannelsPlugin:
    backend: ChannelsBackend
    if settings.redis_url:
        from redis.asyncio import Redis

        backend = SteadyRedisBackend(redis=Redis.from_url(settings.redis_url), key_prefix="ACCORD")
    else:
        backend = MemoryChannelsBackend()
    return ChannelsPlugin(
        backend=backend,
        arbitrary_channels_allowed=True,
        subscriber_max_backlog=100,
        subscriber_backlog_strategy="dropleft",
    )


PRESENCE = b"P"
"""What starts a presence on a process's channel (its JSON after): told to the readers who may see it, never stored."""
PRESENCE_EVERY_SECONDS = 0.5  # presences heard meanwhile are handed to the streams at once


def presence_teller(app: Litestar) -> None:
    """On startup: `app.state.tell_presence(told)` tells a heartbeat's news on its process's channel (from any
    thread; through Redis to every worker)."""
    loop = asyncio.get_running_loop()
    plugin = app.plugins.get(ChannelsPlugin)

    def tell(told: presence.Told) -> None:
        if told.told and not loop.is_closed():
            data = PRESENCE + msgspec.json.encode(told.told)
            loop.call_soon_threadsafe(plugin.publish, data, [channel(told.process_id)])

    app.state.tell_presence = tell


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
                raise TooMany(
                    NN_(
                        "You have {count} live stream open already (the most one person may): close a tab or window "
                        "following a process, then try again.",
                        "You have {count} live streams open already (the most one person may): close a tab or window "
                        "following a process, then try again.",
                        "count",
                    ),
                    retry_after=CHECK_SECONDS_INT,
                    count=self.limit,
                )
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


def encoded(event: EventView) -> bytes:
    """An event as the stream sends it (`id`, `event`, `data`: its JSON has no line break)."""
    # enc_hook: a name that is words to say rather than a plain string (domain.people.FormerMember), as it reads now
    return b"id: %d\nevent: %s\ndata: %s\n\n" % (
        event.id,
        event.type.encode(),
        msgspec.json.encode(event, enc_hook=str),
    )


class Batch(list[EventView]):
    """Events handed to a stream at once, with their bytes: sent in one write (a write per event and stream
    was most of a worker's time with 500 streams open), encoded once for every stream of the same audience."""

    def __init__(self, events: list[EventView], chunks: dict[int, bytes] | None = None) -> None:
        super().__init__(events)
        chunks = chunks or {}
        self.chunk = b"".join(chunks.get(e.id) or encoded(e) for e in events)


def unread_notice(count: int, locale: str) -> bytes:
    """The reader's unread count as the stream sends it, with the header link's words in the reader's language."""
    with i18n.locale_scope(locale):
        text, label = inbox_words(count)
    return b"event: unread\ndata: %s\n\n" % msgspec.json.encode({"unread": count, "text": text, "label": label})


class Reader:
    """One stream's place in its process's fan-out: who reads (in which language), the last event it was given,
    the unread count it was told (None: not yet), what waits to be sent."""

    def __init__(self, actor: Actor, last: int, locale: str = "en") -> None:
        self.actor, self.last, self.locale = actor, last, locale
        self.unread: int | None = None
        self.sight: presence.Sight | None = None  # what it may see of presence: read again with its events
        self.waiting: asyncio.Queue[Batch | bytes | None] = asyncio.Queue(maxsize=READER_BACKLOG)
        self.ended = False

    def give(self, events: list[EventView]) -> None:
        try:
            self.waiting.put_nowait(events if isinstance(events, Batch) else Batch(events))
            self.last = events[-1].id
        except asyncio.QueueFull:  # a client that does not read: it reconnects from its last event and misses nothing
            self.end()

    def tell(self, unread: int, notices: dict[tuple[int, str], bytes]) -> None:
        """The reader's unread count, if it is not the one they were told (`notices`: made once per read)."""
        if unread == self.unread or self.ended:
            return
        key = (unread, self.locale)
        if key not in notices:
            notices[key] = unread_notice(unread, self.locale)
        try:
            self.waiting.put_nowait(notices[key])
            self.unread = unread
        except asyncio.QueueFull:
            self.end()

    def tell_bytes(self, chunk: bytes) -> None:
        if chunk:
            try:
                self.waiting.put_nowait(chunk)
            except asyncio.QueueFull:
                self.end()

    def end(self) -> None:
        self.ended = True
        with contextlib.suppress(asyncio.QueueFull):
            self.waiting.put_nowait(None)


class Fanout:
    """The streams of one process in this worker and the one task that reads its new events for all of them:
    after a wake-up, a query per audience (`comments.events_for`), not a transaction per stream."""

    def __init__(
        self, plugin: ChannelsPlugin, store: Store, slug: str, process_id: int, done: Callable[[], object]
    ) -> None:
        self.plugin, self.store, self.slug, self.process_id, self.done = plugin, store, slug, process_id, done
        self.readers: set[Reader] = set()
        self.counted = -CHECK_SECONDS  # when the readers' unread counts were last read (time.monotonic)
        self.woken = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.presences: list[tuple[Seen, str | None, bytes]] = []  # (seen by, edition, message) not yet handed

    def join(self, reader: Reader) -> None:
        self.readers.add(reader)
        self.woken.set()  # a new reader may be behind (Last-Event-ID): read for it at once
        if self.task is None:
            self.task = asyncio.create_task(self._run())

    def leave(self, reader: Reader) -> None:
        self.readers.discard(reader)
        if not self.readers:
            self.woken.set()  # the task ends now, not at its next check

    async def _run(self) -> None:
        listener = asyncio.create_task(self._listen())
        try:
            last_read = -READ_EVERY_SECONDS
            while self.readers:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.woken.wait(), CHECK_SECONDS)
                if not self.readers:
                    break
                await asyncio.sleep(max(GATHER_SECONDS, last_read + READ_EVERY_SECONDS - time.monotonic()))
                self.woken.clear()
                last_read = time.monotonic()
                await self._read()
        except Exception:  # never silently: its readers are ended below, and come back from where they were
            log.exception("the live events of %s stopped", self.slug)
        finally:
            listener.cancel()
            self.done()  # no await since the last check: no reader joined in between
            for reader in self.readers:
                reader.end()

    async def _listen(self) -> None:
        """Wake the fan-out at each announcement of its process. A subscription that fails (Redis lost, or slower than
        its timeout on a busy machine) is tried again after LISTEN_AGAIN_SECONDS, the readers read at each check
        meanwhile: it was the fan-out's task that failed, and its streams, and the worker's later streams of the
        process, got nothing more, with nothing logged."""
        while True:
            try:
                async with self.plugin.start_subscription([channel(self.process_id)]) as subscriber:
                    self.woken.set()  # what was announced before the subscription is read now
                    async for data in subscriber.iter_events():
                        if data.startswith(PRESENCE):
                            self._heard(data)
                        else:
                            self.woken.set()
            except Exception:
                log.warning("listening for the live events of %s failed", self.slug, exc_info=True)
            await asyncio.sleep(LISTEN_AGAIN_SECONDS)

    def _heard(self, data: bytes) -> None:
        if not self.presences:
            asyncio.get_running_loop().call_later(PRESENCE_EVERY_SECONDS, self._hand_presences)
        for seen, lang, view in msgspec.json.decode(data[len(PRESENCE) :]):
            self.presences.append((Seen(seen), lang, b"event: presence\ndata: %s\n\n" % msgspec.json.encode(view)))

    def _hand_presences(self) -> None:
        """The presences heard to each reader who may see them (one write each); a reader whose sight is not read
        yet is new, and starts from the list its page asked for."""
        heard, self.presences = self.presences, []
        for reader in list(self.readers):
            if reader.sight is not None and not reader.ended:
                sight = reader.sight
                chunk = b"".join(m for seen, lang, m in heard if may_see(seen, lang, sight.committee, sight.languages))
                reader.tell_bytes(chunk)

    def _reads(
        self, readers: list[Reader], count: bool
    ) -> tuple[list[Audience | None], dict[Audience, EventBatch], dict[int, int] | None]:
        """The readers' new events, and their unread counts when `count` or when an event wrote to inboxes."""
        audiences, batches = comments.events_for(self.store, self.slug, [(r.actor, r.last) for r in readers])
        # Read at each read (one statement): a reader no longer of the committee sees no more of the draft's presence.
        sights = presence.sights(self.store, self.process_id, [r.actor for r in readers])
        for reader in readers:
            reader.sight = sights.get(reader.actor.id)
        if count or any(e.verb in NOTIFYING for batch in batches.values() for e in batch.events):
            return audiences, batches, unread.unread_counts(self.store, {r.actor.id for r in readers})
        return audiences, batches, None

    async def _read(self) -> None:
        readers = list(self.readers)
        now = time.monotonic()
        count = now - self.counted >= CHECK_SECONDS or any(r.unread is None for r in readers)
        try:
            audiences, batches, counts = await anyio.to_thread.run_sync(self._reads, readers, count)
        except Exception:  # a busy or lost database: try again shortly, the readers keep their place
            log.exception("reading the events of %s failed", self.slug)
            await asyncio.sleep(1)
            self.woken.set()
            return
        if counts is not None:
            self.counted = now
        notices: dict[tuple[int, str], bytes] = {}  # each count's notice in each language, made once
        batch_of = _Batches()
        for reader, seen_by in zip(readers, audiences, strict=True):
            if reader.ended:
                continue
            if seen_by is None:
                reader.end()  # no longer in the process
                continue
            batch = batches[seen_by]
            if (given := batch_of(seen_by, batch, reader.last)) is not None:
                reader.give(given)
            if counts is not None:
                reader.tell(counts.get(reader.actor.id, 0), notices)
            if batch.more:
                self.woken.set()


class _Batches:
    """Readers of one audience at the same place are handed the same batch, made once: most of a process's streams
    are (made per stream, the batches took a tenth of a worker's time with 500 streams open)."""

    def __init__(self) -> None:
        self.chunks: dict[Audience, dict[int, bytes]] = {}
        self.made: dict[tuple[Audience, int], Batch | None] = {}

    def __call__(self, seen_by: Audience, batch: EventBatch, last: int) -> Batch | None:
        """The events of `batch` after `last`, None when there are none."""
        place = (seen_by, last)
        if place not in self.made:
            new = [e for e in batch.events if e.id > last]
            if new and seen_by not in self.chunks:
                self.chunks[seen_by] = {e.id: encoded(e) for e in batch.events}
            self.made[place] = Batch(new, self.chunks[seen_by]) if new else None
        return self.made[place]


def held_stream(app: Litestar, who: str, messages: Callable[[], AsyncIterator[bytes]]) -> Stream:
    """The event stream of `messages()`, held in one of `who`'s slots (StreamSlots: one too many is 429 before it
    starts), the slot given back however the stream ends, or if it never starts (its client gone first)."""
    slots: StreamSlots = app.state.setdefault("stream_slots", StreamSlots())
    give_back = slots.take(who)

    async def held() -> AsyncIterator[bytes]:
        try:
            async for message in messages():
                yield message
        finally:
            give_back()

    stream = held()
    weakref.finalize(stream, give_back)
    return Stream(
        stream, media_type="text/event-stream", headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )


def event_stream(
    app: Litestar, store: Store, actor: Actor | None, slug: str, process_id: int, after: int, who: str
) -> Stream:
    plugin = app.plugins.get(ChannelsPlugin)
    ends = time.monotonic() + app.state.settings.stream_seconds
    locale = i18n.get_locale()  # the reader's, for the words of their unread count

    async def _messages() -> AsyncIterator[bytes]:
        yield b"retry: 1000\n\n"  # reconnect after a second when the stream ends
        assert actor is not None  # a stream is opened by someone signed in
        fanouts: dict[int, Fanout] = app.state.setdefault("fanouts", {})
        fanout = fanouts.get(process_id)
        if fanout is None:
            fanout = fanouts[process_id] = Fanout(
                plugin, store, slug, process_id, partial(fanouts.pop, process_id, None)
            )
        reader = Reader(actor, after, locale)
        fanout.join(reader)
        metrics.stream_opened()
        try:
            while (left := ends - time.monotonic()) > 0:
                try:
                    async with asyncio.timeout(min(CHECK_SECONDS, left)):  # no task of its own, as wait_for makes
                        events = await reader.waiting.get()
                except TimeoutError:
                    yield b": still here\n\n"
                    continue
                if events is None:
                    return  # ended by the fan-out; the client reconnects with Last-Event-ID
                yield events if isinstance(events, bytes) else events.chunk
                if reader.ended:
                    return
        finally:
            fanout.leave(reader)
            metrics.stream_closed()

    return held_stream(app, who, _messages)
