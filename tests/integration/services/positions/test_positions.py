"""Positions on both backends: each change kept and compared-and-set on the revision its writer saw (a real race:
two delegates of one delegation at once, one wins, the other gets 409 with what is stored); what members read of
others' positions is the committee's setting; the draft's paragraphs and amendments are the committee's alone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import join
from tests.integration.services.declaration.test_draft_races import TRIALS, race
from workspace.domain.amendments.amendment_commands import ProposeAmendment, SetParagraphStatus
from workspace.domain.consultations.consultations import MemberChange, ProcessSettings
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate
from workspace.domain.delegations.delegations import AddDelegation
from workspace.domain.delegations.positions import SetPosition
from workspace.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from workspace.services import amendments, delegations, positions, processes
from workspace.services.declaration import draft
from workspace.store.models import PositionChange

P = "kutahya"


@pytest.fixture
def room(store, people):
    """Version 1 with two paragraphs; ARG (the member and a second delegate) and EU (no member)."""
    first = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text="Decide uno.")).eid
    second = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text="Decide dos.")).eid
    draft.circulate(store, people.committee, P, Circulate(label="Borrador cero"))
    delegations.add_delegation(store, people.committee, P, AddDelegation(code="ARG", names={"es": "Argentina"}))
    delegations.add_delegation(
        store, people.committee, P, AddDelegation(code="EU", names={"es": "Unión Europea"}, kind="group")
    )
    second_delegate = join(store, people.committee, P, "delegada@example.org", "member")
    for email in (people.member.email, second_delegate.email):
        processes.update_member(store, people.committee, P, email, MemberChange(delegation="ARG"))
    return {"first": first, "second": second, "delegate": second_delegate}


def test_a_position_is_created_then_changed_on_the_revision_read_and_each_change_is_kept(store, people, room):
    made = positions.set_position(
        store, people.member, P, SetPosition(eid=room["first"], position="objects", note="Demasiado vago.")
    )
    assert (made.revision, made.position, made.note, made.set_by) == (1, "objects", "Demasiado vago.", "Member")
    with pytest.raises(Conflict) as stale:  # no base: the delegation already holds one
        positions.set_position(store, people.member, P, SetPosition(eid=room["first"], position="supports"))
    assert stale.value.detail["stored"]["position"] == "objects" and stale.value.detail["stored"]["revision"] == 1
    changed = positions.set_position(
        store, people.member, P, SetPosition(eid=room["first"], position="can_live_with", base_revision=1)
    )
    assert (changed.revision, changed.position, changed.note) == (2, "can_live_with", "")
    with pytest.raises(Conflict):  # revision 1 is gone
        positions.set_position(
            store, people.member, P, SetPosition(eid=room["first"], position="supports", base_revision=1)
        )
    with store() as tx:
        kept = [(c.revision, c.stance) for c in tx.scalars(select(PositionChange).order_by(PositionChange.id))]
    assert kept == [(1, "objects"), (2, "can_live_with")]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"position": "maybe", "eid": "op_1"}, InvalidInput),
        ({"position": "supports"}, InvalidInput),  # neither a paragraph nor an amendment
        ({"position": "supports", "eid": "op_1", "amendment": 1}, InvalidInput),  # both
        ({"position": "supports", "amendment": "B7"}, InvalidInput),
        ({"position": "supports", "eid": "op_1", "base_revision": -1}, InvalidInput),
    ],
)
def test_a_position_that_cannot_be_is_refused(fields, error):
    with pytest.raises(error):
        SetPosition(**fields)


def test_roles_and_what_is_the_committee_s_alone(store, people, room):
    with pytest.raises(Forbidden):
        positions.set_position(store, people.observer, P, SetPosition(eid=room["first"], position="supports"))
    with pytest.raises(NotFound):
        positions.set_position(store, people.outsider, P, SetPosition(eid=room["first"], position="supports"))
    draft_only = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text="Aún no.")).eid
    with pytest.raises(NotFound, match=draft_only):  # as for everything draft-only
        positions.set_position(store, people.member, P, SetPosition(eid=draft_only, position="supports"))
    on_draft = positions.set_position(
        store, people.committee, P, SetPosition(delegation="EU", eid=draft_only, position="objects")
    )
    assert on_draft.eid == draft_only
    assert positions.list_positions(store, people.member, P) == []  # positions public or not: not the draft's
    proposed = amendments.propose(
        store,
        people.member,
        P,
        ProposeAmendment(version="1", eid=room["first"], kind="modify", text="Decide actuar ya."),
    )
    on_amendment = positions.set_position(
        store, people.member, P, SetPosition(amendment=f"A{proposed.number}", position="supports")
    )
    assert (on_amendment.amendment, on_amendment.eid) == (f"A{proposed.number}", None)
    with pytest.raises(NotFound):
        positions.set_position(store, people.member, P, SetPosition(amendment="A999", position="supports"))


def test_members_read_their_own_delegation_s_positions_unless_the_committee_makes_them_public(store, people, room):
    positions.set_position(store, people.member, P, SetPosition(eid=room["first"], position="supports"))
    positions.set_position(
        store, people.committee, P, SetPosition(delegation="EU", eid=room["first"], position="objects")
    )
    assert [p.delegation.code for p in positions.list_positions(store, people.committee, P)] == ["ARG", "EU"]
    assert [p.delegation.code for p in positions.list_positions(store, people.member, P)] == ["ARG"]
    assert positions.list_positions(store, people.translator, P) == []  # speaks for no delegation
    seen = positions.consensus(store, people.member, P, "1")
    assert seen.objecting == [] and {p.eid: p for p in seen.paragraphs}[room["first"]].counts == {
        "supports": 1,
        "can_live_with": 0,
        "reservation": 0,
        "objects": 0,
    }
    now = processes.get_process(store, people.committee, P)
    processes.update_process(
        store,
        people.committee,
        P,
        ProcessSettings(
            titles=now.titles,
            source_language=now.source_language,
            languages=now.languages,
            timezone=now.timezone,
            places=now.places,
            phase=now.phase,
            positions_public=True,
        ),
    )
    assert [p.delegation.code for p in positions.list_positions(store, people.member, P)] == ["ARG", "EU"]
    assert [d.code for d in positions.consensus(store, people.member, P, "1").objecting] == ["EU"]


def test_the_consensus_view_reads_the_room(store, people, room):
    amendments.set_paragraph_status(
        store, people.committee, P, room["second"], SetParagraphStatus(status="agreed_ad_ref")
    )
    positions.set_position(
        store, people.committee, P, SetPosition(delegation="EU", eid=room["second"], position="reservation")
    )
    positions.set_position(store, people.member, P, SetPosition(eid=room["first"], position="objects"))
    view = positions.consensus(store, people.committee, P, "1")
    second, first = view.paragraphs  # each paragraph added went first
    assert (first.ref, first.status, first.colour, first.delegations["objects"]) == (
        "OP\u00a02",
        "under_negotiation",
        "white",
        ["ARG"],
    )
    assert (second.status, second.colour, second.pending) == ("agreed_ad_ref", "green", ["EU"])
    assert view.counts["under_negotiation"] == 1 and view.counts["agreed_ad_ref"] == 1
    assert [c.delegation.code for c in view.changed] == ["ARG", "EU"]  # latest first, since the circulation
    csv = positions.consensus_csv(view)
    assert csv.splitlines()[2].startswith(f"OP 2,{room['first']},Under negotiation,0,0,0,1,")


@pytest.mark.usefixtures("unpaced")  # 50 changes in seconds: the race is on revisions, not on the rate (test_pace.py)
def test_two_delegates_of_one_delegation_changing_its_position_at_once_one_wins_the_other_learns_what_is_stored(
    store, people, room
):
    delegate = room["delegate"]
    revision = positions.set_position(
        store, people.member, P, SetPosition(eid=room["first"], position="reservation")
    ).revision
    outcomes = []
    for _ in range(TRIALS):
        one = SetPosition(eid=room["first"], position="supports", base_revision=revision)
        other = SetPosition(eid=room["first"], position="objects", base_revision=revision)
        results = race(
            lambda one=one: positions.set_position(store, people.member, P, one),
            lambda other=other: positions.set_position(store, delegate, P, other),
        )
        won = [r.value for r in results if r.error is None]
        lost = [r.error for r in results if r.error is not None]
        assert len(won) == 1 and len(lost) == 1 and isinstance(lost[0], Conflict), results
        stored = lost[0].detail["stored"]
        assert (stored["revision"], stored["position"]) == (won[0].revision, won[0].position)
        outcomes.append(won[0].position)
        revision = won[0].revision
    assert revision == TRIALS + 1
    with store() as tx:
        assert tx.query(PositionChange).count() == TRIALS + 1  # every change kept, none twice


def test_two_first_positions_of_one_delegation_at_once_make_one(store, people, room):
    delegate = room["delegate"]
    for trial in range(TRIALS // 5):
        eid = room["first"] if trial % 2 == 0 else room["second"]
        if trial > 1:  # a fresh paragraph each time: the first position on it
            eid = draft.add_paragraph(
                store, people.committee, P, AddParagraph(kind="operative", text=f"P {trial}.")
            ).eid
            draft.circulate(store, people.committee, P, Circulate(label=f"Rev.{trial}"))
        results = race(
            lambda eid=eid: positions.set_position(store, people.member, P, SetPosition(eid=eid, position="supports")),
            lambda eid=eid: positions.set_position(store, delegate, P, SetPosition(eid=eid, position="objects")),
        )
        assert sorted(type(r.error).__name__ for r in results) == ["Conflict", "NoneType"], results
