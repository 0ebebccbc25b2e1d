"""Amendments on both backends: propose, co-sponsor, rebase as the draft moves on, decide, compile."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.backends import BACKENDS_DIFFER
from tests.conftest import restored
from tests.integration.services.declaration.test_declaration import ZERO
from tests.integration.support import dump
from workspace.domain.amendments.amendment_commands import (
    Compromise,
    DecideAmendment,
    EditAmendment,
    Objection,
    ProposeAmendment,
    SetDeadline,
    SetParagraphStatus,
    StartSilence,
)
from workspace.domain.declaration.declaration_commands import Circulate, DeleteParagraph, EditParagraph, ImportVersion
from workspace.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from workspace.services import amendments
from workspace.services.declaration import draft, versions
from workspace.services.declaration import importing as version_import
from workspace.store.types import utcnow

pytestmark = BACKENDS_DIFFER  # the proposer search: ILIKE and lower() per backend

P = "kutahya"
OP2 = "Pedimos a los gobiernos nacionales apoyar la financiación local."


@pytest.fixture
def zero(store, people):
    return restored(
        store,
        "zero",
        lambda s: version_import.import_version(s, people.committee, P, ImportVersion(filename="zero.md", text=ZERO)),
    )


def propose(store, who, eid="op_2", text=None, kind="modify", version="1", rationale="Porque sí."):
    text = text if text is not None else OP2.replace("apoyar", "apoyar con firmeza")
    return amendments.propose(
        store, who, P, ProposeAmendment(version=version, eid=eid, kind=kind, text=text, rationale=rationale)
    )


def draft_text(store, people, eid):
    return next((p.text for p in draft.get_draft(store, people.committee, P).paragraphs if p.eid == eid), None)


def test_a_member_proposes_others_cosponsor_and_the_committee_accepts_into_the_draft(store, people, zero):
    a = propose(store, people.member)
    assert (a.number, a.kind, a.eid, a.version, a.status, a.proposer) == (
        1,
        "modify",
        "op_2",
        "Borrador cero",
        "open",
        "Member",
    )
    assert a.base_text == OP2 and [p.text for p in a.ops if p.op == 1] == ["con firmeza "]
    assert a.rebase.state == "applies" and a.rebase.against == "Borrador cero"
    with pytest.raises(InvalidInput):  # one's own
        amendments.cosponsor(store, people.member, P, 1)
    amendments.cosponsor(store, people.committee, P, 1)
    with pytest.raises(Conflict):  # twice
        amendments.cosponsor(store, people.committee, P, 1)
    with pytest.raises(Forbidden):  # a member deciding
        amendments.decide_amendment(
            store, people.member, P, 1, DecideAmendment(decision="accepted", reason="De acuerdo.")
        )
    decided = amendments.decide_amendment(
        store, people.committee, P, 1, DecideAmendment(decision="accepted", reason="Refuerza el texto.")
    )
    assert (decided.status, decided.reason, decided.decided_by, decided.cosponsors) == (
        "accepted",
        "Refuerza el texto.",
        "Committee",
        ["Committee"],
    )
    assert draft_text(store, people, "op_2") == OP2.replace("apoyar", "apoyar con firmeza")
    [*_, last] = versions.paragraph_history(store, people.committee, P, "op_2").entries
    assert (last.cause, last.cause_ref) == ("amendment", "A1")
    with pytest.raises(Conflict):  # already decided
        amendments.decide_amendment(store, people.committee, P, 1, DecideAmendment(decision="rejected", reason="No."))


def test_open_amendments_follow_the_draft_applies_conflict_obsolete_and_overlap(store, people, zero):
    firm = propose(store, people.member)  # "apoyar con firmeza"
    local = propose(store, people.member, text=OP2.replace("local", "local y regional"))
    overlapping = propose(store, people.member, text=OP2.replace("apoyar la", "respaldar la"))
    gone = propose(store, people.member, eid="op_3", text="Promoveremos los vínculos urbano-rurales y la cooperación.")
    listed = {a.number: a for a in amendments.list_amendments(store, people.committee, P)}
    assert (
        firm.number in listed[overlapping.number].rebase.overlaps
        and local.number not in listed[firm.number].rebase.overlaps
    )

    # The committee edits elsewhere in op_2, replaces the words of A3, and deletes op_3.
    seen = draft.get_draft_paragraph(store, people.committee, P, "op_2")
    draft.edit_paragraph(
        store,
        people.committee,
        P,
        "op_2",
        EditParagraph(
            base_revision=seen.revision,
            text="Pedimos a los gobiernos nacionales apoyar la financiación local cuanto antes.",
        ),
    )
    op3 = draft.get_draft_paragraph(store, people.committee, P, "op_3")
    draft.delete_paragraph(store, people.committee, P, "op_3", DeleteParagraph(base_revision=op3.revision))
    states = {a.number: a.rebase for a in amendments.list_amendments(store, people.committee, P)}
    assert states[firm.number].state == "applies"
    assert (
        states[firm.number].text
        == "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local cuanto antes."
    )
    assert states[local.number].state in ("applies", "conflict")
    assert states[gone.number].state == "obsolete"

    seen = draft.get_draft_paragraph(store, people.committee, P, "op_2")
    draft.edit_paragraph(
        store,
        people.committee,
        P,
        "op_2",
        EditParagraph(
            base_revision=seen.revision,
            text="Pedimos a los gobiernos nacionales garantizar la financiación local cuanto antes.",
        ),
    )
    conflict = amendments.get_amendment(store, people.committee, P, firm.number).rebase
    assert conflict.state == "conflict" and conflict.failed
    before = dump(store)
    with pytest.raises(Conflict) as refused:  # accepting a conflicting amendment: nothing half-applied
        amendments.decide_amendment(
            store, people.committee, P, firm.number, DecideAmendment(decision="accepted", reason="Sí.")
        )
    assert refused.value.detail["state"] == "conflict" and dump(store) == before


def test_the_proposer_refreshes_a_conflicting_amendment_onto_the_current_text(store, people, zero):
    a = propose(store, people.member)
    seen = draft.get_draft_paragraph(store, people.committee, P, "op_2")
    draft.edit_paragraph(
        store,
        people.committee,
        P,
        "op_2",
        EditParagraph(base_revision=seen.revision, text=OP2.replace("apoyar", "garantizar")),
    )
    draft.circulate(store, people.committee, P, Circulate(label="Rev.1"))
    assert amendments.get_amendment(store, people.member, P, a.number).rebase.state == "conflict"
    with pytest.raises(InvalidInput):  # the words changed: a new wording is needed
        amendments.refresh(store, people.member, P, a.number, EditAmendment())
    with pytest.raises(Forbidden):  # only its proposer
        amendments.refresh(store, people.committee, P, a.number, EditAmendment(text="Otra cosa."))
    new = amendments.refresh(
        store, people.member, P, a.number, EditAmendment(text=OP2.replace("apoyar", "garantizar con firmeza"))
    )
    assert (new.version, new.base_text, new.rebase.state) == ("Rev.1", OP2.replace("apoyar", "garantizar"), "applies")


def test_inserts_deletes_and_other_decisions(store, people, zero):
    insert = propose(
        store, people.member, eid="op_1", kind="insert", text="Impulsaremos la cooperación descentralizada."
    )
    delete = propose(store, people.member, eid="op_3", kind="delete", text="")
    as_modified = propose(store, people.member)
    accepted = amendments.decide_amendment(
        store, people.committee, P, insert.number, DecideAmendment(decision="accepted", reason="Útil.")
    )
    assert accepted.created_eid == "op_4"
    order = [p.eid for p in draft.get_draft(store, people.committee, P).paragraphs]
    assert order.index("op_4") == order.index("op_1") + 1
    amendments.decide_amendment(
        store, people.committee, P, delete.number, DecideAmendment(decision="accepted", reason="Redundante.")
    )
    assert draft_text(store, people, "op_3") is None
    with pytest.raises(InvalidInput):  # as modified needs the committee's wording
        DecideAmendment(decision="accepted_as_modified", reason="Mejor así.")
    modified = amendments.decide_amendment(
        store,
        people.committee,
        P,
        as_modified.number,
        DecideAmendment(
            decision="accepted_as_modified", reason="Mejor así.", text=OP2.replace("apoyar", "apoyar decididamente")
        ),
    )
    assert modified.decided_text == draft_text(store, people, "op_2") == OP2.replace("apoyar", "apoyar decididamente")
    moot = propose(store, people.member, eid="op_1", text="Nos comprometemos a fortalecer la gobernanza.")
    assert (
        amendments.decide_amendment(
            store, people.committee, P, moot.number, DecideAmendment(decision="moot", reason="Superada.")
        ).status
        == "moot"
    )
    with pytest.raises(InvalidInput):  # a decision always has a reason
        DecideAmendment(decision="rejected", reason="  ")


def test_a_compromise_merges_several_amendments_into_one_wording(store, people, zero):
    a = propose(store, people.member)
    b = propose(store, people.member, text=OP2.replace("local", "local y regional"))
    merged = amendments.compromise(
        store,
        people.committee,
        P,
        Compromise(
            amendments=[a.number, b.number],
            text=OP2.replace("apoyar", "apoyar con firmeza").replace("local", "local y regional"),
            reason="Ambas ideas.",
        ),
    )
    assert merged.status == "accepted" and draft_text(store, people, "op_2") == merged.text
    assert merged.label == "D1"  # made on the working draft: the committee's draft series
    for n in (a.number, b.number):
        got = amendments.get_amendment(store, people.member, P, n)
        assert (got.status, got.merged_into, got.merged_into_label) == (
            "merged",
            None,
            None,
        )  # not the member's to read
        seen = amendments.get_amendment(store, people.committee, P, n)
        assert (seen.merged_into, seen.merged_into_label) == (merged.number, "D1")


def test_withdraw_edit_and_refusals(store, people, zero):
    a = propose(store, people.member)
    edited = amendments.edit(
        store,
        people.member,
        P,
        a.number,
        EditAmendment(text=OP2.replace("apoyar", "apoyar siempre"), rationale="Mejor."),
    )
    assert edited.text == OP2.replace("apoyar", "apoyar siempre") and edited.rationale == "Mejor."
    with pytest.raises(Forbidden):
        amendments.withdraw(store, people.committee, P, a.number)
    assert amendments.withdraw(store, people.member, P, a.number).status == "withdrawn"
    with pytest.raises(Conflict):
        amendments.edit(store, people.member, P, a.number, EditAmendment(text="Otra."))
    before = dump(store)
    for who, kwargs, error in [
        (people.member, {"eid": "op_99"}, NotFound),
        (people.member, {"version": "Rev.9"}, NotFound),
        (people.member, {"text": OP2}, InvalidInput),  # changes nothing
        (people.member, {"kind": "insert", "text": "  "}, InvalidInput),
        (people.observer, {}, Forbidden),
        (people.translator, {}, Forbidden),
        (people.member, {"version": "draft"}, Forbidden),  # the draft is the committee's
        (people.outsider, {}, NotFound),
    ]:
        with pytest.raises(error):
            propose(store, who, **kwargs)
    assert dump(store) == before


def test_after_the_deadline_only_the_committee_files_amendments(store, people, zero):
    past = (utcnow() - timedelta(hours=1)).isoformat()
    amendments.set_deadline(store, people.committee, P, "1", SetDeadline(deadline=past))
    with pytest.raises(Forbidden) as refused:
        propose(store, people.member)
    assert "deadline" in refused.value.detail
    assert propose(store, people.committee).status == "open"


def test_paragraph_statuses_dashboard_and_silence(store, people, zero):
    amendments.set_paragraph_status(
        store, people.committee, P, "op_1", SetParagraphStatus(status="agreed", note="Cerrado en Kütahya.")
    )
    propose(store, people.member)
    board = amendments.dashboard(store, people.member, P)
    assert board.counts["agreed"] == 1
    assert {v.eid for v in board.holding_back} >= {"op_2"} and "op_1" not in {v.eid for v in board.holding_back}
    with pytest.raises(Forbidden):
        amendments.set_paragraph_status(store, people.member, P, "op_1", SetParagraphStatus(status="open"))
    silence = amendments.start_silence(
        store, people.committee, P, StartSilence(version="1", deadline=(utcnow() + timedelta(days=2)).isoformat())
    )
    assert silence.state == "running"
    broken = amendments.object_to_silence(store, people.member, P, Objection(text="No podemos aceptar el párrafo 2."))
    assert [o.by for o in broken.objections] == ["Member"]


def test_compilation_and_disposition(store, people, zero):
    a = propose(store, people.member)
    amendments.cosponsor(store, people.committee, P, a.number)
    b = propose(
        store, people.member, eid="op_1", text="Nos comprometemos a fortalecer la gobernanza multinivel y local."
    )
    amendments.decide_amendment(
        store, people.committee, P, b.number, DecideAmendment(decision="rejected", reason="Fuera de lugar.")
    )
    compiled = amendments.compilation(store, people.observer, P, "1")
    by_eid = {p.eid: p for p in compiled.paragraphs}
    assert [x.number for x in by_eid["op_2"].amendments] == [a.number]
    assert by_eid["op_2"].amendments[0].cosponsors == ["Committee"] and by_eid["op_1"].amendments == []
    rows = amendments.disposition(store, people.member, P, "1")
    assert [(r.number, r.status, r.reason) for r in rows] == [
        (a.number, "open", ""),
        (b.number, "rejected", "Fuera de lugar."),
    ]
    text = amendments.disposition_csv(store, people.member, P, "1")
    assert text.startswith("\ufeffamendment,kind,paragraph") and "Fuera de lugar." in text
