"""Positions in the store: what a reader may see of them, and their views."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ...domain.permissions import Action, allows
from ...domain.vocabulary import Role
from ...store.models import Delegation, Position, Process, User, Version, VersionParagraph
from ..actor import Actor
from ..delegations.records import own, ref_of
from .views import PositionView


def sees_all(process: Process, role: Role | None, actor: Actor | None) -> bool:
    """Whether `actor` reads every delegation's positions: the committee always, the others if it allows it."""
    return process.positions_public or allows(role, Action.MANAGE_DELEGATIONS, is_admin=bool(actor and actor.is_admin))


def visible(
    tx: Session, query: Select[Position], process: Process, role: Role | None, actor: Actor | None
) -> Select[Position]:
    """`query` of positions narrowed to what `actor` may read: all, or their own delegation's."""
    if sees_all(process, role, actor):
        return query
    mine = own(tx, process, actor)
    return query.where(Position.delegation_id == (mine.id if mine is not None else -1))


def circulated(tx: Session, process: Process, eid: str) -> bool:
    """Whether paragraph `eid` was ever in a circulated version (else it is the working draft's, the committee's)."""

    found = tx.scalar(
        select(VersionParagraph.eid)
        .join(Version, Version.id == VersionParagraph.version_id)
        .where(
            Version.process_id == process.id,
            VersionParagraph.language == Version.language,
            VersionParagraph.eid == eid,
        )
        .limit(1)
    )
    return found is not None


def position_view(tx: Session, process: Process, row: Position, amendment: str | None = None) -> PositionView:
    setter = tx.get(User, row.set_by_id) if row.set_by_id else None
    delegation = row.delegation if row.delegation is not None else tx.get(Delegation, row.delegation_id)
    ref = ref_of(delegation, process)
    assert ref is not None
    return PositionView(
        delegation=ref,
        eid=row.eid,
        amendment=amendment,
        position=row.stance,
        note=row.note,
        revision=row.revision,
        set_by=setter.name if setter is not None else None,
        set_at=row.set_at,
    )
