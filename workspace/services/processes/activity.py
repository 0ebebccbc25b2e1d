"""The audit trail of a process, newest first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.permissions import Action
from ...store.models import Activity
from ..access import process_for
from ..actor import Actor
from ..unit import reads
from .views import ActivityView


@reads
def list_activity(tx: Session, actor: Actor | None, slug: str, limit: int = 100) -> list[ActivityView]:
    process, _ = process_for(tx, slug, actor, Action.READ)
    rows = tx.scalars(
        select(Activity).where(Activity.process_id == process.id).order_by(Activity.id.desc()).limit(max(1, min(limit, 1000)))
    )
    return [
        ActivityView(verb=a.verb, subject=a.subject, actor=a.actor.name if a.actor else None, data=dict(a.data), created_at=a.created_at)
        for a in rows
    ]
