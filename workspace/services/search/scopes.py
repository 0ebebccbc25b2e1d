"""What a reader may search of a process: the working draft and the committee's series or not, every circulated
version or only the published one (for someone outside it), and which of the other kinds of text."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.permissions import Action, allows
from ...domain.vocabulary import Role
from ...store.models import Membership, Process, Publication
from ..access import PUBLICLY_SHOWN
from ..actor import Actor

KINDS = ("paragraph", "amendment", "thread", "bracket", "submission", "recommendation", "position")


@dataclass(frozen=True)
class Scope:
    process: Process
    role: Role | None
    actor: Actor | None
    committee: bool  # reads the working draft and the committee's series (D1, D2 …)
    published: int | None = None  # someone outside the process: the version it published, and nothing else

    @property
    def kinds(self) -> tuple[str, ...]:
        return ("paragraph",) if self.published is not None else KINDS


def member_scope(process: Process, role: Role | None, actor: Actor | None) -> Scope:
    return Scope(process, role, actor, allows(role, Action.READ_DRAFT, is_admin=bool(actor and actor.is_admin)))


def every_scope(tx: Session, actor: Actor | None) -> list[Scope]:
    """Every process the reader takes part in (an administrator: all), then every other with a publication (its
    latest published version only)."""
    scopes: dict[int, Scope] = {}
    if actor is not None and actor.id:
        query = select(Process, Membership.role).outerjoin(
            Membership, (Membership.process_id == Process.id) & (Membership.user_id == actor.id)
        )
        for process, role in tx.execute(query.where(Process.deleted_at.is_(None))).all():
            if role is not None or actor.is_admin:
                scopes[process.id] = member_scope(process, Role(role) if role else None, actor)
    latest = (
        select(Publication.process_id, func.max(Publication.number).label("number"))
        .group_by(Publication.process_id)
        .subquery()
    )
    published = tx.execute(
        select(Process, Publication.version_id)
        .join(Publication, Publication.process_id == Process.id)
        .join(latest, (latest.c.process_id == Publication.process_id) & (latest.c.number == Publication.number))
        .where(PUBLICLY_SHOWN)
    ).all()
    for process, version_id in published:
        scopes.setdefault(process.id, Scope(process, None, actor, False, version_id))
    return list(scopes.values())
