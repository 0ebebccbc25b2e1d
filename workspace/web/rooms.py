"""Shared rooms live in a worker: the WebSocket of each writer (Yjs's sync and awareness protocol, as y-websocket
speaks it), the room's document as kept, and the tasks that keep, relay and commit.

An update a writer sends is kept in the store (services.rooms.keep) before it enters the room's document and is
relayed: to the writers on this worker, and through the channels (Redis) to the other workers' writers of the room. A
worker also catches up from the store every CATCH_UP_SECONDS (an update relayed while its subscription was down), and
looks every CATCH_UP_SECONDS whether the paragraph changed outside the room: a commit takes that change in. A room
commits QUIET_SECONDS after the last update this worker kept, and when its last writer here leaves.

Close codes (the reason says why, in the writer's language): 4401 sign in first, 4403 not yours to write, 4404 no
such paragraph (or process: an outsider learns nothing more), 4422 a language refused, 4429 too many rooms open by
one person, 4409 the room's life you hold is over: reload the paragraph (never merged)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import anyio
import msgspec
from litestar import Litestar, WebSocket
from litestar.channels import ChannelsPlugin
from litestar.exceptions import WebSocketDisconnect
from pycrdt import (
    Doc,
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    read_message,
    write_message,
)

from .. import i18n
from ..domain.errors import N_, AccordError, Forbidden, InvalidInput, NotAuthenticated, NotFound, TooMany
from ..domain.presence import Heartbeat, Where
from ..domain.rooms import (
    EMPTY_UPDATE,
    QUIET_SECONDS,
    Joining,
    admits,
    awareness_clients,
    awareness_gone,
    missing,
)
from ..services import accounts, presence, rooms
from ..services.actor import Actor
from ..services.unit import Store

log = logging.getLogger("accord.rooms")

CATCH_UP_SECONDS = 2.0
HEARTBEAT_SECONDS = 20.0  # the writer's presence (editing, at this paragraph), as a page's heartbeat
TICK_SECONDS = 0.1
BUSY_COMMIT_SECONDS = 10.0  # a room typed in without a pause commits at least this often
KEEP_AT_ONCE = 256  # updates kept in one transaction, at most
SEND_BACKLOG = 512  # messages a writer's connection may have waiting before it is closed (too slow to follow)
STALE = 4409
SEATS_PER_PERSON = 32  # one person's connections to one worker's rooms (a page joins one per paragraph it writes)


CODES: list[tuple[type[AccordError], int]] = [
    (NotAuthenticated, 4401),
    (Forbidden, 4403),
    (NotFound, 4404),
    (InvalidInput, 4422),
    (TooMany, 4429),
]


def close_code(error: AccordError) -> int:
    return next((code for kind, code in CODES if isinstance(error, kind)), 4400)


@dataclass(frozen=True)
class Close:
    """What ends a writer's connection, in its outbox: the close code, and the reason."""

    code: int
    reason: str = ""


@dataclass(eq=False)
class Seat:
    """One writer's connection: who, in which language they read, and what is waiting to be sent to them."""

    socket: WebSocket[Any, Any, Any]
    actor: Actor
    locale: str
    notes: bool  # our editor's JSON notes (the room's life, a commit, a refusal) as text messages
    outbox: asyncio.Queue[bytes | str | Close] = field(default_factory=lambda: asyncio.Queue(SEND_BACKLOG))
    awareness: dict[int, int] = field(default_factory=dict)  # the Yjs clients it spoke for, with their clocks
    last_awareness: bytes = b""

    def send(self, message: bytes | str | Close) -> None:
        try:
            self.outbox.put_nowait(message)
        except asyncio.QueueFull:  # too slow to follow the room: it reconnects, and syncs again
            while not self.outbox.empty():
                self.outbox.get_nowait()
            self.outbox.put_nowait(Close(1013))

    def note(self, **note: Any) -> None:
        if self.notes:
            self.send(msgspec.json.encode(note).decode())

    def said(self, error: AccordError) -> str:
        with i18n.locale_scope(self.locale):
            return error.render(i18n.translate)


def channel(room_id: int) -> str:
    return f"room:{room_id}"


class LiveRoom:
    """A room as one worker holds it: the document as kept, its writers here, and its tasks."""

    def __init__(self, app: Litestar, opened: rooms.Opened, done: Callable[[], None]) -> None:
        self.app, self.store, self.done = app, app.state.db, done
        self.room_id, self.epoch, self.revision, self.lang = opened.room_id, opened.epoch, opened.revision, opened.lang
        self.doc: Doc[Any] = Doc()
        self.doc.apply_update(opened.state)
        self.seats: set[Seat] = set()
        self.inbox: asyncio.Queue[tuple[bytes, Seat]] = asyncio.Queue()
        self.me = secrets.token_bytes(8)  # this worker's mark on what it publishes: not heard back
        self.typed_at: float | None = None  # when this worker last kept an update not committed yet
        self.pending_since: float | None = None  # when the first of those was kept
        self.ended = False
        self.tasks = [asyncio.create_task(task()) for task in (self._keeper, self._listener, self._ticker)]

    @property
    def plugin(self) -> ChannelsPlugin:
        return self.app.plugins.get(ChannelsPlugin)

    def join(self, seat: Seat) -> None:
        self.seats.add(seat)
        for other in self.seats:
            if other.last_awareness and other is not seat:
                seat.send(other.last_awareness)

    async def leave(self, seat: Seat) -> None:
        self.seats.discard(seat)
        if seat.awareness:
            self._relay(awareness_gone(seat.awareness), b"A", None)
        if not self.seats and not self.ended:
            self.ended = True
            await self._drain()
            await self._commit()
            self.close()

    def close(self, code: int | None = None, error: AccordError | None = None) -> None:
        self.ended = True
        for task in self.tasks:
            task.cancel()
        for seat in list(self.seats):
            seat.send(Close(code or 1000, seat.said(error)[:120] if error is not None else ""))
        self.done()

    # What the writers send

    def heard(self, seat: Seat, message: bytes) -> None:
        """A message of a writer: sync, an update (to keep), or awareness (relayed at once: a cursor is no text).
        NotYjs for what is none of these (what could not be read would break the others' documents if relayed)."""
        try:
            if message[:1] == bytes([YMessageType.AWARENESS]):
                seat.awareness.update(awareness_clients(message))
                seat.last_awareness = message
                self._relay(message, b"A", seat)
                return
            if message[:1] != bytes([YMessageType.SYNC]) or len(message) < 2:
                raise NotYjs
            kind, body = message[1], message[2:]
            if kind == YSyncMessageType.SYNC_STEP1:
                reply = write_message(self.doc.get_update(read_message(body)))
                seat.send(bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP2]) + reply)
            elif kind in (YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE):
                update = read_message(body)
                if update != EMPTY_UPDATE:
                    Doc().apply_update(update)  # read once apart: what cannot be read is never kept
                    self.inbox.put_nowait((update, seat))
            else:
                raise NotYjs
        except (ValueError, IndexError, RuntimeError, AssertionError, UnicodeDecodeError) as unreadable:
            raise NotYjs from unreadable

    async def _keeper(self) -> None:
        """Keep what writers sent (many at once), then apply and relay it."""
        while True:
            batch = [await self.inbox.get()]
            while not self.inbox.empty() and len(batch) < KEEP_AT_ONCE:
                batch.append(self.inbox.get_nowait())
            await self._keep(batch)

    async def _drain(self) -> None:
        batch = []
        while not self.inbox.empty():
            batch.append(self.inbox.get_nowait())
        if batch:
            await self._keep(batch)

    async def _keep(self, batch: list[tuple[bytes, Seat]]) -> None:
        updates = [(update, seat.actor.id) for update, seat in batch]
        try:
            kept = await anyio.to_thread.run_sync(rooms.keep, self.store, self.room_id, self.epoch, updates)
        except Exception:  # not kept: never relayed; the writers' Yjs sends it again when it syncs (reconnecting)
            log.exception("keeping the updates of room %s failed", self.room_id)
            for seat in {seat for _, seat in batch}:
                seat.send(Close(1011))
            return
        if not kept.alive:
            self.close(STALE, _ENDED)
            return
        self.typed_at = time.monotonic()
        if self.pending_since is None:
            self.pending_since = self.typed_at
        for update, seat in batch:
            if seat.actor.id in kept.refused:  # taken off the committee meanwhile: shown out, nothing of it relayed
                seat.send(Close(4403, seat.said(rooms.no_longer_writes(self.lang))[:120]))
                continue
            self.doc.apply_update(update)
            self._relay(create_update_message(update), b"U", seat)

    def _relay(self, message: bytes, kind: bytes, sender: Seat | None) -> None:
        """To the writers here (not back to its sender) and, through the channel, to the other workers'."""
        for seat in self.seats:
            if seat is not sender:
                seat.send(message)
        self.plugin.publish(kind + self.me + message, [channel(self.room_id)])

    # What the other workers relay

    async def _listener(self) -> None:
        while True:
            try:
                async with self.plugin.start_subscription([channel(self.room_id)]) as subscriber:
                    async for data in subscriber.iter_events():
                        self._from_worker(data)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("listening to room %s failed", self.room_id, exc_info=True)
            await asyncio.sleep(1)

    def _from_worker(self, data: bytes) -> None:
        kind, mark, message = data[:1], data[1:9], data[9:]
        if mark == self.me:
            return
        if kind == b"E":  # the room's life ended on another worker
            self.close(STALE, _ENDED)
            return
        if kind == b"U":
            self.doc.apply_update(read_message(message[2:]))
        for seat in self.seats:
            seat.send(message)

    # Commits, catching up, and the paragraph changed outside

    async def _ticker(self) -> None:
        caught_up = time.monotonic()
        while True:
            await asyncio.sleep(TICK_SECONDS)
            now = time.monotonic()
            quiet = self.typed_at is not None and now - self.typed_at >= QUIET_SECONDS and self.inbox.empty()
            if quiet or (self.pending_since is not None and now - self.pending_since >= BUSY_COMMIT_SECONDS):
                await self._commit()
            if now - caught_up >= CATCH_UP_SECONDS:
                caught_up = now
                await self._catch_up()

    async def _commit(self) -> None:
        self.typed_at = self.pending_since = None
        try:
            done = await anyio.to_thread.run_sync(rooms.commit, self.store, self.room_id)
        except Exception:
            log.exception("committing room %s failed", self.room_id)
            self.typed_at = time.monotonic()  # tried again after the next quiet
            return
        self._committed(done)

    def _committed(self, done: rooms.Committed) -> None:
        if done.revision is None:  # the paragraph was deleted: nothing more to write it to
            self.close(4404, NotFound(N_("This paragraph was deleted from the working draft.")))
            return
        if done.absorbed is not None:
            self.doc.apply_update(done.absorbed)
            self._relay(create_update_message(done.absorbed), b"U", None)
        self.revision = done.revision
        for seat in self.seats:
            if done.source is not None:  # an edition's source changed: what is typed now translates the new one
                seat.note(source={"revision": done.source, "said": seat.said(rooms.SOURCE_CHANGED)})
            if done.refused is not None:
                seat.note(refused=seat.said(done.refused))
            elif done.written or done.absorbed is not None:
                seat.note(committed={"revision": done.revision, "written": done.written})

    async def _catch_up(self) -> None:
        try:
            kept = await anyio.to_thread.run_sync(rooms.room_state, self.store, self.room_id)
            moved = await anyio.to_thread.run_sync(rooms.moved, self.store, self.room_id)
        except Exception:
            log.warning("catching up room %s failed", self.room_id, exc_info=True)
            return
        if kept is None or kept[0] != self.epoch:
            self.close(STALE, _ENDED)
            return
        lacking = missing(self.doc.get_state(), kept[1])
        if lacking != EMPTY_UPDATE:
            self.doc.apply_update(lacking)
            message = create_update_message(lacking)
            for seat in self.seats:
                seat.send(message)
        if moved:
            await self._commit()


class NotYjs(ValueError):
    """A message a room cannot read: no Yjs sync or awareness message, or one whose update is not one."""


MAX_MESSAGE = 1_048_576  # bytes: a paragraph's whole room is a few kilobytes; a pasted long text, tens
_NOT_YJS = InvalidInput(N_("This connection sent something that is not a message of the shared editing."))
_ENDED = InvalidInput(N_("This paragraph's shared editing was closed and opened again: it is reloaded as it is now."))


class Rooms:
    """The rooms this worker holds, by their number."""

    def __init__(self) -> None:
        self.live: dict[int, LiveRoom] = {}
        self.lock = asyncio.Lock()
        self.held: Counter[int] = Counter()

    async def enter(self, app: Litestar, opened: rooms.Opened) -> LiveRoom:
        async with self.lock:
            room = self.live.get(opened.room_id)
            if room is None or room.ended or room.epoch != opened.epoch:
                if room is not None and not room.ended:
                    room.close(STALE, _ENDED)
                room = LiveRoom(app, opened, lambda: self._gone(opened.room_id))
                self.live[opened.room_id] = room
            return room

    def _gone(self, room_id: int) -> None:
        room = self.live.get(room_id)
        if room is not None and room.ended:
            del self.live[room_id]


def open_rooms(app: Litestar) -> None:
    """On startup: the worker's rooms (none yet)."""
    app.state.rooms = Rooms()


def _writer(socket: WebSocket[Any, Any, Any], store: Store, slug: str) -> Actor:
    """Who opens the room: the bearer token's person, or the browser session's when the page is this site's own
    (a WebSocket is no form: another site's page could open one with the browser's cookie)."""
    auth = socket.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        actor = accounts.actor_for_token(store, auth[7:].strip(), slug)
    else:
        origin = socket.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != socket.headers.get("host"):
            raise Forbidden(N_("A room is opened from Accord's own pages."))
        from .context import SIGN_IN

        session = socket.app.state.sessions.read_now(socket)
        actor = None
        if SIGN_IN in session:
            actor = accounts.actor_for_sign_in(store, int(session.get("user_id", 0)), str(session[SIGN_IN]), slug)
    if actor is None:
        raise NotAuthenticated(N_("Please sign in first."))
    return actor


async def serve(socket: WebSocket[Any, Any, Any], slug: str, eid: str) -> None:
    """A writer's connection to paragraph `eid`'s room (`lang`: the edition; `epoch`: the room's life its document
    holds; `notes`: our editor's JSON notes)."""
    app, store = socket.app, socket.app.state.db
    await socket.accept()
    locale = i18n.negotiate(socket.headers.get("accept-language"), None, None, app.state.settings.default_locale)
    params = socket.query_params
    lang, epoch = params.get("lang") or None, params.get("epoch") or None
    held = app.state.rooms.held  # each person's connections to this worker's rooms
    try:
        actor = await anyio.to_thread.run_sync(_writer, socket, store, slug)
        locale = actor.locale or locale
        if held[actor.id] >= SEATS_PER_PERSON:
            raise TooMany(N_("You have too many paragraphs open together: close some of them first."), 60)
        opened = await anyio.to_thread.run_sync(rooms.open_room, store, actor, slug, eid, lang)
    except AccordError as error:
        with i18n.locale_scope(locale):
            await socket.close(close_code(error), error.render(i18n.translate)[:120])
        return
    seat = Seat(socket, actor, locale, params.get("notes") == "1")
    if epoch is not None and epoch != opened.epoch:  # refused before the room is held here: it never lacks a writer
        await socket.close(STALE, seat.said(_ENDED)[:120])
        return
    room = await app.state.rooms.enter(app, opened)
    held[actor.id] += 1
    room.join(seat)
    seat.note(room={"epoch": room.epoch, "revision": room.revision})
    seat.send(create_sync_message(room.doc))
    sender = asyncio.create_task(_send(seat))
    beating = asyncio.create_task(_beat(app, store, actor, slug, eid, room.lang, params.get("page") == "1"))
    try:
        await _receive(seat, room, Joining(epoch))
    finally:
        beating.cancel()
        sender.cancel()
        held[actor.id] -= 1
        await room.leave(seat)


async def _receive(seat: Seat, room: LiveRoom, joining: Joining) -> None:
    """The writer's messages into the room. Until its document is vetted (its sync step 1: it holds nothing from
    another life of the room), nothing it sends is taken, unless it named the room's present life. What is no Yjs
    message, or larger than a room takes, closes the connection (the room goes on for the others)."""
    vetted = joining.epoch is not None
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        while not room.ended:
            event = await seat.socket.receive()
            if event["type"] == "websocket.disconnect":
                return
            message = event.get("bytes")
            if not isinstance(message, bytes) or not message:
                await seat.socket.close(4400, seat.said(_NOT_YJS)[:120])
                return
            if len(message) > MAX_MESSAGE:
                await seat.socket.close(1009, "")
                return
            if message[:2] == bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP1]) and not vetted:
                with contextlib.suppress(ValueError, IndexError):
                    vetted = admits(joining, room.epoch, read_message(message[2:]), room.doc.get_update())
            if not vetted and message[:1] == bytes([YMessageType.SYNC]):
                await seat.socket.close(STALE, seat.said(_ENDED)[:120])
                return
            try:
                room.heard(seat, message)
            except NotYjs:
                await seat.socket.close(4400, seat.said(_NOT_YJS)[:120])
                return


async def _send(seat: Seat) -> None:
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        while True:
            message = await seat.outbox.get()
            if isinstance(message, Close):
                await seat.socket.close(message.code, message.reason)
                return
            if isinstance(message, str):
                await seat.socket.send_text(message)
            else:
                await seat.socket.send_bytes(message)


async def _beat(app: Litestar, store: Store, actor: Actor, slug: str, eid: str, lang: str, page: bool) -> None:
    """The writer's presence while connected: editing this paragraph (in the draft, or an edition), as a page's
    heartbeat says."""
    beat = Heartbeat(where=Where(draft=True, eid=eid, lang=lang or None), editing=True)
    while not page:  # Accord's own pages say where their writer is themselves (reading, or typing)
        with contextlib.suppress(AccordError):
            app.state.tell_presence(await anyio.to_thread.run_sync(presence.arrived, store, actor, slug, beat))
        await asyncio.sleep(HEARTBEAT_SECONDS)
