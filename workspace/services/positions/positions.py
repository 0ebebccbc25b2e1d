"""Where each delegation stands on a paragraph or an amendment: recorded by its members (or the committee on its
behalf), every change kept, each one a compare-and-set on the revision its writer saw."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from msgspec import structs
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.delegations.positions import SetPosition
from ...domain.errors import N_, Conflict, Forbidden, NotFound
from ...domain.permissions import Action
from ...domain.vocabulary import Role
from ...store.models import Amendment, Delegation, Position, PositionChange, Process
from ...store.types import utcnow
from ..access import process_for, record, stored_id
from ..actor import Actor
from ..amendments.records import find as find_amendment
from ..amendments.records import label_of
from ..declaration.paragraphs import registered
from ..delegations.records import acting_for
from ..pace import Pace, pace
from ..unit import reads, use_case
from .records import circulated, position_view, visible
from .views import PositionView


def _target(
    tx: Session, process: Process, committee: bool, command: SetPosition
) -> tuple[str, str | None, Amendment | None]:
    """(target key, eid, amendment) of the command; 404 for what the writer may not read (the working draft's
    paragraphs and amendments are the committee's)."""
    if command.amendment is not None:
        amendment = find_amendment(tx, process, str(command.amendment), committee)
        return f"amendment:{amendment.id}", None, amendment
    eid = str(command.eid)
    if registered(tx, process, eid) is None or (not committee and not circulated(tx, process, eid)):
        raise NotFound(N_("No paragraph “{eid}” in this process."), eid=eid)
    return f"paragraph:{eid}", eid, None


def _stored(tx: Session, process: Process, delegation: Delegation, target: str) -> Position | None:
    return tx.scalar(
        select(Position).where(
            Position.process_id == process.id, Position.delegation_id == delegation.id, Position.target == target
        )
    )


def _refused(tx: Session, process: Process, stored: Position | None, label: str | None) -> Conflict:
    """409 with what is stored (None: nothing), for a writer whose base is not the stored revision."""
    tx.expire_all()  # what a racing writer committed, read afresh
    shown = position_view(tx, process, stored, label) if stored is not None else None
    return Conflict(
        N_("This delegation's position changed since you read it: here is what is stored now."),
        detail={"stored": structs.asdict(shown) if shown is not None else None},
    )


@dataclass(frozen=True)
class _Writing:
    """A delegation's position being written on one target: where, by whom, what, and when."""

    tx: Session
    process: Process
    actor: Actor | None
    delegation: Delegation
    target: str  # "paragraph:<eid>" or "amendment:<id>"
    label: str | None  # the amendment's, for a position on one
    command: SetPosition
    now: datetime

    def refused(self, stored: Position | None) -> Conflict:
        return _refused(self.tx, self.process, stored, self.label)

    def create(self, eid: str | None, amendment: Amendment | None) -> Position:
        """The delegation's first position on the target; 409 if another writer of it created one first."""
        row = Position(
            process_id=self.process.id,
            delegation_id=self.delegation.id,
            target=self.target,
            eid=eid,
            amendment_id=amendment.id if amendment is not None else None,
            stance=self.command.position,
            note=self.command.note,
            revision=1,
            set_by_id=stored_id(self.actor),
            set_at=self.now,
        )
        try:
            with self.tx.begin_nested():
                self.tx.add(row)
                self.tx.flush()
        except IntegrityError:  # another writer of the delegation created it first
            raise self.refused(_stored(self.tx, self.process, self.delegation, self.target)) from None
        return row

    def change(self, stored: Position | None) -> Position:
        """The stored position changed, a compare-and-set on the revision the writer saw (409 if it is not that)."""
        base = self.command.base_revision
        if stored is None or base != stored.revision:
            raise self.refused(stored)
        changed = self.tx.execute(
            update(Position)
            .where(Position.id == stored.id, Position.revision == base)
            .values(
                stance=self.command.position,
                note=self.command.note,
                revision=base + 1,
                set_by_id=stored_id(self.actor),
                set_at=self.now,
            )
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        if changed != 1:
            raise self.refused(_stored(self.tx, self.process, self.delegation, self.target))
        self.tx.expire(stored)
        return stored

    def keep(self, row: Position, eid: str | None) -> None:
        """The change kept in the position's history and in the activity."""
        command = self.command
        self.tx.add(
            PositionChange(
                position_id=row.id,
                process_id=self.process.id,
                revision=row.revision,
                stance=command.position,
                note=command.note,
                set_by_id=stored_id(self.actor),
                set_at=self.now,
            )
        )
        record(
            self.tx,
            self.actor,
            "position.set",
            f"delegation:{self.delegation.code}",
            self.process,
            delegation=self.delegation.code,
            eid=eid,
            amendment=self.label,
            position=command.position,
            committee_only=not self.process.positions_public,
        )


@use_case
def set_position(tx: Session, actor: Actor | None, slug: str, command: SetPosition) -> PositionView:
    """Record a delegation's position (the writer's own delegation unless named): created where it holds none,
    changed where `base_revision` is the revision stored (409 with what is stored else). Every change is kept."""
    process, role = process_for(tx, slug, actor, Action.TAKE_POSITION)
    pace(tx, actor, Pace.POSITION)
    committee = role == Role.COMMITTEE or bool(actor and actor.is_admin)
    delegation = acting_for(tx, process, role, actor, command.delegation)
    if delegation is None:
        raise Forbidden(
            N_("You speak for no delegation in this process: the drafting committee can name yours."),
            detail={"field": "delegation"},
        )
    target, eid, amendment = _target(tx, process, committee, command)
    label = label_of(amendment) if amendment is not None else None
    stored = _stored(tx, process, delegation, target)
    writing = _Writing(tx, process, actor, delegation, target, label, command, utcnow())
    if stored is None and command.base_revision in (None, 0):
        row = writing.create(eid, amendment)
    else:
        row = writing.change(stored)
    writing.keep(row, eid)
    tx.flush()
    return position_view(tx, process, row, label)


@reads
def list_positions(
    tx: Session,
    actor: Actor | None,
    slug: str,
    *,
    eid: str | None = None,
    amendment: str | None = None,
    delegation: str | None = None,
) -> list[PositionView]:
    """The positions `actor` may read (every delegation's, or their own's), on one paragraph or amendment, or of
    one delegation, or all, by delegation code."""
    process, role = process_for(tx, slug, actor, Action.READ)
    committee = role == Role.COMMITTEE or bool(actor and actor.is_admin)
    query, labels = _asked(tx, process, committee, eid=eid, amendment=amendment, delegation=delegation)
    rows = list(tx.scalars(visible(tx, query, process, role, actor).order_by(Delegation.code, Position.target)))
    if not committee:  # what stands on the working draft alone is the committee's
        rows = on_circulated(tx, process, rows)
    _add_labels(tx, rows, labels)
    return [position_view(tx, process, r, labels.get(r.amendment_id or 0)) for r in rows]


def _asked(
    tx: Session,
    process: Process,
    committee: bool,
    *,
    eid: str | None,
    amendment: str | None,
    delegation: str | None,
) -> tuple[Select[Position], dict[int, str]]:
    """The positions of the process narrowed to the paragraph, amendment and delegation asked for (404 for a
    paragraph or amendment the reader may not read), and the label of the amendment asked for by its id."""
    query = select(Position).join(Delegation, Delegation.id == Position.delegation_id)
    query = query.where(Position.process_id == process.id)
    labels: dict[int, str] = {}
    if eid is not None:
        if not committee and not circulated(tx, process, eid):
            raise NotFound(N_("No paragraph “{eid}” in this process."), eid=eid)
        query = query.where(Position.target == f"paragraph:{eid}")
    if amendment is not None:
        found = find_amendment(tx, process, amendment, committee)
        labels[found.id] = label_of(found)
        query = query.where(Position.target == f"amendment:{found.id}")
    if delegation is not None:
        query = query.where(Delegation.code == delegation.strip().upper())
    return query, labels


def on_circulated(tx: Session, process: Process, rows: list[Position]) -> list[Position]:
    """The positions on what was circulated: none on an amendment to the working draft or on a paragraph that
    never left it."""
    drafts = {
        a.id
        for a in tx.scalars(select(Amendment).where(Amendment.process_id == process.id, Amendment.on_draft.is_(True)))
    }
    return [r for r in rows if r.amendment_id not in drafts and (r.eid is None or circulated(tx, process, r.eid))]


def _add_labels(tx: Session, rows: list[Position], labels: dict[int, str]) -> None:
    """The labels of the amendments `rows` stand on added to `labels`, in one query for those it lacks."""
    missing = {r.amendment_id for r in rows if r.amendment_id is not None and r.amendment_id not in labels}
    for row in tx.scalars(select(Amendment).where(Amendment.id.in_(missing))) if missing else ():
        labels[row.id] = label_of(row)
