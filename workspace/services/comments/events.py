"""A process's live events: its activity entries, in the process's own order, as each reader may see them.

Writers announce new entries after commit (Store.on_activity); a stream then reads what it has not
sent yet from the store, so a missed announcement or a reconnection (`Last-Event-ID`) loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.permissions import Action
from ...domain.processes.audience import Readers
from ...domain.vocabulary import Role
from ...store.models import Activity, Membership, Process
from ..access import process_for
from ..actor import Actor
from ..processes.activity import NUMBERING, level, readable
from ..processes.views import sees_emails, shown_entry
from ..unit import reads
from .views import EventBatch, EventView

BATCH = 500
TYPES = {
    "thread.opened": "thread",
    "comment.added": "comment",
    "comment.edited": "comment",
    "comment.deleted": "comment",
    "thread.resolved": "resolved",
    "thread.reopened": "reopened",
    "meeting.state": "meeting.state",
    "meeting.pointer": "meeting.pointer",
    "meeting.light": "meeting.light",
    "meeting.floor": "meeting.floor",
    "meeting.text": "meeting.text",
    "meeting.slot": "meeting.slot",
    "meeting.vote": "meeting.vote",
}


def event_type(verb: str) -> str:
    return TYPES.get(verb) or verb.split(".", 1)[0]


@reads
def stream_of(tx: Session, actor: Actor | None, slug: str, before: datetime | None = None) -> tuple[int, int]:
    """The process whose events `actor` may follow (404 for an outsider, as for any process page),
    and the number of its latest event for them (where a new stream starts); with `before`, of the latest recorded
    then (when the stream was asked for: a stream read later, its request having waited, still sends what came
    since). Entries are recorded in the order of their numbers (access.record)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    latest = select(func.max(NUMBERING[level(role, actor)])).where(Activity.process_id == process.id)
    if before is not None:
        latest = latest.where(Activity.created_at <= before)
    return process.id, tx.scalar(latest) or 0


@reads
def live_from(tx: Session, actor: Actor | None, slug: str) -> int:
    """Where a page's stream starts (`?after=`): the reader's latest event, read before anything the page shows (a
    read's statements each see what was committed when they began). An event after it reaches the page, perhaps one
    it shows already (what it changes is asked for again), never one it missed: a stream asked for without a number
    would start after the events recorded while the page loaded."""
    return stream_of(tx, actor, slug)[1]


class Audience(NamedTuple):
    """What a reader's stream shows: the entries of their level, and its numbering (the processes' activity
    list's rule); e-mail addresses."""

    level: Readers
    emails: bool


def audience(process: Process, role: Role | None, actor: Actor | None) -> Audience:
    return Audience(level(role, actor), sees_emails(process, role, actor))


def _batch(tx: Session, process: Process, seen_by: Audience, after: int) -> EventBatch:
    number = NUMBERING[seen_by.level]
    rows = list(
        tx.scalars(
            select(Activity).where(readable(process, seen_by.level), number > after).order_by(number).limit(BATCH)
        )
    )
    events = [
        EventView(
            id=n,
            type=event_type(a.verb),
            verb=a.verb,
            subject=subject,
            actor=a.actor.name if a.actor else None,
            data=data,
            at=a.created_at,
        )
        for a in rows
        if (n := getattr(a, number.key)) is not None
        for subject, data in [shown_entry(a.subject, a.data, seen_by.emails)]
    ]
    return EventBatch(events=events, last=events[-1].id if events else after, more=len(rows) == BATCH)


@reads
def events_after(tx: Session, actor: Actor | None, slug: str, after: int = 0) -> EventBatch:
    """The events of the process after number `after`, oldest first (BATCH at most), and the last
    number sent: those the reader may read (what the committee does on the working draft is its own, the proposed
    glossary terms are the translators'), in a numbering that skips the others."""
    process, role = process_for(tx, slug, actor, Action.READ)
    return _batch(tx, process, audience(process, role, actor), after)


@reads
def events_for(
    tx: Session, slug: str, readers: Sequence[tuple[Actor, int]]
) -> tuple[list[Audience | None], dict[Audience, EventBatch]]:
    """One read for many streams of a process (a worker's): each reader's audience, None for one who may
    no longer read the process; and for each audience, its events after the earliest number its readers
    have had (`events_after` for each reader, in a query per audience instead of a transaction per reader)."""
    process = tx.scalar(select(Process).where(Process.slug == slug, Process.deleted_at.is_(None)))
    if process is None:  # none, or deleted: nobody may read it any more
        return [None] * len(readers), {}
    roles = dict(
        tx.execute(
            select(Membership.user_id, Membership.role).where(
                Membership.process_id == process.id, Membership.user_id.in_({actor.id for actor, _ in readers})
            )
        ).all()
    )
    audiences: list[Audience | None] = []
    for actor, _ in readers:
        role = Role(roles[actor.id]) if actor.id in roles else None
        audiences.append(audience(process, role, actor) if role is not None or actor.is_admin else None)
    earliest: dict[Audience, int] = {}
    for seen_by, (_, after) in zip(audiences, readers, strict=True):
        if seen_by is not None:
            earliest[seen_by] = min(after, earliest.get(seen_by, after))
    return audiences, {seen_by: _batch(tx, process, seen_by, after) for seen_by, after in earliest.items()}
