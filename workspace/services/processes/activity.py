"""The audit trail of a process, newest first, as each reader may read it: the entries of the audiences they are
in (domain.processes.audience), the one rule that the live events (services/comments/events.py) follow too."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ...domain.permissions import Action
from ...domain.processes.audience import Readers, hidden_kinds, level_of
from ...domain.vocabulary import Role
from ...store.models import Activity, Process
from ..access import process_for
from ..actor import Actor
from ..unit import reads
from .views import ActivityView, sees_emails, shown_entry

NUMBERING: dict[Readers, InstrumentedAttribute[int | None]] = {
    Readers.COMMITTEE: Activity.seq,
    Readers.TRANSLATORS: Activity.translators_seq,
    Readers.PROCESS: Activity.shared_seq,
}
"""The numbers a reader's entries go by (services/access.record): every entry of the process for the committee,
else only those of the audiences they read, so that no gap tells of the others."""


def level(role: Role | None, actor: Actor | None) -> Readers:
    """The reader's level: the narrowest audience whose entries they read (domain.processes.audience)."""
    return level_of(role, is_admin=bool(actor and actor.is_admin))


def readable(process: Process, seen_at: Readers) -> ColumnElement[bool]:
    """The entries of `process` that a reader of level `seen_at` reads: numbered for them, and of a kind they read
    now (an entry numbered before its kind was narrowed, or a position made private since, is not)."""
    hidden = hidden_kinds(seen_at, process.positions_public)
    found = and_(Activity.process_id == process.id, NUMBERING[seen_at].is_not(None))
    return and_(found, Activity.verb.not_in(sorted(hidden))) if hidden else found


@reads
def list_activity(tx: Session, actor: Actor | None, slug: str, limit: int = 100) -> list[ActivityView]:
    """The latest entries the reader may read (for the committee, all), and addresses only where they may see
    them."""
    process, role = process_for(tx, slug, actor, Action.READ)
    emails = sees_emails(process, role, actor)
    query = select(Activity).where(readable(process, level(role, actor)))
    rows = tx.scalars(query.order_by(Activity.id.desc()).limit(max(1, min(limit, 1000))))
    return [
        ActivityView(
            verb=a.verb, subject=subject, actor=a.actor.name if a.actor else None, data=data, created_at=a.created_at
        )
        for a in rows
        for subject, data in [shown_entry(a.subject, a.data, emails)]
    ]
