"""Processes: opened by anyone signed in, edited by their committee."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.consultations.consultations import ProcessDraft, ProcessSettings
from ...domain.errors import N_, Conflict
from ...domain.permissions import Action
from ...domain.processes.process_phase import check_phase_change
from ...domain.vocabulary import Role
from ...store.models import Membership, Process, Publication
from ..access import lock_process, looked_up, process_for, record, require_actor, stored_id
from ..actor import Actor
from ..unit import reads, use_case
from .views import ProcessView, process_view


@use_case
def create_process(tx: Session, actor: Actor | None, draft: ProcessDraft) -> ProcessView:
    """Any signed-in person may open a process; they become its first committee member."""
    if tx.scalar(select(Process.id).where(Process.slug == draft.slug)):
        raise Conflict(N_("A process with the slug “{slug}” already exists."), slug=draft.slug)
    check_phase_change(None, draft.phase, published=False)
    process = insert_process(tx, draft)
    creator = stored_id(actor)
    if creator is not None:
        tx.add(Membership(process_id=process.id, user_id=creator, role=Role.COMMITTEE.value, languages=[]))
    record(tx, actor, "process.created", f"process:{draft.slug}", process, slug=draft.slug)
    return process_view(process, Role.COMMITTEE if creator else None, actor)


def insert_process(tx: Session, draft: ProcessDraft) -> Process:
    process = Process(slug=draft.slug)
    _apply_settings(process, draft)
    tx.add(process)
    tx.flush()
    return process


@use_case
def update_process(tx: Session, actor: Actor | None, slug: str, settings: ProcessSettings) -> ProcessView:
    """The committee changes the settings; the slug is the process's address: it never changes. A published
    process stays published (409)."""
    process, role = process_for(tx, slug, actor, Action.EDIT_PROCESS)
    lock_process(tx, process)  # after a publication being made at the same instant, which then counts
    published = tx.scalar(select(Publication.id).where(Publication.process_id == process.id).limit(1)) is not None
    check_phase_change(process.phase, settings.phase, published)
    _apply_settings(process, settings)
    record(tx, actor, "process.updated", f"process:{slug}", process)
    return process_view(process, role, actor)


def _apply_settings(process: Process, settings: ProcessSettings) -> None:
    process.titles, process.source_language = dict(settings.titles), settings.source_language
    process.languages, process.timezone = list(settings.languages), settings.timezone
    process.places, process.phase = dict(settings.places), settings.phase
    process.members_see_emails = settings.members_see_emails
    process.positions_public = settings.positions_public


@reads
def list_processes(tx: Session, actor: Actor | None) -> list[ProcessView]:
    """The processes the actor belongs to (all of them for an admin); never a deleted one."""
    actor = require_actor(actor)
    rows: list[tuple[Process, str | None]]
    if actor.is_admin:
        roles = dict(
            tx.execute(select(Membership.process_id, Membership.role).where(Membership.user_id == actor.id)).all()
        )
        rows = [
            (p, roles.get(p.id))
            for p in tx.scalars(select(Process).where(Process.deleted_at.is_(None)).order_by(Process.slug))
        ]
    else:
        rows = list(
            tx.execute(
                select(Process, Membership.role)
                .join(Membership, Membership.process_id == Process.id)
                .where(Membership.user_id == actor.id, Process.deleted_at.is_(None))
                .order_by(Process.slug)
            )
        )
    return [process_view(p, Role(r) if r else None, actor) for p, r in rows]


@reads
def get_process(tx: Session, actor: Actor | None, slug: str) -> ProcessView:
    process, role = process_for(tx, slug, actor, Action.READ)
    return process_view(process, role, actor)


@reads
def source_language(tx: Session, actor: Actor | None, slug: str) -> str | None:
    """A process's source language, the last fallback of the UI language on its pages: only for
    the people who belong to it (and admins). To anyone else it says nothing, not even in which
    language its pages answer: they answer as a process that does not exist."""
    if actor is None:
        return None
    process, role = looked_up(tx, slug, actor)  # what the page's use cases look up again: then from memory
    if process is None or process.deleted_at is not None or (role is None and not actor.is_admin):
        return None
    return process.source_language
