"""A meeting survives its server's SIGKILL (issue 66), on both backends: four facilitators' clients move the pointer,
set lights, ask for and give the floor and type into the draft as fast as the server answers, while a delegate's
browser follows the meeting's events; the server is killed (no shutdown, no flush) and started again on the same
database. Every acknowledged write is in the room as it stands (GET …/room, …/floor, the draft) and in the meeting's
events, in the order it was acknowledged; a write in flight at the kill may or may not be there, but whole. The
follower resumes with Last-Event-ID and gets the rest: every event once, numbered without a gap."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests import loopback
from tests.conftest import make_people
from tests.integration.support import QUICK_HASHER
from tests.web.test_crash_safety import server_process
from workspace.services import accounts
from workspace.store.db import make_store

pytestmark = pytest.mark.backends_differ

WRITE_SECONDS = 2.5
ENOUGH = 5  # acknowledged writes of each kind before the kill, at least
EIDS = [f"op_{n}" for n in range(1, 7)]
DELEGATIONS = [f"D{n}" for n in range(1, 7)]
LIGHTS = ["green", "yellow", "red", "white"]
ZERO = "# Preámbulo {#hdg_1}\n\n" + "".join(
    f"{n}. Las ciudades intermedias acuerdan el punto {n}. {{#op_{n}}}\n" for n in range(1, 7)
)


@dataclass
class Writes:
    """One client's writes of one kind, in the order sent: what each said, and how many were acknowledged (the one
    after them may have been in flight at the kill)."""

    sent: list[Any] = field(default_factory=list)
    acked: int = 0

    def allowed(self, found: list[Any]) -> bool:
        """Whether `found` (what the store holds of these writes, in order) is every acknowledged one, and maybe the
        one in flight."""
        return found in (self.sent[: self.acked], self.sent[: self.acked + 1])

    def last(self, default: Any = None) -> list[Any]:
        """What the room may now hold of the last of these writes: the last acknowledged, or the one in flight."""
        return self.sent[max(0, self.acked - 1) : self.acked + 1] or [default]


def loop(url: str, token: str, stop: threading.Event, step: Callable[[httpx.Client, str, int], bool]) -> None:
    """Call `step` again and again until the server is gone or the test stops it."""
    with loopback.client(headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        n = 0
        while not stop.is_set():
            try:
                if step(client, f"{url}/api/processes/kutahya/meetings/1", n):
                    n += 1
            except httpx.HTTPError:
                return  # the server is gone: the write in flight may or may not have happened


def acknowledged(answer: httpx.Response, wanted: int) -> bool:
    """True for the acknowledgement; False for a busy server (the same request may succeed in a moment)."""
    if answer.status_code == 503:
        return False
    assert answer.status_code == wanted, answer.text
    return True


class Room:
    """The four kinds of writes a room makes, each from a client of its own."""

    def __init__(self, draft: dict[str, str]) -> None:
        self.pointer, self.lights, self.floor, self.typed = Writes(), Writes(), Writes(), Writes()
        self.revision = draft["revision"]
        self.text = draft["text"]

    def move(self, client: httpx.Client, room: str, n: int) -> bool:
        eid = EIDS[n % len(EIDS)]
        self.pointer.sent[self.pointer.acked :] = [eid]
        if not acknowledged(client.put(f"{room}/pointer", json={"eid": eid}), 200):
            return False
        self.pointer.acked += 1
        return True

    def light(self, client: httpx.Client, room: str, n: int) -> bool:
        lit = (EIDS[n % len(EIDS)], LIGHTS[n % len(LIGHTS)])
        self.lights.sent[self.lights.acked :] = [lit]
        if not acknowledged(client.put(f"{room}/lights/{lit[0]}", json={"light": lit[1]}), 200):
            return False
        self.lights.acked += 1
        return True

    def ask(self, client: httpx.Client, room: str, n: int) -> bool:
        """Ask for the floor for the next delegation, then give the floor to it (its turn ends the last speaker's):
        each delegation has spoken when its turn comes round again."""
        code = DELEGATIONS[n % len(DELEGATIONS)]
        self.floor.sent[self.floor.acked :] = [code]
        answer = client.post(f"{room}/floor", json={"delegation": code, "intent": "propose"})
        if not acknowledged(answer, 201):
            return False
        assert answer.json()["number"] == self.floor.acked + 1, answer.text  # numbered 1..n, no gap
        self.floor.acked += 1
        while not acknowledged(client.post(f"{room}/floor/next"), 200):
            time.sleep(0.05)
        return True

    def type(self, client: httpx.Client, room: str, n: int) -> bool:
        text = f"{self.text} [Propuesta {n}]"
        self.typed.sent[self.typed.acked :] = [text]
        answer = client.put(
            f"{room}/text/op_6", json={"text": text, "base_revision": self.revision, "delegation": "ARG"}
        )
        if not acknowledged(answer, 200):
            return False
        self.revision = answer.json()["revision"]
        self.typed.acked += 1
        return True


class Follower:
    """A delegate's browser following the meeting's events: what it got, each event once by its number."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.got: list[dict[str, Any]] = []

    @property
    def last(self) -> int:
        return self.got[-1]["id"] if self.got else 0

    def follow(self, url: str, until: int | None = None, stop: threading.Event | None = None) -> None:
        """Read the stream from the last event it had (Last-Event-ID) until the server goes, `stop`, or event
        `until`."""
        headers = {"Authorization": f"Bearer {self.token}", "Last-Event-ID": str(self.last)}
        fields: dict[str, str] = {}
        try:
            with (
                loopback.client(headers=headers, timeout=httpx.Timeout(10, read=15)) as client,
                client.stream("GET", f"{url}/api/processes/kutahya/meetings/1/events") as answer,
            ):
                assert answer.status_code == 200
                for line in answer.iter_lines():
                    if line:
                        name, _, value = line.partition(": ")
                        fields[name] = value
                        continue
                    if "id" in fields:
                        sent = json.loads(fields["data"])
                        assert sent["id"] == int(fields["id"]) and sent["type"] == fields["event"]
                        self.got.append(sent)
                    fields = {}
                    if (until is not None and self.last >= until) or (stop is not None and stop.is_set()):
                        return
        except httpx.HTTPError:
            return  # the server is gone: the browser reconnects from the last event it had


def lost(room: Room, standing: dict[str, Any], got: list[dict[str, Any]], typed_now: str) -> list[str]:
    """What the room as it stands (`standing`, the draft's op_6) and its events (`got`) lack of the acknowledged
    writes, in the order they were acknowledged; the one in flight at the kill may be there, whole."""
    of = {kind: [e["data"] for e in got if e["type"] == kind] for kind in {e["type"] for e in got}}
    problems = []
    if not room.pointer.allowed([d["eid"] for d in of.get("meeting.pointer", [])]):
        problems.append(f"pointer moves: {room.pointer.acked} acknowledged, events {of.get('meeting.pointer')}")
    if standing["meeting"]["pointer"]["eid"] not in room.pointer.last():
        problems.append(f"the room is on {standing['meeting']['pointer']}, last moved to {room.pointer.last()}")
    if not room.lights.allowed([(d["eid"], d["light"]) for d in of.get("meeting.light", [])]):
        problems.append(f"lights: {room.lights.acked} acknowledged, events {of.get('meeting.light')}")
    lit = {x["eid"]: x["light"] for x in standing["lights"]}
    for eid in EIDS:
        sent = [colour for at, colour in room.lights.sent if at == eid]
        acked = [colour for at, colour in room.lights.sent[: room.lights.acked] if at == eid]
        possible = {acked[-1] if acked else "white"} | set(sent[len(acked) :])
        if lit[eid] not in possible:
            problems.append(f"{eid} is {lit[eid]}, not one of {possible}")
    asked = [
        next(r["delegation"] for r in d["floor"]["queue"] if r["number"] == d["number"])
        for d in of.get("meeting.floor", [])
        if d["what"] == "asked"
    ]
    if not room.floor.allowed(asked):
        problems.append(f"floor: {room.floor.acked} acknowledged, asked in the events {asked}")
    requests = sorted([*standing["floor"]["record"], *standing["floor"]["queue"]], key=lambda r: r["number"])
    if [r["delegation"] for r in requests] not in (room.floor.sent[: room.floor.acked], room.floor.sent):
        problems.append(f"floor: {room.floor.acked} acknowledged, the room holds {requests}")
    if [r["number"] for r in requests] != list(range(1, len(requests) + 1)):
        problems.append(f"floor: requests numbered {[r['number'] for r in requests]}")
    typist = [
        d["typed"]["text"] for d in of.get("meeting.text", []) if d["typed"]["machine"]["en"]["state"] == "pending"
    ]
    if not room.typed.allowed(typist):
        problems.append(f"typed: {room.typed.acked} acknowledged, {len(typist)} in the events")
    if typed_now not in room.typed.last():
        problems.append(f"op_6 reads {typed_now!r}, last typed {room.typed.last()}")
    return problems


def test_a_meeting_loses_nothing_acknowledged_when_its_server_is_killed(db_url, tmp_path, monkeypatch):
    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
    monkeypatch.setenv("ACCORD_MACHINE", "none")  # the outbox's machine drafts are another test's
    store = make_store(db_url)
    people = make_people(store)
    committee = accounts.create_token(store, people.committee, "crash").token
    member = accounts.create_token(store, people.member, "crash").token
    store.dispose()
    backend = db_url.split(":")[0]
    stop = threading.Event()

    with server_process(tmp_path, db_url, "first") as (url, process):
        api = f"{url}/api/processes/kutahya"
        with loopback.client(headers={"Authorization": f"Bearer {committee}"}, timeout=30) as setup:
            made = setup.post(f"{api}/versions/import", json={"filename": "zero.md", "text": ZERO, "label": "0"})
            assert made.status_code == 201, made.text
            for code in ["ARG", *DELEGATIONS]:
                assert setup.post(f"{api}/delegations", json={"code": code, "names": {"es": code}}).status_code == 201
            assert setup.post(f"{api}/meetings", json={"title": "Plenaria"}).status_code == 201
            assert setup.put(f"{api}/meetings/1/state", json={"state": "open"}).status_code == 200
            draft = next(p for p in setup.get(f"{api}/draft").json()["paragraphs"] if p["eid"] == "op_6")
        room = Room(draft)
        follower = Follower(member)
        threads = [threading.Thread(target=follower.follow, args=(url,), kwargs={"stop": stop})]
        threads += [
            threading.Thread(target=loop, args=(url, committee, stop, step))
            for step in (room.move, room.light, room.ask, room.type)
        ]
        for t in threads:
            t.start()
        time.sleep(WRITE_SECONDS)
        waited = time.monotonic() + 60  # a busy machine: enough of each kind to prove something, a minute at most
        kinds = (room.pointer, room.lights, room.floor, room.typed)
        while min(w.acked for w in kinds) < ENOUGH and time.monotonic() < waited:
            time.sleep(0.1)
        os.kill(process.pid, signal.SIGKILL)  # mid-stream: the writers are still sending
        process.wait(timeout=10)
        for t in threads:
            t.join(timeout=30)
        stop.set()
    assert process.returncode == -signal.SIGKILL
    followed_before = follower.last
    assert min(w.acked for w in kinds) >= ENOUGH, [w.acked for w in kinds]

    with (
        server_process(tmp_path, db_url, "second") as (url, _),
        loopback.client(headers={"Authorization": f"Bearer {member}"}, timeout=10) as client,
    ):
        api = f"{url}/api/processes/kutahya"
        now = client.get(f"{api}/meetings/1/room", params={"everything": "true"})
        assert now.status_code == 200, now.text
        standing = now.json()
        seq = standing["meeting"]["seq"]
        if follower.last < seq:
            follower.follow(url, until=seq)  # the browser reconnects: from the last event it had
        drafted = client.get(f"{api}/draft", headers={"Authorization": f"Bearer {committee}"})
        typed_now = next(p["text"] for p in drafted.json()["paragraphs"] if p["eid"] == "op_6")

    # The follower got every event once, numbered without a gap, before and after the kill.
    got = follower.got[: [e["id"] for e in follower.got].index(seq) + 1]
    assert [e["id"] for e in got] == list(range(1, seq + 1))
    problems = lost(room, standing, got, typed_now)
    print(
        f"\n[meeting crash {backend}] acknowledged before SIGKILL: {room.pointer.acked} pointer moves, "
        f"{room.lights.acked} lights, {room.floor.acked} requests for the floor, {room.typed.acked} typed edits; "
        f"events {seq}, followed {followed_before} before the kill and the rest after; lost {len(problems)}"
    )
    assert not problems, problems


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    # httpx would send 127.0.0.1 through a proxy set in the environment
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
