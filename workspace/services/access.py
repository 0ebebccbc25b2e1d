"""Finding a process and the actor's role in it, and recording what was done."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import N_, NotAuthenticated, NotFound
from ..domain.permissions import Action, allows, require
from ..domain.vocabulary import Role
from ..store.models import Activity, Membership, Process
from .views import Actor, ProcessView

SYSTEM = Actor(id=0, email="", name="accord", is_admin=True)
"""The server's own command line: an administrator that is no account (its id is never stored)."""


def stored_id(actor: Actor | None) -> int | None:
    """The account id to record as author: none for the command line."""
    return actor.id if actor is not None and actor.id else None


def require_actor(actor: Actor | None) -> Actor:
    if actor is None:
        raise NotAuthenticated(N_("Please sign in first."))
    return actor


def role_in(tx: Session, process: Process, actor: Actor | None) -> Role | None:
    if actor is None:
        return None
    role = tx.scalar(
        select(Membership.role).where(Membership.process_id == process.id, Membership.user_id == actor.id)
    )
    return Role(role) if role else None


def process_for(tx: Session, slug: str, actor: Actor | None, action: Action) -> tuple[Process, Role | None]:
    """The process `slug` if the actor may take `action` in it; 404 for outsiders, 403 for members."""
    actor = require_actor(actor)
    process = tx.scalar(select(Process).where(Process.slug == slug))
    role = role_in(tx, process, actor) if process else None
    if process is None or (role is None and not actor.is_admin):
        # Outsiders learn nothing about a process, not even that it exists.
        raise NotFound(N_("No process “{slug}”."), slug=slug)
    require(role, action, is_admin=actor.is_admin)
    return process, role


def process_view(process: Process, role: Role | None, actor: Actor | None) -> ProcessView:
    admin = bool(actor and actor.is_admin)
    return ProcessView(
        slug=process.slug,
        titles=dict(process.titles),
        source_language=process.source_language,
        languages=list(process.languages),
        timezone=process.timezone,
        place=process.place,
        phase=process.phase,
        my_role=role.value if role else None,
        can=[a.value for a in Action if allows(role, a, is_admin=admin)],
    )


def record(
    tx: Session, actor: Actor | None, verb: str, subject: str = "", process: Process | None = None, **data: Any
) -> None:
    """Append to the audit trail, in the same transaction as the change it records."""
    tx.add(
        Activity(
            process_id=process.id if process else None,
            actor_id=stored_id(actor),
            verb=verb,
            subject=subject,
            data=data,
        )
    )
