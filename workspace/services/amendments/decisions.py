"""The committee decides: accept (as proposed or as modified), merge into a compromise, reject, moot.

An accepted wording goes into the working draft through its one write path, as a compare-and-set
on the paragraph's current revision, its cause "amendment A7": nothing is half-applied, and an
amendment that no longer applies is refused with its conflict (409).
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...domain.amendments.amendment_commands import Compromise, DecideAmendment, DecideInOrder
from ...domain.amendments.amendments import (
    APPLYING,
    AmendmentKind,
    Decision,
    Proposal,
    RebaseState,
    Status,
    decide,
    reopen,
)
from ...domain.amendments.votes import Vote
from ...domain.declaration.document import Block, Kind, revision_id, sibling_place
from ...domain.declaration.draft_changes import Cause, CauseKind, DraftChange, Insert, Remove, SetText
from ...domain.errors import N_, AccordError, Conflict, InvalidInput, Words
from ...domain.labels import REBASE_STATES
from ...domain.permissions import Action
from ...domain.series import AMENDMENT_MARK
from ...store.models import Amendment, ParagraphEdit, Process, RollCall
from ...store.types import utcnow
from ..access import lock_process, process_for, record, stored_id
from ..actor import Actor
from ..declaration.naming import paragraph_name
from ..declaration.paragraphs import (
    draft_row,
    latest_version,
    previous_neighbour,
    registered,
    store_revision,
    text_of,
)
from ..declaration.writes import write_draft
from ..delegations.records import named
from ..unit import use_case
from .records import current_for, find, label_of, next_number, rebased, subject_of, views
from .renderings import offer_renderings, refuse_pending
from .views import AmendmentView


def _applying(tx: Session, process: Process, row: Amendment, wording: str | None) -> list[DraftChange]:
    """The change of the draft that accepting `row` makes (with the committee's `wording`, if given)."""
    current = current_for(tx, process, committee=True, eids={row.eid})
    found = rebased(row, current)
    if found.state != RebaseState.APPLIES:
        detail = {"state": found.state.value, "ops": list(found.ops), "failed": list(found.failed)}
        raise Conflict(
            N_(
                "Amendment {label} no longer applies to the working draft ({state}): "
                "refresh it, or decide it otherwise."
            ),
            label=label_of(row),
            state=Words(REBASE_STATES[found.state.value]),
            detail=detail,
        )
    kind = AmendmentKind(row.kind)
    if kind == AmendmentKind.INSERT:
        anchor = draft_row(tx, process, row.eid)
        place = Kind(row.paragraph_kind or Kind.OPERATIVE), 0, ""
        if anchor is not None:
            place = sibling_place(Block(anchor.eid, Kind(anchor.kind), "", anchor.depth, anchor.marker), place[0])
        return [Insert(place[0], wording or found.text or "", row.eid, None, place[1], place[2])]
    base = revision_id(current.texts[row.eid])
    if kind == AmendmentKind.DELETE and wording is None:
        return [Remove(row.eid, base)]
    return [SetText(row.eid, base, wording if wording is not None else found.text or "")]


def _close(
    tx: Session, actor: Actor | None, row: Amendment, status: Status, reason: str, wording: str | None = None
) -> None:
    row.status = decide(Status(row.status), status).value
    row.reason, row.decided_at, row.decided_by_id = reason, utcnow(), stored_id(actor)
    if wording is not None:
        row.decided_sha = store_revision(tx, wording)


@use_case
def decide_amendment(
    tx: Session, actor: Actor | None, slug: str, ref: int | str, command: DecideAmendment
) -> AmendmentView:
    """Decide an open amendment (`ref`: 7, "A7", "D3"), always with a reason; an accepted one changes the working
    draft."""
    process, _ = process_for(tx, slug, actor, Action.DECIDE_AMENDMENT)
    lock_process(tx, process)
    row = _decide(tx, actor, process, ref, command)
    return views(tx, [row], current_for(tx, process, committee=True, eids={row.eid}))[0]


@use_case
def decide_amendments(tx: Session, actor: Actor | None, slug: str, command: DecideInOrder) -> list[AmendmentView]:
    """A voting list: each decision taken in its order on the text the ones before it made (an amendment
    accepted first may leave the next one no longer applying), all of them or, if one is refused, none."""
    process, _ = process_for(tx, slug, actor, Action.DECIDE_AMENDMENT)
    lock_process(tx, process)
    rows = []
    for position, decision in enumerate(command.decisions, 1):
        numbered = decision.ref
        label = numbered.label(AMENDMENT_MARK)
        try:
            rows.append(_decide(tx, actor, process, label, decision))
        except AccordError as refused:
            detail = {"position": position, "number": numbered.number, "label": label, "refused": refused.detail}
            kind = next(
                c
                for c in type(refused).__mro__
                if vars(c).get("__init__", AccordError.__init__) is AccordError.__init__
            )
            raise kind(
                N_("Decision {position} of the list ({label}) was refused, so none was taken: {why}"),
                position=position,
                label=label,
                why=refused,
                detail=detail,
            ) from refused
    current = current_for(tx, process, committee=True, eids={row.eid for row in rows})
    return views(tx, rows, current)


def record_vote(tx: Session, process: Process, row: Amendment, vote: Vote) -> None:
    """The room's vote on `row`: its counts, and its roll call by delegation (each a delegation of the process)."""
    calls = [(named(tx, process, code), ballot) for code, ballot in vote.roll_call]
    row.vote = vote.data()
    tx.add_all(
        RollCall(amendment_id=row.id, delegation_id=delegation.id, ballot=ballot.value, position=k)
        for k, (delegation, ballot) in enumerate(calls, 1)
    )


def _decide(tx: Session, actor: Actor | None, process: Process, ref: int | str, command: DecideAmendment) -> Amendment:
    row = find(tx, process, ref)
    decision, vote = Decision(command.decision), command.counted
    decide(Status(row.status), decision)  # only an open amendment: refused before anything is done
    if vote is not None:
        record_vote(tx, process, row, vote)
    if decision in (Decision.ACCEPTED, Decision.ACCEPTED_AS_MODIFIED):
        if command.text is None:  # accepted as proposed: its wording in the source must be there
            refuse_pending(tx, process, row)
        changes = _applying(tx, process, row, command.text)
        created = write_draft(
            tx, process, actor, changes, Cause(CauseKind.AMENDMENT, label_of(row)), note=command.reason
        )
        row.created_eid = created[0] if created else None
        applied = changes[0]
        wording = applied.text if isinstance(applied, (SetText, Insert)) else ""
        _close(tx, actor, row, Status(decision.value), command.reason, wording)
        offer_renderings(tx, process, row)
    else:
        _close(tx, actor, row, Status(decision.value), command.reason)
    record(
        tx,
        actor,
        "amendment.decided",
        subject_of(row),
        process,
        decision=decision.value,
        eid=row.eid,
        on_draft=row.on_draft,
        **({"vote": vote.data()} if vote is not None else {}),
    )
    tx.flush()
    return row


@use_case
def reopen_amendment(tx: Session, actor: Actor | None, slug: str, ref: int | str) -> AmendmentView:
    """The committee takes a decision back until the next version circulates: the amendment is open again
    and what its acceptance did to the working draft is undone, as a compare-and-set on the text it wrote
    (409 if the paragraph changed since: undo that by hand first)."""
    process, _ = process_for(tx, slug, actor, Action.DECIDE_AMENDMENT)
    lock_process(tx, process)
    row = find(tx, process, ref)
    status = Status(row.status)
    reopen(status)
    latest = latest_version(tx, process)
    if latest is not None and row.decided_at is not None and row.decided_at <= latest.created_at:
        raise Conflict(
            N_("{label} was decided before {version} circulated: its decision can no longer be reopened."),
            label=label_of(row),
            version=latest.label,
            detail={"version": latest.label},
        )
    if status in APPLYING:
        _undo(tx, actor, process, row)
    row.vote = None  # the vote went with the decision: the room votes again if it must
    tx.execute(delete(RollCall).where(RollCall.amendment_id == row.id))
    row.status, row.reason, row.decided_at, row.decided_by_id, row.decided_sha, row.created_eid = (
        Status.OPEN.value,
        "",
        None,
        None,
        None,
        None,
    )
    record(
        tx, actor, "amendment.reopened", subject_of(row), process, was=status.value, eid=row.eid, on_draft=row.on_draft
    )
    tx.flush()
    return views(tx, [row], current_for(tx, process, committee=True, eids={row.eid}))[0]


def _undo(tx: Session, actor: Actor | None, process: Process, row: Amendment) -> None:
    """Write back what accepting `row` changed in the draft (its last write there, by its history)."""
    edit = tx.scalar(
        select(ParagraphEdit)
        .where(
            ParagraphEdit.process_id == process.id,
            ParagraphEdit.cause == CauseKind.AMENDMENT.value,
            ParagraphEdit.cause_ref == label_of(row),
        )
        .order_by(ParagraphEdit.id.desc())
        .limit(1)
    )
    if edit is None:
        return
    cause = Cause(CauseKind.RESTORE, label_of(row))
    if (
        edit.new_sha is not None and edit.old_sha is not None
    ):  # a new wording: the old one back, if the paragraph still reads so
        write_draft(tx, process, actor, [SetText(edit.eid, edit.new_sha, text_of(tx, edit.old_sha) or "")], cause)
    elif edit.new_sha is not None:  # an inserted paragraph: removed, if untouched since
        write_draft(tx, process, actor, [Remove(edit.eid, edit.new_sha)], cause)
    elif (
        edit.old_sha is not None and draft_row(tx, process, edit.eid) is None
    ):  # a deleted paragraph: back where it stood
        paragraph = registered(tx, process, edit.eid)
        kind = Kind(paragraph.kind) if paragraph is not None else Kind.OPERATIVE
        write_draft(
            tx,
            process,
            actor,
            [Insert(kind, text_of(tx, edit.old_sha) or "", previous_neighbour(tx, process, edit.eid), edit.eid)],
            cause,
        )


@use_case
def compromise(tx: Session, actor: Actor | None, slug: str, command: Compromise) -> AmendmentView:
    """Several open amendments to one paragraph become one wording, applied to the draft; each is
    marked as merged into it. The compromise is itself an amendment, proposed and accepted by the committee."""
    process, _ = process_for(tx, slug, actor, Action.DECIDE_AMENDMENT)
    lock_process(tx, process)
    rows = [find(tx, process, n.label(AMENDMENT_MARK)) for n in command.numbers]
    eids = {r.eid for r in rows}
    if len(eids) != 1 or any(r.kind != AmendmentKind.MODIFY for r in rows):
        raise InvalidInput(
            N_("A compromise merges amendments that modify the same paragraph."), detail={"field": "amendments"}
        )
    for r in rows:
        decide(Status(r.status), Status.MERGED)
    [eid] = eids
    current = current_for(tx, process, committee=True, eids={eid})
    if eid not in current.texts:
        raise Conflict(N_("Paragraph {eid} is no longer in the working draft."), eid=paragraph_name(tx, process, eid))
    base = current.texts[eid]
    proposal = Proposal(AmendmentKind.MODIFY, base, command.text)
    proposal.check()
    # Made on the working draft, like the committee's other amendments there: in its draft series.
    merged = Amendment(
        process_id=process.id,
        on_draft=True,
        number=next_number(tx, process, True),
        kind=AmendmentKind.MODIFY.value,
        eid=eid,
        version_id=None,
        base_sha=store_revision(tx, base),
        text_sha=store_revision(tx, command.text),
        patch=proposal.patch().as_text(),
        rationale=command.reason,
        proposer_id=stored_id(actor),
    )
    tx.add(merged)
    tx.flush()
    numbers = ", ".join(label_of(r) for r in rows)
    write_draft(
        tx,
        process,
        actor,
        [SetText(eid, revision_id(base), command.text)],
        Cause(CauseKind.AMENDMENT, label_of(merged)),
        note=command.reason,
    )
    _close(tx, actor, merged, Status.ACCEPTED, command.reason, command.text)
    for r in rows:
        _close(tx, actor, r, Status.MERGED, command.reason)
        r.merged_into_id = merged.id
    record(tx, actor, "amendment.compromise", subject_of(merged), process, merged=numbers, eid=eid, on_draft=True)
    tx.flush()
    return views(tx, [merged], current_for(tx, process, committee=True, eids={eid}))[0]
