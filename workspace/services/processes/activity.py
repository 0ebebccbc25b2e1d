"""The audit trail of a process, newest first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.permissions import Action
from ...store.models import Activity
from ..access import process_for
from ..actor import Actor
from ..declaration.sides import reads_draft
from ..unit import reads
from .views import ActivityView, sees_emails, shown_entry


@reads
def list_activity(tx: Session, actor: Actor | None, slug: str, limit: int = 100) -> list[ActivityView]:
    """The latest entries; for readers other than the committee, only those everyone reads (not what the
    committee does on the working draft: domain.processes.audience), and addresses only where they may see them."""
    process, role = process_for(tx, slug, actor, Action.READ)
    emails = sees_emails(process, role, actor)
    query = select(Activity).where(Activity.process_id == process.id)
    if not reads_draft(role, actor):
        query = query.where(Activity.shared_seq.is_not(None))
    rows = tx.scalars(query.order_by(Activity.id.desc()).limit(max(1, min(limit, 1000))))
    return [
        ActivityView(
            verb=a.verb, subject=subject, actor=a.actor.name if a.actor else None, data=data, created_at=a.created_at
        )
        for a in rows
        for subject, data in [shown_entry(a.subject, a.data, emails)]
    ]
