"""A worker's fan-out of a process's live events, on both backends: after a wake-up, one read serves every
stream of the process (a query per audience, not a transaction per stream); each stream gets what its
reader may see, from where it stands; one who leaves the process has their streams ended."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import anyio
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend

from tests.integration.services.declaration.test_declaration import ZERO
from workspace.domain.comments.comment_commands import OpenThread
from workspace.domain.declaration.declaration_commands import EditParagraph, ImportVersion
from workspace.services import comments, processes
from workspace.services.comments import events as event_service
from workspace.services.declaration import draft
from workspace.services.declaration import importing as version_import
from workspace.web import live

P = "kutahya"
STREAMS = 8  # of each of three people: as many as a person may hold


async def taken(reader: live.Reader, timeout: float = 10) -> list | None:
    """The next batch of events handed to `reader` (its unread notices passed over), or None once it is ended."""
    while True:
        got = await asyncio.wait_for(reader.waiting.get(), timeout)
        if not isinstance(got, bytes):
            return got


def test_one_read_serves_every_stream_and_each_gets_what_its_reader_may_see(store, people, monkeypatch):
    version_import.import_version(store, people.committee, P, ImportVersion(filename="zero.md", text=ZERO))
    reads: list[int] = []

    def counted(*args):
        reads.append(len(args[2]))
        return event_service.events_for(*args)

    monkeypatch.setattr(live.comments, "events_for", counted)

    async def scenario() -> None:
        plugin = ChannelsPlugin(backend=MemoryChannelsBackend(), arbitrary_channels_allowed=True)
        async with plugin:
            process_id, member_start = comments.stream_of(store, people.member, P)
            _, committee_start = comments.stream_of(store, people.committee, P)
            ended = asyncio.Event()
            fanout = live.Fanout(plugin, store, P, process_id, ended.set)
            members = [live.Reader(people.member, member_start) for _ in range(STREAMS)]
            observers = [live.Reader(people.observer, member_start) for _ in range(STREAMS)]
            committee = [live.Reader(people.committee, committee_start) for _ in range(STREAMS)]
            everyone = members + observers + committee
            # The first read, for readers that may be behind: one that is (a step back in the committee's
            # numbering) must get the event it missed, in the same read as the others, who get nothing new.
            assert committee_start >= 1  # the version's import
            behind = live.Reader(people.committee, committee_start - 1)
            for reader in [*everyone, behind]:
                fanout.join(reader)
            assert [e.id for e in await taken(behind)] == [committee_start]
            fanout.leave(behind)
            # In that same read, each stream was told its reader's unread count (the zero draft's news, for all but
            # the committee that circulated it), and nothing else.
            assert reads[0] == 3 * STREAMS + 1
            assert all(r.waiting.get_nowait() == live.unread_notice(0 if r in committee else 1, "en") for r in everyone)
            assert all(r.waiting.empty() for r in everyone)
            reads.clear()

            async def wrote(action) -> None:
                await anyio.to_thread.run_sync(action)
                await plugin.wait_published(b"1", [live.channel(process_id)])

            # The committee edits the working draft (its own), then a member opens a thread (everyone's).
            paragraph = draft.get_draft_paragraph(store, people.committee, P, "op_1")
            await wrote(
                lambda: draft.edit_paragraph(
                    store,
                    people.committee,
                    P,
                    "op_1",
                    EditParagraph(
                        base_revision=paragraph.revision,
                        text="Nos comprometemos a fortalecer decididamente la gobernanza multinivel.",
                    ),
                )
            )
            await wrote(
                lambda: comments.open_thread(
                    store, people.member, P, OpenThread(version="1", eid="op_2", body="¿Qué financiación local?")
                )
            )
            got = {id(r): [] for r in everyone}
            while any(not [e for e in got[id(r)] if e.type == "thread"] for r in everyone):
                for reader in everyone:
                    while not reader.waiting.empty():
                        got[id(reader)] += await taken(reader)
                await asyncio.sleep(0.05)
            assert len(reads) <= 2 and all(n == 3 * STREAMS for n in reads)  # one read per wake-up, for all 24 streams
            for reader in committee:
                assert [e.verb for e in got[id(reader)]] == ["paragraph.edited", "thread.opened"]
            for reader in members + observers:
                assert [e.verb for e in got[id(reader)]] == [
                    "thread.opened"
                ]  # the committee's draft edit is not theirs
                assert got[id(reader)][0].id == member_start + 1  # their own numbering: no gap tells of it
            assert len({e.id for r in committee for e in got[id(r)]}) == 2

            # The observer leaves the process: their streams end; the others go on.
            await wrote(lambda: processes.remove_member(store, people.committee, P, "observer@example.org"))
            for reader in observers:
                while await taken(reader) is not None:  # a last event may come first; then the end
                    pass
            for reader in members:
                assert reader.waiting.empty() or (await taken(reader)) is not None

            for reader in everyone:
                fanout.leave(reader)
            await asyncio.wait_for(ended.wait(), 2)  # its task ends with its last reader

    # In a thread of its own: a browser test before it in this process leaves Playwright's loop running in this one.
    with ThreadPoolExecutor(1) as own:
        own.submit(asyncio.run, scenario()).result()


def test_a_stream_whose_client_does_not_read_is_ended_where_it_stood():
    from datetime import UTC, datetime

    from workspace.services.actor import Actor
    from workspace.services.comments.views import EventView

    def batch(n: int) -> list[EventView]:
        return [
            EventView(
                id=n,
                type="comment",
                verb="comment.added",
                subject="thread:1",
                actor=None,
                data={},
                at=datetime.now(UTC),
            )
        ]

    reader = live.Reader(Actor(id=1, email="a@example.org", name="A", is_admin=False), 0)
    for n in range(1, live.READER_BACKLOG + 1):
        reader.give(batch(n))
    assert not reader.ended and reader.last == live.READER_BACKLOG
    reader.give(batch(live.READER_BACKLOG + 1))  # one more than it may have waiting
    assert reader.ended and reader.last == live.READER_BACKLOG  # it resumes from there when its client comes back


def test_a_fanout_whose_subscription_fails_reads_on_and_listens_again(store, people, monkeypatch):
    """Its channel's subscription fails (Redis lost, or slower than its timeout on a busy machine): its streams still
    get the events, read at each check, then at once when it has subscribed again. Its task died with the error: its
    streams got nothing, ever, and nothing was logged; the worker's later streams of the process joined it."""
    version_import.import_version(store, people.committee, P, ImportVersion(filename="zero.md", text=ZERO))
    monkeypatch.setattr(live, "CHECK_SECONDS", 0.5)
    monkeypatch.setattr(live, "LISTEN_AGAIN_SECONDS", 0.1)

    class Lost(MemoryChannelsBackend):
        failures = 1

        async def subscribe(self, channels):
            if self.failures:
                self.failures -= 1
                raise ConnectionError("Redis lost")
            await super().subscribe(channels)

    async def scenario() -> None:
        plugin = ChannelsPlugin(backend=Lost(), arbitrary_channels_allowed=True)
        async with plugin:
            process_id, start = comments.stream_of(store, people.member, P)
            fanout = live.Fanout(plugin, store, P, process_id, lambda: None)
            readers = [live.Reader(people.member, start) for _ in range(3)]
            for reader in readers:
                fanout.join(reader)
            for n in range(2):  # one found at a check, or once listening again; the next when it is announced
                command = OpenThread(version="1", eid=f"op_{n + 1}", body=f"¿Pregunta {n}?")
                await anyio.to_thread.run_sync(comments.open_thread, store, people.member, P, command)
                await plugin.wait_published(b"1", [live.channel(process_id)])
                for reader in readers:
                    assert [e.verb for e in await taken(reader, 5)] == ["thread.opened"]
            assert plugin._backend.failures == 0  # it did fail
            for reader in readers:
                fanout.leave(reader)

    with ThreadPoolExecutor(1) as own:
        own.submit(asyncio.run, scenario()).result()


def test_announcements_go_on_after_redis_fails_a_publish_and_a_read(monkeypatch):
    """Redis fails once as a worker announces a write and once as it reads announcements (restarted, or slower than
    its timeout on a busy machine): the next announcements still go out and come in. Litestar's channels ended the
    task that publishes (or reads) at the first error: the worker announced nothing again (heard nothing), and its
    streams waited for their check, every ten seconds, from then on."""
    from redis.exceptions import ConnectionError as RedisDown

    from tests import needs
    from tests.web.live.test_live_events import REDIS
    from workspace.settings import Settings

    needs.redis_server(REDIS)
    monkeypatch.setattr(live, "LISTEN_AGAIN_SECONDS", 0.05)

    def failing_once(call):
        failed = []

        async def once(*args, **kwargs):
            if not failed:
                failed.append(True)
                raise RedisDown("Redis lost")
            return await call(*args, **kwargs)

        return once, failed

    async def scenario() -> None:
        plugin = live.channels_plugin(Settings.from_env({}, redis_url=REDIS))
        async with plugin:
            backend = plugin._backend
            name = live.channel(10**9 + os.getpid())  # no other test's
            subscriber = await plugin.subscribe([name])
            backend._publish_script, published = failing_once(backend._publish_script)
            plugin.publish(b"1", [name])  # lost: a wake-up costs nothing but time
            plugin.publish(b"1", [name])
            assert await asyncio.wait_for(anext(subscriber.iter_events()), 5) == b"1"
            assert published
            backend._pub_sub.get_message, read = failing_once(backend._pub_sub.get_message)
            while not read:
                await asyncio.sleep(0.01)
            plugin.publish(b"2", [name])
            assert await asyncio.wait_for(anext(subscriber.iter_events()), 5) == b"2"
            await plugin.unsubscribe(subscriber)

    with ThreadPoolExecutor(1) as own:
        own.submit(asyncio.run, asyncio.wait_for(scenario(), 30)).result()  # a plugin whose publisher died never stops
