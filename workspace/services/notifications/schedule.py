"""Scheduled news, run by every worker each minute and done once per period across all of them: a
job claims its period (a row of `scheduled_runs`) in the transaction that writes its mails, so two
workers never both send it, and a crash before the commit leaves it to the next minute. The batches of
threads' news whose few minutes are over go out at the same minute (batches.py)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.errors import Conflict
from ...domain.notifications.news import REMINDER_HOURS, Cadence, Kind, daily_period, weekly_period
from ...store.db import Store
from ...store.models import (
    AmendmentPeriod,
    MailItem,
    MailMessage,
    Membership,
    Objection,
    Process,
    ScheduledRun,
    Silence,
    User,
    Version,
)
from ..unit import reads, use_case
from .batches import send_batches
from .compose import news_mail
from .fanout import tell
from .outward import Outward

DIGEST_HOUR = 6
"""Digests go at the first run after this hour (UTC): before the working day in Europe, Africa and the
Americas' night."""
RECENT = timedelta(days=2)
"""Deadlines passed longer ago than this are history, not news (a worker started after a long stop)."""


def _claim(tx: Session, job: str, period: str) -> bool:
    if tx.get(ScheduledRun, (job, period)) is not None:
        return False
    try:
        with tx.begin_nested():
            tx.add(ScheduledRun(job=job, period=period))
            tx.flush()
    except IntegrityError:
        return False
    return True


def _members(tx: Session, process_id: int) -> list[User]:
    return list(
        tx.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.process_id == process_id)
            .order_by(User.id)
        )
    )


@use_case
def _remind(tx: Session, out: Outward, version_id: int, now: datetime) -> list[int]:
    period = tx.get(AmendmentPeriod, version_id)
    if period is None or not now < period.deadline <= now + timedelta(hours=REMINDER_HOURS):
        return []
    if not _claim(tx, "deadline", f"{version_id}:{period.deadline.isoformat()}"):
        return []
    version = tx.get(Version, version_id)
    process = tx.get(Process, version.process_id) if version else None
    if version is None or process is None:
        return []
    mails = tell(
        tx,
        out,
        process,
        _members(tx, process.id),
        Kind.DEADLINE,
        {"label": version.label, "deadline": period.deadline.isoformat(), "number": version.number},
    )
    tx.flush()
    return [m.id for m in mails]


@use_case
def _silence_ended(tx: Session, out: Outward, silence_id: int) -> list[int]:
    silence = tx.get(Silence, silence_id)
    if silence is None or not _claim(tx, "silence", str(silence_id)):
        return []
    process = tx.get(Process, silence.process_id)
    version = tx.get(Version, silence.version_id)
    if process is None or version is None:
        return []
    mails = tell(
        tx,
        out,
        process,
        _members(tx, process.id),
        Kind.SILENCE,
        {"event": "ended", "label": version.label, "deadline": silence.deadline.isoformat()},
    )
    tx.flush()
    return [m.id for m in mails]


@reads
def _due(tx: Session, now: datetime) -> tuple[list[int], list[int]]:
    """Versions whose amendment deadline is within a day, silences ended lately without objection."""
    periods = list(
        tx.scalars(
            select(AmendmentPeriod.version_id).where(
                AmendmentPeriod.deadline > now, AmendmentPeriod.deadline <= now + timedelta(hours=REMINDER_HOURS)
            )
        )
    )
    silences = list(
        tx.scalars(
            select(Silence.id).where(
                Silence.deadline <= now,
                Silence.deadline > now - RECENT,
                ~exists().where(Objection.silence_id == Silence.id),
            )
        )
    )
    return periods, silences


@use_case
def _digest(tx: Session, out: Outward, cadence: Cadence, period: str) -> list[int]:
    """Every waiting item of `cadence` in one mail per person and process."""
    if not _claim(tx, f"digest.{cadence}", period):
        return []
    items = list(
        tx.scalars(
            select(MailItem)
            .where(MailItem.cadence == cadence, MailItem.mail_id.is_(None))
            .order_by(MailItem.user_id, MailItem.process_id, MailItem.id)
        )
    )
    grouped: dict[tuple[int, int], list[MailItem]] = defaultdict(list)
    for item in items:
        grouped[(item.user_id, item.process_id)].append(item)
    mails: list[MailMessage] = []
    for (user_id, process_id), mine in grouped.items():
        user, process = tx.get(User, user_id), tx.get(Process, process_id)
        if user is None or process is None:
            continue
        member = tx.scalar(
            select(Membership.id).where(Membership.user_id == user_id, Membership.process_id == process_id)
        )
        if member is None and not user.is_admin:
            continue  # left the process since: its news are no longer theirs
        mail = news_mail(out, user, process, [(i, str(i.data.get("actor", "Accord"))) for i in mine], cadence)
        tx.add(mail)
        for item in mine:
            item.mail = mail
        mails.append(mail)
    tx.flush()
    return [m.id for m in mails]


def run_schedule(store: Store, out: Outward, now: datetime) -> list[int]:
    """What is due at `now` (a worker's minute): reminders, silences ended, threads' batches, digests; the
    mails made."""
    made = send_batches(store, out, now)
    periods, silences = _due(store, now)
    for version_id in periods:
        made += _claimed(_remind, store, out, version_id, now)
    for silence_id in silences:
        made += _claimed(_silence_ended, store, out, silence_id)
    if now.hour >= DIGEST_HOUR:
        made += _claimed(_digest, store, out, Cadence.DAILY, daily_period(now.date().isoformat()))
        if now.isoweekday() == 1:
            year, week, _ = now.isocalendar()
            made += _claimed(_digest, store, out, Cadence.WEEKLY, weekly_period(year, week))
    return made


def _claimed(job, *args) -> list[int]:  # type: ignore[no-untyped-def]
    """A job whose claim another worker won at the same moment (the unique key says so): nothing to do."""
    try:
        return job(*args)  # type: ignore[no-any-return]
    except Conflict:
        return []
