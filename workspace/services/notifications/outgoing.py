"""The mails Accord composed, for administrators: what was sent, what waits, what failed and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.errors import N_, Forbidden, InvalidInput
from ...store.models import MailMessage
from ..access import require_actor
from ..actor import Actor
from ..unit import reads

STATES = ("pending", "sent", "failed")


@dataclass(frozen=True)
class MailView:
    id: int
    recipient: str
    kind: str
    subject: str
    text: str
    state: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime


@dataclass(frozen=True)
class Outgoing:
    mails: list[MailView]
    counts: dict[str, int]


@reads
def list_mail(tx: Session, actor: Actor | None, state: str | None = None, limit: int = 200) -> Outgoing:
    """The newest mails (of one state), with the count of each state: administrators only."""
    if not require_actor(actor).is_admin:
        raise Forbidden(N_("Only administrators can read the mails Accord sends."))
    if state is not None and state not in STATES:
        raise InvalidInput(N_("“{value}” is not a choice: pending, sent or failed."), value=state[:40], detail={"field": "state"})
    query = select(MailMessage).order_by(MailMessage.id.desc()).limit(max(1, min(limit, 1000)))
    if state:
        query = query.where(MailMessage.state == state)
    counted = tx.execute(select(MailMessage.state, func.count()).group_by(MailMessage.state))
    counts = dict.fromkeys(STATES, 0) | {state: n for state, n in counted}
    return Outgoing([MailView(m.id, m.recipient, m.kind, m.subject, m.text, m.state, m.attempts, m.last_error, m.created_at,
                              m.sent_at, m.next_attempt_at) for m in tx.scalars(query)], counts)
