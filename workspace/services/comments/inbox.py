"""Someone's inbox: replies, resolutions and reopenings on the threads they follow, mentions of them in comments,
decisions on their amendments, versions circulated and publications (services/inbox_news.py writes those)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.comments.comment_commands import MarkRead
from ...domain.notifications.news import InboxKind
from ...domain.series import amendment_label, parse_number, plain_label
from ...domain.vocabulary import parse_enum
from ...store.models import Activity, Amendment, Comment, Membership, Notification, Process, Thread, User, Version
from ...store.types import utcnow
from ..access import require_actor
from ..actor import Actor
from ..declaration.references import refs_in
from ..declaration.version_labels import labels_of
from ..unit import reads, use_case
from ..unread import forget_unread, readable, unread_count
from .views import InboxItem, InboxView

EXCERPT = 160
_THREADS = {InboxKind.REPLY, InboxKind.RESOLVED, InboxKind.REOPENED, InboxKind.MENTION}


def _visible(actor: Actor):  # type: ignore[no-untyped-def]
    """The person's notifications they may still read (inbox.readable), with what each tells of."""
    return (
        select(
            Notification,
            Process,
            Thread.number,
            Thread.on_draft,
            Thread.eid,
            Thread.version_id,
            Comment.body,
            Comment.number,
            User.name,
            Activity.subject,
            Activity.data,
        )
        .join(Process, Process.id == Notification.process_id)
        .outerjoin(Thread, Thread.id == Notification.thread_id)
        .outerjoin(Comment, Comment.id == Notification.comment_id)
        .outerjoin(User, User.id == Notification.actor_id)
        .outerjoin(Activity, Activity.id == Notification.activity_id)
        .where(Notification.user_id == actor.id, readable(Notification, actor.id, actor.is_admin))
    )


@reads
def inbox(tx: Session, actor: Actor | None, limit: int = 100, kind: str | None = None) -> InboxView:
    """The newest entries (of one `kind`: InboxKind, 422 for another word), with the unread count of them all."""
    who = require_actor(actor)
    query = _visible(who)
    if kind:
        query = query.where(Notification.kind == parse_enum(InboxKind, kind, "kind").value)
    rows = [tuple(row) for row in tx.execute(query.order_by(Notification.id.desc()).limit(max(1, min(limit, 500))))]
    unread = unread_count(tx, who) or 0  # the header's count, read with who asks (the same, not read again)
    amendments, versions = _amendments(tx, rows), _versions(tx, rows)
    refs = _refs(tx, rows, amendments)
    return InboxView(unread=unread, items=[_item(row, refs, amendments, versions) for row in rows])


def _item(
    row: tuple[Any, ...],
    refs: dict[tuple[int, int | None], dict[str, str]],
    amendments: dict[tuple[int, str], Amendment],
    versions: dict[tuple[int, str], Version],
) -> InboxItem:
    """An entry as the inbox shows it: what it tells of, named in the reader's language, and where it leads."""
    n, process, number, draft, eid, version_id, body, comment, name, subject, data = row
    kind = InboxKind(n.kind)
    slug = process.slug
    common: dict[str, Any] = {
        "id": n.id,
        "process": slug,
        "kind": kind.value,
        "by": name,
        "at": n.created_at,
        "read": n.read_at is not None,
        "thread": None,  # news of no thread, unless said below
        "thread_label": "",
        "eid": "",
    }
    if kind in _THREADS:
        label = plain_label(number, draft)
        place = f"#c{plain_label(comment, draft)}" if comment is not None else ""
        common.update(thread=number, thread_label=label, eid=eid)
        return InboxItem(
            **common,
            excerpt=(body or "")[:EXCERPT],
            ref=refs.get((process.id, version_id), {}).get(eid, ""),
            link=f"/p/{slug}/threads/{label}{place}",
        )
    data = data or {}
    what = (subject or ":").split(":", 1)[1]
    if kind == InboxKind.DECISION:
        amended = amendments.get((process.id, what))
        common["eid"] = amended.eid if amended else str(data.get("eid", ""))
        return InboxItem(
            **common,
            excerpt="",
            ref=refs.get((process.id, amended.version_id), {}).get(amended.eid, "") if amended else "",
            about=amendment_label(amended.number, amended.on_draft) if amended else what,
            decision=str(data.get("decision", "")),
            link=f"/p/{slug}/amendments/{what}",
        )
    if kind == InboxKind.VERSION:
        version = versions.get((process.id, what))
        label = labels_of(version).get(i18n.get_locale(), version.label) if version else str(data.get("label", ""))
        return InboxItem(**common, excerpt="", about=label, link=f"/p/{slug}/declaration/versions/{what}")
    return InboxItem(**common, excerpt="", about=str(data.get("symbol", "")), link=f"/p/{slug}/publications")


def _about(rows: Iterable[tuple[Any, ...]], kind: InboxKind) -> dict[int, dict[str, Process]]:
    """What the entries of `kind` among `rows` are news of, by process id: its subject's number ("7", "D3", "2")."""
    found: dict[int, dict[str, Process]] = {}
    for row in rows:
        n, process, subject = row[0], row[1], row[9]
        if n.kind == kind and subject:
            found.setdefault(process.id, {})[subject.split(":", 1)[1]] = process
    return found


def _amendments(tx: Session, rows: Iterable[tuple[Any, ...]]) -> dict[tuple[int, str], Amendment]:
    """The amendments the decisions among `rows` are on, by (process, "7" or "D3"): a statement per process."""
    found: dict[tuple[int, str], Amendment] = {}
    for process_id, refs in _about(rows, InboxKind.DECISION).items():
        numbered = {ref: parse_number(ref, amendment=True) for ref in refs}
        wanted = [(n.draft, n.number) for n in numbered.values() if n is not None]
        if not wanted:
            continue
        held = {
            (a.on_draft, a.number): a
            for a in tx.scalars(
                select(Amendment).where(
                    Amendment.process_id == process_id, Amendment.number.in_({number for _, number in wanted})
                )
            )
        }
        for ref, n in numbered.items():
            if n is not None and (n.draft, n.number) in held:
                found[(process_id, ref)] = held[(n.draft, n.number)]
    return found


def _versions(tx: Session, rows: Iterable[tuple[Any, ...]]) -> dict[tuple[int, str], Version]:
    """The versions circulated that entries among `rows` tell of, by (process, "2"): a statement per process."""
    found: dict[tuple[int, str], Version] = {}
    for process_id, refs in _about(rows, InboxKind.VERSION).items():
        numbers = {int(ref) for ref in refs if ref.isdecimal() and len(ref) < 9}
        for version in tx.scalars(select(Version).where(Version.process_id == process_id, Version.number.in_(numbers))):
            found[(process_id, str(version.number))] = version
    return found


def _refs(
    tx: Session, rows: Iterable[tuple[Any, ...]], amendments: dict[tuple[int, str], Amendment]
) -> dict[tuple[int, int | None], dict[str, str]]:
    """The printed references of the paragraphs the entries are on, in each text they were read on (process,
    version: a thread's, an amendment's), in the reader's language."""
    wanted: dict[tuple[int, int | None], set[str]] = {}
    processes: dict[int, Process] = {}
    for row in rows:
        process, eid, version_id = row[1], row[4], row[5]
        processes[process.id] = process
        if eid is not None:
            wanted.setdefault((process.id, version_id), set()).add(eid)
    for (process_id, _), amendment in amendments.items():
        wanted.setdefault((process_id, amendment.version_id), set()).add(amendment.eid)
    found = {}
    for (process_id, version_id), eids in wanted.items():
        version = tx.get(Version, version_id) if version_id is not None else None
        found[(process_id, version_id)] = refs_in(tx, processes[process_id], version, eids)
    return found


LISTENED = 200
"""The most processes an inbox's live stream listens to (the others' news comes at its regular look)."""


@reads
def inbox_watch(tx: Session, actor: Actor | None) -> tuple[list[int], int]:
    """What an inbox's live stream of `actor` listens to: the processes their news may come from (those they belong
    to, and those of their entries: an administrator's), and the newest entry now (0: none)."""
    who = require_actor(actor)
    belongs = select(Membership.process_id).where(Membership.user_id == who.id)
    theirs = select(Notification.process_id).where(Notification.user_id == who.id)
    ids = sorted(set(tx.scalars(belongs.union(theirs).limit(LISTENED))))
    latest = tx.scalar(select(func.max(Notification.id)).where(Notification.user_id == who.id)) or 0
    return ids, latest


@reads
def inbox_since(tx: Session, actor: Actor | None, after: int, limit: int = 100) -> tuple[list[int], int]:
    """The ids of `actor`'s entries newer than `after` (oldest first, at most `limit`) and their unread count: what
    an inbox's live stream sends."""
    who = require_actor(actor)
    ids = list(
        tx.scalars(
            select(Notification.id)
            .where(
                Notification.user_id == who.id,
                Notification.id > after,
                readable(Notification, who.id, who.is_admin),
            )
            .order_by(Notification.id)
            .limit(limit)
        )
    )
    return ids, unread_count(tx, who) or 0


@use_case
def mark_read(tx: Session, actor: Actor | None, command: MarkRead | None = None) -> InboxView:
    """Mark the command's notifications (or all) as read."""
    who = require_actor(actor)
    query = update(Notification).where(Notification.user_id == who.id, Notification.read_at.is_(None))
    if command is not None and command.ids is not None:
        query = query.where(Notification.id.in_(command.ids))
    tx.execute(query.values(read_at=utcnow()))
    forget_unread(tx)  # the count read with who asks is no longer right
    return inbox(tx, actor)
