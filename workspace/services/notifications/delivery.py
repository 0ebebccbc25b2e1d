"""Handing mails to the SMTP server (or the mail folder): each taken by one worker at a time on a
lease, marked sent once the server accepted it, tried again with a growing wait when the server
fails, and kept as failed, for administrators to see, when it keeps failing. A worker killed between
the server's acceptance and the mark sends that mail twice: the only duplicate there can be."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ... import metrics
from ...mail import DeliveryError, Mail, Transport, build
from ...store.db import Store
from ...store.models import MailMessage
from ...store.types import utcnow
from ..unit import reads, use_case

MAX_ATTEMPTS = 8
log = logging.getLogger("accord.mail")


@dataclass(frozen=True)
class Postman:
    transport: Transport
    sender: str
    retry_seconds: float = 60
    lease_seconds: float = 300

    def wait(self, attempts: int) -> float:
        """Before try `attempts + 1`: the first wait, doubled at each try (a minute, then 2, 4 … 64)."""
        doubling: int = 2 ** max(0, attempts - 1)  # typeshed says Any: an int's power may be a float
        return self.retry_seconds * doubling


def _due(tx: Session, now: datetime):  # type: ignore[no-untyped-def]
    return select(MailMessage).where(
        MailMessage.state == "pending",
        MailMessage.next_attempt_at <= now,
        or_(MailMessage.lease_until.is_(None), MailMessage.lease_until < now),
    )


@use_case
def _claim(tx: Session, mail_id: int, lease_seconds: float) -> Mail | None:
    now = utcnow()
    query = _due(tx, now).where(MailMessage.id == mail_id)
    if tx.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    row = tx.scalar(query)
    if row is None:
        return None  # sent, failed, not yet due, or another worker holds it
    row.lease_until, row.attempts = now + timedelta(seconds=lease_seconds), row.attempts + 1
    return Mail(
        to=row.recipient,
        subject=row.subject,
        text=row.text,
        html=row.html,
        message_id=row.message_id,
        in_reply_to=row.in_reply_to,
        references=(row.in_reply_to,) if row.in_reply_to else (),
        unsubscribe_url=row.unsubscribe_url,
        locale=row.locale,
    )


@use_case
def _sent(tx: Session, mail_id: int) -> None:
    row = tx.get(MailMessage, mail_id)
    if row is not None:
        row.state, row.sent_at, row.lease_until, row.last_error = "sent", utcnow(), None, None


@use_case
def _not_sent(tx: Session, mail_id: int, error: str, permanent: bool, postman: Postman) -> float | None:
    """Record a failed try; the wait before the next one, or None if the mail is now kept as failed."""
    row = tx.get(MailMessage, mail_id)
    if row is None or row.state != "pending":
        return None
    row.last_error, row.lease_until = error[:2000], None
    if permanent or row.attempts >= MAX_ATTEMPTS:
        row.state = "failed"
        log.error("mail %s to %s failed for good after %d tries: %s", mail_id, row.recipient, row.attempts, error)
        return None
    wait = postman.wait(row.attempts)
    row.next_attempt_at = utcnow() + timedelta(seconds=wait)
    return wait


def deliver(store: Store, postman: Postman, mail_id: int) -> float | None:
    """Send mail `mail_id` if it is due and no other worker holds it. The wait before it must be tried
    again (a temporary failure), else None."""
    mail = _claim(store, mail_id, postman.lease_seconds)
    if mail is None:
        return None
    try:
        postman.transport.send(build(mail, postman.sender))
    except DeliveryError as exc:
        log.warning("mail %s to %s not sent: %s", mail_id, mail.to, exc)
        wait = _not_sent(store, mail_id, str(exc), exc.permanent, postman)
        metrics.mail_failed(final=wait is None)
        return wait
    except ValueError as exc:  # an address or a header that cannot be sent: it never will be
        metrics.mail_failed(final=True)
        return _not_sent(store, mail_id, str(exc), True, postman)
    _sent(store, mail_id)
    metrics.mail_sent()
    return None


@reads
def due_mails(tx: Session, limit: int = 1000) -> list[int]:
    """Mails due now that no worker holds (after a crash, a restart, or a wait): to hand to workers."""
    return list(tx.scalars(_due(tx, utcnow()).with_only_columns(MailMessage.id).order_by(MailMessage.id).limit(limit)))
