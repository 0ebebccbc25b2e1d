"""Comment threads in a process folder (`threads/<number>.md`, `threads/D<number>.md` for the committee's
on the working draft): read and checked against the rest of the folder, inserted as they stand, and
written back canonically. Inboxes are not carried: they are news, not the record. Comments are numbered
again, per series, in the order they were written (as they were numbered when written).

A folder written before the draft series (a `11.md` made on the working draft) is read too: such threads
take the draft series' next numbers, in their order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.comments.anchoring import Quote
from ...domain.comments.comment_commands import ThreadStatus
from ...domain.errors import N_, ImportFailed
from ...domain.transfer.draft_format import line_of
from ...domain.transfer.thread_format import CommentFile, Earlier, ThreadFile, parse_thread_file, render_thread_file
from ...store.models import Comment, CommentEdit, Delegation, Follower, Process, Thread, User, Version
from ..declaration.paragraphs import store_revision, texts_of


def read_threads(
    folder: Path, read: Callable[[Path, str], str], eids: set[str], versions: int, emails: set[str], codes: set[str]
) -> list[ThreadFile]:
    items = []
    for path in sorted(folder.glob("*.md"), key=lambda p: (len(p.name), p.name)) if folder.is_dir() else []:
        name = str(path)
        text = read(path, name)
        item = parse_thread_file(text, name, path.name)

        def fail(key: str, message: str, **params: object) -> ImportFailed:
            return ImportFailed(name, line_of(text, key) or 1, message, **params)  # noqa: B023

        if item.eid not in eids:
            raise fail("eid", N_("No paragraph “{eid}” in the declaration files."), eid=item.eid)
        if item.version is not None and item.version > versions:
            raise fail("version", N_("No version “{ref}” in this process."), ref=item.version)
        people = [
            ("opened_by", item.opened_by),
            ("resolved_by", item.resolved_by),
            *(("followers", f) for f in item.followers),
            *(("comments", c.by) for c in item.comments),
        ]
        for key, who in people:
            if who is not None and who.lower() not in emails:
                raise fail(key, N_("“{email}” is not a member of the process (process.toml)."), email=who)
        if item.delegation is not None and item.delegation not in codes:
            raise fail(
                "delegation",
                N_("“{code}” is not a delegation of this process (delegations.toml)."),
                code=item.delegation,
            )
        items.append(item)
    old = sorted(i.number for i in items if not i.draft and i.version is None)
    last = max((i.number for i in items if i.draft), default=0)
    moved = {number: last + k for k, number in enumerate(old, 1)}
    items = [replace(i, number=moved[i.number], draft=True) if not i.draft and i.version is None else i for i in items]
    return sorted(items, key=lambda i: (i.draft, i.number))


def insert_threads(tx: Session, process: Process, items: list[ThreadFile]) -> None:
    users = {u.email: u.id for u in tx.scalars(select(User))}
    versions = dict(tx.execute(select(Version.number, Version.id).where(Version.process_id == process.id)).all())
    numbers = _comment_numbers(items)
    codes = dict(tx.execute(select(Delegation.code, Delegation.id).where(Delegation.process_id == process.id)).all())
    for item in items:
        q = item.quote
        row = Thread(
            process_id=process.id,
            on_draft=item.draft,
            number=item.number,
            eid=item.eid,
            version_id=versions[item.version] if item.version is not None else None,
            language=item.language,
            revision_sha=store_revision(tx, item.origin),
            quote_exact=q.exact if q else None,
            quote_prefix=q.prefix if q else None,
            quote_suffix=q.suffix if q else None,
            quote_start=q.start if q else None,
            quote_end=q.end if q else None,
            status=item.status.value,
            created_by_id=users.get(item.opened_by.lower()) if item.opened_by else None,
            delegation_id=codes[item.delegation] if item.delegation else None,
            created_at=item.opened_at,
            resolved_by_id=users.get(item.resolved_by.lower()) if item.resolved_by else None,
            resolved_at=item.resolved_at,
        )
        tx.add(row)
        tx.flush()
        for position, c in enumerate(item.comments):
            comment = Comment(
                thread_id=row.id,
                process_id=process.id,
                on_draft=item.draft,
                number=numbers[(item.draft, item.number, position)],
                author_id=users.get(c.by.lower()) if c.by else None,
                body=c.body,
                created_at=c.at,
                edited_at=c.edited_at,
                deleted_at=c.deleted_at,
            )
            tx.add(comment)
            tx.flush()
            tx.add_all(
                CommentEdit(comment_id=comment.id, body=e.body, written_at=e.written_at, replaced_at=e.written_at)
                for e in c.earlier
            )
        tx.add_all(Follower(thread_id=row.id, user_id=users[f.lower()]) for f in item.followers)
    tx.flush()


def _comment_numbers(items: list[ThreadFile]) -> dict[tuple[bool, int, int], int]:
    """(thread's series, thread's number, place in it) → the comment's number in its series: in the order written."""
    result: dict[tuple[bool, int, int], int] = {}
    for draft in (False, True):
        written = sorted(((c.at, i.number, k) for i in items if i.draft == draft for k, c in enumerate(i.comments)))
        result |= {(draft, number, k): n for n, (_, number, k) in enumerate(written, 1)}
    return result


def thread_files(tx: Session, process: Process) -> dict[str, str]:
    rows = list(
        tx.scalars(select(Thread).where(Thread.process_id == process.id).order_by(Thread.on_draft, Thread.number))
    )
    if not rows:
        return {}
    ids = [r.id for r in rows]
    emails = dict(tx.execute(select(User.id, User.email)).all())
    versions = dict(tx.execute(select(Version.id, Version.number).where(Version.process_id == process.id)).all())
    codes = dict(tx.execute(select(Delegation.id, Delegation.code).where(Delegation.process_id == process.id)).all())
    comments: dict[int, list[Comment]] = {}
    for c in tx.scalars(select(Comment).where(Comment.thread_id.in_(ids)).order_by(Comment.id)):
        comments.setdefault(c.thread_id, []).append(c)
    earlier: dict[int, list[Earlier]] = {}
    for e in tx.scalars(
        select(CommentEdit)
        .join(Comment, Comment.id == CommentEdit.comment_id)
        .where(Comment.thread_id.in_(ids))
        .order_by(CommentEdit.id)
    ):
        earlier.setdefault(e.comment_id, []).append(Earlier(e.body, e.written_at))
    followers: dict[int, list[str]] = {}
    for thread_id, user_id in tx.execute(
        select(Follower.thread_id, Follower.user_id).where(Follower.thread_id.in_(ids))
    ):
        followers.setdefault(thread_id, []).append(emails[user_id])
    origins = texts_of(tx, {r.revision_sha for r in rows})
    files = {}
    for r in rows:
        quote = (
            Quote(r.quote_exact, r.quote_prefix or "", r.quote_suffix or "", r.quote_start or 0, r.quote_end or 0)
            if r.quote_exact is not None
            else None
        )
        item = ThreadFile(
            r.number,
            r.eid,
            versions.get(r.version_id) if r.version_id else None,
            r.language,
            origins[r.revision_sha],
            quote,
            ThreadStatus(r.status),
            emails.get(r.created_by_id) if r.created_by_id else None,
            r.created_at,
            emails.get(r.resolved_by_id) if r.resolved_by_id else None,
            r.resolved_at,
            tuple(sorted(followers.get(r.id, []))),
            tuple(
                CommentFile(
                    emails.get(c.author_id) if c.author_id else None,
                    c.created_at,
                    c.body,
                    c.edited_at,
                    c.deleted_at,
                    tuple(earlier.get(c.id, [])),
                )
                for c in comments.get(r.id, [])
            ),
            r.on_draft,
            codes.get(r.delegation_id) if r.delegation_id else None,
        )
        files[f"threads/{item.label}.md"] = render_thread_file(item)
    return files
