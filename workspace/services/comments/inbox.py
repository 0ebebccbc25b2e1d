"""Someone's inbox: replies, resolutions and reopenings on the threads they follow."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...domain.comments.comment_commands import MarkRead
from ...domain.series import plain_label
from ...store.models import Comment, Membership, Notification, Process, Thread, User, Version
from ...store.types import utcnow
from ..access import require_actor
from ..actor import Actor
from ..declaration.references import refs_in
from ..unit import reads, use_case
from ..unread import forget_unread, unread_count
from .views import InboxItem, InboxView

EXCERPT = 160


def _visible(actor: Actor):  # type: ignore[no-untyped-def]
    """Notifications of threads in processes the person still belongs to (all, for an admin)."""
    query = (
        select(
            Notification,
            Thread.number,
            Thread.on_draft,
            Thread.eid,
            Process.slug,
            Comment.body,
            User.name,
            Thread.process_id,
            Thread.version_id,
        )
        .join(Thread, Thread.id == Notification.thread_id)
        .join(Process, Process.id == Thread.process_id)
        .outerjoin(Comment, Comment.id == Notification.comment_id)
        .outerjoin(User, User.id == Notification.actor_id)
        .where(Notification.user_id == actor.id, Process.deleted_at.is_(None))
    )
    if not actor.is_admin:
        query = query.join(Membership, (Membership.process_id == Process.id) & (Membership.user_id == actor.id))
    return query


@reads
def inbox(tx: Session, actor: Actor | None, limit: int = 100) -> InboxView:
    who = require_actor(actor)
    rows = tx.execute(_visible(who).order_by(Notification.id.desc()).limit(max(1, min(limit, 500)))).all()
    unread = unread_count(tx, who) or 0  # the header's count, read with who asks (the same, not read again)
    refs = _refs(tx, {(process_id, version_id) for *_, process_id, version_id in rows}, {row[3] for row in rows})
    return InboxView(
        unread=unread,
        items=[
            InboxItem(
                id=n.id,
                process=slug,
                thread=number,
                thread_label=plain_label(number, draft),
                eid=eid,
                kind=n.kind,
                by=name,
                excerpt=(body or "")[:EXCERPT],
                at=n.created_at,
                read=n.read_at is not None,
                ref=refs.get((process_id, version_id), {}).get(eid, ""),
            )
            for n, number, draft, eid, slug, body, name, process_id, version_id in rows
        ],
    )


def _refs(
    tx: Session, texts: set[tuple[int, int | None]], eids: set[str]
) -> dict[tuple[int, int | None], dict[str, str]]:
    """The printed references of the paragraphs `eids` in each text the threads were opened on (process, version)."""
    found = {}
    for process_id, version_id in texts:
        process = tx.get(Process, process_id)
        version = tx.get(Version, version_id) if version_id is not None else None
        if process is not None:
            found[(process_id, version_id)] = refs_in(tx, process, version, eids)
    return found


@use_case
def mark_read(tx: Session, actor: Actor | None, command: MarkRead | None = None) -> InboxView:
    """Mark the command's notifications (or all) as read."""
    who = require_actor(actor)
    query = update(Notification).where(Notification.user_id == who.id, Notification.read_at.is_(None))
    if command is not None and command.ids is not None:
        query = query.where(Notification.id.in_(command.ids))
    tx.execute(query.values(read_at=utcnow()))
    forget_unread(tx)  # the count read with who asks is no longer right
    return inbox(tx, actor)
