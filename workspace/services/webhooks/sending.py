"""Deliveries sent (the job queue's worker): each taken by one worker at a time, its address checked again as it is
resolved now (a name that came to point inside the network is refused), signed per Standard Webhooks (`webhook-id`,
`webhook-timestamp`, `webhook-signature`, with the `standardwebhooks` package) and POSTed; a 2xx delivers it, anything
else is tried again on the standard's schedule. A webhook that failed for a day without a success is disabled."""

from __future__ import annotations

import base64
import logging
from datetime import timedelta

import httpx
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session
from standardwebhooks import Webhook as Signer

from ...domain.sealing import Unsealed, is_sealed, seal, unseal
from ...domain.webhooks import DISABLED_AFTER, PURPOSE, WHSEC, next_attempt
from ...store.db import sealing_of
from ...store.models import Process, Webhook, WebhookDelivery
from ...store.types import utcnow
from ..outbox_entries import add_mail
from ..unit import Store, reads, use_case
from .hooks import addresses_refused

log = logging.getLogger("accord.webhooks")
TIMEOUT = 10.0  # seconds an answer may take
TAKEN_FOR = timedelta(minutes=2)  # a taken delivery whose worker died is taken again after this


@reads
def due(tx: Session, limit: int = 100) -> list[int]:
    """The deliveries to try now."""
    now = utcnow()
    return list(
        tx.scalars(
            select(WebhookDelivery.id)
            .where(WebhookDelivery.next_at <= now)
            .where(or_(WebhookDelivery.taken_at.is_(None), WebhookDelivery.taken_at < now - TAKEN_FOR))
            .order_by(WebhookDelivery.next_at)
            .limit(limit)
        )
    )


@use_case
def _take(tx: Session, delivery_id: int) -> tuple[str, str | None, str, bytes] | None:
    """The delivery, taken by this worker (no other sends it meanwhile): its address, secret, id and body."""
    now = utcnow()
    taken = tx.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.next_at <= now)
        .where(or_(WebhookDelivery.taken_at.is_(None), WebhookDelivery.taken_at < now - TAKEN_FOR))
        .values(taken_at=now)
        .returning(WebhookDelivery.webhook_id, WebhookDelivery.message_id, WebhookDelivery.payload)
    ).first()
    if taken is None:
        return None
    hook = tx.get(Webhook, taken[0])
    if hook is None:
        return None
    return hook.url, _secret(tx, hook), taken[1], taken[2]


def _secret(tx: Session, hook: Webhook) -> str | None:
    """The webhook's secret as Standard Webhooks writes it (`whsec_…`), opened with the instance's key (None when it
    does not open it: the key changed, or this store has none); one kept in the clear (made before secrets were
    sealed) is sealed now, where this store can."""
    sealing, kept = sealing_of(tx), hook.secret
    if not is_sealed(kept):
        if sealing:
            hook.secret = seal(sealing, PURPOSE, base64.b64decode(kept.removeprefix(WHSEC)))
        return kept
    try:
        return WHSEC + base64.b64encode(unseal(sealing or "", PURPOSE, kept)).decode()
    except Unsealed:
        return None


@use_case
def _answered(tx: Session, delivery_id: int, answer: int | None, error: str) -> None:
    """The attempt's outcome: delivered on a 2xx, else tried again later (or given up); the webhook's health."""
    row = tx.get(WebhookDelivery, delivery_id)
    if row is None:
        return
    hook = tx.get(Webhook, row.webhook_id)
    now = utcnow()
    row.attempts += 1
    row.answer, row.error, row.taken_at = answer, error[:2000], None
    if answer is not None and 200 <= answer < 300:
        row.status, row.delivered_at, row.next_at = "delivered", now, None
        if hook is not None:
            hook.failing_since = hook.disabled_at = None
        return
    row.next_at = next_attempt(row.attempts, now)
    row.status = "pending" if row.next_at is not None else "failed"
    if hook is None:
        return
    hook.failing_since = hook.failing_since or now
    if hook.disabled_at is None and now - hook.failing_since >= DISABLED_AFTER:
        hook.disabled_at = now
        log.warning("webhook %s (%s) disabled after a day of failures", hook.id, hook.url)
        if hook.created_by_id is not None:  # whoever set it is told
            process = tx.get(Process, hook.process_id) if hook.process_id else None
            where = f"/p/{process.slug}" if process is not None else "/admin"
            add_mail(tx, "webhook_disabled", user_id=hook.created_by_id, url=hook.url, where=where)


def send(store: Store, delivery_id: int, *, allow_private: bool, client: httpx.Client | None = None) -> bool:
    """Try one delivery now; whether the receiver took it (2xx)."""
    taken = _take(store, delivery_id)
    if taken is None:
        return False
    url, secret, message_id, body = taken
    if secret is None:
        _answered(store, delivery_id, None, "this webhook's secret does not open with the instance's secret key")
        return False
    refused = [] if allow_private else addresses_refused(url)
    if refused:
        _answered(store, delivery_id, None, f"refused: {', '.join(refused)} is inside the machine or a private network")
        return False
    now = utcnow()
    headers = {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Signer(secret).sign(message_id, now, body.decode()),
        "user-agent": "Accord-Webhooks/1",
    }
    try:
        with httpx.Client(timeout=TIMEOUT, follow_redirects=False) if client is None else _borrowed(client) as http:
            answer = http.post(url, content=body, headers=headers)
    except httpx.HTTPError as failed:
        _answered(store, delivery_id, None, f"{failed.__class__.__name__}: {failed}")
        return False
    _answered(store, delivery_id, answer.status_code, "" if answer.is_success else answer.text[:500])
    return answer.is_success


class _borrowed:
    """A client the caller keeps open (tests)."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def __enter__(self) -> httpx.Client:
        return self.client

    def __exit__(self, *_: object) -> None:
        return None


@reads
def next_due(tx: Session) -> float | None:
    """Seconds until the next delivery is due (0 if one is), None if none waits."""
    found = tx.scalar(select(WebhookDelivery.next_at).where(WebhookDelivery.next_at.is_not(None)).order_by(
        WebhookDelivery.next_at).limit(1))  # fmt: skip
    return None if found is None else max(0.0, (found - utcnow()).total_seconds())


def send_due(store: Store, *, allow_private: bool) -> int:
    """Every delivery due now, one after another; how many were delivered."""
    return sum(send(store, delivery_id, allow_private=allow_private) for delivery_id in due(store))
