"""News of a thread, batched: a follower told "at once" gets one mail for the first reply, resolution or
mention in a thread, then the thread's news of the next few minutes together in one mail when the
window ends, never a mail per comment of a burst (2,234 flood comments once sent 4,468 mails).

An item is held (an immediate `MailItem` without its mail) when the person's last mail of that thread
went less than `WINDOW` ago, or items of the thread already wait for them. Each worker's minute
(schedule) sends what waited a window: one mail per person and thread, in the thread's mail thread
(In-Reply-To/References). Deciding and sending take the thread's turn (a lock per thread on
PostgreSQL, SQLite's writes are serial), so a burst fanned out by several workers holds all but the
first, and a batch is sent once; a crash before the commit leaves the items held for the next minute.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, select, text
from sqlalchemy.orm import Session

from ...domain.notifications.news import Cadence
from ...store.db import Store
from ...store.models import MailItem, MailMessage, Membership, Process, User
from ..unit import reads, use_case
from .compose import news_mail
from .outward import Outward

log = logging.getLogger("accord.mail")
WINDOW = timedelta(minutes=5)
"""A follower's mails of one thread are at least this far apart."""

THREAD_MAIL_LOCKS = 7231
"""The advisory lock space of a thread's mails on PostgreSQL (the other key is the thread's id)."""


def take_turn(tx: Session, thread_id: int) -> None:
    """Wait for the other workers deciding or sending mails of this thread (until this transaction ends)."""
    if tx.get_bind().dialect.name == "postgresql":
        tx.execute(
            text("SELECT pg_advisory_xact_lock(:space, :thread)"), {"space": THREAD_MAIL_LOCKS, "thread": thread_id}
        )


def _mine(user_id: int, thread_id: int) -> ColumnElement[bool]:
    """A person's immediate news of a thread."""
    return and_(
        MailItem.user_id == user_id, MailItem.thread_id == thread_id, MailItem.cadence == Cadence.IMMEDIATE.value
    )


def _last_sent(tx: Session, user_id: int, thread_id: int) -> datetime | None:
    return tx.scalar(
        select(MailMessage.created_at)
        .join(MailItem, MailItem.mail_id == MailMessage.id)
        .where(_mine(user_id, thread_id))
        .order_by(MailItem.id.desc())
        .limit(1)
    )


def held(tx: Session, user_id: int, thread_id: int, now: datetime) -> bool:
    """Whether news of this thread for this person waits for the batch (the caller took the thread's turn)."""
    latest = tx.execute(
        select(MailItem.mail_id, MailMessage.created_at)
        .outerjoin(MailMessage, MailMessage.id == MailItem.mail_id)
        .where(_mine(user_id, thread_id))
        .order_by(MailItem.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        return False
    mail_id, sent = latest
    return mail_id is None or sent > now - WINDOW


@reads
def _waiting(tx: Session) -> list[tuple[int, int]]:
    query = select(MailItem.user_id, MailItem.thread_id).where(
        MailItem.cadence == Cadence.IMMEDIATE.value, MailItem.mail_id.is_(None), MailItem.thread_id.is_not(None)
    )
    return sorted({(u, t) for u, t in tx.execute(query.distinct()).all() if t is not None})


@use_case
def _send(tx: Session, out: Outward, user_id: int, thread_id: int, now: datetime) -> list[int]:
    take_turn(tx, thread_id)
    items = list(
        tx.scalars(select(MailItem).where(_mine(user_id, thread_id), MailItem.mail_id.is_(None)).order_by(MailItem.id))
    )
    last = _last_sent(tx, user_id, thread_id)
    if not items or (last is not None and last > now - WINDOW):
        return []  # sent by another worker, or the window is not over
    user, process = tx.get(User, user_id), tx.get(Process, items[0].process_id)
    member = tx.scalar(
        select(Membership.id).where(Membership.user_id == user_id, Membership.process_id == items[0].process_id)
    )
    if user is None or process is None or (member is None and not user.is_admin):
        # Left the process since: its news are no longer theirs.
        tx.execute(delete(MailItem).where(MailItem.id.in_([i.id for i in items])))
        return []
    mail = news_mail(
        out, user, process, [(i, str(i.data.get("actor", "Accord"))) for i in items], Cadence.IMMEDIATE, batched=True
    )
    mail.created_at = now  # the window of the next batch starts from here
    tx.add(mail)
    for item in items:
        item.mail = mail
    tx.flush()
    return [mail.id]


def send_batches(store: Store, out: Outward, now: datetime) -> list[int]:
    """The batches whose window ended at `now` (a worker's minute): the mails made. A batch that fails
    (a bug, never the person's input) leaves its items held for the next minute, and the others go."""
    made: list[int] = []
    for user_id, thread_id in _waiting(store):
        try:
            made += _send(store, out, user_id, thread_id, now)
        except Exception:
            log.exception("the batch of thread %s for person %s failed; tried again next minute", thread_id, user_id)
    return made


__all__ = ["WINDOW", "held", "send_batches", "take_turn"]
