"""A process's live events: its activity entries, in id order, as each reader may see them.

Writers announce new entries after commit (Store.on_activity); a stream then reads what it has not
sent yet from the store, so a missed announcement or a reconnection (`Last-Event-ID`) loses nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.permissions import Action
from ...store.models import Activity
from ..access import process_for
from ..actor import Actor
from ..declaration.sides import reads_draft
from ..processes.views import sees_emails, shown_entry
from ..unit import reads
from .views import EventBatch, EventView

BATCH = 500
TYPES = {
    "thread.opened": "thread", "comment.added": "comment", "comment.edited": "comment", "comment.deleted": "comment",
    "thread.resolved": "resolved", "thread.reopened": "reopened",
}


def event_type(verb: str) -> str:
    return TYPES.get(verb) or verb.split(".", 1)[0]


@reads
def stream_of(tx: Session, actor: Actor | None, slug: str) -> tuple[int, int]:
    """The process whose events `actor` may follow (404 for an outsider, as for any process page),
    and the id of its latest event (where a new stream starts)."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    latest = tx.scalar(select(Activity.id).where(Activity.process_id == process.id).order_by(Activity.id.desc()).limit(1))
    return process.id, latest or 0


@reads
def events_after(tx: Session, actor: Actor | None, slug: str, after: int = 0) -> EventBatch:
    """The events of the process after id `after`, oldest first (looking at BATCH entries at most),
    and the last id looked at. What the committee does on the working draft is its own: others do
    not see it go by."""
    process, role = process_for(tx, slug, actor, Action.READ)
    committee, emails = reads_draft(role, actor), sees_emails(process, role, actor)
    rows = list(tx.scalars(select(Activity).where(Activity.process_id == process.id, Activity.id > after)
                           .order_by(Activity.id).limit(BATCH)))
    return EventBatch([
        EventView(a.id, event_type(a.verb), a.verb, subject, a.actor.name if a.actor else None, data, a.created_at)
        for a in rows
        for subject, data in [shown_entry(a.subject, a.data, emails)]
        if committee or not (a.verb.startswith("paragraph.") or a.data.get("version") == "draft")
    ], rows[-1].id if rows else after, len(rows) == BATCH)
