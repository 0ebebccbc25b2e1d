"""From an activity to the mails it causes: each person who may read it is told at once, in a digest,
or not at all, as they chose for that kind of news; "at once" for news of a thread means the first
of a few minutes, the rest in one batch (batches.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.notifications.news import DEFAULTS, Cadence, Kind
from ...domain.people import FORMER_MEMBER, is_former
from ...store.models import Activity, MailItem, MailMessage, NotificationSetting, Process, User
from ...store.types import utcnow
from .batches import held, take_turn
from .compose import news_mail
from .outward import Outward
from .recipients import News, changed_paragraphs, news_of, outdated_for_translators


def cadences(tx: Session, user_ids: list[int]) -> dict[tuple[int, str], Cadence]:
    rows = (
        tx.execute(
            select(NotificationSetting.user_id, NotificationSetting.kind, NotificationSetting.cadence).where(
                NotificationSetting.user_id.in_(user_ids)
            )
        ).all()
        if user_ids
        else []
    )
    return {(uid, kind): Cadence(cadence) for uid, kind, cadence in rows}


def fan_out(tx: Session, out: Outward, activity: Activity) -> list[MailMessage]:
    """The mail items of `activity`, and the mails to send at once (added to `tx`, not yet flushed)."""
    process = tx.get(Process, activity.process_id)
    if process is None:
        return []
    found = _news(tx, activity)
    chosen = cadences(tx, [n.user.id for n in found])
    actor = _actor_name(activity)
    thread = next((n.thread for n in found if n.thread is not None), None)
    if thread is not None:
        take_turn(tx, thread)  # a burst fanned out by several workers: one decides at a time
    now = utcnow()
    mails = []
    for news in found:
        cadence = chosen.get((news.user.id, news.kind), DEFAULTS[news.kind])
        if cadence == Cadence.OFF:
            continue
        mail = _item(tx, out, process, activity, news, cadence, actor, now)
        if mail is not None:
            mails.append(mail)
    return mails


def _news(tx: Session, activity: Activity) -> list[News]:
    """The news `activity` is to each reader; a circulation also tells translators what it outdated."""
    found = news_of(tx, activity)
    if activity.verb == "version.circulated":
        changed = changed_paragraphs(tx, activity)
        if changed:
            found += outdated_for_translators(tx, activity, changed)
    return found


def _actor_name(activity: Activity) -> str:
    """Who did it, as the items keep it: an erased account's person is FORMER_MEMBER, said in each reader's
    language when their mail is made."""
    actor = activity.actor.name if activity.actor else "Accord"
    return FORMER_MEMBER if is_former(actor) else actor


def _item(
    tx: Session,
    out: Outward,
    process: Process,
    activity: Activity,
    news: News,
    cadence: Cadence,
    actor: str,
    now: datetime,
) -> MailMessage | None:
    """The mail item of one piece of news, and its mail if it goes at once (news of a thread that another
    mail just told this reader waits for the batch)."""
    waits = cadence == Cadence.IMMEDIATE and news.thread is not None and held(tx, news.user.id, news.thread, now)
    item = MailItem(
        user_id=news.user.id,
        process_id=process.id,
        activity_id=activity.id,
        thread_id=news.thread,
        kind=news.kind,
        cadence=cadence,
        data={**news.data, "actor": actor},
    )
    tx.add(item)
    if cadence != Cadence.IMMEDIATE or waits:
        return None
    mail = news_mail(out, news.user, process, [(item, actor)], cadence)
    item.mail = mail
    tx.add(mail)
    return mail


def tell(
    tx: Session, out: Outward, process: Process, users: list[User], kind: Kind, data: dict[str, object]
) -> list[MailMessage]:
    """News that no activity carries (a deadline near, a silence ended): told to `users` as they chose."""
    chosen = cadences(tx, [u.id for u in users])
    mails = []
    for user in users:
        cadence = chosen.get((user.id, kind), DEFAULTS[kind])
        if cadence == Cadence.OFF:
            continue
        item = MailItem(user_id=user.id, process_id=process.id, kind=kind, cadence=cadence, data=dict(data))
        tx.add(item)
        if cadence == Cadence.IMMEDIATE:
            mail = news_mail(out, user, process, [(item, str(data.get("actor", "Accord")))], cadence)
            item.mail = mail
            tx.add(mail)
            mails.append(mail)
    return mails


__all__ = ["News", "cadences", "fan_out", "tell"]
