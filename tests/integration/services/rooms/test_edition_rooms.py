"""An edition's shared room on both backends: one paragraph's translation written by that language's translators at
once. Who may open it, the server seeding it from the translation (or nothing), a commit saving the translation made
from the source its writers read (its state kept), a translation saved outside the room taken in, the draft's source
changing under the room (what was typed is kept as the translation of the source before; the room goes on from the
new one), a translator taken off the language, and the convergence property with outside saves and source changes."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from tests.conftest import join
from tests.integration.services.rooms.test_rooms import TOKEN, Writer, send
from workspace.domain.consultations.consultations import MemberChange
from workspace.domain.declaration.declaration_commands import AddParagraph, EditParagraph
from workspace.domain.errors import Forbidden, InvalidInput, NotFound
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import processes, rooms
from workspace.services.declaration import draft
from workspace.services.processes.activity import list_activity
from workspace.services.translations import editor as translations
from workspace.store.models import PacedAction

P = "kutahya"


@pytest.fixture
def paragraph(store, people):
    """OP 1 of the draft, and a second translator into English."""
    view = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text="Las ciudades deciden."))
    second = join(store, people.committee, P, "second@example.org", "translator", ("en",))
    return view.eid, second


def joined(store, actor, eid: str, lang: str = "en") -> Writer:
    opened = rooms.open_room(store, actor, P, eid, lang)
    writer = Writer(store, actor, opened)
    writer.doc.apply_update(opened.state)
    return writer


def english(store, people, eid: str):
    [view] = [v for v in translations.list_translations(store, people.committee, P, "en", "draft") if v.eid == eid]
    return view


def saved(store, people, actor, eid: str, text: str, state: str = "draft"):
    view = english(store, people, eid)
    command = SaveTranslation(
        text=text, source_revision=view.source_revision, state=state, base_text_revision=view.text_revision
    )
    return translations.save_translation(store, actor, P, "en", eid, command, "draft")


def test_only_that_languages_translators_open_its_room_and_the_server_seeds_it(store, people, paragraph):
    eid, _ = paragraph
    for who, refused in (("outsider", NotFound), ("member", Forbidden), ("observer", Forbidden)):
        with pytest.raises(refused):
            rooms.open_room(store, getattr(people, who), P, eid, "en")
        with pytest.raises(refused):
            rooms.room_info(store, getattr(people, who), P, eid, "en")
    with pytest.raises(Forbidden):  # a translator into English does not write the French edition
        rooms.open_room(store, people.translator, P, eid, "fr")
    with pytest.raises(InvalidInput):
        rooms.open_room(store, people.translator, P, eid, "de")
    with pytest.raises(NotFound):
        rooms.open_room(store, people.translator, P, "op_99", "en")
    with pytest.raises(Forbidden):  # nor the draft's own text
        rooms.open_room(store, people.translator, P, eid, None)
    info = rooms.room_info(store, people.translator, P, eid, "en")
    assert (info.revision, info.epoch) == ("", None)  # no translation yet, no room open
    writer = joined(store, people.translator, eid)
    assert str(writer.text) == ""
    committee = joined(store, people.committee, eid)  # the committee translates too: one room, one life
    assert (committee.room.room_id, committee.room.epoch) == (writer.room.room_id, writer.room.epoch)
    draft_room = rooms.open_room(store, people.committee, P, eid, None)
    assert draft_room.room_id != writer.room.room_id  # the draft's own room is another


def test_a_commit_saves_the_translation_of_the_source_read_and_names_every_writer(store, people, paragraph):
    eid, second = paragraph
    ana, ben = joined(store, people.translator, eid), joined(store, second, eid)
    ana.type(0, "Cities decide.")
    assert send(ana, [ben])
    ben.type(len("Cities decide"), " together")
    assert send(ben, [ana])
    assert rooms.commit(store, ana.room.room_id).written
    view = english(store, people, eid)
    assert (view.text, view.state) == ("Cities decide together.", "draft")  # a first one is a draft
    assert rooms.room_info(store, people.translator, P, eid, "en").revision == view.text_revision
    [entry] = [e for e in list_activity(store, people.committee, P) if e.verb == "translation.saved"]
    assert entry.data["together"] == ["Translator", "Second"]
    saved_state = saved(store, people, people.translator, eid, "Cities decide together.", "translated")
    assert saved_state.state == "translated"  # marked translated from the page: the room's text, unchanged
    ana.type(0, "All ")
    assert send(ana, [ben])
    assert rooms.commit(store, ana.room.room_id).written
    assert (english(store, people, eid).text, english(store, people, eid).state) == (
        "All Cities decide together.",
        "translated",
    )  # the state kept


def test_a_translation_saved_outside_the_room_enters_it_and_nothing_typed_is_lost(store, people, paragraph):
    eid, second = paragraph
    saved(store, people, second, eid, "Cities decide.")
    ana = joined(store, people.translator, eid)
    assert str(ana.text) == "Cities decide."
    ana.type(len("Cities decide"), " today")
    assert send(ana, [])
    saved(store, people, second, eid, "The cities decide.")
    done = rooms.commit(store, ana.room.room_id)
    assert done.written and done.absorbed is not None
    ana.doc.apply_update(done.absorbed)
    assert str(ana.text) == english(store, people, eid).text == "The cities decide today."


def test_the_source_changing_under_the_room_keeps_what_was_typed_as_the_translation_of_the_source_read(
    store, people, paragraph
):
    eid, _ = paragraph
    ana = joined(store, people.translator, eid)
    ana.type(0, "Cities decide.")
    assert send(ana, [])
    before = english(store, people, eid).source_revision
    draft.edit_paragraph(
        store, people.committee, P, eid, EditParagraph(base_revision=before, text="Las ciudades deciden hoy.")
    )
    assert rooms.moved(store, ana.room.room_id)
    done = rooms.commit(store, ana.room.room_id)
    now = english(store, people, eid)
    assert done.written and done.source == now.source_revision != before
    assert (now.text, now.state, now.made_from) == ("Cities decide.", "outdated", before)  # made from the source read
    assert not rooms.moved(store, ana.room.room_id)
    ana.type(len("Cities decide"), " today")
    assert send(ana, [])
    assert rooms.commit(store, ana.room.room_id).written
    now = english(store, people, eid)
    assert (now.text, now.state, now.made_from) == ("Cities decide today.", "draft", now.source_revision)


def test_a_translator_taken_off_the_language_keeps_nothing_more(store, people, paragraph):
    eid, second = paragraph
    ana, ben = joined(store, people.translator, eid), joined(store, second, eid)
    processes.update_member(
        store, people.committee, P, second.email, MemberChange(role="translator", languages=("fr",))
    )
    ben.type(0, "No more. ")
    ana.type(0, "Cities.")
    found = rooms.keep(
        store, ana.room.room_id, ana.room.epoch, [(ben.pending[0], second.id), (ana.pending[0], people.translator.id)]
    )
    assert found.alive and found.refused == {second.id}
    rooms.commit(store, ana.room.room_id)
    assert english(store, people, eid).text == "Cities."


steps = st.lists(
    st.tuples(st.integers(0, 3), st.sampled_from(["type", "send", "commit", "outside", "source"]), st.integers(0, 999)),
    min_size=5,
    max_size=30,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writers=st.integers(2, 4), script=steps)
def test_every_translator_ends_with_the_same_text_and_every_acknowledged_word(
    store, people, paragraph, writers, script
):
    """Translators type words while the translation is saved outside the room and the draft's source changes: at the
    end all hold the translation saved, and every word the server kept is in it exactly once."""
    _, second = paragraph
    with store.writer() as tx, tx.begin():  # each example starts with nobody's saves counted (services.pace)
        tx.execute(delete(PacedAction))
    eid = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text="uno dos tres.")).eid
    team = [joined(store, people.translator if i % 2 == 0 else second, eid) for i in range(writers)]
    kept: list[str] = []
    for counter, (who, action, seed) in enumerate(script, 1):
        writer, rnd = team[who % writers], random.Random(seed)
        if action == "type":
            now = str(writer.text)
            writer.type(rnd.choice([0] + [i + 1 for i, c in enumerate(now) if c == " "]), f"W{counter} ")
        elif action in ("send", "commit"):
            assert send(writer, [w for w in team if w is not writer], kept)
            if action == "commit":
                _relay(rooms.commit(store, writer.room.room_id), team)
        elif action == "outside":
            text = english(store, people, eid).text
            saved(store, people, people.committee, eid, f"O{counter} {text}".strip())
            kept.append(f"O{counter}")
        else:
            base = draft.get_draft_paragraph(store, people.committee, P, eid)
            draft.edit_paragraph(
                store, people.committee, P, eid, EditParagraph(base_revision=base.revision, text=f"{base.text} S")
            )
    for writer in team:
        assert send(writer, [w for w in team if w is not writer], kept)
    done = rooms.commit(store, team[0].room.room_id)
    _relay(done, team)
    if done.source is not None:  # the source changed last: its typing kept as the translation of the source before
        _relay(rooms.commit(store, team[0].room.room_id), team)
    text = english(store, people, eid).text
    assert all(str(w.text).strip() == text for w in team), [str(w.text) for w in team] + [text]
    for word in set(kept):
        assert TOKEN.findall(text).count(word) == 1, (word, text)


def _relay(done: rooms.Committed, team: list[Writer]) -> None:
    assert done.refused is None, done.refused
    if done.absorbed is not None:
        for writer in team:
            writer.doc.apply_update(done.absorbed)
