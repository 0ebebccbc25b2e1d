"""A process folder's `delegations.toml`: written from the store, read back with file:line errors, and put in place
after the members and amendments it names (domain.transfer.delegation_format). A position's current state is
carried (its revision, who and when); its earlier changes stay in the database it was exported from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.delegations.delegations import ChangeDelegation
from ...domain.errors import N_, ImportFailed
from ...domain.series import parse_number
from ...domain.transfer.delegation_format import (
    DelegationEntry,
    PositionEntry,
    parse_delegations_file,
    render_delegations_file,
)
from ...store.models import Amendment, Delegation, Membership, Position, PositionChange, Process, User
from ..amendments.records import label_of
from ..delegations.delegations import draft_of
from ..delegations.records import named

FILE = "delegations.toml"
Read = Callable[[Path, str], str]


def delegation_files(tx: Session, process: Process) -> dict[str, str]:
    rows = list(tx.scalars(select(Delegation).where(Delegation.process_id == process.id).order_by(Delegation.code)))
    if not rows:
        return {}
    speakers: dict[int, list[str]] = {}
    for delegation_id, email in tx.execute(
        select(Membership.delegation_id, User.email)
        .join(User, User.id == Membership.user_id)
        .where(Membership.process_id == process.id, Membership.delegation_id.is_not(None))
    ):
        if delegation_id is not None:
            speakers.setdefault(delegation_id, []).append(email)
    entries = [
        DelegationEntry(
            draft_of(process, ChangeDelegation(code=row.code, names=row.names, kind=row.kind)),
            tuple(sorted(speakers.get(row.id, []))),
        )
        for row in rows
    ]
    codes = {row.id: row.code for row in rows}
    emails = dict(tx.execute(select(User.id, User.email)).all())
    labels = {a.id: label_of(a) for a in tx.scalars(select(Amendment).where(Amendment.process_id == process.id))}
    positions = [
        PositionEntry(
            codes[p.delegation_id],
            p.eid,
            labels.get(p.amendment_id) if p.amendment_id else None,
            p.stance,
            p.note,
            p.revision,
            emails.get(p.set_by_id) if p.set_by_id else None,
            p.set_at,
            0,
        )
        for p in tx.scalars(select(Position).where(Position.process_id == process.id))
    ]
    positions.sort(key=lambda p: (p.delegation, p.eid is None, p.eid or "", p.amendment or ""))
    return {FILE: render_delegations_file(entries, positions)}


def read_delegations(
    folder: Path, read: Read, languages: list[str], emails: set[str], eids: set[str]
) -> tuple[list[DelegationEntry], list[PositionEntry]]:
    """`languages`: the process's, its source language first; `emails`: its members; `eids`: its paragraphs."""
    path = folder / FILE
    if not path.is_file():
        return [], []
    name = str(path)
    text = read(path, name)
    delegations, positions = parse_delegations_file(text, name, languages)
    for entry in delegations:
        for email in entry.members:
            if email not in emails:
                raise ImportFailed(
                    name, None, N_("“{email}” is not a member of the process (process.toml)."), email=email
                )
    for p in positions:
        if p.eid is not None and p.eid not in eids:
            raise ImportFailed(name, p.line, N_("No paragraph “{eid}” in the declaration files."), eid=p.eid)
        if p.by is not None and p.by not in emails:
            raise ImportFailed(name, p.line, N_("“{email}” is not a member of the process (process.toml)."), email=p.by)
    return delegations, positions


def _users(tx: Session, process: Process) -> dict[str, int]:
    return {u.email: u.id for u in tx.scalars(select(User).join(Membership).where(Membership.process_id == process.id))}


def insert_delegations(tx: Session, process: Process, delegations: list[DelegationEntry]) -> None:
    """The delegations and who speaks for each: before the amendments and threads filed on their behalf."""
    users = _users(tx, process)
    for entry in delegations:
        made = Delegation(process_id=process.id, code=entry.draft.code, names=entry.draft.names, kind=entry.draft.kind)
        tx.add(made)
        tx.flush()
        for email in entry.members:
            membership = tx.scalar(
                select(Membership).where(Membership.process_id == process.id, Membership.user_id == users[email])
            )
            if membership is not None:
                membership.delegation_id = made.id


def insert_positions(tx: Session, process: Process, folder: Path, positions: list[PositionEntry]) -> None:
    """The positions, once the amendments they are on exist."""
    users = _users(tx, process)
    for p in positions:
        delegation = named(tx, process, p.delegation)
        amendment = None
        if p.amendment is not None:
            numbered = parse_number(p.amendment, amendment=True)
            amendment = (
                tx.scalar(
                    select(Amendment).where(
                        Amendment.process_id == process.id,
                        Amendment.on_draft.is_(numbered.draft),
                        Amendment.number == numbered.number,
                    )
                )
                if numbered is not None
                else None
            )
            if amendment is None:
                raise ImportFailed(
                    str(folder / FILE), p.line, N_("No amendment {label} in this process."), label=p.amendment
                )
        by = users.get(p.by) if p.by else None
        row = Position(
            process_id=process.id,
            delegation_id=delegation.id,
            target=f"paragraph:{p.eid}" if p.eid else f"amendment:{amendment.id if amendment else 0}",
            eid=p.eid,
            amendment_id=amendment.id if amendment is not None else None,
            stance=p.position,
            note=p.note,
            revision=p.revision,
            set_by_id=by,
            set_at=p.at,
        )
        tx.add(row)
        tx.flush()
        tx.add(
            PositionChange(
                position_id=row.id,
                process_id=process.id,
                revision=p.revision,
                stance=p.position,
                note=p.note,
                set_by_id=by,
                set_at=p.at,
            )
        )
    tx.flush()
