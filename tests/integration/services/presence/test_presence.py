"""Presence on both backends: who may be where and see whom (the working draft and meetings' consoles are the
committee's, an edition of the draft its translators' too, an outsider learns nothing), what a heartbeat tells (what
changed, an unchanged presence again after RETOLD_SECONDS, the people not heard from for a minute as gone), and two
tabs of one person beating at once (a real race, many trials) making one presence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.integration.services.declaration.test_draft_races import race
from workspace.domain.consultations.consultations import MemberChange
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate
from workspace.domain.delegations.delegations import AddDelegation
from workspace.domain.errors import Forbidden, InvalidInput, NotFound
from workspace.domain.meetings.meetings import ScheduleMeeting
from workspace.domain.presence import GONE_SECONDS, RETOLD_SECONDS, Heartbeat, Seen, Where
from workspace.services import delegations, meetings, presence, processes
from workspace.services.declaration import draft
from workspace.store.models import Presence

P = "kutahya"
TRIALS = 20


@pytest.fixture
def text(store, people):
    """Version 1 (two paragraphs); the member speaks for ARG; the translator translates into English."""
    for words in ("Decide uno.", "Decide dos."):
        draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text=words))
    draft.circulate(store, people.committee, P, Circulate(label="Borrador cero"))
    delegations.add_delegation(store, people.committee, P, AddDelegation(code="ARG", names={"es": "Argentina"}))
    processes.update_member(store, people.committee, P, people.member.email, MemberChange(delegation="ARG"))


def beat(**where) -> Heartbeat:
    editing = where.pop("editing", False)
    return Heartbeat(where=Where(**where), editing=editing)


def seen(store, actor) -> set[tuple[str, str | None, bool]]:
    """Who the reader sees where: (person, place, editing)."""
    return {(p.person, p.key.split("-", 1)[1], p.editing) for p in presence.present(store, actor, P)}


def age(store, seconds: float) -> None:
    """Every presence heard from `seconds` earlier than it was (and told as long before)."""
    with store.writer() as tx, tx.begin():
        for row in tx.scalars(select(Presence)):
            row.seen_at -= timedelta(seconds=seconds)
            row.told_at -= timedelta(seconds=seconds)


def test_each_reader_sees_only_the_places_they_may_read(store, people, text):
    presence.heartbeat(store, people.member, P, beat(version=1, eid="op_1"))
    presence.heartbeat(store, people.committee, P, beat(draft=True, eid="op_2", editing=True))
    presence.heartbeat(store, people.translator, P, beat(draft=True, lang="en", eid="op_1", editing=True))
    presence.heartbeat(store, people.observer, P, beat(version=1, lang="fr"))
    everyone = {("Member", "v1", False), ("Observer", "v1:fr", False)}
    assert seen(store, people.committee) == everyone | {("Committee", "draft", True), ("Translator", "draft:en", True)}
    assert seen(store, people.translator) == everyone | {("Translator", "draft:en", True)}
    assert seen(store, people.member) == seen(store, people.observer) == everyone
    assert seen(store, people.admin) == seen(store, people.committee)
    [member] = [p for p in presence.present(store, people.observer, P) if p.person == "Member"]
    assert (member.delegation, member.where, member.editing) == ("ARG", {"version": 1, "eid": "op_1"}, False)
    with pytest.raises(NotFound):
        presence.present(store, people.outsider, P)
    with pytest.raises(NotFound):
        presence.heartbeat(store, people.outsider, P, beat(version=1))


@pytest.mark.parametrize(
    ("who", "where", "refused"),
    [
        ("member", {"draft": True}, Forbidden),
        ("member", {"draft": True, "lang": "en"}, Forbidden),  # not a translator
        ("translator", {"draft": True}, Forbidden),
        ("translator", {"draft": True, "lang": "fr"}, Forbidden),  # not their language
        ("observer", {"version": 1, "editing": True}, Forbidden),  # reads only
        ("member", {"meeting": 1}, NotFound),
        ("committee", {"meeting": 1}, NotFound),
        ("member", {"version": 2}, NotFound),
        ("member", {"version": 1, "lang": "de"}, InvalidInput),
    ],
)
def test_a_place_that_is_not_there_or_not_theirs_is_refused(store, people, text, who, where, refused):
    with pytest.raises(refused):
        presence.heartbeat(store, getattr(people, who), P, beat(**where))
    assert not presence.present(store, people.committee, P)


@pytest.mark.parametrize(
    "where",
    [{}, {"version": 1, "draft": True}, {"draft": True, "meeting": 1}, {"meeting": 1, "lang": "en"}, {"eid": "OP 1"}],
)
def test_a_place_said_wrongly_is_refused_with_its_reason(where):
    with pytest.raises(InvalidInput):
        Where(**where)


def test_a_heartbeat_tells_what_changed_again_after_a_while_and_who_left(store, people, text):
    first = presence.heartbeat(store, people.member, P, beat(version=1, eid="op_1"))
    [(scope, lang, view)] = first.told
    assert (scope, lang, view.person, view.gone) == (Seen.EVERYONE, None, "Member", False)
    assert not presence.heartbeat(store, people.member, P, beat(version=1, eid="op_1")).told  # nothing new
    moved = presence.heartbeat(store, people.member, P, beat(version=1, eid="op_2", editing=True))
    [(_, _, view)] = moved.told
    assert view.where == {"version": 1, "eid": "op_2"} and view.editing and view.since > first.told[0][2].since
    age(store, RETOLD_SECONDS)
    assert [
        v.since
        for _, _, v in presence.heartbeat(store, people.member, P, beat(version=1, eid="op_2", editing=True)).told
    ] == [view.since]  # told again, still there since it came to op_2
    presence.heartbeat(store, people.committee, P, beat(draft=True))
    age(store, GONE_SECONDS + 1)
    back = presence.heartbeat(store, people.translator, P, beat(version=1))
    assert {(v.person, v.gone, scope) for scope, _, v in back.told} == {
        ("Member", True, Seen.EVERYONE),
        ("Committee", True, Seen.COMMITTEE),
        ("Translator", False, Seen.EVERYONE),
    }
    assert seen(store, people.committee) == {("Translator", "v1", False)}


def test_two_tabs_of_one_person_beating_at_once_make_one_presence(store, people, text):
    for trial in range(TRIALS):
        eids = (f"op_{1 + trial % 2}", f"op_{2 - trial % 2}")
        outcomes = race(
            *(lambda eid=eid: presence.heartbeat(store, people.member, P, beat(version=1, eid=eid)) for eid in eids)
        )
        assert [o.error for o in outcomes] == [None, None]
        with store() as tx:
            rows = list(tx.scalars(select(Presence)))
        assert len(rows) == 1 and rows[0].where["eid"] in eids
        age(store, GONE_SECONDS + 1)
        presence.heartbeat(store, people.observer, P, beat(version=1))  # takes the member's out
        with store.writer() as tx, tx.begin():
            tx.query(Presence).delete()


def test_a_meeting_s_console_is_for_those_who_run_it_and_seen_by_the_committee(store, people, text):
    number = meetings.schedule_meeting(store, people.committee, P, ScheduleMeeting(title="Plenaria")).id
    presence.heartbeat(store, people.committee, P, beat(meeting=number, eid="op_1", editing=True))
    with pytest.raises(Forbidden):  # a plenary the member follows, but does not run
        presence.heartbeat(store, people.member, P, beat(meeting=number))
    assert seen(store, people.admin) == {("Committee", f"m{number}", True)}
    assert seen(store, people.member) == seen(store, people.translator) == set()
