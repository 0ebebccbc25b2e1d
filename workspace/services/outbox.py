"""The outbox: work an action left for after its commit, written in its transaction. Workers take
each entry once: a process's news fanned out into mails, a mail composed (an invitation, a
password reset), a publication's files rendered, a deleted process removed, the transport's copies of an erased
person's mails removed. Nothing is due for an
action that rolled back, and what a crash interrupted is still there for the next worker."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from .. import tracing
from ..mail import Transport
from ..store.db import Store
from ..store.models import Activity, MailMessage, Outbox, Process, User
from ..store.types import utcnow
from .meetings.machine import machine_job
from .notifications.compose import invitation_mail, locale_of, reset_mail, sign_in_link_mail, webhook_disabled_mail
from .notifications.fanout import fan_out
from .notifications.outward import Outward
from .translations.machine import Engine
from .unit import reads, use_case

log = logging.getLogger("accord.outbox")
ATTEMPTS = 3
LONG_KINDS = ("render", "delete", "forget", "machine")
"""Entries whose work is done outside any transaction once taken (minutes of it for a render)."""
LONG_WORK = timedelta(minutes=15)
"""One of those taken and not failed is under way: no other worker takes it again until this long after it was taken
(`taken_at`; its worker died then: a render is stopped after RENDER_SECONDS), or every wake-up in the meantime would
start it again beside the first."""


def _under_way() -> ColumnElement[bool]:
    """A render or a removal that a worker has taken, not failed, and not for long enough to have died with it."""
    return (
        Outbox.kind.in_(LONG_KINDS)
        & (Outbox.attempts > 0)
        & Outbox.error.is_(None)
        & Outbox.taken_at.is_not(None)
        & (Outbox.taken_at >= utcnow() - LONG_WORK)
    )


@reads
def pending(tx: Session, older_than: timedelta | None = None, limit: int = 500) -> list[int]:
    query = select(Outbox.id).where(Outbox.done_at.is_(None), Outbox.attempts < ATTEMPTS, ~_under_way())
    if older_than is not None:
        query = query.where(Outbox.created_at < utcnow() - older_than)
    return list(tx.scalars(query.order_by(Outbox.id).limit(limit)))


def _compose(tx: Session, out: Outward, data: dict[str, Any]) -> MailMessage | None:
    """The mail of an entry, in its reader's language (compose.locale_of): for an account's link, `locale` (the page
    that asked) only when the account tells nothing; for an invitation, the invited address's account's, if it has
    one, else the process's."""
    if data["template"] == "invitation":
        process = tx.get(Process, data["process_id"])
        if process is None:
            return None
        invited = tx.scalar(select(User).where(User.email == data["email"]))
        return invitation_mail(
            out,
            data["email"],
            data["inviter"],
            process,
            data["role"],
            data["link"],
            datetime.fromisoformat(data["expires"]),
            locale_of(invited, process),
        )
    if data["template"] == "password_reset":
        user = tx.get(User, data["user_id"])
        return reset_mail(out, user, data["link"], locale_of(user, None, data["locale"])) if user is not None else None
    if data["template"] == "webhook_disabled":
        user = tx.get(User, data["user_id"])
        return webhook_disabled_mail(out, user, data["url"], data["where"], locale_of(user)) if user else None
    if data["template"] == "sign_in_link":
        user = tx.get(User, data["user_id"])
        return sign_in_link_mail(out, user, data["link"], locale_of(user, None, data["locale"])) if user else None
    raise ValueError(f"unknown mail template {data['template']!r}")


@use_case
def _take(tx: Session, out: Outward, entry_id: int) -> tuple[str, dict[str, Any], list[int]] | None:
    """Do entry `entry_id` if it is still to do and no other worker has it: its kind, data, and the ids
    of the mails it made (to send now). A render entry is only marked here: rendering takes minutes,
    never inside a write transaction."""
    # Not one under way: two wake-ups may both have listed it before either took it.
    query = select(Outbox).where(Outbox.id == entry_id, Outbox.done_at.is_(None), ~_under_way())
    if tx.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    entry = tx.scalar(query)
    if entry is None:
        return None
    mails: list[MailMessage] = []
    if entry.kind == "notify":
        activity = tx.get(Activity, entry.activity_id) if entry.activity_id else None
        if activity is not None:
            mails = fan_out(tx, out, activity)
    elif entry.kind == "mail":
        mail = _compose(tx, out, entry.data)
        if mail is not None:
            tx.add(mail)
            mails = [mail]
    elif entry.kind in LONG_KINDS:  # minutes of work each: done outside this transaction, under way from now on
        entry.attempts += 1
        entry.error = None
        entry.taken_at = utcnow()
        return entry.kind, dict(entry.data), []
    entry.done_at = utcnow()
    tx.flush()
    return entry.kind, dict(entry.data), [m.id for m in mails]


@use_case
def _done(tx: Session, entry_id: int, error: str | None = None) -> None:
    entry = tx.get(Outbox, entry_id)
    if entry is not None:
        if error is None:
            entry.done_at = utcnow()
        entry.error = error


@use_case
def _failed(tx: Session, entry_id: int, error: str) -> None:
    entry = tx.get(Outbox, entry_id)
    if entry is not None:
        entry.attempts, entry.error = entry.attempts + 1, error[:2000]


def take(
    store: Store, out: Outward, entry_id: int, transport: Transport | None = None, engine: Engine | None = None
) -> list[int]:
    """Do one outbox entry; the ids of the mails to send now. An entry that fails (a bug, never the
    person's input) is tried again by the next sweeps, a few times, and kept with its error. `transport`: the
    worker's, whose kept copies of mails a "forget" entry removes."""
    try:
        taken = _take(store, out, entry_id)
    except Exception as exc:
        log.exception("outbox entry %s failed", entry_id)
        _failed(store, entry_id, f"{exc.__class__.__name__}: {exc}")
        return []
    if taken is None:
        return []
    kind, data, mails = taken
    # The request that left the entry (its id in the access log, tracing.py), on the job's lines.
    request_id = data.get("request_id")
    log.info("outbox entry %s (%s) of request %s taken: %d mails to send", entry_id, kind, request_id, len(mails))
    if kind == "render":
        from .publication.files import render_job

        try:
            with tracing.request_scope(request_id):
                render_job(store, data["slug"], data["number"])
        except Exception as exc:
            log.exception(
                "rendering the files of %s publication %s failed (request %s)", data["slug"], data["number"], request_id
            )
            _done(store, entry_id, f"{exc.__class__.__name__}: {exc}"[:2000])
            return []
        _done(store, entry_id)
        log.info("outbox entry %s (render) of request %s done", entry_id, request_id)
    if kind == "machine":
        _machine(store, entry_id, data, engine, request_id)
    if kind == "delete":
        _remove(store, entry_id, data, request_id)
    if kind == "forget":
        _forget(store, entry_id, data, transport, request_id)
    return mails


def _machine(store: Store, entry_id: int, data: dict[str, Any], engine: Engine | None, request_id: str | None) -> None:
    """The machine drafts of a text typed in a meeting (services/meetings/machine.py)."""
    try:
        with tracing.request_scope(request_id):
            machine_job(store, data, engine)
    except Exception as exc:
        log.exception("the machine drafts of meeting text %s failed (request %s)", data.get("text"), request_id)
        _done(store, entry_id, f"{exc.__class__.__name__}: {exc}"[:2000])
        return
    _done(store, entry_id)


def _remove(store: Store, entry_id: int, data: dict[str, Any], request_id: str | None) -> None:
    """Remove a deleted process's rows and files (services/processes/deletion.py). A failure is kept on the entry,
    which the next sweeps take again (a few times): each run goes on where the last one stopped."""
    from .processes.deletion import remove_deleted_process

    try:
        with tracing.request_scope(request_id):
            remove_deleted_process(store, data["process_id"])
    except Exception as exc:
        log.exception("removing the deleted process %s failed (request %s)", data["slug"], request_id)
        _done(store, entry_id, f"{exc.__class__.__name__}: {exc}"[:2000])
        return
    _done(store, entry_id)
    log.info("outbox entry %s (delete) of request %s done", entry_id, request_id)


def _forget(
    store: Store, entry_id: int, data: dict[str, Any], transport: Transport | None, request_id: str | None
) -> None:
    """Remove the transport's copies of mails Accord no longer holds (services/accounts/erasure.py). Without a
    transport (a relay by a script), the entry is left to the next sweeps, a worker's."""
    if transport is None:
        _done(store, entry_id, "no mail transport in this process")
        return
    try:
        removed = transport.forget(data["message_ids"])
    except OSError as exc:
        log.exception("forgetting the copies of %d mails failed (request %s)", len(data["message_ids"]), request_id)
        _done(store, entry_id, f"{exc.__class__.__name__}: {exc}"[:2000])
        return
    _done(store, entry_id)
    log.info("outbox entry %s (forget) of request %s done: %d copies removed", entry_id, request_id, removed)


def relay(
    store: Store,
    out: Outward,
    older_than: timedelta | None = None,
    transport: Transport | None = None,
    engine: Engine | None = None,
) -> list[int]:
    """Do every pending entry (or those older than `older_than`: a sweep leaves fresh ones to the
    workers already woken for them) with the worker's mail `transport`; the ids of the mails to send now."""
    mails: list[int] = []
    while True:
        ids = pending(store, older_than)
        for entry_id in ids:
            mails += take(store, out, entry_id, transport, engine)
        if len(ids) < 500:
            return mails
