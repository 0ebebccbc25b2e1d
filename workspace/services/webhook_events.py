"""A process's events written as webhook deliveries, in the transaction that records them (services.access.record):
nothing is sent for an action that rolled back, and what a crash interrupted is still there for the next worker. Only
what everyone in the process reads goes out (an entry of the committee's desk, the working draft's, does not)."""

from __future__ import annotations

import secrets

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain.webhooks import event_kind, payload
from ..store.models import Activity, Process, Webhook, WebhookDelivery
from ..store.types import utcnow


def message_id() -> str:
    """A delivery's `webhook-id`: the same at every retry, so that a receiver keeps each event once."""
    return "msg_" + secrets.token_urlsafe(24)


def deliver(tx: Session, hook: Webhook, kind: str, body: bytes) -> WebhookDelivery:
    row = WebhookDelivery(
        webhook_id=hook.id, message_id=message_id(), kind=kind, payload=body, next_at=utcnow(), status="pending"
    )
    tx.add(row)
    return row


def enqueue(tx: Session, entry: Activity, process: Process) -> None:
    """The deliveries of `entry` to the webhooks told of its kind: the process's and the instance's."""
    kind = event_kind(entry.verb, entry.data)
    if kind is None or entry.shared_seq is None:
        return
    with tx.no_autoflush:
        hooks = tx.scalars(
            select(Webhook).where(
                or_(Webhook.process_id == process.id, Webhook.process_id.is_(None)), Webhook.disabled_at.is_(None)
            )
        ).all()
    told = [hook for hook in hooks if kind in hook.kinds]
    if not told:
        return
    data = {k: v for k, v in entry.data.items() if k not in ("on_draft", "committee_only")}
    body = payload(kind, process.slug, entry.subject, data, entry.created_at)
    for hook in told:
        deliver(tx, hook, kind, body)
