"""Processes and their members."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.consultations import MemberDraft, ProcessDraft, parse_email
from ..domain.errors import N_, Conflict, NotFound
from ..domain.permissions import Action
from ..domain.vocabulary import Role
from ..store.models import Activity, Membership, Process, User
from .access import process_for, process_view, record, require_actor, stored_id
from .accounts import ensure_user
from .unit import use_case
from .views import ActivityView, Actor, MemberView, ProcessView


@use_case
def create_process(tx: Session, actor: Actor | None, data: Mapping[str, Any]) -> ProcessView:
    """Any signed-in person may open a process; they become its first committee member."""
    draft = ProcessDraft.build(data)
    if tx.scalar(select(Process.id).where(Process.slug == draft.slug)):
        raise Conflict(N_("A process with the slug “{slug}” already exists."), slug=draft.slug)
    process = _insert_process(tx, draft)
    creator = stored_id(actor)
    if creator is not None:
        tx.add(Membership(process_id=process.id, user_id=creator, role=Role.COMMITTEE.value, languages=[]))
    record(tx, actor, "process.created", f"process:{draft.slug}", process, slug=draft.slug)
    return process_view(process, Role.COMMITTEE if creator else None, actor)


def _insert_process(tx: Session, draft: ProcessDraft) -> Process:
    process = Process(
        slug=draft.slug, titles=draft.titles, source_language=draft.source_language,
        languages=list(draft.languages), timezone=draft.timezone, place=draft.place, phase=draft.phase,
    )
    tx.add(process)
    tx.flush()
    return process


@use_case
def update_process(tx: Session, actor: Actor | None, slug: str, data: Mapping[str, Any]) -> ProcessView:
    process, role = process_for(tx, slug, actor, Action.EDIT_PROCESS)
    draft = ProcessDraft.build({**data, "slug": slug})  # the slug is the process's address: it never changes
    process.titles, process.source_language = draft.titles, draft.source_language
    process.languages, process.timezone = list(draft.languages), draft.timezone
    process.place, process.phase = draft.place, draft.phase
    record(tx, actor, "process.updated", f"process:{slug}", process)
    return process_view(process, role, actor)


@use_case
def list_processes(tx: Session, actor: Actor | None) -> list[ProcessView]:
    """The processes the actor belongs to (all of them for an admin)."""
    actor = require_actor(actor)
    rows: list[tuple[Process, str | None]]
    if actor.is_admin:
        roles = dict(tx.execute(select(Membership.process_id, Membership.role).where(Membership.user_id == actor.id)).all())
        rows = [(p, roles.get(p.id)) for p in tx.scalars(select(Process).order_by(Process.slug))]
    else:
        rows = list(
            tx.execute(
                select(Process, Membership.role).join(Membership, Membership.process_id == Process.id)
                .where(Membership.user_id == actor.id).order_by(Process.slug)
            )
        )
    return [process_view(p, Role(r) if r else None, actor) for p, r in rows]


@use_case
def get_process(tx: Session, actor: Actor | None, slug: str) -> ProcessView:
    process, role = process_for(tx, slug, actor, Action.READ)
    return process_view(process, role, actor)


def member_views(tx: Session, process: Process) -> list[MemberView]:
    rows = tx.scalars(
        select(Membership).join(User, User.id == Membership.user_id)
        .where(Membership.process_id == process.id).order_by(Membership.role, User.email)
    )
    return [MemberView(email=m.user.email, name=m.user.name, role=m.role, languages=list(m.languages)) for m in rows]


@use_case
def list_members(tx: Session, actor: Actor | None, slug: str) -> list[MemberView]:
    process, _ = process_for(tx, slug, actor, Action.READ)
    return member_views(tx, process)


@use_case
def set_member(tx: Session, actor: Actor | None, slug: str, data: Mapping[str, Any]) -> MemberView:
    """Invite a person with a role, or change the role of someone already in the process."""
    process, _ = process_for(tx, slug, actor, Action.MANAGE_MEMBERS)
    return put_member(tx, actor, process, MemberDraft.build(data))


def put_member(tx: Session, actor: Actor | None, process: Process, draft: MemberDraft) -> MemberView:
    user = ensure_user(tx, draft.email, draft.name)
    membership = tx.scalar(
        select(Membership).where(Membership.process_id == process.id, Membership.user_id == user.id)
    )
    if membership is None:
        membership = Membership(process_id=process.id, user_id=user.id, role=draft.role, languages=list(draft.languages))
        tx.add(membership)
        verb = "member.added"
    else:
        _keep_a_committee(tx, process, membership, draft.role)
        membership.role, membership.languages = draft.role, list(draft.languages)
        verb = "member.changed"
    record(tx, actor, verb, f"user:{user.id}", process, email=user.email, role=draft.role)
    return MemberView(email=user.email, name=user.name, role=draft.role, languages=list(draft.languages))


@use_case
def remove_member(tx: Session, actor: Actor | None, slug: str, email: str) -> None:
    process, _ = process_for(tx, slug, actor, Action.MANAGE_MEMBERS)
    email = parse_email(email)
    membership = tx.scalar(
        select(Membership).join(User, User.id == Membership.user_id)
        .where(Membership.process_id == process.id, User.email == email)
    )
    if membership is None:
        raise NotFound(N_("{email} is not a member of this process."), email=email)
    _keep_a_committee(tx, process, membership, None)
    tx.delete(membership)
    record(tx, actor, "member.removed", f"user:{membership.user_id}", process, email=email)


def _keep_a_committee(tx: Session, process: Process, membership: Membership, new_role: str | None) -> None:
    """A process must always keep one committee member, or no one could manage it."""
    if membership.role != Role.COMMITTEE or new_role == Role.COMMITTEE:
        return
    others = tx.scalar(
        select(Membership.id).where(
            Membership.process_id == process.id, Membership.role == Role.COMMITTEE, Membership.id != membership.id
        ).limit(1)
    )
    if others is None:
        raise Conflict(N_("A process needs at least one committee member."))


@use_case
def source_language(tx: Session, slug: str) -> str | None:
    """A process's source language, the last fallback of the UI language on its pages."""
    return tx.scalar(select(Process.source_language).where(Process.slug == slug))


@use_case
def list_activity(tx: Session, actor: Actor | None, slug: str, limit: int = 100) -> list[ActivityView]:
    process, _ = process_for(tx, slug, actor, Action.READ)
    rows = tx.scalars(
        select(Activity).where(Activity.process_id == process.id).order_by(Activity.id.desc()).limit(max(1, min(limit, 1000)))
    )
    return [
        ActivityView(verb=a.verb, subject=a.subject, actor=a.actor.name if a.actor else None, data=dict(a.data), created_at=a.created_at)
        for a in rows
    ]
