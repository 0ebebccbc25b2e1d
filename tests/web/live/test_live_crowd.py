"""A room of event streams on one worker, on both backends, its pool the default's (ACCORD_THREADS connections and
ten more): hundreds of streams, with API tokens and with the browser's session, asked for in one go (tests/sse.py).

- A stream costs no connection: each is answered at once, and each gets every event of its process. (Who asks was
  read in the request's transaction, then where the stream starts in a transaction of its own, each in a thread of
  the same pool: in a burst, every thread waited for a connection held by a request waiting for a thread, and the
  streams were answered 500 after 30 s.)
- A stream gets every event recorded after its request arrived, however long the request then waited for its turn (a
  thread, a connection). Its starting point was the latest event when the server got round to reading it, seconds
  later under load (30 to 60 s in the burst above): a decision made meanwhile was before it, and the stream, asked
  for before the decision, never sent it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import PASSWORD, join, make_people
from tests.e2e.server import running_server, session_headers
from tests.integration.services.declaration.test_declaration import ZERO
from tests.sse import Connection
from workspace.domain.comments.comment_commands import OpenThread
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.services import accounts, comments
from workspace.services.actor import Actor
from workspace.services.declaration import importing
from workspace.store.db import make_store

SLUG = "kutahya"
EVENTS = f"/api/processes/{SLUG}/events"
PER_PERSON = 8  # the streams one person may hold in a worker
PEOPLE, SIGNED_IN = 40, 4  # members with a token each for each test; the first SIGNED_IN also stream with a session
STREAMS = PEOPLE * PER_PERSON  # 320, of which 16 with a session
WAVES = 3  # of PEOPLE // WAVES * PER_PERSON streams (104) asked while an event is recorded
METRICS = "crowd-metrics-token-0123456789"  # the server's /metrics: how many stream requests it has noted
SOON = 20.0  # seconds: far below the 30 s a request waited for a connection of a pool that streams held


@dataclass
class Room:
    url: str
    database: str
    members: list[Actor]  # 2 * PEOPLE members: the first PEOPLE for one test, the others for the next
    tokens: list[str]  # their API tokens
    browsers: list[dict[str, str]]  # the Cookie headers of the first SIGNED_IN members' browsers


@pytest.fixture(scope="module")
def room(module_db_url, tmp_path_factory) -> Iterator[Room]:
    """One server (one worker) for the module: the process with a version and 2 * PEOPLE members with a token each."""
    from tests.integration.support import QUICK_HASHER

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
        store = make_store(module_db_url)
        try:
            people = make_people(store, SLUG)
            importing.import_version(store, people.committee, SLUG, ImportVersion(filename="zero.md", text=ZERO))
            members = [
                join(store, people.committee, SLUG, f"delegate{n}@example.org", "member") for n in range(2 * PEOPLE)
            ]
            tokens = [accounts.create_token(store, person, "screen").token for person in members]
        finally:
            store.dispose()
        # The streams look for events every second, not ten: they find those the test records itself at once.
        folder = tmp_path_factory.mktemp("crowd")
        with running_server(
            folder, module_db_url, ACCORD_TEST_STREAM_CHECK_SECONDS="1", ACCORD_METRICS_TOKEN=METRICS
        ) as server:
            browsers = [session_headers(server.url, person.email, PASSWORD) for person in members[:SIGNED_IN]]
            yield Room(server.url, module_db_url, members, tokens, browsers)


def open_thread(url: str, token: str, n: int) -> str:
    """A thread opened on the version over HTTP (an event every member reads): its event's subject."""
    answer = httpx.post(
        f"{url}/api/processes/{SLUG}/threads",
        headers={"Authorization": f"Bearer {token}"},
        json={"version": "1", "eid": "op_1", "quote": None, "body": f"¿Quién financia la parte {n}?"},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    return f"thread:{answer.json()['id']}"


async def until_heard(streams: list[Connection], wanted: list[set[str]]) -> None:
    deadline = time.monotonic() + SOON
    while any(not want <= s.heard.keys() for s, want in zip(streams, wanted, strict=True)):
        if time.monotonic() > deadline:
            return
        await asyncio.sleep(0.05)


async def at_once(room: Room) -> dict:
    """STREAMS streams asked for in one go (tests/sse.py); once all are answered, three threads opened; what each
    stream got."""
    streams = await asyncio.gather(*(Connection.to(room.url) for _ in range(STREAMS)))
    began = time.monotonic()
    for n, stream in enumerate(streams):
        person, copy = divmod(n, PER_PERSON)
        headers = {"Authorization": f"Bearer {room.tokens[person]}"}
        if person < SIGNED_IN and copy % 2:  # half of theirs as a page asks: with the session's cookie
            headers = room.browsers[person]
        stream.ask("GET", EVENTS, headers)
    listening = [asyncio.create_task(stream.listen()) for stream in streams]
    await asyncio.wait([asyncio.create_task(s.answered.wait()) for s in streams], timeout=45)
    posted: set[str] = set()
    if all(s.status == 200 for s in streams):
        for n in range(3):  # by three people: a person's threads have a pace
            posted.add(await asyncio.to_thread(open_thread, room.url, room.tokens[n], n))
        await until_heard(streams, [posted] * STREAMS)
    for task in listening:
        task.cancel()
    for stream in streams:
        stream.close()
    await asyncio.gather(*listening, return_exceptions=True)
    return {
        "statuses": sorted({s.status for s in streams}),
        "slowest": round(max(s.answered_at or time.monotonic() for s in streams) - began, 1),
        "short": sum(not posted <= s.heard.keys() for s in streams) if posted else None,
        "orders": {tuple(s.heard) for s in streams},  # in the order they came
    }


async def asked(url: str) -> int:
    """How many stream requests the server has noted on their arrival (`accord_event_streams_asked`)."""
    async with httpx.AsyncClient(timeout=60) as client:
        answer = await client.get(f"{url}/metrics", headers={"Authorization": f"Bearer {METRICS}"})
    assert answer.status_code == 200, answer.text
    counts = [
        sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
        if sample.name == "accord_event_streams_asked_total"
    ]
    assert len(counts) == 1, answer.text
    return int(counts[0])


async def until_noted(url: str, count: int) -> None:
    deadline = time.monotonic() + SOON
    while await asked(url) < count:
        assert time.monotonic() < deadline, f"the server noted fewer than {count} stream requests in {SOON} s"
        await asyncio.sleep(0.05)


def run(scenario: Any) -> Any:
    """In a thread of its own: a browser test before it in this process may leave a loop running in this one."""
    with ThreadPoolExecutor(1) as own:
        return own.submit(asyncio.run, scenario).result()


def test_hundreds_of_streams_on_one_worker_hold_no_connection_and_each_gets_every_event(room):
    found = run(at_once(room))
    assert found["statuses"] == [200], found
    assert found["slowest"] < SOON, found
    assert found["short"] == 0, found  # every stream got the three threads
    assert len(found["orders"]) == 1, found  # in the same order, each once


async def in_waves(room: Room) -> dict:
    """WAVES waves of streams, each asked for in one go (tests/sse.py); in each, once the server has noted every
    request of the wave (its metrics count them on arrival) and answered one, a thread opened (by the test itself, at
    once: over HTTP it waited its turn behind the streams) while the server answers the others. Every stream kept
    open; what each got of the threads opened after it was asked for. (Taking a wave's requests as noted once one of
    them was answered, a starved server proved it wrong: a stream read after the thread was recorded missed it.)"""
    people, tokens = room.members[PEOPLE:], room.tokens[PEOPLE:]
    size = PEOPLE // WAVES
    store = make_store(room.database)
    streams: list[Connection] = []
    asked_in: list[int] = []  # the wave each stream was asked for in
    listening = []
    opened: list[str] = []
    noted = await asked(room.url)
    try:
        for wave in range(WAVES):
            new = await asyncio.gather(*(Connection.to(room.url) for _ in range(size * PER_PERSON)))
            for n, stream in enumerate(new):
                stream.ask("GET", EVENTS, {"Authorization": f"Bearer {tokens[wave * size + n // PER_PERSON]}"})
            listening += [asyncio.create_task(stream.listen()) for stream in new]
            noted += len(new)
            await until_noted(room.url, noted)
            await asyncio.wait([asyncio.create_task(s.answered.wait()) for s in new], return_when="FIRST_COMPLETED")
            command = OpenThread(version="1", eid="op_1", body=f"¿Y la parte {wave}?")
            made = await asyncio.to_thread(comments.open_thread, store, people[wave * size], SLUG, command)
            opened.append(f"thread:{made.id}")
            streams += new
            asked_in += [wave] * len(new)
    finally:
        store.dispose()
    # A stream asked for before a thread was must send it, whenever the server answered it.
    wanted = [set(opened[wave:]) for wave in asked_in]
    await until_heard(streams, wanted)
    for task in listening:
        task.cancel()
    for stream in streams:
        stream.close()
    await asyncio.gather(*listening, return_exceptions=True)
    return {
        "statuses": sorted({s.status for s in streams}),
        "missed": [
            sum(1 for s, first in zip(streams, asked_in, strict=True) if first <= wave and thread not in s.heard)
            for wave, thread in enumerate(opened)
        ],
    }


def test_a_stream_gets_every_event_recorded_after_its_request_arrived_however_long_it_waited(room):
    found = run(in_waves(room))
    assert found["statuses"] == [200], found
    assert found["missed"] == [0] * WAVES, found
