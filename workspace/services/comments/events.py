"""A process's live events: its activity entries, in the process's own order, as each reader may see them.

Writers announce new entries after commit (Store.on_activity); a stream then reads what it has not
sent yet from the store, so a missed announcement or a reconnection (`Last-Event-ID`) loses nothing.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

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


def numbering(committee: bool) -> InstrumentedAttribute[int | None]:
    """The numbers a reader's stream goes by: every entry of the process for the committee, else only
    those everyone reads (`shared_seq`, none for the committee's own), so that no gap tells of them."""
    return Activity.seq if committee else Activity.shared_seq


@reads
def stream_of(tx: Session, actor: Actor | None, slug: str) -> tuple[int, int]:
    """The process whose events `actor` may follow (404 for an outsider, as for any process page),
    and the number of its latest event for them (where a new stream starts)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    latest = tx.scalar(select(func.max(numbering(reads_draft(role, actor)))).where(Activity.process_id == process.id))
    return process.id, latest or 0


@reads
def events_after(tx: Session, actor: Actor | None, slug: str, after: int = 0) -> EventBatch:
    """The events of the process after number `after`, oldest first (BATCH at most), and the last
    number sent. What the committee does on the working draft is its own: others do not see it go by,
    and their numbering skips it."""
    process, role = process_for(tx, slug, actor, Action.READ)
    committee, emails = reads_draft(role, actor), sees_emails(process, role, actor)
    number = numbering(committee)
    rows = list(tx.scalars(select(Activity).where(Activity.process_id == process.id, number > after)
                           .order_by(number).limit(BATCH)))
    events = [EventView(id=n, type=event_type(a.verb), verb=a.verb, subject=subject, actor=a.actor.name if a.actor else None,
                        data=data, at=a.created_at)
              for a in rows if (n := a.seq if committee else a.shared_seq) is not None
              for subject, data in [shown_entry(a.subject, a.data, emails)]]
    return EventBatch(events=events, last=events[-1].id if events else after, more=len(rows) == BATCH)
