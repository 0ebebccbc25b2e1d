"""Who is told of an activity, and as what kind of news: only people who may read what it speaks of (what only the
committee reads goes to the committee alone), never the person who did it. One list for every way news goes: its
mails (notifications/recipients.py adds what a mail says of the paragraph) and the inbox (inbox_news.py), written in
the action's transaction; so it reads the store alone, below every feature."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.notifications.news import VERB_KINDS, Kind
from ..domain.series import parse_number
from ..domain.vocabulary import Role
from ..store.models import (
    Activity,
    Amendment,
    Comment,
    Cosponsor,
    Follower,
    Membership,
    Thread,
    User,
    Version,
    VersionParagraph,
)


@dataclass(frozen=True)
class News:
    """One thing to tell `user`: its kind, what the mail says of it (`data`, JSON), the thread it is news of (its
    mails are batched), and the paragraph it is on as it was read (`printed_on`: process, version or None for the
    working draft, eId), which a mail names by its printed reference."""

    user: User
    kind: Kind
    data: dict[str, Any] = field(default_factory=dict)
    thread: int | None = None
    printed_on: tuple[int, int | None, str] | None = None


def _members(
    tx: Session, process_id: int, roles: set[Role] | None = None, among: set[int] | None = None
) -> list[tuple[User, Membership]]:
    """The process's members (of `roles`; `among` those people only)."""
    query = (
        select(User, Membership)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.process_id == process_id)
        .order_by(User.id)
    )
    if among is not None:
        query = query.where(User.id.in_(among))
    rows = tx.execute(query).all()
    return [(u, m) for u, m in rows if roles is None or Role(m.role) in roles]


def _on_draft(activity: Activity) -> bool:
    return activity.data.get("version") == "draft" or bool(activity.data.get("on_draft"))


def news_of(tx: Session, activity: Activity) -> list[News]:
    """Everyone to tell of `activity` (none for an activity that is not news)."""
    kind = VERB_KINDS.get(activity.verb)
    if kind is None or activity.process_id is None:
        return []
    found = _finders[kind](tx, activity, kind)
    seen: set[int] = set()
    out = []
    for news in found:
        if news.user.id == activity.actor_id or news.user.id in seen:
            continue
        seen.add(news.user.id)
        out.append(news)
    return out


def _everyone(tx: Session, activity: Activity, kind: Kind) -> list[News]:
    assert activity.process_id is not None
    return [News(user, kind, dict(activity.data)) for user, _ in _members(tx, activity.process_id)]


def _decision(tx: Session, activity: Activity, kind: Kind) -> list[News]:
    ref = activity.subject.split(":", 1)[1]
    numbered = parse_number(ref, amendment=True)
    row = (
        None
        if numbered is None
        else tx.scalar(
            select(Amendment).where(
                Amendment.process_id == activity.process_id,
                Amendment.on_draft.is_(numbered.draft),
                Amendment.number == numbered.number,
            )
        )
    )
    if row is None or numbered is None:
        return []
    ids = {row.proposer_id, *tx.scalars(select(Cosponsor.user_id).where(Cosponsor.amendment_id == row.id))}
    assert activity.process_id is not None
    committee_only = row.on_draft  # an amendment of the working draft: the committee's desk
    data = {**activity.data, "number": numbered.number if not numbered.draft else ref, "eid": row.eid}
    printed = (activity.process_id, row.version_id, row.eid)
    return [
        News(user, kind, data, printed_on=printed)
        for user, m in _members(tx, activity.process_id, among=ids)
        if not committee_only or m.role == Role.COMMITTEE
    ]


MENTION = re.compile(r"@([\w.+-]+@[\w-]+(?:\.[\w-]+)+|[\w.-]+)", re.UNICODE)


def _thread(tx: Session, activity: Activity, kind: Kind) -> list[News]:
    ref = activity.subject.split(":", 1)[1]
    numbered = parse_number(ref)
    assert activity.process_id is not None
    thread = (
        None
        if numbered is None
        else tx.scalar(
            select(Thread).where(
                Thread.process_id == activity.process_id,
                Thread.on_draft.is_(numbered.draft),
                Thread.number == numbered.number,
            )
        )
    )
    if thread is None or numbered is None:
        return []
    readers = {
        u.id: (u, m) for u, m in _members(tx, activity.process_id) if not thread.on_draft or m.role == Role.COMMITTEE
    }
    # The thread as its readers name it: 7, or "D3" (the committee's, on the draft: its mails thread apart).
    data = {**activity.data, "number": numbered.number if not numbered.draft else ref, "eid": thread.eid}
    printed = (thread.process_id, thread.version_id, thread.eid)  # the text it was opened on
    out: list[News] = []
    comment = (
        tx.scalar(
            select(Comment).where(
                Comment.process_id == activity.process_id,
                Comment.on_draft.is_(thread.on_draft),
                Comment.number == activity.data["comment"],
            )
        )
        if activity.data.get("comment")
        else None
    )
    if comment is not None:
        data["excerpt"] = comment.body[:300]
        out += _mentioned(comment.body, readers, data, thread.id, printed)
    if activity.verb == "thread.opened":
        return out  # its only follower is who opened it
    # Who followed when it happened (as their inbox says), not who follows by the time a worker fans it out.
    followers = set(
        tx.scalars(
            select(Follower.user_id).where(Follower.thread_id == thread.id, Follower.created_at <= activity.created_at)
        )
    )
    out += [News(readers[uid][0], kind, data, thread.id, printed) for uid in sorted(followers) if uid in readers]
    return out


def _mentioned(
    body: str,
    readers: dict[int, tuple[User, Membership]],
    data: dict[str, Any],
    thread: int,
    printed: tuple[int, int | None, str],
) -> list[News]:
    """@address or @name (first name or the name without spaces) of a person who may read the thread."""
    said = {m.lower().rstrip(".-") for m in MENTION.findall(body)}  # "… @ana." ends a sentence, not the name
    if not said:
        return []
    out = []
    for user, _ in readers.values():
        names = {
            user.email.lower(),
            user.email.split("@")[0].lower(),
            user.name.replace(" ", "").lower(),
            user.name.split(" ")[0].lower() if user.name else "",
        }
        if said & (names - {""}):
            out.append(News(user, Kind.MENTION, data, thread, printed))
    return out


def _translators(tx: Session, activity: Activity, kind: Kind) -> list[News]:
    assert activity.process_id is not None
    translator = activity.data.get("translator")
    eid = activity.subject.split(":", 1)[1]  # paragraph:<eid>
    data = {**activity.data, "eid": eid}
    # The text it was sent back on, if the entry says (its reference there).
    printed = (
        (activity.process_id, data.get("version_id"), eid) if data.get("version_id") or data.get("on_draft") else None
    )
    return [
        News(user, kind, data, printed_on=printed)
        for user, m in _members(tx, activity.process_id)
        if user.id == translator and (activity.data.get("language") in m.languages or m.role == Role.COMMITTEE)
    ]


def _silence(tx: Session, activity: Activity, kind: Kind) -> list[News]:
    assert activity.process_id is not None
    data = dict(activity.data)
    data["event"] = "broken" if activity.verb == "silence.objection" else "opened"
    return [News(user, kind, data) for user, _ in _members(tx, activity.process_id)]


def _circulated(tx: Session, activity: Activity, kind: Kind) -> list[News]:
    assert activity.process_id is not None
    ref = activity.subject.split(":", 1)[-1]
    if not ref.isdecimal() or len(ref) > 9:
        return []  # names no version: no news of one
    number = int(ref)
    return [News(user, kind, {**activity.data, "number": number}) for user, _ in _members(tx, activity.process_id)]


def outdated_for_translators(tx: Session, activity: Activity, changed: int) -> list[News]:
    """After a circulation that changed `changed` source paragraphs: the translators of each language."""
    assert activity.process_id is not None
    number = int(activity.subject.split(":", 1)[1])
    out = []
    for user, m in _members(tx, activity.process_id, {Role.TRANSLATOR}):
        if user.id != activity.actor_id:
            out.append(
                News(
                    user,
                    Kind.TRANSLATION_OUTDATED,
                    {**activity.data, "number": number, "changed": changed, "languages": list(m.languages)},
                )
            )
    return out


def changed_paragraphs(tx: Session, activity: Activity) -> int:
    """Source paragraphs of the circulated version that are new or differ from the version before."""
    number = int(activity.subject.split(":", 1)[1])
    versions = {
        v.number: v
        for v in tx.scalars(
            select(Version).where(Version.process_id == activity.process_id, Version.number.in_([number, number - 1]))
        )
    }
    current = versions.get(number)
    if current is None:
        return 0

    def texts(version: Version | None) -> dict[str, str]:
        if version is None:
            return {}
        return dict(
            tx.execute(
                select(VersionParagraph.eid, VersionParagraph.revision_sha).where(
                    VersionParagraph.version_id == version.id, VersionParagraph.language == version.language
                )
            ).all()
        )

    before, now = texts(versions.get(number - 1)), texts(current)
    return sum(1 for eid, sha in now.items() if before.get(eid) != sha)


_finders = {
    Kind.VERSION_CIRCULATED: _circulated,
    Kind.AMENDMENT_DECIDED: _decision,
    Kind.THREAD_REPLY: _thread,
    Kind.THREAD_RESOLVED: _thread,
    Kind.MENTION: _thread,
    Kind.SILENCE: _silence,
    Kind.TRANSLATION_RETURNED: _translators,
    Kind.PUBLICATION: _everyone,
}
