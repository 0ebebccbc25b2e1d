"""Proposing amendments: propose, edit while open, co-sponsor, withdraw, refresh onto the current text."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.amendments.amendment_commands import CosponsorAs, EditAmendment, ProposeAmendment
from ...domain.amendments.amendments import AmendmentKind, Proposal, RebaseState, Status, decide
from ...domain.declaration.document import revision_id
from ...domain.delegations.delegations import delegation_code
from ...domain.errors import N_, Conflict, Forbidden, InvalidInput, NotFound
from ...domain.labels import AMENDMENT_STATUSES
from ...domain.paging import Window, window
from ...domain.permissions import Action, require
from ...domain.vocabulary import Role, parse_enum
from ...store.models import Amendment, AmendmentPeriod, Cosponsor, Delegation, Process, User, Version
from ...store.types import utcnow
from ..access import lock_process, process_for, record, stored_id
from ..actor import Actor
from ..declaration.naming import paragraph_name
from ..declaration.paragraphs import (
    DRAFT,
    draft_blocks,
    find_version,
    latest_version,
    store_revision,
    version_blocks,
)
from ..declaration.references import eid_of
from ..delegations.records import acting_for, named
from ..pace import Pace, pace
from ..processes.views import sees_emails
from ..unit import reads, use_case
from .records import (
    ORDER,
    current_for,
    find,
    is_committee,
    label_of,
    local,
    next_number,
    readable,
    subject_of,
    views,
)
from .renderings import edition_base, filed_in, language_of, origin_of, reworded
from .views import AmendmentView


def amendment_base(
    tx: Session, process: Process, actor: Actor, role: Role | None, ref: str, eids: Collection[str] | None = None
) -> tuple[int | None, dict[str, str]]:
    """The version an amendment is made against (None: the draft, for the committee) and its texts (only
    those of `eids`, if given: one proposal reads its paragraph alone)."""
    if ref.strip().lower() == DRAFT:
        require(role, Action.READ_DRAFT, is_admin=actor.is_admin)
        return None, {b.eid: b.text for b in draft_blocks(tx, process, eids)}
    version = find_version(tx, process, ref)
    period = tx.get(AmendmentPeriod, version.id)
    if period is not None and utcnow() > period.deadline and not is_committee(role, actor):
        raise Forbidden(
            N_(
                "The amendment period of {label} ended on {deadline} ({zone}): only the committee files amendments now."
            ),
            label=version.label,
            deadline=local(period.deadline, process.timezone),
            zone=i18n.zone_time(process.timezone),
            detail={"deadline": period.deadline.isoformat()},
        )
    return version.id, {b.eid: b.text for b in version_blocks(tx, version, eids=eids)}


@use_case
def propose(tx: Session, actor: Actor | None, slug: str, command: ProposeAmendment) -> AmendmentView:
    """A member (or the committee) proposes a change of one paragraph of a version (or of the draft)."""
    process, role = process_for(tx, slug, actor, Action.PROPOSE_AMENDMENT)
    pace(tx, actor, Pace.AMENDMENT)
    assert actor is not None
    version_id, texts = amendment_base(tx, process, actor, role, command.version, {command.eid})
    delegation = acting_for(tx, process, role, actor, command.delegation)
    lock_process(tx, process)
    if language_of(process, command.lang) == process.source_language:
        row = file_amendment(tx, process, actor, version_id, texts, command, delegation=delegation)
        return _view(tx, process, role, actor, row)
    if command.eid not in texts:
        raise _no_paragraph(tx, process, command, version_id)
    # Written in another edition: checked and kept in its words, rendered into the source later (renderings).
    edition = edition_base(tx, process, command, version_id)
    words = {command.eid: edition if edition is not None else ""}
    row = file_amendment(tx, process, actor, version_id, words, command, delegation=delegation)
    source = None if command.kind == AmendmentKind.INSERT else texts[command.eid]
    filed_in(tx, process, row, command, source)
    return _view(tx, process, role, actor, row)


def _no_paragraph(tx: Session, process: Process, command: ProposeAmendment, version_id: int | None) -> NotFound:
    """The paragraph an amendment names is not in its text: one of another text named as it was last printed."""
    version = tx.get(Version, version_id) if version_id is not None else None
    printed = paragraph_name(tx, process, command.eid, version)
    return NotFound(N_("No paragraph “{eid}” in {version}."), eid=printed, version=command.version)


def file_amendment(
    tx: Session,
    process: Process,
    actor: Actor,
    version_id: int | None,
    texts: dict[str, str],
    command: ProposeAmendment,
    source: dict[str, object] | None = None,
    number: int | None = None,
    stored: bool = False,
    add: bool = True,
    delegation: Delegation | None = None,
) -> Amendment:
    """One amendment filed against the paragraphs `texts` of its version (read once for many), the
    process locked by the caller; `source`: the Word file it came from; `number`: the next one, when
    the caller files many in turn (else read from the store); `stored`: the texts are stored already
    (store_revisions, once for many); not `add`: the amendment as it would be filed, checked but left
    out of the store and the activity (a preview that writes nothing); `delegation`: filed on its behalf."""
    keep = (lambda _tx, text: revision_id(text)) if stored else store_revision
    if command.eid not in texts:
        raise _no_paragraph(tx, process, command, version_id)
    base = None if command.kind == AmendmentKind.INSERT else texts[command.eid]
    proposal = Proposal(AmendmentKind(command.kind), base, command.text)
    proposal.check()
    row = Amendment(
        process_id=process.id,
        on_draft=version_id is None,
        number=number or next_number(tx, process, version_id is None),
        kind=AmendmentKind(command.kind).value,
        eid=command.eid,
        paragraph_kind=command.new_kind.value if command.kind == AmendmentKind.INSERT else None,
        version_id=version_id,
        base_sha=keep(tx, base) if base is not None else None,
        text_sha=keep(tx, command.text),
        patch=_patch(proposal),
        rationale=command.rationale,
        proposer_id=stored_id(actor),
        delegation_id=delegation.id if delegation is not None else None,
        source=source,
    )
    if not add:
        return row
    tx.add(row)
    record(
        tx,
        actor,
        "amendment.proposed",
        subject_of(row),
        process,
        eid=row.eid,
        kind=row.kind,
        on_draft=version_id is None,
        **({"file": source["file"]} if source else {}),
        **({"delegation": delegation.code} if delegation is not None else {}),
    )
    return row


def _patch(proposal: Proposal) -> str:
    return proposal.patch().as_text() if proposal.kind == AmendmentKind.MODIFY else ""


def _view(tx: Session, process: Process, role: Role | None, actor: Actor | None, row: Amendment) -> AmendmentView:
    # Texts are related by their shas: after a change of sha, read the related texts afresh.
    tx.flush()
    tx.expire(row, ["base", "proposed"])
    committee = is_committee(role, actor)
    return views(tx, [row], current_for(tx, process, committee, eids={row.eid}), committee)[0]


def _own_open(tx: Session, actor: Actor | None, slug: str, ref: int | str) -> tuple[Process, Role | None, Amendment]:
    process, role = process_for(tx, slug, actor, Action.PROPOSE_AMENDMENT)
    row = find(tx, process, ref, is_committee(role, actor))
    if actor is None or row.proposer_id != actor.id:
        raise Forbidden(N_("Only its proposer can change amendment {label}."), label=label_of(row))
    if row.status != Status.OPEN:
        raise Conflict(
            N_("This amendment is already “{status}”: it can no longer change."), status=AMENDMENT_STATUSES[row.status]
        )
    return process, role, row


@use_case
def edit(tx: Session, actor: Actor | None, slug: str, ref: int | str, command: EditAmendment) -> AmendmentView:
    """The proposer rewords their amendment (`ref`: 7, "A7", "D3"), or its rationale, while it is open."""
    process, role, row = _own_open(tx, actor, slug, ref)
    pace(tx, actor, Pace.AMENDMENT)
    if command.text is not None and row.kind != AmendmentKind.DELETE:
        if origin_of(process, row) != process.source_language:  # its own words are in another edition
            reworded(tx, process, row, command.text)
        else:
            proposal = Proposal(AmendmentKind(row.kind), row.base.text if row.base else None, command.text)
            proposal.check()
            row.text_sha, row.patch = store_revision(tx, command.text), _patch(proposal)
    if command.rationale is not None:
        row.rationale = command.rationale
    record(tx, actor, "amendment.edited", subject_of(row), process, on_draft=row.on_draft)
    tx.flush()
    return _view(tx, process, role, actor, row)


@use_case
def cosponsor(
    tx: Session, actor: Actor | None, slug: str, ref: int | str, command: CosponsorAs | None = None
) -> AmendmentView:
    """The actor co-sponsors an amendment, on behalf of the command's delegation (its code; the actor's own by
    default): once per person, and once per delegation."""
    process, role = process_for(tx, slug, actor, Action.PROPOSE_AMENDMENT)
    assert actor is not None
    row = find(tx, process, ref, is_committee(role, actor))
    behalf = acting_for(tx, process, role, actor, (command or CosponsorAs()).delegation)
    if behalf is not None:
        lock_process(tx, process)  # two delegates of one delegation at once: it co-sponsors once
    if row.status != Status.OPEN:
        raise Conflict(
            N_("This amendment is already “{status}”: it can no longer change."), status=AMENDMENT_STATUSES[row.status]
        )
    if row.proposer_id == actor.id:
        raise InvalidInput(N_("You proposed amendment {label}: you cannot co-sponsor it too."), label=label_of(row))
    if behalf is not None and row.delegation_id == behalf.id:
        raise InvalidInput(
            N_("Amendment {label} is {code}'s own: its delegation cannot co-sponsor it too."),
            label=label_of(row),
            code=behalf.code,
            detail={"field": "delegation"},
        )
    if tx.get(Cosponsor, (row.id, actor.id)) is not None:
        raise Conflict(N_("You already co-sponsor amendment {label}."), label=label_of(row))
    if behalf is not None and tx.scalar(
        select(Cosponsor.user_id).where(Cosponsor.amendment_id == row.id, Cosponsor.delegation_id == behalf.id)
    ):
        raise Conflict(N_("{code} already co-sponsors amendment {label}."), code=behalf.code, label=label_of(row))
    tx.add(Cosponsor(amendment_id=row.id, user_id=actor.id, delegation_id=behalf.id if behalf else None))
    record(
        tx,
        actor,
        "amendment.cosponsored",
        subject_of(row),
        process,
        on_draft=row.on_draft,
        **({"delegation": behalf.code} if behalf is not None else {}),
    )
    tx.flush()
    return _view(tx, process, role, actor, row)


@use_case
def withdraw(tx: Session, actor: Actor | None, slug: str, ref: int | str) -> AmendmentView:
    process, role, row = _own_open(tx, actor, slug, ref)
    row.status = decide(Status(row.status), Status.WITHDRAWN).value
    row.decided_at, row.decided_by_id = utcnow(), stored_id(actor)
    record(tx, actor, "amendment.withdrawn", subject_of(row), process, on_draft=row.on_draft)
    tx.flush()
    return _view(tx, process, role, actor, row)


@use_case
def refresh(tx: Session, actor: Actor | None, slug: str, ref: int | str, command: EditAmendment) -> AmendmentView:
    """The proposer moves their amendment onto the current text: the rebased wording if it applies,
    else the new wording they give (`text`). It stays in its audience: one filed on a circulated version
    goes onto the latest version, even when the committee refreshes it (members read it, co-sponsor it),
    one on the working draft stays on the draft."""
    process, role, row = _own_open(tx, actor, slug, ref)
    pace(tx, actor, Pace.AMENDMENT)
    committee = is_committee(role, actor)
    current = current_for(tx, process, row.on_draft, eids={row.eid})
    found = views(tx, [row], current, committee)[0].rebase
    assert found is not None
    if found.state == RebaseState.OBSOLETE.value:
        raise Conflict(
            N_("Paragraph {eid} is no longer in the text: this amendment cannot be refreshed."),
            eid=paragraph_name(tx, process, row.eid, current.version),
        )
    text = command.text if command.text is not None else found.text
    if text is None:
        raise InvalidInput(
            N_("The words this amendment changes have changed: give its new wording (text)."), detail={"field": "text"}
        )
    base = None if row.kind == AmendmentKind.INSERT else current.texts[row.eid]
    proposal = Proposal(AmendmentKind(row.kind), base, "" if row.kind == AmendmentKind.DELETE else text)
    proposal.check()
    row.base_sha = store_revision(tx, base) if base is not None else None
    row.text_sha, row.patch = store_revision(tx, proposal.text), _patch(proposal)
    row.version_id = None if current.label == DRAFT else find_version(tx, process, current.label).id
    record(tx, actor, "amendment.refreshed", subject_of(row), process, onto=current.label, on_draft=row.on_draft)
    tx.flush()
    return _view(tx, process, role, actor, row)


@reads
def list_amendments(
    tx: Session,
    actor: Actor | None,
    slug: str,
    *,
    version: str | None = None,
    status: str | None = None,
    eid: str | None = None,
    proposer: str | None = None,
    delegation: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[AmendmentView]:
    """The amendments of a process, filtered by the version they were made against, status,
    paragraph, proposer (e-mail or name) and delegation (its code: filed or co-sponsored on its behalf); open ones
    rebased on the current text; `limit` of them from `offset`."""
    process, role = process_for(tx, slug, actor, Action.READ)
    committee = is_committee(role, actor)
    query = _filtered(
        tx, process, role, actor, version=version, status=status, eid=eid, proposer=proposer, delegation=delegation
    )
    rows = list(tx.scalars(query.order_by(*ORDER).limit(limit).offset(offset)))
    return views(tx, rows, current_for(tx, process, committee, {r.eid for r in rows}), committee)


@reads
def amendments_window(
    tx: Session,
    /,
    actor: Actor | None,
    slug: str,
    page: int | None,
    size: int,
    *,
    status: str | None = None,
    **filters: str | None,
) -> tuple[Window, list[AmendmentView], dict[str, int]]:
    """One page of the filtered amendments (only its amendments rebased, on their paragraphs alone), and how
    many there are in each status before the status filter, counted by the database."""
    process, role = process_for(tx, slug, actor, Action.READ)
    committee = is_committee(role, actor)
    unfiltered = _filtered(tx, process, role, actor, **filters)
    counts = {
        str(found): int(number)
        for found, number in tx.execute(
            unfiltered.with_only_columns(Amendment.status, func.count(Amendment.id)).group_by(Amendment.status)
        )
    }
    query = _filtered(tx, process, role, actor, status=status, **filters)
    shown = window(tx.scalar(query.with_only_columns(func.count(Amendment.id))) or 0, size, page)
    rows = list(tx.scalars(query.order_by(*ORDER).limit(size).offset(shown.start)))
    return shown, views(tx, rows, current_for(tx, process, committee, {r.eid for r in rows}), committee), counts


def _filtered(
    tx: Session,
    process: Process,
    role: Role | None,
    actor: Actor | None,
    *,
    version: str | None = None,
    status: str | None = None,
    eid: str | None = None,
    proposer: str | None = None,
    delegation: str | None = None,
) -> Select[Amendment]:
    committee = is_committee(role, actor)
    query = readable(select(Amendment).where(Amendment.process_id == process.id), committee)
    if version:
        if version.strip().lower() == DRAFT and not committee:
            raise NotFound(N_("No version “{ref}” in this process."), ref=version)
        query = query.where(
            Amendment.on_draft.is_(True)
            if version.strip().lower() == DRAFT
            else Amendment.version_id == find_version(tx, process, version).id
        )
    if status:
        query = query.where(Amendment.status == parse_enum(Status, status, "status").value)
    if eid:  # an eId, or a printed reference of the text the reader reads ("OP 14")
        text = None if committee else latest_version(tx, process)
        query = query.where(Amendment.eid == eid_of(tx, process, eid, text))
    if proposer:
        who = proposer.strip().lower()
        # By address only for who may see addresses: else the filter would tell whose address it is.
        by_email = User.email == who if sees_emails(process, role, actor) or (actor and actor.email == who) else false()
        query = query.join(User, User.id == Amendment.proposer_id).where(by_email | (User.name.ilike(f"%{who}%")))
    if delegation:
        found = named(tx, process, delegation_code(delegation))
        backing = select(Cosponsor.amendment_id).where(Cosponsor.delegation_id == found.id)
        query = query.where((Amendment.delegation_id == found.id) | Amendment.id.in_(backing))
    return query


@reads
def get_amendment(tx: Session, actor: Actor | None, slug: str, ref: int | str) -> AmendmentView:
    """Amendment `ref`: 7, "A7", or "D3" (the committee's, on the working draft)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    return _view(tx, process, role, actor, find(tx, process, ref, is_committee(role, actor)))
