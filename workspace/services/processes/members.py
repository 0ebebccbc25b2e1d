"""The people of a process and their roles; a process always keeps a committee member."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.consultations.consultations import UNCHANGED, MemberChange, MemberDraft
from ...domain.errors import N_, Conflict, NotFound
from ...domain.permissions import Action, allows
from ...domain.values import parse_email
from ...domain.vocabulary import Role
from ...store.models import Membership, Process, User
from ..access import lock_process, process_for, record
from ..accounts import ensure_user
from ..actor import Actor
from ..delegations.records import named, refs_by_id
from ..unit import reads, use_case
from . import invitations
from .views import MemberView, sees_emails


def member_views(tx: Session, process: Process, emails: bool = True, reader: Actor | None = None) -> list[MemberView]:
    """The members; their e-mail addresses only if `emails` (a reader's own address is theirs to see)."""
    delegations = refs_by_id(tx, process)
    rows = tx.scalars(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.process_id == process.id)
        .order_by(Membership.role, User.email if emails else User.name, User.id)  # the order tells no address
    )
    return [
        MemberView(
            email=m.user.email if emails or (reader is not None and reader.id == m.user_id) else None,
            name=m.user.name,
            role=m.role,
            languages=list(m.languages),
            reviews=list(m.reviews),
            delegation=delegations.get(m.delegation_id) if m.delegation_id else None,
        )
        for m in rows
    ]


@reads
def list_members(tx: Session, actor: Actor | None, slug: str) -> list[MemberView]:
    """The members; for the committee, also the invitations not accepted yet. Their e-mail
    addresses only for the committee, or for everyone if the committee allows it."""
    process, role = process_for(tx, slug, actor, Action.READ)
    members = member_views(tx, process, sees_emails(process, role, actor), actor)
    if allows(role, Action.MANAGE_MEMBERS, is_admin=bool(actor and actor.is_admin)):
        members += invitations.pending(tx, process)
    return members


@use_case
def set_member(tx: Session, actor: Actor | None, slug: str, member: MemberDraft) -> MemberView:
    """Change the role of someone in the process, or invite an address (nothing is made for it,
    and nothing is said about it, until its owner accepts)."""
    process, _ = process_for(tx, slug, actor, Action.MANAGE_MEMBERS)
    membership = tx.scalar(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.process_id == process.id, User.email == member.email)
    )
    if membership is None:
        return invitations.invite(tx, actor, process, member)
    return put_member(tx, actor, process, member)


@use_case
def resend_invitation(tx: Session, actor: Actor | None, slug: str, email: str) -> MemberView:
    """Send a pending invitation again: a new link by mail, the old one ends (404 if none is pending)."""
    process, _ = process_for(tx, slug, actor, Action.MANAGE_MEMBERS)
    email = parse_email(email)
    found = next((view for view in invitations.pending(tx, process) if view.email == email), None)
    if found is None:
        raise NotFound(N_("No invitation for {email} is waiting in this process."), email=email)
    return invitations.invite(
        tx, actor, process, MemberDraft(email=email, role=found.role, languages=tuple(found.languages))
    )


@use_case
def update_member(tx: Session, actor: Actor | None, slug: str, email: str, change: MemberChange) -> MemberView:
    """Change what a member of the process is: the delegation they speak for (None: themselves), and their role,
    languages and reviews where given."""
    process, _ = process_for(tx, slug, actor, Action.MANAGE_MEMBERS)
    email = parse_email(email)
    membership = tx.scalar(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.process_id == process.id, User.email == email)
    )
    if membership is None:
        raise NotFound(N_("{email} is not a member of this process."), email=email)
    if change.role is not None:
        put_member(
            tx,
            actor,
            process,
            MemberDraft(
                email=email,
                role=change.role,
                name=membership.user.name,
                languages=change.languages if change.languages is not None else tuple(membership.languages),
                reviews=change.reviews if change.reviews is not None else tuple(membership.reviews),
            ),
        )
    if change.delegation is not UNCHANGED:
        delegation = named(tx, process, change.delegation) if change.delegation is not None else None
        membership.delegation_id = delegation.id if delegation is not None else None
        record(
            tx,
            actor,
            "member.delegation",
            f"user:{membership.user_id}",
            process,
            email=email,
            delegation=delegation.code if delegation is not None else None,
        )
    tx.flush()
    return next(m for m in member_views(tx, process) if m.email == email)


def put_member(tx: Session, actor: Actor | None, process: Process, draft: MemberDraft) -> MemberView:
    user = ensure_user(tx, draft.email, draft.name)
    membership = tx.scalar(select(Membership).where(Membership.process_id == process.id, Membership.user_id == user.id))
    if membership is None:
        membership = Membership(
            process_id=process.id,
            user_id=user.id,
            role=draft.role,
            languages=list(draft.languages),
            reviews=list(draft.reviews),
        )
        tx.add(membership)
        verb = "member.added"
    else:
        lock_process(tx, process)  # two committee members demoting each other: one waits, then sees the other
        _keep_a_committee(tx, process, membership, draft.role)
        membership.role, membership.languages, membership.reviews = (
            draft.role,
            list(draft.languages),
            list(draft.reviews),
        )
        verb = "member.changed"
    record(tx, actor, verb, f"user:{user.id}", process, email=user.email, role=draft.role)
    return MemberView(
        email=user.email, name=user.name, role=draft.role, languages=list(draft.languages), reviews=list(draft.reviews)
    )


@use_case
def remove_member(tx: Session, actor: Actor | None, slug: str, email: str) -> None:
    process, _ = process_for(tx, slug, actor, Action.MANAGE_MEMBERS)
    email = parse_email(email)
    membership = tx.scalar(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.process_id == process.id, User.email == email)
    )
    if membership is None:
        if invitations.withdraw(tx, actor, process, email):
            return
        raise NotFound(N_("{email} is not a member of this process."), email=email)
    lock_process(tx, process)
    _keep_a_committee(tx, process, membership, None)
    tx.delete(membership)
    record(tx, actor, "member.removed", f"user:{membership.user_id}", process, email=email)


def _keep_a_committee(tx: Session, process: Process, membership: Membership, new_role: str | None) -> None:
    """A process must always keep one committee member, or no one could manage it."""
    if membership.role != Role.COMMITTEE or new_role == Role.COMMITTEE:
        return
    others = tx.scalar(
        select(Membership.id)
        .where(Membership.process_id == process.id, Membership.role == Role.COMMITTEE, Membership.id != membership.id)
        .limit(1)
    )
    if others is None:
        raise Conflict(N_("A process needs at least one committee member."))
