"""A meeting's writes at the same instant, against a real server, on both backends (issue 66): delegations asking for
the floor at once get one request each, numbered 1..n without a gap or a repeat, and a delegation asking twice at once
gets one; two facilitators moving the pointer and typing into one paragraph from the same base: one text is written,
the other is told 409, and the meeting's events are numbered without a gap."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests import loopback
from tests.conftest import make_people
from tests.e2e.server import running_server
from workspace.domain.meetings.meetings import Waiting, queue_order
from workspace.services import accounts, meetings
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store

TRIALS = 20
DELEGATIONS = [f"D{n}" for n in range(1, 9)]
ZERO = """# Preámbulo {#hdg_1}

1. Nos comprometemos a fortalecer la gobernanza multinivel. {#op_1}
2. Pedimos a los gobiernos nacionales apoyar la financiación local. {#op_2}
3. Invitamos a las redes a compartir sus experiencias. {#op_3}
"""


@pytest.fixture(scope="module")
def started(module_db_url, tmp_path_factory):
    """One server per backend: the process with its zero draft, eight delegations and ARG (the member's), and two
    facilitators (the committee, and the observer named for each meeting)."""
    from tests.integration.support import QUICK_HASHER

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
        store = make_store(module_db_url)
        people = make_people(store)
        tokens = {
            who: accounts.create_token(store, getattr(people, who), "meeting race").token
            for who in ("committee", "member", "observer")
        }
        store.dispose()
        with running_server(tmp_path_factory.mktemp("meeting-races"), module_db_url) as running:
            api = f"{running.url}/api/processes/kutahya"
            with loopback.client(headers=bearer(tokens["committee"]), timeout=30) as setup:
                made = setup.post(f"{api}/versions/import", json={"filename": "zero.md", "text": ZERO, "label": "0"})
                assert made.status_code == 201, made.text
                for code in ["ARG", *DELEGATIONS]:
                    added = setup.post(f"{api}/delegations", json={"code": code, "names": {"es": f"Delegación {code}"}})
                    assert added.status_code == 201, added.text
                joined = setup.put(f"{api}/members/member@example.org", json={"delegation": "ARG"})
                assert joined.status_code == 200, joined.text
            yield api, tokens, module_db_url


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def at_once(calls: list[Callable[[httpx.Client], httpx.Response]], tokens: list[str]) -> list[httpx.Response]:
    """Each call on a client of its own (the token beside it), all released at the same instant."""
    barrier = threading.Barrier(len(calls))
    answers: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        with loopback.client(headers=bearer(tokens[i]), timeout=30) as client:
            barrier.wait()
            answers[i] = calls[i](client)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def sending(method: str, path: str, body: dict[str, Any]) -> Callable[[httpx.Client], httpx.Response]:
    return lambda client: client.request(method, path, json=body)


def new_meeting(setup: httpx.Client, api: str, **body: Any) -> int:
    made = setup.post(f"{api}/meetings", json={"title": "Plenaria", **body})
    assert made.status_code == 201, made.text
    number = int(made.json()["id"])
    assert setup.put(f"{api}/meetings/{number}/state", json={"state": "open"}).status_code == 200
    return number


def events_of(db_url: str, number: int) -> list[Any]:
    store = make_store(db_url)
    try:
        return meetings.meeting_events(store, SYSTEM, "kutahya", number, 0, system=True)
    finally:
        store.dispose()


def numbered_without_gaps(db_url: str, number: int, seq: int) -> list[Any]:
    """The meeting's events, numbered 1..n with no gap nor repeat: at least the `seq` it had (the outbox may have told
    a machine draft since)."""
    found = events_of(db_url, number)
    assert [e.id for e in found] == list(range(1, len(found) + 1)), [(e.id, e.type) for e in found]
    assert len(found) >= seq
    return found


def machine_made(event: Any) -> bool:
    """A `meeting.text` event told by the outbox once the machine drafts of a typed text are made."""
    drafts = event.data.get("typed", {}).get("machine", {}) if event.type == "meeting.text" else {}
    return any(d.get("state") != "pending" for d in drafts.values())


def test_delegations_asking_for_the_floor_at_once_get_one_request_each_numbered_without_gaps(started):
    api, tokens, db_url = started
    committee = tokens["committee"]
    with loopback.client(headers=bearer(committee), timeout=30) as setup:
        for _ in range(TRIALS):
            number = new_meeting(setup, api)
            floor = f"{api}/meetings/{number}/floor"
            # Every delegation at once, ARG by its own member; and D1 asked for twice more by two facilitators.
            bodies = [{"delegation": code, "intent": "support"} for code in DELEGATIONS]
            bodies += [{"intent": "object"}, {"delegation": "D1", "intent": "reply"}, {"delegation": "D1"}]
            answers = at_once(
                [sending("POST", floor, body) for body in bodies],
                [committee] * len(DELEGATIONS) + [tokens["member"]] + [committee] * 2,
            )
            d1 = [a.status_code for a, body in zip(answers, bodies, strict=True) if body.get("delegation") == "D1"]
            assert sorted(d1) == [201, 409, 409], [a.text for a in answers]  # one request for D1, whichever came first
            others = [a.status_code for a, body in zip(answers, bodies, strict=True) if body.get("delegation") != "D1"]
            assert others == [201] * len(DELEGATIONS), [a.text for a in answers]
            numbers = sorted(a.json()["number"] for a in answers if a.status_code == 201)
            assert numbers == list(range(1, len(DELEGATIONS) + 2))
            queue = setup.get(floor).json()["queue"]
            assert sorted(r["delegation"] for r in queue) == sorted(["ARG", *DELEGATIONS])
            assert sorted(r["number"] for r in queue) == numbers
            assert [r["number"] for r in queue] == queue_order([Waiting(r["number"], r["intent"]) for r in queue])
            seq = setup.get(f"{api}/meetings/{number}").json()["seq"]
            found = numbered_without_gaps(db_url, number, seq)
            assert [e.data["number"] for e in found if e.type == "meeting.floor"] == numbers


def test_a_delegation_asking_twice_at_once_gets_one_request(started):
    api, tokens, db_url = started
    member = tokens["member"]
    with loopback.client(headers=bearer(tokens["committee"]), timeout=30) as setup:
        for _ in range(TRIALS):
            number = new_meeting(setup, api)
            floor = f"{api}/meetings/{number}/floor"
            answers = at_once(
                [sending("POST", floor, {"intent": "support"}), sending("POST", floor, {"intent": "object"})],
                [member, member],
            )
            assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
            won = next(a for a in answers if a.status_code == 201).json()
            lost = next(a for a in answers if a.status_code == 409).json()
            assert won["number"] == 1 and lost["detail"] == {"number": 1}
            now = setup.get(floor).json()
            assert [(r["number"], r["delegation"], r["intent"]) for r in now["queue"]] == [(1, "ARG", won["intent"])]
            numbered_without_gaps(db_url, number, setup.get(f"{api}/meetings/{number}").json()["seq"])


def test_two_facilitators_moving_the_pointer_and_typing_from_one_base_at_once(started):
    api, tokens, db_url = started
    committee, observer = tokens["committee"], tokens["observer"]
    won_by: dict[int, int] = {0: 0, 1: 0}
    with loopback.client(headers=bearer(committee), timeout=30) as setup:
        number = new_meeting(setup, api, facilitators=["observer@example.org"])
        room = f"{api}/meetings/{number}"
        for trial in range(TRIALS):
            eid = f"op_{trial % 3 + 1}"
            base = next(p for p in setup.get(f"{api}/draft").json()["paragraphs"] if p["eid"] == eid)
            seq = setup.get(room).json()["seq"]
            moves = at_once([sending("PUT", f"{room}/pointer", {"eid": "next"})] * 2, [committee, observer])
            assert [m.status_code for m in moves] == [200, 200], [m.text for m in moves]
            texts = [f"{base['text']} [Opción {trial}.{i}]" for i in range(2)]
            typed = at_once(
                [
                    sending(
                        "PUT",
                        f"{room}/text/{eid}",
                        {"text": texts[i], "base_revision": base["revision"], "delegation": DELEGATIONS[i]},
                    )
                    for i in range(2)
                ],
                [committee, observer],
            )
            assert sorted(t.status_code for t in typed) == [200, 409], [t.text for t in typed]
            winner = next(i for i, t in enumerate(typed) if t.status_code == 200)
            won_by[winner] += 1
            won, lost = typed[winner].json(), typed[1 - winner].json()
            assert won["text"] == texts[winner] and won["delegation"] == DELEGATIONS[winner]
            assert lost["detail"]["current_text"] == texts[winner] and lost["detail"]["diff"]
            now = next(p for p in setup.get(f"{api}/draft").json()["paragraphs"] if p["eid"] == eid)
            assert now["text"] == texts[winner]
            brackets = [b for b in setup.get(f"{api}/brackets?version=draft").json() if b["eid"] == eid]
            assert [b["delegation"]["code"] for b in brackets if f"Opción {trial}." in b["text"]] == [
                DELEGATIONS[winner]
            ]
            # Both moves and the one text are the meeting's next events, without a gap (the outbox's machine drafts,
            # of this text or an earlier one, may come between them).
            after = setup.get(room).json()["seq"]
            found = [e for e in numbered_without_gaps(db_url, number, after)[seq:] if not machine_made(e)]
            assert [e.type for e in found] == ["meeting.pointer", "meeting.pointer", "meeting.text"], found
            assert found[2].data["typed"]["text"] == texts[winner]
            assert not [e for e in events_of(db_url, number) if texts[1 - winner] in str(e.data)]
    print(f"\n[{db_url.split(':')[0]} over HTTP] typed vs typed: {TRIALS} trials, won by {won_by}")


def test_slots_opened_in_two_meetings_at_once_are_two_windows(started):
    """Two facilitators of two meetings ask for an alternative text at the same instant (and the committee opens a
    window of its own): each is a submission window of its own, numbered in the process one after the other, never a
    refusal for a number the other took."""
    api, tokens, _ = started
    committee = tokens["committee"]
    with loopback.client(headers=bearer(committee), timeout=30) as setup:
        rooms = [new_meeting(setup, api) for _ in range(2)]
        for trial in range(TRIALS):
            due = f"2099-01-{trial % 28 + 1:02d}T10:00"
            answers = at_once(
                [sending("POST", f"{api}/meetings/{n}/slots", {"eid": "op_1", "due_at": due}) for n in rooms]
                + [
                    sending(
                        "POST",
                        f"{api}/submissions/windows",
                        {"opens": "2099-02-01T10:00", "closes": "2099-02-02T10:00"},
                    )
                ],
                [committee] * 3,
            )
            assert [a.status_code for a in answers] == [201, 201, 201], [a.text for a in answers]
            numbers = sorted(a.json()["number"] for a in answers)
            assert numbers == list(range(numbers[0], numbers[0] + 3))
        windows = [w["number"] for w in setup.get(f"{api}/submissions/windows").json()]
        assert sorted(windows) == list(range(1, 3 * TRIALS + 1))
