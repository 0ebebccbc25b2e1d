"""What the people who run Accord ask of it (GET /readyz, GET /metrics): is the database there and migrated to
this code's head, and how long has the oldest work left for after a request waited."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..store import migrate
from ..store.models import MailMessage, Outbox
from ..store.types import utcnow
from .outbox import ATTEMPTS
from .unit import Store, reads


def database_state(store: Store) -> str:
    """`ok` when the database answers and is migrated to this code's head; else what is wrong, in a few plain
    words (never a password: the URL is not said). A database that cannot be reached raises."""
    with store.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        at = migrate.current(connection)
    wanted = migrate.heads()
    if at == wanted:
        return "ok"
    if not at:
        return "not migrated (run: accord db upgrade)"
    return (
        f"migrations not at head: at {', '.join(sorted(at))}, head {', '.join(sorted(wanted))} (run: accord db upgrade)"
    )


@reads
def oldest_work_age(tx: Session) -> float | None:
    """Seconds the oldest work still to do has waited (an outbox entry not done, a mail due and not sent); None
    when nothing waits."""
    now = utcnow()
    entry = tx.scalar(select(func.min(Outbox.created_at)).where(Outbox.done_at.is_(None), Outbox.attempts < ATTEMPTS))
    mail = tx.scalar(
        select(func.min(MailMessage.next_attempt_at)).where(
            MailMessage.state == "pending", MailMessage.next_attempt_at <= now
        )
    )
    waiting = [moment for moment in (entry, mail) if moment is not None]
    if not waiting:
        return None
    oldest = min(moment.replace(tzinfo=now.tzinfo) if moment.tzinfo is None else moment for moment in waiting)
    return max((now - oldest).total_seconds(), 0.0)
