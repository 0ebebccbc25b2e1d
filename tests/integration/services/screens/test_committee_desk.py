"""The working draft is the committee's desk: what is done on it (its edits, its threads, the
amendments filed on it, the translations made of draft-only texts) reaches no one else, in any
answer, list, count, event, number or suggestion. On both backends."""

from __future__ import annotations

import pytest

from tests.conftest import restored
from tests.integration.services.declaration.test_declaration import ZERO
from workspace.domain.amendments.amendment_commands import DecideAmendment, EditAmendment, ProposeAmendment
from workspace.domain.comments.comment_commands import CommentText, OpenThread
from workspace.domain.consultations.consultations import ProcessDraft
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate, EditParagraph, ImportVersion
from workspace.domain.errors import NotFound
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import amendments, comments, processes, translations
from workspace.services.declaration import draft, versions
from workspace.services.declaration import importing as version_import
from workspace.services.screens import amendments as amendment_screens

P = "kutahya"
OP2 = "Pedimos a los gobiernos nacionales apoyar la financiación local."
FIRMLY = OP2.replace("apoyar", "apoyar con firmeza")
DESK = "Nos comprometemos a fortalecer la gobernanza multinivel y la cooperación descentralizada entre ciudades."
DESK_EN = "We commit to strengthening multilevel governance and decentralised cooperation between cities."


@pytest.fixture
def zero(store, people):
    return restored(
        store,
        "zero",
        lambda s: version_import.import_version(s, people.committee, P, ImportVersion(filename="zero.md", text=ZERO)),
    )


def others(people):
    return [people.member, people.observer, people.translator]


def test_amendments_filed_on_the_draft_are_absent_for_everyone_but_the_committee(store, people, zero):
    mine = amendments.propose(
        store,
        people.member,
        P,
        ProposeAmendment(version="1", eid="op_2", kind="modify", text=FIRMLY, rationale="Más claro."),
    )
    desk = amendments.propose(
        store,
        people.committee,
        P,
        ProposeAmendment(version="draft", eid="op_2", kind="modify", text=FIRMLY, rationale="Interno."),
    )
    assert (mine.label, desk.label, desk.number, desk.version) == (
        "A1",
        "D1",
        1,
        "draft",
    )  # its own series: no gap in others'
    assert amendments.get_amendment(store, people.committee, P, "D1").rationale == "Interno."
    assert amendments.get_amendment(store, people.committee, P, 1).rebase.overlap_labels == ["D1"]
    for who in others(people):
        with pytest.raises(NotFound):
            amendments.get_amendment(store, who, P, "D1")
        with pytest.raises(NotFound):
            amendment_screens.amendment_screen(store, who, P, "d1")
        with pytest.raises(NotFound):
            amendments.list_amendments(store, who, P, version="draft")
        with pytest.raises(NotFound):
            amendments.disposition(store, who, P, "draft")
        assert [a.number for a in amendments.list_amendments(store, who, P)] == [1]
        assert amendment_screens.list_screen(store, who, P).counts == {"open": 1}
        assert amendments.get_amendment(store, who, P, 1).rebase.overlaps == []  # the draft's amendment is not named
        compiled = amendments.compilation(store, who, P, "1")
        assert [a.number for p in compiled.paragraphs for a in p.amendments] == [1]
        [op2] = [s for s in amendments.dashboard(store, who, P).paragraphs if s.eid == "op_2"]
        assert op2.open_amendments == 1
    with pytest.raises(NotFound):  # nor co-sponsored
        amendments.cosponsor(store, people.member, P, "D1")
    assert [a.label for a in amendments.list_amendments(store, people.committee, P)] == ["A1", "D1"]
    assert amendment_screens.list_screen(store, people.committee, P).counts == {"open": 2}


def test_the_desk_stays_out_of_the_activity_and_the_events_of_others(store, people, zero):
    _, start = comments.stream_of(store, people.member, P)
    _, committee_start = comments.stream_of(store, people.committee, P)
    now = draft.get_draft_paragraph(store, people.committee, P, "op_1")
    draft.edit_paragraph(store, people.committee, P, "op_1", EditParagraph(base_revision=now.revision, text=DESK))
    comments.open_thread(store, people.committee, P, OpenThread(version="draft", eid="op_1", body="Nota interna."))
    comments.add_comment(store, people.committee, P, "D1", CommentText(body="Respuesta interna."))
    amendments.propose(
        store,
        people.committee,
        P,
        ProposeAmendment(version="draft", eid="op_2", kind="modify", text=FIRMLY, rationale="Interno."),
    )
    amendments.edit(store, people.committee, P, "D1", EditAmendment(rationale="Interno, mejor dicho."))
    amendments.decide_amendment(store, people.committee, P, "D1", DecideAmendment(decision="rejected", reason="No."))
    amendments.propose(
        store,
        people.member,
        P,
        ProposeAmendment(version="1", eid="op_2", kind="modify", text=FIRMLY, rationale="Más claro."),
    )
    translations.save_translation(
        store,
        people.translator,
        P,
        "en",
        "op_1",
        SaveTranslation(
            text=DESK_EN,
            source_revision=draft.get_draft_paragraph(store, people.committee, P, "op_1").revision,
            state="translated",
        ),
        "draft",
    )
    desk_verbs = [
        "paragraph.edited",
        "thread.opened",
        "comment.added",
        "amendment.proposed",
        "amendment.edited",
        "amendment.decided",
        "translation.saved",
    ]

    everything = [e.verb for e in processes.list_activity(store, people.committee, P, limit=8)][::-1]
    assert everything == [*desk_verbs[:-1], "amendment.proposed", "translation.saved"]
    for who in others(people):
        shown = processes.list_activity(store, who, P)
        assert (shown[0].verb, shown[0].subject) == ("amendment.proposed", "amendment:1")  # no gap: the desk's is D1
        assert not [
            e
            for e in shown
            if e.data.get("on_draft") or e.data.get("version") == "draft" or e.verb.startswith("paragraph.")
        ]
        seen = comments.events_after(store, who, P, start)
        assert [(e.verb, e.subject) for e in seen.events] == [("amendment.proposed", "amendment:1")]
        assert [e.id for e in seen.events] == [start + 1]  # no gap tells of the desk
        assert comments.stream_of(store, who, P)[1] == start + 1
    committee = comments.events_after(store, people.committee, P, committee_start)
    assert [e.verb for e in committee.events] == [*desk_verbs[:-1], "amendment.proposed", "translation.saved"]
    assert [e.id for e in committee.events] == list(range(committee_start + 1, committee_start + 9))


def test_event_numbers_are_the_processs_own(store, people, zero):
    """Ids were global: a gap in one process's stream told of another's activity."""
    _, start = comments.stream_of(store, people.member, P)
    comments.open_thread(store, people.member, P, OpenThread(version="1", eid="op_1", body="¿Y esto?"))
    # another process, busy between two events of this one
    processes.create_process(
        store,
        people.committee,
        ProcessDraft(slug="otra", titles={"es": "Otra"}, source_language="es", languages=("es",)),
    )
    version_import.import_version(store, people.committee, "otra", ImportVersion(filename="zero.md", text=ZERO))
    comments.add_comment(store, people.member, P, 1, CommentText(body="Sigo."))
    seen = comments.events_after(store, people.member, P, start)
    assert [e.id for e in seen.events] == [start + 1, start + 2]
    assert comments.events_after(store, people.committee, "otra", 0).events[0].id == 1


def test_translation_memory_suggests_draft_only_sources_only_to_those_who_read_the_draft(store, people, zero):
    now = draft.get_draft_paragraph(store, people.committee, P, "op_1")
    draft.edit_paragraph(store, people.committee, P, "op_1", EditParagraph(base_revision=now.revision, text=DESK))
    revision = draft.get_draft_paragraph(store, people.committee, P, "op_1").revision
    translations.save_translation(
        store,
        people.translator,
        P,
        "en",
        "op_1",
        SaveTranslation(text=DESK_EN, source_revision=revision, state="translated"),
        "draft",
    )
    translations.approve(store, people.committee, P, "en", "op_1", "draft")
    near = DESK.replace("entre ciudades", "entre las ciudades")
    for who in (people.committee, people.translator, people.admin):
        assert [s.text for s in translations.memory(store, who, P, near, "en")] == [DESK_EN]
    for who in (people.member, people.observer):
        assert translations.memory(store, who, P, near, "en") == []
    draft.circulate(store, people.committee, P, Circulate(label="Rev.1"))
    assert [s.text for s in translations.memory(store, people.member, P, near, "en")] == [DESK_EN]  # circulated now


def test_a_paragraph_only_in_the_draft_has_no_history_for_others(store, people, zero):
    added = draft.add_paragraph(
        store, people.committee, P, AddParagraph(kind="operative", text="Un párrafo nuevo.", after="op_3")
    )
    assert versions.paragraph_history(store, people.committee, P, added.eid).eid == added.eid
    for who in others(people):
        with pytest.raises(NotFound):
            versions.paragraph_history(store, who, P, added.eid)
        assert versions.paragraph_history(store, who, P, "op_1").eid == "op_1"  # circulated: its story is everyone's
