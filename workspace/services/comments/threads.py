"""Comment threads: open one on a phrase (or a whole paragraph), reply, edit and delete one's own
comments, resolve and reopen, follow; list them anchored on any version."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Integer, Select, String, false, func, insert, literal, select
from sqlalchemy.orm import Session

from ...domain.comments.anchoring import Quote
from ...domain.comments.comment_commands import (
    CommentText,
    OpenThread,
    OpenThreadOnWords,
    ThreadStatus,
    comment_body,
)
from ...domain.declaration.document import revision_id
from ...domain.delegations.delegations import delegation_code
from ...domain.errors import N_, Conflict, Forbidden, NotFound
from ...domain.paging import Window, window
from ...domain.permissions import Action, require
from ...domain.vocabulary import Role, parse_enum
from ...store.inserts import insert_new
from ...store.models import (
    Comment,
    CommentEdit,
    Delegation,
    Follower,
    Notification,
    Process,
    Thread,
    User,
    Version,
)
from ...store.types import UTCDateTime, utcnow
from ..access import lock_process, process_for, record, require_actor
from ..actor import Actor
from ..declaration.naming import paragraph_name
from ..declaration.paragraphs import DRAFT, latest_version, store_revision
from ..declaration.references import eid_of
from ..declaration.sides import Side, reads_draft, side
from ..delegations.records import acting_for, named
from ..pace import Pace, pace
from ..processes.views import sees_emails
from ..unit import reads, use_case
from .records import (
    comment_view,
    find_comment,
    find_thread,
    next_comment,
    thread_label,
    thread_subject,
    views,
)
from .views import CommentView, ThreadView

# Lists go by number, everyone's series first, then the committee's on the draft (D1, D2 …).
ORDER = (Thread.on_draft, Thread.number)


def _view(
    tx: Session, process: Process, row: Thread, role: Role | None, actor: Actor | None, on: str | None = None
) -> ThreadView:
    """The thread anchored on `on` (default: the text it was opened on)."""
    tx.flush()
    opened_on = tx.get(Version, row.version_id) if row.version_id else None
    ref = on if on else (str(opened_on.number) if opened_on else DRAFT)
    return views(tx, [row], side(tx, process, ref, role, actor, eids={row.eid}), actor, history=True)[0]


@use_case
def open_thread(tx: Session, actor: Actor | None, slug: str, command: OpenThread | OpenThreadOnWords) -> ThreadView:
    """A thread on a phrase (or the whole paragraph) of a version, or of the draft for the committee: the phrase
    given with its offsets (OpenThread) or as a reader selected it on a page (OpenThreadOnWords)."""
    process, role = process_for(tx, slug, actor, Action.COMMENT)
    pace(tx, actor, Pace.THREAD)
    who = require_actor(actor)
    on = side(tx, process, command.version, role, actor, eids={command.eid})
    text = on.texts.get(command.eid)
    if text is None:
        printed = paragraph_name(tx, process, command.eid, on.version)  # one the text does not have: as last printed
        raise NotFound(N_("No paragraph “{eid}” in {version}."), eid=printed, version=on.label or command.version)
    quote = command.quote_in(text)
    delegation = acting_for(tx, process, role, actor, command.delegation)
    lock_process(tx, process)  # numbers are given in turn
    row = start_thread(tx, process, who, on, command.eid, quote, command.body, delegation=delegation)
    return _view(tx, process, row, role, actor, on.label)


def next_thread(tx: Session, process: Process, draft: bool) -> int:
    """The next thread number of the draft series (`draft`: the committee's, on the working draft) or
    everyone's (the caller holds the process lock)."""
    return (
        tx.scalar(select(func.max(Thread.number)).where(Thread.process_id == process.id, Thread.on_draft.is_(draft)))
        or 0
    ) + 1


def start_thread(
    tx: Session,
    process: Process,
    who: Actor,
    on: Side,
    eid: str,
    quote: Quote | None,
    body: str,
    source: dict[str, object] | None = None,
    number: int | None = None,
    stored: bool = False,
    delegation: Delegation | None = None,
) -> Thread:
    """A thread on paragraph `eid` of the text `on` (the process locked by the caller), with its first
    comment; `source`: the Word file's margin comment it came from; `number`: the next one, when the
    caller opens many in turn; `stored`: the paragraph's text is stored already; `delegation`: opened on its
    behalf."""
    draft = on.version is None
    number = number or next_thread(tx, process, draft)
    row = Thread(
        process_id=process.id,
        on_draft=draft,
        number=number,
        eid=eid,
        version_id=on.version.id if on.version else None,
        language=on.language,
        revision_sha=revision_id(on.texts[eid]) if stored else store_revision(tx, on.texts[eid]),
        quote_exact=quote.exact if quote else None,
        quote_prefix=quote.prefix if quote else None,
        quote_suffix=quote.suffix if quote else None,
        quote_start=quote.start if quote else None,
        quote_end=quote.end if quote else None,
        created_by_id=who.id,
        delegation_id=delegation.id if delegation is not None else None,
    )
    tx.add(row)
    tx.flush()
    comment = _comment(tx, process, row, who, body, source)
    tx.add(Follower(thread_id=row.id, user_id=who.id))
    tx.flush()
    # The first comment's number: whoever it @mentions is told by mail.
    behalf: dict[str, Any] = {"delegation": delegation.code} if delegation is not None else {}
    record(
        tx,
        who,
        "thread.opened",
        thread_subject(row),
        process,
        eid=eid,
        version=on.label,
        quote=(quote.exact[:120] if quote else ""),
        comment=comment.number,
        **behalf,
    )
    return row


def _comment(
    tx: Session, process: Process, row: Thread, who: Actor, body: str, source: dict[str, object] | None = None
) -> Comment:
    """A comment of thread `row`, numbered next in its series (the caller holds the process lock)."""
    comment = Comment(
        thread_id=row.id,
        process_id=process.id,
        on_draft=row.on_draft,
        number=next_comment(tx, process, row.on_draft),
        author_id=who.id,
        body=body,
        source=source,
    )
    tx.add(comment)
    tx.flush()
    return comment


def reply_from(tx: Session, process: Process, row: Thread, who: Actor, body: str, source: dict[str, object]) -> Comment:
    """A reply of the Word file's margin comments, in the thread its first comment opened."""
    comment = _comment(tx, process, row, who, comment_body(body), source)
    record(
        tx,
        who,
        "comment.added",
        thread_subject(row),
        process,
        eid=row.eid,
        comment=comment.number,
        version="draft" if row.on_draft else "",
    )
    return comment


@reads
def list_threads(
    tx: Session,
    actor: Actor | None,
    slug: str,
    *,
    version: str | None = None,
    eid: str | None = None,
    status: str | None = None,
    author: str | None = None,
    language: str | None = None,
    made_on: str | None = None,
    delegation: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ThreadView]:
    """The threads of a process anchored on `version` (default: the latest), filtered (`delegation`: opened on
    behalf of that delegation, its code); `limit` of them from `offset`."""
    process, role = process_for(tx, slug, actor, Action.READ)
    on = side(tx, process, version, role, actor)
    query = _filtered(
        tx,
        process,
        role,
        actor,
        eid=eid,
        status=status,
        author=author,
        language=language,
        made_on=made_on,
        delegation=delegation,
    )
    return views(tx, list(tx.scalars(query.order_by(*ORDER).limit(limit).offset(offset))), on, actor)


@reads
def threads_window(
    tx: Session,
    /,
    actor: Actor | None,
    slug: str,
    page: int | None,
    size: int,
    *,
    version: str | None = None,
    **filters: str | None,
) -> tuple[Window, list[ThreadView]]:
    """One page of the filtered threads, counted by the database: only the page's threads are anchored."""
    process, role = process_for(tx, slug, actor, Action.READ)
    on = side(tx, process, version, role, actor)
    query = _filtered(tx, process, role, actor, **filters)
    shown = window(tx.scalar(query.with_only_columns(func.count(Thread.id))) or 0, size, page)
    rows = list(tx.scalars(query.order_by(*ORDER).limit(size).offset(shown.start)))
    return shown, views(tx, rows, on, actor)


def _filtered(
    tx: Session,
    process: Process,
    role: Role | None,
    actor: Actor | None,
    *,
    eid: str | None = None,
    status: str | None = None,
    author: str | None = None,
    language: str | None = None,
    made_on: str | None = None,
    delegation: str | None = None,
) -> Select[Thread]:
    query = select(Thread).where(Thread.process_id == process.id)
    if not reads_draft(role, actor):  # threads on the draft are the committee's
        query = query.where(Thread.on_draft.is_(False))
    if eid:  # an eId, or a printed reference of the text the reader reads ("OP 14")
        text = None if reads_draft(role, actor) else latest_version(tx, process)
        query = query.where(Thread.eid == eid_of(tx, process, eid, text))
    if status:
        query = query.where(Thread.status == parse_enum(ThreadStatus, status, "status").value)
    if language:
        query = query.where(Thread.language == language.strip().lower())
    if made_on:
        made = side(tx, process, made_on, role, actor)
        query = query.where(
            Thread.version_id.is_(None) if made.version is None else Thread.version_id == made.version.id
        )
    if author:
        who = author.strip().lower()
        # By address only for who may see addresses: else the filter would tell whose address it is.
        by_email = (
            func.lower(User.email) == who
            if sees_emails(process, role, actor) or (actor and actor.email == who)
            else false()
        )
        starters = (
            select(Comment.thread_id)
            .join(User, User.id == Comment.author_id)
            .where(by_email | (func.lower(User.name).contains(who)))
        )
        query = query.where(Thread.id.in_(starters))
    if delegation:
        query = query.where(Thread.delegation_id == named(tx, process, delegation_code(delegation)).id)
    return query


@reads
def get_thread(tx: Session, actor: Actor | None, slug: str, ref: int | str, version: str | None = None) -> ThreadView:
    """One thread (`ref`: 7, or "D3" for the committee's on the draft) with every comment (and their earlier
    wordings), anchored on `version` (default: the version it was opened on)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    row = find_thread(tx, process, ref, role, actor)
    return _view(tx, process, row, role, actor, version)


def _notify(tx: Session, row: Thread, actor: Actor, kind: str, comment: Comment | None = None) -> None:
    """Tell the thread's followers (not the actor) in their inbox: one statement, however many they are (a
    row each, made by the ORM, took 100 ms for a thread of 200 followers, in every reply's transaction)."""
    tx.flush()
    tx.execute(
        insert(Notification).from_select(
            ["user_id", "process_id", "thread_id", "comment_id", "kind", "actor_id", "created_at", "committee_only"],
            select(
                Follower.user_id,
                literal(row.process_id, Integer),
                literal(row.id, Integer),
                literal(comment.id if comment else None, Integer),
                literal(kind, String),
                literal(actor.id, Integer),
                literal(utcnow(), UTCDateTime()),
                literal(row.on_draft, Boolean),  # the committee's thread: its news only while one is of it
            ).where(Follower.thread_id == row.id, Follower.user_id != actor.id),
        )
    )


def _follow(tx: Session, row: Thread, actor: Actor) -> None:
    """The commenter follows the thread: two comments of theirs posted at once both find them not
    following it yet, and the second insert of the same follower does nothing."""
    if tx.get(Follower, (row.id, actor.id)) is None:
        insert_new(tx, Follower, thread_id=row.id, user_id=actor.id, created_at=utcnow())


@use_case
def add_comment(tx: Session, actor: Actor | None, slug: str, ref: int | str, command: CommentText) -> CommentView:
    process, role = process_for(tx, slug, actor, Action.COMMENT)
    pace(tx, actor, Pace.COMMENT)
    who = require_actor(actor)
    row = find_thread(tx, process, ref, role, actor)
    lock_process(tx, process)  # numbers are given in turn
    comment = _comment(tx, process, row, who, command.body)
    _notify(tx, row, who, "reply", comment)
    _follow(tx, row, who)
    record(
        tx,
        actor,
        "comment.added",
        thread_subject(row),
        process,
        eid=row.eid,
        comment=comment.number,
        version="draft" if row.on_draft else "",
    )
    return comment_view(comment, who)


def _resolver(
    tx: Session, actor: Actor | None, slug: str, ref: int | str
) -> tuple[Process, Role | None, Thread, Actor]:
    process, role = process_for(tx, slug, actor, Action.COMMENT)
    who = require_actor(actor)
    row = find_thread(tx, process, ref, role, actor)
    if row.created_by_id != who.id:
        require(role, Action.RESOLVE_ANY_THREAD, is_admin=who.is_admin)
    return process, role, row, who


@use_case
def resolve(tx: Session, actor: Actor | None, slug: str, ref: int | str) -> ThreadView:
    process, role, row, who = _resolver(tx, actor, slug, ref)
    pace(tx, actor, Pace.RESOLUTION)
    if row.status != "open":
        raise Conflict(N_("Thread {number} is already resolved."), number=thread_label(row))
    row.status, row.resolved_by_id, row.resolved_at = "resolved", who.id, utcnow()
    _notify(tx, row, who, "resolved")
    record(
        tx, actor, "thread.resolved", thread_subject(row), process, eid=row.eid, version="draft" if row.on_draft else ""
    )
    return _view(tx, process, row, role, actor)


@use_case
def reopen(tx: Session, actor: Actor | None, slug: str, ref: int | str) -> ThreadView:
    process, role, row, who = _resolver(tx, actor, slug, ref)
    pace(tx, actor, Pace.RESOLUTION)
    if row.status != "resolved":
        raise Conflict(N_("Thread {number} is open already."), number=thread_label(row))
    row.status, row.resolved_by_id, row.resolved_at = "open", None, None
    _notify(tx, row, who, "reopened")
    record(
        tx, actor, "thread.reopened", thread_subject(row), process, eid=row.eid, version="draft" if row.on_draft else ""
    )
    return _view(tx, process, row, role, actor)


@use_case
def follow(tx: Session, actor: Actor | None, slug: str, ref: int | str, on: bool = True) -> ThreadView:
    """Follow a thread (its replies and resolutions come to one's inbox), or stop following it."""
    process, role = process_for(tx, slug, actor, Action.READ)
    who = require_actor(actor)
    row = find_thread(tx, process, ref, role, actor)
    existing = tx.get(Follower, (row.id, who.id))
    if on and existing is None:
        _follow(tx, row, who)
    elif not on and existing is not None:
        tx.delete(existing)
    return _view(tx, process, row, role, actor)


def _own_comment(tx: Session, actor: Actor | None, slug: str, ref: int | str) -> tuple[Process, Comment, Thread, Actor]:
    process, role = process_for(tx, slug, actor, Action.COMMENT)
    who = require_actor(actor)
    comment = find_comment(tx, process, ref, role, actor)
    thread = tx.get(Thread, comment.thread_id)
    assert thread is not None
    if comment.author_id != who.id:
        raise Forbidden(N_("Only its author can change this comment."))
    if comment.deleted_at is not None:
        raise Conflict(N_("This comment was deleted."))
    return process, comment, thread, who


@use_case
def edit_comment(tx: Session, actor: Actor | None, slug: str, ref: int | str, command: CommentText) -> CommentView:
    """Its author rewords a comment (`ref`: its number, 12, or "D5" on a thread of the draft); the earlier
    wording is kept and can be read."""
    process, comment, thread, who = _own_comment(tx, actor, slug, ref)
    pace(tx, actor, Pace.COMMENT)
    text = command.body
    if text != comment.body:
        tx.add(
            CommentEdit(comment_id=comment.id, body=comment.body, written_at=comment.edited_at or comment.created_at)
        )
        comment.body, comment.edited_at = text, utcnow()
        record(
            tx,
            actor,
            "comment.edited",
            thread_subject(thread),
            process,
            eid=thread.eid,
            comment=comment.number,
            version="draft" if thread.on_draft else "",
        )
    return comment_view(comment, who)


@use_case
def delete_comment(tx: Session, actor: Actor | None, slug: str, ref: int | str) -> None:
    """Its author deletes a comment: a tombstone stays, so that the replies still make sense."""
    process, comment, thread, _ = _own_comment(tx, actor, slug, ref)
    tx.add(CommentEdit(comment_id=comment.id, body=comment.body, written_at=comment.edited_at or comment.created_at))
    comment.body, comment.deleted_at = "", utcnow()
    record(
        tx,
        actor,
        "comment.deleted",
        thread_subject(thread),
        process,
        eid=thread.eid,
        comment=comment.number,
        version="draft" if thread.on_draft else "",
    )


@reads
def open_counts(tx: Session, actor: Actor | None, slug: str) -> dict[str, int]:
    """Open threads per paragraph (those the reader may see), for a text at a glance."""
    process, role = process_for(tx, slug, actor, Action.READ)
    query = select(Thread.eid, func.count()).where(
        Thread.process_id == process.id, Thread.status == ThreadStatus.OPEN.value
    )
    if not reads_draft(role, actor):
        query = query.where(Thread.on_draft.is_(False))
    return dict(tx.execute(query.group_by(Thread.eid)).all())
