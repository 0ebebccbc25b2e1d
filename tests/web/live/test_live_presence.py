"""Presence over real HTTP (issue 63): a page's heartbeat (`POST /presence`) is told at once on the process's stream to
those who may see that place, and to no one else (the committee in its working draft is not told to a member); an
unchanged heartbeat tells nothing; two servers sharing Redis tell each other's readers; the API's refusals."""

from __future__ import annotations

import queue
import sqlite3
from contextlib import closing

import httpx
import pytest

from tests.e2e.server import COMMITTEE, PASSWORD, demo_store, running_server
from tests.web.live.test_live_events import REDIS, SLUG, listening, next_of, redis_or_skip, token
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store

PRESENCE = f"/api/processes/{SLUG}/presence"
MEMBER, FRENCH, OBSERVER, OUTSIDER = (
    "miembro@demo.accord",
    "traductrice.fr@demo.accord",
    "observador@demo.accord",
    "ajena@example.org",
)


@pytest.fixture
def people(tmp_path):
    """The demo, its people's passwords set, and someone from outside."""
    url = demo_store(tmp_path, MEMBER, FRENCH, OBSERVER)
    store = make_store(url)
    accounts.add_user(store, SYSTEM, OUTSIDER, "Ajena", PASSWORD)
    store.dispose()
    return url


def beat(url: str, headers: dict[str, str], editing: bool = False, **where) -> httpx.Response:
    return httpx.post(f"{url}{PRESENCE}", headers=headers, json={"where": where, "editing": editing}, timeout=30)


def present(url: str, headers: dict[str, str]) -> set[tuple[str, str, bool]]:
    answer = httpx.get(f"{url}{PRESENCE}", headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return {(p["person"], p["key"].split("-", 1)[1], p["editing"]) for p in answer.json()}


def test_a_heartbeat_is_told_at_once_to_those_who_may_see_the_place_and_listed(tmp_path, people):
    with running_server(tmp_path, people) as server:
        url = server.url
        committee, member, french = token(url, COMMITTEE), token(url, MEMBER), token(url, FRENCH)
        observer, outsider = token(url, OBSERVER), token(url, OUTSIDER)
        with listening(url, committee) as heard_by_committee, listening(url, member) as heard_by_member:
            drafting = beat(url, committee, True, draft=True, eid="op_3")
            assert drafting.status_code == 200, drafting.text
            assert beat(url, french, True, draft=True, lang="fr", eid="op_3").status_code == 200
            reading = beat(url, member, version=1, eid="op_1")
            assert reading.status_code == 200
            assert [(p["where"], p["you"]) for p in reading.json()] == [
                ({"version": 1, "eid": "op_1"}, True)
            ]  # their own
            told = [next_of(heard_by_committee, "presence")["data"] for _ in range(3)]
            assert [(t["where"], t["editing"]) for t in told] == [
                ({"draft": True, "eid": "op_3"}, True),
                ({"draft": True, "eid": "op_3", "lang": "fr"}, True),
                ({"version": 1, "eid": "op_1"}, False),
            ]
            # The member's stream: their own reading only (what the committee and the translator do in the draft
            # came first, and was never told to them).
            assert next_of(heard_by_member, "presence")["data"]["where"] == {"version": 1, "eid": "op_1"}
            assert beat(url, member, version=1, eid="op_1").status_code == 200  # unchanged: nothing told
            assert beat(url, member, True, version=1, eid="op_2").status_code == 200
            assert next_of(heard_by_member, "presence")["data"]["where"] == {"version": 1, "eid": "op_2"}
            with pytest.raises(queue.Empty):
                next_of(heard_by_member, "presence", timeout=1.5)
        listed = present(url, committee)
        assert {place for _, place, _ in listed} == {"draft", "draft:fr", "v1"}
        assert {place for _, place, _ in present(url, member)} == {"v1"} == {p for _, p, _ in present(url, observer)}
        assert {place for _, place, _ in present(url, french)} == {"draft:fr", "v1"}
        # Refusals: a place said wrongly (422), a place the person may not be in (403), one not there (404); an
        # outsider learns nothing, as for a process that does not exist.
        assert beat(url, member, draft=True).status_code == 403
        assert beat(url, observer, True, version=1).status_code == 403
        assert beat(url, member, version=99).status_code == 404
        for wrong in ({}, {"version": 1, "draft": True}, {"eid": "op_1"}):
            answer = beat(url, member, **wrong)
            assert answer.status_code == 422 and answer.json()["error"], answer.text
        assert httpx.post(f"{url}{PRESENCE}", headers=member, json={"where": {"version": "x"}}).status_code == 400
        answers = [
            (httpx.get(f"{url}{path}", headers=outsider), httpx.post(f"{url}{path}", headers=outsider, json=body))
            for path in (PRESENCE, "/api/processes/no-such-process/presence")
            for body in ({"where": {"version": 1}},)
        ]
        assert {(got.status_code, sent.status_code) for got, sent in answers} == {(404, 404)}
        assert answers[0][0].json()["error"] == answers[1][0].json()["error"].replace("no-such-process", SLUG)


def test_who_left_is_told_gone_by_the_next_heartbeat_a_minute_later(tmp_path, people):
    with running_server(tmp_path, people) as server:
        url = server.url
        committee, member = token(url, COMMITTEE), token(url, MEMBER)
        assert beat(url, member, version=1, eid="op_1").status_code == 200
        with closing(sqlite3.connect(people.removeprefix("sqlite:///"))) as db, db:
            db.execute("UPDATE presence SET seen_at = datetime(seen_at, '-61 seconds')")
        with listening(url, committee) as heard:
            assert beat(url, committee, draft=True).status_code == 200
            gone = next_of(heard, "presence")["data"]
            assert (gone["where"], gone.get("gone")) == ({"version": 1, "eid": "op_1"}, True)
        assert {place for _, place, _ in present(url, committee)} == {"draft"}


def test_two_servers_sharing_redis_tell_each_others_readers(tmp_path, people):
    redis_or_skip()
    with (
        running_server(tmp_path, people, name="first", ACCORD_REDIS_URL=REDIS) as first,
        running_server(tmp_path, people, name="second", ACCORD_REDIS_URL=REDIS) as second,
        listening(first.url, token(first.url, COMMITTEE)) as heard,
    ):
        assert beat(second.url, token(second.url, MEMBER), version=1, eid="op_4").status_code == 200
        assert next_of(heard, "presence", timeout=5)["data"]["where"] == {"version": 1, "eid": "op_4"}


def test_someone_taken_off_the_committee_hears_no_more_of_the_draft_on_the_stream_they_hold(tmp_path, people):
    """The stream stays open across the change of role: the draft's presence is told to them while they are of the
    committee, and no more from the next read on (what each reader may see is read again at each read)."""
    with running_server(tmp_path, people) as server:
        url = server.url
        committee, member = token(url, COMMITTEE), token(url, MEMBER)
        role = f"{url}/api/processes/{SLUG}/members/{MEMBER}"
        assert httpx.put(role, headers=committee, json={"role": "committee"}, timeout=30).status_code == 200
        with listening(url, member) as heard:
            assert beat(url, committee, True, draft=True, eid="op_2").status_code == 200
            assert next_of(heard, "presence")["data"]["where"] == {"draft": True, "eid": "op_2"}
            assert httpx.put(role, headers=committee, json={"role": "member"}, timeout=30).status_code == 200
            assert beat(url, committee, True, draft=True, eid="op_3").status_code == 200
            assert beat(url, token(url, OBSERVER), version=1, eid="op_1").status_code == 200
            # What they may still see comes; the committee's move in the draft, which came first, never does.
            told = next_of(heard, "presence")["data"]
            assert told["where"] == {"version": 1, "eid": "op_1"}, told
            with pytest.raises(queue.Empty):
                next_of(heard, "presence", timeout=1.5)
