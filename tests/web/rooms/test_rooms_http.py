"""Shared rooms over real WebSockets (issue 63), writers played by Yjs documents speaking y-websocket's protocol: two
writers see each other's words and the room writes the paragraph once typing stops, naming both; who may join (and the
close codes of the others); a browser from an older life of the room refused; a worker killed mid-typing loses no
acknowledged word; two workers sharing Redis serve one room."""

from __future__ import annotations

import os
import re
import signal
from dataclasses import dataclass

import httpx
import pytest
from pycrdt import Doc, Text

from tests.conftest import join, make_people
from tests.e2e.server import running_server
from tests.web.live.test_live_events import REDIS, redis_or_skip
from tests.web.rooms.yclient import Writer, until
from workspace.domain.consultations.consultations import MemberChange
from workspace.domain.declaration.declaration_commands import AddParagraph
from workspace.domain.delegations.delegations import AddDelegation
from workspace.domain.rooms import TEXT
from workspace.services import accounts, delegations, processes
from workspace.services.declaration import draft
from workspace.store.db import make_store

SLUG = "kutahya"
EID = "op_1"
TEXT_BEFORE = "Las ciudades deciden."


@dataclass(frozen=True)
class Room:
    """A database on one backend, the people's API tokens (headers), and the database's address for a second server."""

    url: str
    committee: dict[str, str]
    second: dict[str, str]
    member: dict[str, str]
    outsider: dict[str, str]
    translator: dict[str, str]  # into English
    second_translator: dict[str, str]  # into English too


@pytest.fixture
def room(db_url):
    """Kütahya's draft with OP 1; the committee (for ARG) and a second drafter, Ana Gómez (for COL)."""
    from tests.integration.support import QUICK_HASHER

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
        store = make_store(db_url)
        try:
            people = make_people(store)
            draft.add_paragraph(store, people.committee, SLUG, AddParagraph(kind="operative", text=TEXT_BEFORE))
            ana = join(store, people.committee, SLUG, "ana@example.org", "committee")
            jo = join(store, people.committee, SLUG, "jo@example.org", "translator", ("en",))
            for code, who in (("ARG", people.committee), ("COL", ana)):
                delegations.add_delegation(store, people.committee, SLUG, AddDelegation(code=code, names={"es": code}))
                processes.update_member(store, people.committee, SLUG, who.email, MemberChange(delegation=code))
            bearer = {
                name: {"Authorization": f"Bearer {accounts.create_token(store, who, 'room').token}"}
                for name, who in (
                    ("committee", people.committee),
                    ("second", ana),
                    ("member", people.member),
                    ("outsider", people.outsider),
                    ("translator", people.translator),
                    ("second_translator", jo),
                )
            }
        finally:
            store.dispose()
    return Room(db_url, **bearer)


def paragraph(url: str, headers: dict[str, str]) -> dict:
    answer = httpx.get(f"{url}/api/processes/{SLUG}/draft", headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return next(p for p in answer.json()["paragraphs"] if p["eid"] == EID)


def together(url: str, headers: dict[str, str]) -> list[dict]:
    answer = httpx.get(f"{url}/api/processes/{SLUG}/paragraphs/{EID}/history", headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return [e for e in answer.json()["entries"] if e["cause"] == "together"]


def test_two_writers_see_each_others_words_and_the_room_writes_both(tmp_path, room):
    with running_server(tmp_path, room.url) as server:
        url, lucia = server.url, room.committee
        before = paragraph(url, lucia)
        info = httpx.get(f"{url}/api/processes/{SLUG}/rooms/{EID}", headers=lucia, timeout=30).json()
        assert info == {"revision": before["revision"], "writers": [], "epoch": None}
        first, second = Writer(url, SLUG, EID, lucia), Writer(url, SLUG, EID, room.second)
        until(lambda: first.text == second.text == TEXT_BEFORE, what="both seeded with the paragraph")
        assert first.epoch == second.epoch is not None
        first.type(" (Lucía)")
        second.type("Ana: ", at=0)
        until(lambda: first.text == second.text == f"Ana: {TEXT_BEFORE} (Lucía)", what="each other's words")
        written = until(lambda: paragraph(url, lucia)["text"] == first.text and together(url, lucia), what="commit")
        assert sorted((w["person"], w.get("delegation")) for w in written[-1]["writers"]) == [
            ("Ana", "COL"),
            ("Committee", "ARG"),
        ]
        assert any("committed" in n for n in first.notes)
        now = httpx.get(f"{url}/api/processes/{SLUG}/rooms/{EID}", headers=lucia, timeout=30).json()
        assert now["epoch"] == first.epoch and now["revision"] == paragraph(url, lucia)["revision"]
        assert sorted((w["person"], w["delegation"]) for w in now["writers"]) == [("Ana", "COL"), ("Committee", "ARG")]
        first.close()
        second.close()


def test_only_the_committee_joins_and_the_others_are_told_why(tmp_path, room):
    with running_server(tmp_path, room.url) as server:
        url = server.url
        for headers, slug, eid, query, code in [
            (room.member, SLUG, EID, "notes=1", 4403),
            (room.outsider, SLUG, EID, "notes=1", 4404),
            (room.outsider, "no-such-process", EID, "notes=1", 4404),  # the same: an outsider learns nothing
            ({}, SLUG, EID, "notes=1", 4401),
            (room.committee, SLUG, "op_999", "notes=1", 4404),
            (room.committee, SLUG, EID, "lang=de", 4422),
        ]:
            writer = Writer(url, slug, eid, headers, query=query)
            until(lambda w=writer: w.closed, what=f"refused {code}")
            assert writer.closed[0] == code, writer.closed
            assert writer.closed[1]  # with the reason
        assert httpx.get(f"{url}/api/processes/{SLUG}/rooms/{EID}", headers=room.member, timeout=30).status_code == 403
        outsider = httpx.get(f"{url}/api/processes/{SLUG}/rooms/{EID}", headers=room.outsider, timeout=30)
        assert outsider.status_code == 404
        cross = Writer(url, SLUG, EID, {"Origin": "https://elsewhere.example"})  # another site's page
        until(lambda: cross.closed, what="refused a cross-site page")
        assert cross.closed[0] == 4403


def english(url: str, headers: dict[str, str]) -> dict:
    answer = httpx.get(f"{url}/api/processes/{SLUG}/translations/en?version=draft", headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return next(t for t in answer.json() if t["eid"] == EID)


def test_two_translators_write_one_translation_together_and_only_they_join(tmp_path, room):
    """An edition's room: that language's translators type at once, the room saves the translation made from the
    draft's source (a first one a draft); a member, or a translator of another language, is refused."""
    with running_server(tmp_path, room.url) as server:
        url, query = server.url, "lang=en&notes=1"
        info = httpx.get(f"{url}/api/processes/{SLUG}/rooms/{EID}?lang=en", headers=room.translator, timeout=30)
        assert info.json() == {"revision": "", "writers": [], "epoch": None}
        first = Writer(url, SLUG, EID, room.translator, query=query)
        second = Writer(url, SLUG, EID, room.second_translator, query=query)
        until(lambda: first.epoch is not None and second.epoch == first.epoch, what="both in the room")
        assert first.text == ""  # nothing translated yet: the server seeds an empty text
        first.type("Cities decide.")
        until(lambda: second.text == "Cities decide.", what="the other's words")
        second.type(" Together.")
        until(lambda: first.text == "Cities decide. Together.", what="the other's words back")
        saved = until(lambda: (t := english(url, room.translator))["text"] == first.text and t, what="the commit")
        assert saved["state"] == "draft" and saved["made_from"] == saved["source_revision"]
        now = httpx.get(f"{url}/api/processes/{SLUG}/rooms/{EID}?lang=en", headers=room.translator, timeout=30).json()
        assert now["revision"] == saved["text_revision"] and now["epoch"] == first.epoch
        for headers, lang, code in (
            (room.member, "en", 4403),
            (room.translator, "fr", 4403),
            (room.outsider, "en", 4404),
        ):
            refused = Writer(url, SLUG, EID, headers, query=f"lang={lang}")
            until(lambda w=refused: w.closed, what=f"refused {code}")
            assert refused.closed[0] == code, refused.closed
        first.close()
        second.close()


def test_a_browser_from_an_older_life_of_the_room_is_refused(tmp_path, room):
    with running_server(tmp_path, room.url) as server:
        url, lucia = server.url, room.committee
        old = Doc()
        old.get(TEXT, type=Text).insert(0, "Un texto de otra vida.")
        stale = Writer(url, SLUG, EID, lucia, doc=old)  # no epoch named, but a document the room never had
        until(lambda: stale.closed, what="a stale document refused")
        assert stale.closed[0] == 4409
        named = Writer(url, SLUG, EID, lucia, epoch="0123456789abcdef")  # a life that is not the room's
        until(lambda: named.closed, what="an old epoch refused")
        assert named.closed[0] == 4409
        fresh = Writer(url, SLUG, EID, lucia)
        until(lambda: fresh.text == TEXT_BEFORE, what="a fresh document joins")
        fresh.close()
        assert paragraph(url, lucia)["text"] == TEXT_BEFORE  # nothing of the old life merged, nor written


def test_a_worker_killed_mid_typing_loses_no_acknowledged_word(tmp_path, room):
    """SIGKILL while typing: every word another writer had received (relayed, so kept first) is in the room when the
    server comes back, and written to the paragraph."""
    with running_server(tmp_path, room.url, name="before") as server:
        url = server.url
        typing, watching = Writer(url, SLUG, EID, room.committee), Writer(url, SLUG, EID, room.second)
        until(lambda: typing.text and watching.text, what="seeded")
        for n in range(30):
            typing.type(f" w{n}")
        until(lambda: _words(watching.text), what="some words relayed")
        os.kill(server.pid, signal.SIGKILL)  # at once: no commit on the way out
        heard = _words(watching.text)
    assert heard
    with running_server(tmp_path, room.url, name="after") as server:
        url = server.url
        back = Writer(url, SLUG, EID, room.committee)
        until(lambda: set(heard) <= set(_words(back.text)), what="every acknowledged word in the room")
        back.close()  # the last writer leaves: the room writes
        until(lambda: set(heard) <= set(_words(paragraph(url, room.committee)["text"])), what="written")


def _words(text: str) -> list[str]:
    return re.findall(r"\bw[0-9]+\b", text)


def test_two_workers_sharing_redis_serve_one_room(tmp_path, room):
    redis_or_skip()
    with (
        running_server(tmp_path, room.url, name="first", ACCORD_REDIS_URL=REDIS) as first,
        running_server(tmp_path, room.url, name="second", ACCORD_REDIS_URL=REDIS) as second,
    ):
        one, other = Writer(first.url, SLUG, EID, room.committee), Writer(second.url, SLUG, EID, room.second)
        until(lambda: one.text and one.text == other.text, what="one room on both")
        assert one.epoch == other.epoch
        for n in range(5):
            one.type(f" uno{n}")
            other.type(f"dos{n} ", at=0)

        def both() -> bool:
            return one.text == other.text and all(f"uno{n}" in one.text and f"dos{n}" in one.text for n in range(5))

        until(both, what="each worker's words on the other")
        until(lambda: paragraph(first.url, room.committee)["text"] == one.text, what="one commit of both")
        one.close()
        other.close()


def test_what_is_no_yjs_message_closes_only_its_sender_and_a_demoted_writer_is_shown_out(tmp_path, room):
    """A hostile or broken client: bytes that are no Yjs message, a text message, a message larger than any paragraph
    needs: its connection is closed with a reason, the room goes on for the others, nothing of it is kept. A writer
    taken off the committee while connected: what they type next is refused (4403), never written."""
    with running_server(tmp_path, room.url) as server:
        url = server.url
        steady = Writer(url, SLUG, EID, room.second)
        until(lambda: steady.text == TEXT_BEFORE, what="seeded")
        for message, code in [
            (b"\x00\x02\xff\xff\xff\xff\x0f garbage", 4400),  # an update that is no update
            (b"\x07", 4400),  # no message type Yjs has
            ("a text message", 4400),
            (b"\x00\x02" + b"\x80" * 3_000_000, 1009),  # larger than a room takes
        ]:
            broken = Writer(url, SLUG, EID, room.committee)
            until(lambda b=broken: b.text == TEXT_BEFORE, what="joined")
            broken.socket.send(message)
            until(lambda b=broken: b.closed, what=f"closed {code}")
            assert broken.closed[0] == code, broken.closed
        steady.type(" Sigue.")
        until(lambda: paragraph(url, room.committee)["text"] == TEXT_BEFORE + " Sigue.", what="the room went on")

        demoted = Writer(url, SLUG, EID, room.committee)
        until(lambda: demoted.text == steady.text, what="joined")
        store = make_store(room.url)
        try:
            committee = accounts.actor_for_token(store, room.committee["Authorization"][7:], None)
            ana = accounts.actor_for_token(store, room.second["Authorization"][7:], None)
            processes.update_member(store, ana, SLUG, committee.email, MemberChange(role="member"))
        finally:
            store.dispose()
        demoted.type(" Escrito por quien ya no redacta.")
        until(lambda: demoted.closed, what="the demoted writer shown out")
        assert demoted.closed[0] == 4403
        steady.close()
        until(lambda: "ya no redacta" not in steady.text, timeout=3, what="never relayed")
        assert "ya no redacta" not in paragraph(url, room.second)["text"]


def test_one_person_holds_a_bounded_number_of_rooms_at_once(tmp_path, room):
    """A person opening rooms without end (a script, a hostile client) is refused past the cap, with 4429 and why;
    once one is closed another may open, and the other writers are not affected."""
    from workspace.web.rooms import SEATS_PER_PERSON

    with running_server(tmp_path, room.url) as server:
        url = server.url
        held = [Writer(url, SLUG, EID, room.second) for _ in range(SEATS_PER_PERSON)]
        until(lambda: all(w.epoch is not None for w in held), what="every connection in the room")
        refused = Writer(url, SLUG, EID, room.second)
        until(lambda: refused.closed, what="refused past the cap")
        assert refused.closed[0] == 4429 and refused.closed[1]
        other = Writer(url, SLUG, EID, room.committee)  # someone else still joins
        until(lambda: other.epoch is not None and other.text == TEXT_BEFORE, what="another writer joins")
        held.pop().close()
        again = None

        def joins() -> bool:
            nonlocal again
            again = Writer(url, SLUG, EID, room.second)
            until(lambda: again.closed or again.epoch is not None, what="an answer")
            return again.epoch is not None

        until(joins, what="a connection freed is taken again")
        for writer in [*held, other, again]:
            writer.close()
