"""Webhooks as the committee (a process's) and administrators (the instance's) keep them: made with an address that
is checked (no address inside the machine or a private network, unless an administrator's setting allows it), listed
without their secret (shown once, when made), deleted, tried with a test event, and their deliveries' log."""

from __future__ import annotations

import base64
import secrets
import socket
from datetime import datetime
from urllib.parse import urlsplit

from msgspec import Struct
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_, InvalidInput, NotFound
from ...domain.permissions import Action
from ...domain.sealing import lasting, seal
from ...domain.webhooks import PURPOSE, TEST, WHSEC, AddWebhook, payload, refused_address
from ...store.db import sealing_of
from ...store.models import Process, Webhook, WebhookDelivery
from ...store.types import utcnow
from ..access import process_for, record, stored_id
from ..accounts.users import admin_or_system
from ..actor import Actor
from ..unit import reads, use_case
from ..webhook_events import deliver


class WebhookView(Struct, frozen=True, kw_only=True):
    """A webhook: its address, the kinds it is told of, since when, whether it failed since its last success (and
    since when), whether it was disabled; `secret` (`whsec_…`, Standard Webhooks') only in the answer that made it."""

    id: int
    url: str
    kinds: list[str]
    created_at: datetime
    failing_since: datetime | None = None
    disabled_at: datetime | None = None
    secret: str | None = None


class DeliveryView(Struct, frozen=True, kw_only=True):
    """A delivery: its `webhook-id`, its kind, how many times it was tried, where it stands (pending, delivered,
    failed), the status of the last answer (none when there was none: the address could not be reached) and why the
    last attempt failed, when it is tried next."""

    message_id: str
    kind: str
    attempts: int
    status: str
    answer: int | None
    error: str
    created_at: datetime
    delivered_at: datetime | None
    next_at: datetime | None


def addresses_refused(url: str) -> list[str]:
    """The addresses `url`'s host names that are inside the machine or a private network (all of them refused if the
    host names none: it cannot be reached)."""
    host = urlsplit(url).hostname or ""
    try:
        found = {str(info[4][0]) for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return [host]
    return sorted(address for address in found if refused_address(str(address)))


def check_address(url: str, allow_private: bool) -> None:
    if allow_private:
        return
    refused = addresses_refused(url)
    if refused:
        raise InvalidInput(
            N_("Webhooks are not sent inside this server's machine or a private network ({addresses})."),
            addresses=", ".join(refused),
            detail={"field": "url"},
        )


def _process(tx: Session, actor: Actor | None, slug: str | None) -> Process | None:
    """The process whose webhooks these are (its committee's), or none: the instance's (administrators')."""
    if slug is None:
        admin_or_system(actor)
        return None
    process, _ = process_for(tx, slug, actor, Action.EDIT_PROCESS)
    return process


def _view(hook: Webhook, secret: str | None = None) -> WebhookView:
    return WebhookView(
        id=hook.id,
        url=hook.url,
        kinds=list(hook.kinds),
        created_at=hook.created_at,
        failing_since=hook.failing_since,
        disabled_at=hook.disabled_at,
        secret=secret,
    )


@use_case
def add_webhook(
    tx: Session, actor: Actor | None, slug: str | None, command: AddWebhook, allow_private: bool
) -> WebhookView:
    process = _process(tx, actor, slug)
    check_address(command.url, allow_private)
    secret = secrets.token_bytes(32)  # kept sealed with the instance's key, shown once as Standard Webhooks writes it
    hook = Webhook(
        process_id=process.id if process else None,
        url=command.url,
        kinds=command.kinds,
        secret=seal(lasting(sealing_of(tx)), PURPOSE, secret),
        created_by_id=stored_id(actor),
        created_at=utcnow(),
    )
    tx.add(hook)
    tx.flush()
    record(tx, actor, "webhook.added", f"webhook:{hook.id}", process, url=command.url, kinds=command.kinds)
    return _view(hook, secret=WHSEC + base64.b64encode(secret).decode())


def _hook(tx: Session, process: Process | None, hook_id: int) -> Webhook:
    hook = tx.get(Webhook, hook_id)
    if hook is None or hook.process_id != (process.id if process else None):
        raise NotFound(N_("No webhook {id}."), id=hook_id)
    return hook


@reads
def list_webhooks(tx: Session, actor: Actor | None, slug: str | None) -> list[WebhookView]:
    process = _process(tx, actor, slug)
    where = Webhook.process_id == process.id if process else Webhook.process_id.is_(None)
    return [_view(h) for h in tx.scalars(select(Webhook).where(where).order_by(Webhook.id))]


@use_case
def delete_webhook(tx: Session, actor: Actor | None, slug: str | None, hook_id: int) -> None:
    process = _process(tx, actor, slug)
    hook = _hook(tx, process, hook_id)
    tx.delete(hook)
    record(tx, actor, "webhook.removed", f"webhook:{hook_id}", process, url=hook.url)


@use_case
def test_webhook(tx: Session, actor: Actor | None, slug: str | None, hook_id: int) -> DeliveryView:
    """A test event to this webhook (a disabled one is tried again, and enabled if it answers)."""
    process = _process(tx, actor, slug)
    hook = _hook(tx, process, hook_id)
    body = payload(TEST, process.slug if process else None, f"webhook:{hook.id}", {"test": True}, utcnow())
    row = deliver(tx, hook, TEST, body)
    tx.flush()
    return _delivery(row)


def _delivery(row: WebhookDelivery) -> DeliveryView:
    return DeliveryView(
        message_id=row.message_id,
        kind=row.kind,
        attempts=row.attempts,
        status=row.status,
        answer=row.answer,
        error=row.error,
        created_at=row.created_at,
        delivered_at=row.delivered_at,
        next_at=row.next_at,
    )


@reads
def deliveries(
    tx: Session, actor: Actor | None, slug: str | None, hook_id: int, limit: int = 100
) -> list[DeliveryView]:
    """The webhook's deliveries, newest first."""
    process = _process(tx, actor, slug)
    hook = _hook(tx, process, hook_id)
    rows = tx.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == hook.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(max(1, min(limit, 1000)))
    )
    return [_delivery(r) for r in rows]
