"""Shared rooms on both backends, their writers played by Yjs documents of their own (pycrdt, as a browser's Yjs):
who may open a room, the server seeding it, a commit naming every writer, a change made outside the room taken in
without losing what was typed, a room's new life refusing an old browser, and the convergence property (random
writers typing at once, cut off and coming back, while someone saves the paragraph outside the room)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Text
from sqlalchemy import select

from tests.conftest import join
from tests.integration.services.declaration.test_draft_races import race
from workspace.domain.brackets.brackets import MAX_DEPTH
from workspace.domain.consultations.consultations import MemberChange
from workspace.domain.declaration.declaration_commands import AddParagraph, EditParagraph
from workspace.domain.delegations.delegations import AddDelegation
from workspace.domain.errors import Forbidden, InvalidInput, NotFound
from workspace.domain.rooms import RESTS_SECONDS, TEXT, Joining, admits
from workspace.services import delegations, processes, rooms
from workspace.services.declaration import draft, versions
from workspace.store.models import EditingRoom, RoomUpdate

P = "kutahya"
TOKEN = re.compile(r"[A-Z][0-9]+")


@dataclass
class Writer:
    """A browser in the room: its own Yjs document, what it typed since it was last heard (`pending`), and the words
    the server acknowledged (kept) from it."""

    store: object
    actor: object
    room: rooms.Opened
    doc: Doc = field(default_factory=Doc)
    pending: list[bytes] = field(default_factory=list)
    unsent: list[str] = field(default_factory=list)  # the words typed in `pending`

    @property
    def text(self) -> Text:
        return self.doc.get(TEXT, type=Text)

    def type(self, at: int, words: str) -> bytes:
        before = self.doc.get_state()
        place = len(str(self.text)[:at].encode())
        self.text.insert(place, words)
        change = self.doc.get_update(before)
        self.pending.append(change)
        self.unsent.extend(TOKEN.findall(words))
        return change

    def delete(self, start: int, end: int) -> None:
        before = self.doc.get_state()
        now = str(self.text)
        del self.text[len(now[:start].encode()) : len(now[:end].encode())]
        self.pending.append(self.doc.get_update(before))


def joined(store, actor, eid: str) -> Writer:
    opened = rooms.open_room(store, actor, P, eid, None)
    writer = Writer(store, actor, opened)
    writer.doc.apply_update(opened.state)
    return writer


def send(writer: Writer, others: list[Writer], acknowledged: list[str] | None = None) -> bool:
    """The writer's pending updates kept by the server, then relayed to the others connected; the words in them are
    then acknowledged."""
    if not writer.pending:
        return True
    updates = [(u, writer.actor.id) for u in writer.pending]
    found = rooms.keep(writer.store, writer.room.room_id, writer.room.epoch, updates)
    kept = found.alive and writer.actor.id not in found.refused
    if kept:
        for other in others:
            for change in writer.pending:
                other.doc.apply_update(change)
        writer.pending = []
        if acknowledged is not None:
            acknowledged.extend(writer.unsent)
        writer.unsent = []
    return kept


@pytest.fixture
def paragraph(store, people):
    """OP 1 of the draft; the committee speaks for ARG; a second drafter (COL)."""
    view = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text="Las ciudades deciden."))
    for code in ("ARG", "COL"):
        delegations.add_delegation(store, people.committee, P, AddDelegation(code=code, names={"es": code}))
    processes.update_member(store, people.committee, P, people.committee.email, MemberChange(delegation="ARG"))
    second = join(store, people.committee, P, "segunda@example.org", "committee")
    processes.update_member(store, people.committee, P, second.email, MemberChange(delegation="COL"))
    return view.eid, second


def current(store, actor, eid: str) -> tuple[str, str]:
    view = draft.get_draft_paragraph(store, actor, P, eid)
    return view.revision, view.text


def test_only_the_committee_opens_a_room_and_the_server_seeds_it(store, people, paragraph):
    eid, _ = paragraph
    for who, refused in (
        ("outsider", NotFound),
        ("member", Forbidden),
        ("translator", Forbidden),
        ("observer", Forbidden),
    ):
        with pytest.raises(refused):
            rooms.open_room(store, getattr(people, who), P, eid, None)
        with pytest.raises(refused):
            rooms.room_info(store, getattr(people, who), P, eid, None)
    with pytest.raises(NotFound):
        rooms.open_room(store, people.committee, P, "op_99", None)
    with pytest.raises(InvalidInput):
        rooms.open_room(store, people.committee, P, eid, "de")
    assert rooms.room_info(store, people.committee, P, eid, None).epoch is None  # none open: a GET opens none
    writer = joined(store, people.committee, eid)
    assert str(writer.text) == "Las ciudades deciden."
    revision, _ = current(store, people.committee, eid)
    info = rooms.room_info(store, people.committee, P, eid, "es")  # the draft's own language is the draft
    assert (info.revision, info.epoch) == (revision, writer.room.epoch)
    again = rooms.open_room(store, people.admin, P, eid, None)
    assert (again.epoch, again.room_id) == (writer.room.epoch, writer.room.room_id)  # one room, one life


def test_a_commit_writes_the_room_text_and_names_every_writer(store, people, paragraph):
    eid, second = paragraph
    ana, ben = joined(store, people.committee, eid), joined(store, second, eid)
    ana.type(len("Las ciudades"), " y los pueblos")
    ben.type(len("Las ciudades deciden"), " juntos")
    assert send(ana, [ben]) and send(ben, [ana])
    assert str(ana.text) == str(ben.text) == "Las ciudades y los pueblos deciden juntos."
    done = rooms.commit(store, ana.room.room_id)
    assert done.written and done.absorbed is None
    revision, text = current(store, people.committee, eid)
    assert (done.revision, text) == (revision, "Las ciudades y los pueblos deciden juntos.")
    [entry] = [e for e in versions.paragraph_history(store, people.committee, P, eid).entries if e.cause == "together"]
    assert [(w.person, w.delegation) for w in entry.writers] == [("Committee", "ARG"), ("Segunda", "COL")]
    assert entry.new_revision == revision
    nothing = rooms.commit(store, ana.room.room_id)  # nothing typed since: nothing written
    assert not nothing.written and current(store, people.committee, eid)[0] == revision


def test_a_change_made_outside_the_room_enters_it_and_nothing_typed_is_lost(store, people, paragraph):
    eid, second = paragraph
    ana = joined(store, people.committee, eid)
    ana.type(len("Las ciudades deciden"), " hoy")
    assert send(ana, [])
    base, _ = current(store, people.committee, eid)
    draft.edit_paragraph(store, second, P, eid, EditParagraph(base_revision=base, text="Todas las ciudades deciden."))
    done = rooms.commit(store, ana.room.room_id)
    assert done.written and done.absorbed is not None
    ana.doc.apply_update(done.absorbed)  # relayed to the writers as the server's edit
    assert str(ana.text) == current(store, people.committee, eid)[1] == "Todas las ciudades deciden hoy."


def test_a_text_the_draft_refuses_stays_in_the_room(store, people, paragraph):
    eid, _ = paragraph
    ana = joined(store, people.committee, eid)
    ana.type(
        0, "[" * (MAX_DEPTH + 1) + "x" + "]" * (MAX_DEPTH + 1) + " "
    )  # brackets nested deeper than a reader follows
    assert send(ana, [])
    before = current(store, people.committee, eid)
    done = rooms.commit(store, ana.room.room_id)
    assert not done.written and done.refused is not None
    assert current(store, people.committee, eid) == before
    assert rooms.room_state(store, ana.room.room_id)[1]  # kept, to be written once it reads


def test_a_rested_room_starts_a_new_life_and_an_old_browser_is_refused(store, people, paragraph):
    eid, _ = paragraph
    ana = joined(store, people.committee, eid)
    ana.type(0, "Hoy, ")
    assert send(ana, [])
    rooms.commit(store, ana.room.room_id)
    with store.writer() as tx, tx.begin():
        for room in tx.scalars(select(EditingRoom)):
            room.typed_at -= timedelta(seconds=RESTS_SECONDS + 1)
    reopened = rooms.open_room(store, people.committee, P, eid, None)
    assert reopened.epoch != ana.room.epoch
    ana.type(0, "Ya ")
    assert not send(ana, [])  # its life is over: nothing of it is kept
    assert not admits(Joining(ana.room.epoch), reopened.epoch, ana.doc.get_state(), reopened.state)
    assert not admits(Joining(None), reopened.epoch, ana.doc.get_state(), reopened.state)  # nor with no epoch named
    fresh = joined(store, people.committee, eid)
    assert admits(Joining(None), reopened.epoch, Doc().get_state(), reopened.state)
    assert str(fresh.text) == "Hoy, Las ciudades deciden."


def test_writers_keeping_and_committing_at_once_lose_nothing(store, people, paragraph):
    """Real threads: two writers keep updates while two workers commit, many trials; every kept word is written."""
    eid, second = paragraph
    ana, ben = joined(store, people.committee, eid), joined(store, second, eid)
    for trial in range(12):
        ana.type(0, f"A{trial} ")
        ben.type(len(str(ben.text)), f" B{trial}")
        race(lambda: send(ana, []), lambda: send(ben, []), lambda: rooms.commit(store, ana.room.room_id),
             lambda: rooms.commit(store, ben.room.room_id))  # fmt: skip
    rooms.commit(store, ana.room.room_id)
    _, text = current(store, people.committee, eid)
    assert all(f"A{t} " in text and f" B{t}" in text for t in range(12)), text
    with store() as tx:
        assert not tx.scalars(select(RoomUpdate).where(RoomUpdate.committed.is_(False))).all()


steps = st.lists(
    st.tuples(
        st.integers(0, 4),
        st.sampled_from(["type", "delete", "send", "cut", "back", "commit", "outside"]),
        st.integers(0, 10_000),
    ),
    min_size=5,
    max_size=40,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writers=st.integers(2, 5), script=steps)
def test_every_writer_ends_with_the_same_text_and_every_acknowledged_word(store, people, paragraph, writers, script):
    """Writers type words (a capital and a number) and delete letters of the seed's words (never a whole word: the draft
    refuses a text that starts with a space), are cut off and come back, while the paragraph is saved outside the room;
    at the end, all hold the committed text, and every word the server kept is in it exactly once."""
    _, second = paragraph
    eid = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text="uno dos tres.")).eid
    team = [joined(store, people.committee if i % 2 == 0 else second, eid) for i in range(writers)]
    online = set(range(writers))
    kept: list[str] = []
    counter = 0
    for who, action, seed in script:
        writer, rnd = team[who % writers], random.Random(seed)
        now = str(writer.text)
        if action == "type":
            counter += 1
            writer.type(rnd.choice([0] + [i + 1 for i, c in enumerate(now) if c == " "]), f"W{counter} ")
        elif action == "delete":
            runs = [m.span() for m in re.finditer(r"[a-z]{2,}", now)]  # letters of a word, never all of them
            if runs:
                start, end = rnd.choice(runs)
                writer.delete(start, rnd.randint(start + 1, end - 1))
        elif action in ("send", "commit") and who % writers in online:
            assert send(writer, [team[i] for i in online if team[i] is not writer], kept)
            if action == "commit":
                _relay(rooms.commit(store, writer.room.room_id), team, online)
        elif action == "cut":
            online.discard(who % writers)
        elif action == "back" and who % writers not in online:
            _back(store, writer, team, online, kept)
        elif action == "outside":
            counter += 1
            base, text = current(store, people.committee, eid)
            draft.edit_paragraph(store, second, P, eid, EditParagraph(base_revision=base, text=f"O{counter} {text}"))
            kept.append(f"O{counter}")
    for i, writer in enumerate(team):
        if i not in online:
            _back(store, writer, team, online, kept)
        assert send(writer, [team[j] for j in online if j != i], kept)
    done = rooms.commit(store, team[0].room.room_id)
    assert done.refused is None
    _relay(done, team, online)
    _, text = current(store, people.committee, eid)
    assert all(str(w.text) == text for w in team), [str(w.text) for w in team] + [text]
    for word in set(kept):
        assert TOKEN.findall(text).count(word) == 1, (word, text)


def _relay(done: rooms.Committed, team: list[Writer], online: set[int]) -> None:
    if done.absorbed is not None:
        for i in online:
            team[i].doc.apply_update(done.absorbed)


def _back(store, writer: Writer, team: list[Writer], online: set[int], kept: list[str]) -> None:
    """The browser comes back: the sync protocol's two steps, each side sending what the other lacks."""
    epoch, state = rooms.room_state(store, writer.room.room_id)
    assert admits(Joining(writer.room.epoch), epoch, writer.doc.get_state(), state)
    server = Doc()
    server.apply_update(state)
    writer.pending = [writer.doc.get_update(server.get_state())]
    writer.doc.apply_update(state)
    assert send(writer, [team[i] for i in online], kept)
    online.add(team.index(writer))


def test_a_page_saving_what_the_room_holds_changes_nothing_in_it(store, people, paragraph):
    """A writer's page saves the text the room holds (its place, say): taken in as a change from outside, its words
    would be there twice."""
    eid, _ = paragraph
    ana = joined(store, people.committee, eid)
    ana.type(len("Las ciudades deciden"), " juntas")
    assert send(ana, [])
    base, _ = current(store, people.committee, eid)
    saved = str(ana.text)
    draft.edit_paragraph(store, people.committee, P, eid, EditParagraph(base_revision=base, text=saved))
    done = rooms.commit(store, ana.room.room_id)
    assert done.absorbed is None and not done.written
    assert current(store, people.committee, eid)[1] == saved == "Las ciudades deciden juntas."


def test_the_room_keeps_a_space_just_typed_and_the_paragraph_is_stored_as_always(store, people, paragraph):
    eid, _ = paragraph
    ana = joined(store, people.committee, eid)
    ana.type(len(str(ana.text)), " Y ")  # mid-word: a space at the end
    assert send(ana, [])
    done = rooms.commit(store, ana.room.room_id)
    assert done.written and current(store, people.committee, eid)[1] == "Las ciudades deciden. Y"
    assert str(ana.text) == "Las ciudades deciden. Y "
    ana.type(len(str(ana.text)), "hoy.")
    assert send(ana, [])
    assert rooms.commit(store, ana.room.room_id).absorbed is None  # the room's own stripped text is no outside change
    assert current(store, people.committee, eid)[1] == str(ana.text) == "Las ciudades deciden. Y hoy."
    ana.delete(0, len(str(ana.text)))
    assert send(ana, [])
    emptied = rooms.commit(store, ana.room.room_id)
    assert emptied.refused is not None and current(store, people.committee, eid)[1] == "Las ciudades deciden. Y hoy."


def test_a_writer_taken_off_the_committee_keeps_nothing_more(store, people, paragraph):
    eid, second = paragraph
    ana, ben = joined(store, people.committee, eid), joined(store, second, eid)
    processes.update_member(store, people.committee, P, second.email, MemberChange(role="member"))
    ben.type(0, "Ya no. ")
    ana.type(len(str(ana.text)), " Sí.")
    found = rooms.keep(
        store, ana.room.room_id, ana.room.epoch, [(ben.pending[0], second.id), (ana.pending[0], people.committee.id)]
    )
    assert found.alive and found.refused == {second.id}
    rooms.commit(store, ana.room.room_id)
    assert current(store, people.committee, eid)[1] == "Las ciudades deciden. Sí."


def test_rooms_left_unwritten_are_found_once_nobody_types(store, people, paragraph):
    """What a killed worker kept and never wrote: found by the sweep once nobody typed for a while, and written."""
    eid, _ = paragraph
    ana = joined(store, people.committee, eid)
    ana.type(0, "Hoy ")
    assert send(ana, [])
    assert rooms.unwritten(store, 5.0) == []  # typed just now: its worker's own commit comes first
    with store.writer() as tx, tx.begin():
        for room in tx.scalars(select(EditingRoom)):
            room.typed_at -= timedelta(seconds=6)
    assert rooms.unwritten(store, 5.0) == [ana.room.room_id]
    rooms.commit(store, ana.room.room_id)
    assert rooms.unwritten(store, 5.0) == []
    assert current(store, people.committee, eid)[1] == "Hoy Las ciudades deciden."
