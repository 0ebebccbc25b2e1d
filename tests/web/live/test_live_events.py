"""Live events over real HTTP: a listener of `/events` receives threads and comments as they are
posted, resumes from Last-Event-ID without losing any, and two server processes sharing Redis and one
database deliver to each other's listeners. Outsiders learn nothing. `accord serve` itself is the server that is
told to stop (its grace is the command's)."""

from __future__ import annotations

import html
import http.client
import json
import os
import queue
import re
import signal
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests import needs
from tests.e2e.server import COMMITTEE, PASSWORD, demo_store, running_server, session_headers
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store

SLUG = "kutahya-2021"
EVENTS = f"/api/processes/{SLUG}/events"
REDIS = "redis://127.0.0.1:6379/0"


def redis_or_skip() -> None:
    needs.redis_server(REDIS)


def token(url: str, email: str) -> dict[str, str]:
    answer = httpx.post(
        f"{url}/api/auth/token", json={"email": email, "password": PASSWORD, "name": "live"}, timeout=30
    )
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


@contextmanager
def listening(url: str, headers: dict[str, str], path: str = EVENTS, **extra: str) -> Iterator[queue.Queue]:
    """A background SSE reader of `path`: each event as {"id", "event", "data"} in the queue. On the way out its
    connection is shut, as a browser closing the page shuts it: the server sees the stream end at once, not at its
    next line."""
    events: queue.Queue = queue.Queue()
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=60)
    connection.request("GET", path, headers={**headers, **extra})
    sock = connection.sock
    response = connection.getresponse()
    assert response.status == 200, response.read()

    def read() -> None:
        current: dict[str, str] = {}
        with suppress(OSError, http.client.HTTPException, ValueError):  # shut: the test is over
            for raw in response:
                line = raw.decode().rstrip("\r\n")
                if not line:
                    if "data" in current:
                        events.put(current)
                    current = {}
                elif not line.startswith(":"):
                    key, _, value = line.partition(":")
                    current[key] = value.removeprefix(" ")

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield events
    finally:
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        reader.join(10)
        connection.close()


def next_of(events: queue.Queue, kind: str, timeout: float = 20) -> dict:
    while True:
        event = events.get(timeout=timeout)
        if event.get("event") == kind:
            return {**event, "data": json.loads(event["data"])}


def open_thread(url: str, headers: dict[str, str], body: str) -> dict:
    answer = httpx.post(
        f"{url}/api/processes/{SLUG}/threads",
        headers=headers,
        timeout=30,
        json={"version": "Rev.1", "eid": "op_1", "quote": None, "body": body},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.fixture
def demo(tmp_path):
    url = demo_store(tmp_path)
    store = make_store(url)
    accounts.set_password(store, SYSTEM, "miembro@demo.accord", PASSWORD)
    accounts.add_user(store, SYSTEM, "ajena@example.org", "Ajena", PASSWORD)
    store.dispose()
    return url


def test_a_listener_gets_each_event_and_resumes_without_losing_any(tmp_path, demo):
    with running_server(tmp_path, demo) as server:
        member, committee = token(server.url, "miembro@demo.accord"), token(server.url, COMMITTEE)
        with listening(server.url, member) as events:
            made = open_thread(server.url, member, "¿Qué es la gobernanza multinivel?")
            seen = next_of(events, "thread")
            assert seen["data"]["subject"] == f"thread:{made['id']}" and seen["data"]["data"]["eid"] == "op_1"
            reply = httpx.post(
                f"{server.url}/api/processes/{SLUG}/threads/{made['id']}/comments",
                headers=committee,
                json={"body": "La de todos los niveles."},
                timeout=30,
            )
            assert reply.status_code == 201
            comment = next_of(events, "comment")
            assert int(comment["id"]) > int(seen["id"])
        # Gone a while: three more events happen; coming back with the last id it saw, it gets them all.
        for n in range(3):
            httpx.post(
                f"{server.url}/api/processes/{SLUG}/threads/{made['id']}/comments",
                headers=committee,
                json={"body": f"Más {n}."},
                timeout=30,
            )
        with listening(server.url, member, **{"Last-Event-ID": comment["id"]}) as events:
            missed = [next_of(events, "comment") for _ in range(3)]
            assert [int(e["id"]) for e in missed] == sorted(int(e["id"]) for e in missed)
            assert int(missed[0]["id"]) > int(comment["id"])

        # A page's stream starts where the page was read: a thread opened while the page loads reaches it (from the
        # request's arrival, as an API client's stream without a number starts, it never would).
        browser = session_headers(server.url, "miembro@demo.accord")
        page = httpx.get(f"{server.url}/p/{SLUG}/threads", headers=browser, timeout=30)
        address = re.search(r'data-live="([^"]+)"', page.text)
        assert page.status_code == 200 and address is not None, page.text
        late = open_thread(server.url, committee, "¿Y mientras la página cargaba?")
        with listening(server.url, browser, path=html.unescape(address.group(1))) as events:
            assert next_of(events, "thread")["data"]["subject"] == f"thread:{late['id']}"


def test_an_outsider_learns_nothing_from_the_events(tmp_path, demo):
    with running_server(tmp_path, demo) as server:
        outsider = token(server.url, "ajena@example.org")
        real = httpx.get(f"{server.url}{EVENTS}", headers=outsider, timeout=30)
        missing = httpx.get(f"{server.url}/api/processes/no-such-process/events", headers=outsider, timeout=30)
        assert real.status_code == missing.status_code == 404
        assert real.text.replace(SLUG, "?") == missing.text.replace("no-such-process", "?")
        assert httpx.get(f"{server.url}{EVENTS}", timeout=30).status_code == 401


def test_a_person_holds_eight_streams_at_once_and_a_ninth_is_refused_until_one_closes(tmp_path, demo):
    with running_server(tmp_path, demo) as server:
        member, committee = token(server.url, "miembro@demo.accord"), token(server.url, COMMITTEE)
        with ExitStack() as held:
            for _ in range(8):
                held.enter_context(listening(server.url, member))
            refused = httpx.get(f"{server.url}{EVENTS}", headers={**member, "Accept-Language": "en"}, timeout=30)
            assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
            assert "8 live streams open already" in refused.json()["error"]
            with listening(server.url, committee) as theirs:  # someone else's streams are theirs to count
                open_thread(server.url, committee, "¿Seguimos?")
                assert next_of(theirs, "thread")["data"]["data"]["eid"] == "op_1"
        # The eight readers left: their slots come back.
        deadline = time.monotonic() + 20
        while True:
            with httpx.stream("GET", f"{server.url}{EVENTS}", headers=member, timeout=30) as again:
                if again.status_code == 200:
                    break
                assert again.status_code == 429 and time.monotonic() < deadline
            time.sleep(0.2)


def test_two_servers_sharing_redis_deliver_each_others_events(tmp_path, demo):
    redis_or_skip()
    with (
        # Forked from the test's zygote, as the other servers of the module: what is shared is the app's (Redis), and
        # two interpreters started cold cost five seconds of processor.
        running_server(tmp_path, demo, name="first", ACCORD_REDIS_URL=REDIS) as first,
        running_server(tmp_path, demo, name="second", ACCORD_REDIS_URL=REDIS) as second,
    ):
        listener = token(first.url, COMMITTEE)
        poster = token(second.url, "miembro@demo.accord")
        with listening(first.url, listener) as events:
            made = open_thread(second.url, poster, "Desde el otro servidor.")
            seen = next_of(events, "thread", timeout=5)  # well before the periodic check (10 s)
            assert seen["data"]["subject"] == f"thread:{made['id']}"


def stopped_within(pid: int, seconds: float) -> float | None:
    """How long process `pid` (a child of this test's) took to exit, or None if it still runs after `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return time.monotonic() - started
        if state == "Z":  # exited, not yet waited for by running_server
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def ended(url: str, path: str, headers: dict[str, str], opened: threading.Event) -> dict[str, object]:
    """A background reader of the stream at `path`: once it stops, {"clean": whether the response ended as a response
    ends (its last chunk sent), not cut}."""
    outcome: dict[str, object] = {}

    def read() -> None:
        try:
            with httpx.stream("GET", f"{url}{path}", headers=headers, timeout=60) as response:
                assert response.status_code == 200
                for _ in response.iter_raw():
                    opened.set()
            outcome["clean"] = True
        except httpx.HTTPError as cut:
            outcome["clean"] = f"cut: {cut!r}"

    outcome["thread"] = threading.Thread(target=read, daemon=True)
    outcome["thread"].start()  # type: ignore[attr-defined]
    return outcome


def test_a_server_told_to_stop_ends_its_event_streams_at_once_and_waits_only_for_requests(tmp_path, demo):
    """`accord serve` stopped (SIGTERM: a deployment, a restart) while streams are open (a process's events, an
    inbox) ends them as responses end, at once, and stops: not after the grace ACCORD_SHUTDOWN_SECONDS (10 s here,
    as by default), nor when the streams would end (ACCORD_STREAM_SECONDS, five minutes). Their browsers reconnect
    from their last event."""
    with running_server(tmp_path, demo, cli=True, ACCORD_SHUTDOWN_SECONDS="10") as server:
        committee, member = token(server.url, COMMITTEE), token(server.url, "miembro@demo.accord")
        streams = []
        for path, who in ((EVENTS, committee), (EVENTS, member), ("/api/inbox/events", member)):
            opened = threading.Event()
            streams.append(ended(server.url, path, who, opened))
            assert opened.wait(20), path
        os.kill(server.pid, signal.SIGTERM)
        took = stopped_within(server.pid, 15)
        for stream in streams:
            stream["thread"].join(5)  # type: ignore[attr-defined]
    assert took is not None and took < 5, took
    assert [stream.get("clean") for stream in streams] == [True, True, True]
