"""A page's event stream over real HTTP: it tells its reader their inbox's unread count when it starts and when a
reply makes it change (with the header link's words, in the reader's language), and a member's stream never carries
what only the committee may read (a thread or an amendment on the working draft), while the committee's does."""

from __future__ import annotations

import queue

import httpx
import pytest

from tests.e2e.server import COMMITTEE, PASSWORD, demo_store, running_server
from tests.web.live.test_live_events import SLUG, listening, next_of, open_thread, token
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store

MEMBER = "miembro@demo.accord"
API = f"/api/processes/{SLUG}"


@pytest.fixture
def demo_url(tmp_path):
    url = demo_store(tmp_path)
    store = make_store(url)
    accounts.set_password(store, SYSTEM, MEMBER, PASSWORD)
    store.dispose()
    return url


def until(events: queue.Queue, kind: str, timeout: float = 20) -> list[dict]:
    """The events a stream sends up to and including the first of `kind`."""
    seen = []
    while True:
        event = events.get(timeout=timeout)
        seen.append(event)
        if event.get("event") == kind:
            return seen


def post(url: str, path: str, headers: dict[str, str], body: dict) -> dict:
    answer = httpx.post(f"{url}{API}{path}", headers=headers, json=body, timeout=30)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_members_stream_tells_their_unread_count_and_nothing_of_the_committees_own(tmp_path, demo_url):
    # The streams look every second instead of ten: the inbox read in another tab is told at the next look.
    with running_server(tmp_path, demo_url, ACCORD_TEST_STREAM_CHECK_SECONDS="1") as server:
        url = server.url
        member, committee = token(url, MEMBER), token(url, COMMITTEE)
        made = open_thread(url, member, "¿Quién financia las redes de proximidad?")  # the member follows it
        before = httpx.get(f"{url}/api/inbox", headers=member, timeout=30).json()["unread"]
        with (
            listening(url, {**member, "Accept-Language": "fr"}) as mine,
            listening(url, {**committee, "Accept-Language": "en"}) as theirs,
        ):
            first = next_of(mine, "unread")
            assert "id" not in first and first["data"]["unread"] == before  # no event of the process: no number
            assert next_of(theirs, "unread")["data"]["text"].startswith("Inbox")

            # The committee works on the working draft: a thread and an amendment there are its own.
            own = post(
                url, "/threads", committee, {"version": "draft", "eid": "op_1", "quote": None, "body": "Interno."}
            )
            amended = post(
                url,
                "/amendments",
                committee,
                {"version": "draft", "eid": "op_1", "kind": "modify", "text": "Texto interno del comité."},
            )
            assert next_of(theirs, "thread")["data"]["subject"] == f"thread:{own['label']}" == "thread:D1"
            assert next_of(theirs, "amendment")["data"]["verb"] == "amendment.proposed" and amended["number"]

            # Then the committee replies in the member's thread: that the member reads, and it is in their inbox.
            post(url, f"/threads/{made['id']}/comments", committee, {"body": "Los gobiernos locales, con apoyo."})
            got = until(mine, "comment")
            assert [e.get("event") for e in got] == ["comment"], got  # nothing of the draft before it
            told = next_of(mine, "unread")["data"]
            n = before + 1
            label = f"Boîte de réception, {n} non lu" + ("s" if n > 1 else "")
            assert told == {"unread": n, "text": f"Boîte de réception ({n})", "label": label}
            assert httpx.get(f"{url}/api/inbox", headers=member, timeout=30).json()["unread"] == n

            # Read in the inbox (another tab): the stream says so at its next look (every second here, ten by default).
            assert httpx.post(f"{url}/api/inbox/read", headers=member, json={}, timeout=30).status_code in (200, 201)
            assert next_of(mine, "unread", timeout=30)["data"] == {
                "unread": 0,
                "text": "Boîte de réception",
                "label": "",
            }
        # The committee's stream was told nothing of the member's inbox: its own count did not change.
        rest = []
        while not theirs.empty():
            rest.append(theirs.get_nowait())
        assert not [e for e in rest if e.get("event") == "unread"], rest
