"""The delegations of a process: kept by the drafting committee, read by everyone in the process."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.delegations.delegations import (
    ChangeDelegation,
    DelegationDraft,
    MergeDelegation,
    name_in,
)
from ...domain.errors import N_, Conflict, InvalidInput, NotFound
from ...domain.permissions import Action
from ...store.models import (
    Amendment,
    BracketRecord,
    Cosponsor,
    Delegation,
    Membership,
    Position,
    Process,
    RollCall,
    Submission,
    Thread,
    WordAuthor,
)
from ..access import process_for, record
from ..actor import Actor
from ..unit import reads, use_case
from .records import named
from .views import DelegationView


def languages_of(process: Process) -> list[str]:
    """The process's languages, its source language first (the one a delegation's name is required in)."""
    return [process.source_language, *(lang for lang in process.languages if lang != process.source_language)]


def draft_of(process: Process, fields: ChangeDelegation, kept: Delegation | None = None) -> DelegationDraft:
    """`fields` checked against the process's languages; for a change, what they leave None is `kept`'s."""
    return DelegationDraft.build(
        code=fields.code if fields.code is not None or kept is None else kept.code,
        names=fields.names if fields.names is not None or kept is None else kept.names,
        kind=fields.kind if fields.kind is not None or kept is None else kept.kind,
        languages=languages_of(process),
    )


def _view(tx: Session, process: Process, row: Delegation, members: int | None = None) -> DelegationView:
    if members is None:
        members = tx.scalar(select(func.count()).where(Membership.delegation_id == row.id)) or 0
    return DelegationView(
        code=row.code,
        names=dict(row.names),
        name=name_in(row.names, i18n.get_locale(), process.source_language),
        kind=row.kind,
        members=members,
    )


def _find(tx: Session, process: Process, code: str) -> Delegation:
    """The delegation of this address (404 if the process has none of that code)."""
    found = tx.scalar(
        select(Delegation).where(Delegation.process_id == process.id, Delegation.code == code.strip().upper())
    )
    if found is None:
        raise NotFound(N_("No delegation “{code}” in this process."), code=code)
    return found


@reads
def list_delegations(tx: Session, actor: Actor | None, slug: str) -> list[DelegationView]:
    """Every delegation of the process, by code."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    counts = dict(
        tx.execute(
            select(Membership.delegation_id, func.count())
            .where(Membership.process_id == process.id, Membership.delegation_id.is_not(None))
            .group_by(Membership.delegation_id)
        ).all()
    )
    rows = tx.scalars(select(Delegation).where(Delegation.process_id == process.id).order_by(Delegation.code))
    return [_view(tx, process, row, counts.get(row.id, 0)) for row in rows]


@reads
def get_delegation(tx: Session, actor: Actor | None, slug: str, code: str) -> DelegationView:
    process, _ = process_for(tx, slug, actor, Action.READ)
    return _view(tx, process, _find(tx, process, code))


@use_case
def add_delegation(tx: Session, actor: Actor | None, slug: str, fields: ChangeDelegation) -> DelegationView:
    """A new delegation (`AddDelegation` as the API reads it; its code and its name in the source language are
    required, as the process's languages say): 409 if the process has one of that code already."""
    process, _ = process_for(tx, slug, actor, Action.MANAGE_DELEGATIONS)
    draft = draft_of(process, fields)
    return insert_delegation(tx, actor, process, draft)


def insert_delegation(tx: Session, actor: Actor | None, process: Process, draft: DelegationDraft) -> DelegationView:
    """Add `draft` to `process` (the folder import and the command line too)."""
    taken = tx.scalar(select(Delegation.id).where(Delegation.process_id == process.id, Delegation.code == draft.code))
    if taken is not None:
        raise Conflict(N_("The process has a delegation “{code}” already."), code=draft.code)
    row = Delegation(process_id=process.id, code=draft.code, names=draft.names, kind=draft.kind)
    tx.add(row)
    tx.flush()
    record(tx, actor, "delegation.added", f"delegation:{row.code}", process, code=row.code)
    return _view(tx, process, row, 0)


@use_case
def update_delegation(
    tx: Session, actor: Actor | None, slug: str, code: str, fields: ChangeDelegation
) -> DelegationView:
    """Change a delegation's names and kind, or rename it (a new `code`): what it did stays its own."""
    process, _ = process_for(tx, slug, actor, Action.MANAGE_DELEGATIONS)
    row = _find(tx, process, code)
    draft = draft_of(process, fields, row)
    if draft.code != row.code:
        taken = tx.scalar(
            select(Delegation.id).where(Delegation.process_id == process.id, Delegation.code == draft.code)
        )
        if taken is not None:
            raise Conflict(N_("The process has a delegation “{code}” already: merge the two instead."), code=draft.code)
        record(tx, actor, "delegation.renamed", f"delegation:{draft.code}", process, old=row.code, code=draft.code)
    else:
        record(tx, actor, "delegation.changed", f"delegation:{row.code}", process, code=row.code)
    row.code, row.names, row.kind = draft.code, draft.names, draft.kind
    tx.flush()
    return _view(tx, process, row)


def _in_use(tx: Session, row: Delegation) -> list[str]:
    """What the delegation did that its record must keep: positions, amendments, co-sponsorships, threads."""
    kept = []
    for what, model in (
        ("positions", Position),
        ("amendments", Amendment),
        ("cosponsorships", Cosponsor),
        ("threads", Thread),
        ("votes", RollCall),
        ("brackets", BracketRecord),
        ("submissions", Submission),
    ):
        if tx.scalar(select(model.delegation_id).where(model.delegation_id == row.id).limit(1)) is not None:
            kept.append(what)
    return kept


@use_case
def delete_delegation(tx: Session, actor: Actor | None, slug: str, code: str) -> None:
    """Delete a delegation that has done nothing yet; its members then speak for themselves. One with
    positions, amendments, co-sponsorships or threads is kept (409): merge it into another, or rename it."""
    process, _ = process_for(tx, slug, actor, Action.MANAGE_DELEGATIONS)
    row = _find(tx, process, code)
    kept = _in_use(tx, row)
    if kept:
        raise Conflict(
            N_(
                "The delegation “{code}” has positions, amendments or threads on record: merge it into another "
                "delegation, or rename it, instead of deleting it."
            ),
            code=row.code,
            detail={"kept": kept},
        )
    tx.execute(update(Membership).where(Membership.delegation_id == row.id).values(delegation_id=None))
    tx.delete(row)
    record(tx, actor, "delegation.deleted", f"delegation:{row.code}", process, code=row.code)


@use_case
def merge_delegation(
    tx: Session, actor: Actor | None, slug: str, code: str, command: MergeDelegation
) -> DelegationView:
    """Merge delegation `code` into `command.into`: its members, amendments, co-sponsorships, threads, Word authors and
    positions become the other's (where both hold a position on the same thing, `into`'s stays), then it goes."""
    process, _ = process_for(tx, slug, actor, Action.MANAGE_DELEGATIONS)
    row = _find(tx, process, code)
    target = named(tx, process, command.into)
    if target.id == row.id:
        raise InvalidInput(N_("A delegation cannot be merged into itself."), detail={"field": "into"})
    for model in (Membership, Amendment, Cosponsor, Thread, WordAuthor, BracketRecord, Submission):
        tx.execute(update(model).where(model.delegation_id == row.id).values(delegation_id=target.id))
    theirs = set(tx.scalars(select(Position.target).where(Position.delegation_id == target.id)))
    for position in tx.scalars(select(Position).where(Position.delegation_id == row.id)).all():
        if position.target in theirs:
            tx.delete(position)
        else:
            position.delegation_id = target.id
    voted = set(tx.scalars(select(RollCall.amendment_id).where(RollCall.delegation_id == target.id)))
    for call in tx.scalars(select(RollCall).where(RollCall.delegation_id == row.id)).all():
        if call.amendment_id in voted:  # both voted in one roll call (they were one delegation): `into`'s stays
            tx.delete(call)
        else:
            call.delegation_id = target.id
    tx.flush()
    tx.delete(row)
    record(tx, actor, "delegation.merged", f"delegation:{target.code}", process, old=row.code, code=target.code)
    tx.flush()
    return _view(tx, process, target)
