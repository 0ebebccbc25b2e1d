"""Comment threads in a process folder (`threads/<number>.md`, `threads/D<number>.md` for the committee's
on the working draft): read and checked against the rest of the folder, inserted as they stand, and
written back canonically. Inboxes are not carried: they are news, not the record. Comments are numbered
again, per series, in the order they were written (as they were numbered when written).

A folder written before the draft series (a `11.md` made on the working draft) is read too: such threads
take the draft series' next numbers, in their order."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.comments.anchoring import Quote
from ...domain.comments.comment_commands import ThreadStatus
from ...domain.transfer.thread_format import CommentFile, Earlier, ThreadFile, parse_thread_file, render_thread_file
from ...store.models import Comment, CommentEdit, Delegation, Follower, Process, Thread, User, Version
from ..declaration.paragraphs import store_revision, texts_of
from .folder_files import Read, check_delegations, check_members, check_paragraphs, check_version, listed, read_file


def read_threads(
    folder: Path, read: Read, eids: set[str], versions: int, emails: set[str], codes: set[str]
) -> list[ThreadFile]:
    """`folder/*.md` (in the order of their numbers), each checked against the folder: its paragraph, version,
    members and delegation."""
    items = []
    for path in listed(folder, order=lambda p: (len(p.name), p.name)):
        file = read_file(path, read)
        item = parse_thread_file(file.text, file.name, path.name)
        check_paragraphs(file, [("eid", item.eid)], eids)
        check_version(file, item.version, versions)
        people = [
            ("opened_by", item.opened_by),
            ("resolved_by", item.resolved_by),
            *(("followers", f) for f in item.followers),
            *(("comments", c.by) for c in item.comments),
        ]
        check_members(file, people, emails)
        check_delegations(file, [("delegation", item.delegation)], codes)
        items.append(item)
    return sorted(_into_draft_series(items), key=lambda i: (i.draft, i.number))


def _into_draft_series(items: list[ThreadFile]) -> list[ThreadFile]:
    """Threads of an older folder filed on the working draft under a plain number (`11.md`, version draft):
    numbered on in the draft series, in their order."""
    old = sorted(i.number for i in items if not i.draft and i.version is None)
    last = max((i.number for i in items if i.draft), default=0)
    moved = {number: last + k for k, number in enumerate(old, 1)}
    return [replace(i, number=moved[i.number], draft=True) if not i.draft and i.version is None else i for i in items]


def insert_threads(tx: Session, process: Process, items: list[ThreadFile]) -> None:
    """The threads as the files say, numbers kept, with their comments (numbered in the order written), the
    comments' earlier wordings and the threads' followers."""
    users = {u.email: u.id for u in tx.scalars(select(User))}
    versions = dict(tx.execute(select(Version.number, Version.id).where(Version.process_id == process.id)).all())
    numbers = _comment_numbers(items)
    codes = dict(tx.execute(select(Delegation.code, Delegation.id).where(Delegation.process_id == process.id)).all())
    for item in items:
        row = _thread_row(tx, process, item, users, versions, codes)
        tx.add(row)
        tx.flush()
        for position, c in enumerate(item.comments):
            _insert_comment(tx, process, row, c, numbers[(item.draft, item.number, position)], users)
        tx.add_all(Follower(thread_id=row.id, user_id=users[f.lower()]) for f in item.followers)
    tx.flush()


def _thread_row(
    tx: Session,
    process: Process,
    item: ThreadFile,
    users: dict[str, int],
    versions: dict[int, int],
    codes: dict[str, int],
) -> Thread:
    """The thread of `item`, its opening text stored (`users`, `versions`, `codes`: the ids of the process's
    people, versions and delegations)."""
    q = item.quote
    return Thread(
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


def _insert_comment(
    tx: Session, process: Process, thread: Thread, c: CommentFile, number: int, users: dict[str, int]
) -> None:
    """A comment of `thread`, numbered `number` in its series, with its earlier wordings."""
    comment = Comment(
        thread_id=thread.id,
        process_id=process.id,
        on_draft=thread.on_draft,
        number=number,
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


def _comment_numbers(items: list[ThreadFile]) -> dict[tuple[bool, int, int], int]:
    """(thread's series, thread's number, place in it) → the comment's number in its series: in the order written."""
    result: dict[tuple[bool, int, int], int] = {}
    for draft in (False, True):
        written = sorted(((c.at, i.number, k) for i in items if i.draft == draft for k, c in enumerate(i.comments)))
        result |= {(draft, number, k): n for n, (_, number, k) in enumerate(written, 1)}
    return result


def thread_files(tx: Session, process: Process) -> dict[str, str]:
    """Every thread of the process as `threads/<n>.md` (`D<n>.md`: on the working draft)."""
    rows = list(
        tx.scalars(select(Thread).where(Thread.process_id == process.id).order_by(Thread.on_draft, Thread.number))
    )
    if not rows:
        return {}
    emails = dict(tx.execute(select(User.id, User.email)).all())
    names = _Names(
        emails,
        dict(tx.execute(select(Version.id, Version.number).where(Version.process_id == process.id)).all()),
        dict(tx.execute(select(Delegation.id, Delegation.code).where(Delegation.process_id == process.id)).all()),
        texts_of(tx, {r.revision_sha for r in rows}),
        _comments(tx, [r.id for r in rows], emails),
        _followers(tx, [r.id for r in rows], emails),
    )
    files = {}
    for r in rows:
        item = _thread_file(r, names)
        files[f"threads/{item.label}.md"] = render_thread_file(item)
    return files


@dataclass(frozen=True)
class _Names:
    """What a thread's file names, by id: people's e-mails, version numbers, delegation codes, the texts threads
    were opened on, each thread's comments and followers."""

    emails: dict[int, str]
    versions: dict[int, int]
    codes: dict[int, str]
    origins: dict[str, str]
    comments: dict[int, list[CommentFile]]
    followers: dict[int, list[str]]


def _comments(tx: Session, ids: list[int], emails: dict[int, str]) -> dict[int, list[CommentFile]]:
    """The comments of the threads `ids`, by thread, in the order written, each with its earlier wordings."""
    earlier: dict[int, list[Earlier]] = {}
    for e in tx.scalars(
        select(CommentEdit)
        .join(Comment, Comment.id == CommentEdit.comment_id)
        .where(Comment.thread_id.in_(ids))
        .order_by(CommentEdit.id)
    ):
        earlier.setdefault(e.comment_id, []).append(Earlier(e.body, e.written_at))
    comments: dict[int, list[CommentFile]] = {}
    for c in tx.scalars(select(Comment).where(Comment.thread_id.in_(ids)).order_by(Comment.id)):
        comments.setdefault(c.thread_id, []).append(
            CommentFile(
                emails.get(c.author_id) if c.author_id else None,
                c.created_at,
                c.body,
                c.edited_at,
                c.deleted_at,
                tuple(earlier.get(c.id, [])),
            )
        )
    return comments


def _followers(tx: Session, ids: list[int], emails: dict[int, str]) -> dict[int, list[str]]:
    """The e-mails of the followers of the threads `ids`, by thread."""
    followers: dict[int, list[str]] = {}
    for thread_id, user_id in tx.execute(
        select(Follower.thread_id, Follower.user_id).where(Follower.thread_id.in_(ids))
    ):
        followers.setdefault(thread_id, []).append(emails[user_id])
    return followers


def _thread_file(r: Thread, names: _Names) -> ThreadFile:
    """The thread `r` as its file says it."""
    emails = names.emails
    quote = (
        Quote(r.quote_exact, r.quote_prefix or "", r.quote_suffix or "", r.quote_start or 0, r.quote_end or 0)
        if r.quote_exact is not None
        else None
    )
    return ThreadFile(
        r.number,
        r.eid,
        names.versions.get(r.version_id) if r.version_id else None,
        r.language,
        names.origins[r.revision_sha],
        quote,
        ThreadStatus(r.status),
        emails.get(r.created_by_id) if r.created_by_id else None,
        r.created_at,
        emails.get(r.resolved_by_id) if r.resolved_by_id else None,
        r.resolved_at,
        tuple(sorted(names.followers.get(r.id, []))),
        tuple(names.comments.get(r.id, [])),
        r.on_draft,
        names.codes.get(r.delegation_id) if r.delegation_id else None,
    )
