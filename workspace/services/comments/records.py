"""Threads in the store: the texts they are read on, finding them, and their views (anchored)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.comments.anchoring import Quote, anchor
from ...domain.diffing import moved_eids
from ...domain.errors import N_, NotFound
from ...domain.series import parse_number, plain_label
from ...domain.vocabulary import Role
from ...store.models import Comment, CommentEdit, Follower, Process, Thread, User, Version
from ..actor import Actor
from ..declaration.paragraphs import DRAFT, version_blocks
from ..declaration.references import refs_in
from ..declaration.sides import Side, reads_draft
from ..delegations.records import refs_by_id
from ..delegations.views import DelegationRef
from .views import AnchorView, CommentSource, CommentView, EarlierWording, QuoteView, ThreadView


def comment_source(data: dict[str, Any] | None) -> CommentSource | None:
    if not data:
        return None
    return CommentSource(
        file=data.get("file", ""),
        author=data.get("author", ""),
        date=data.get("date"),
        filed_by=data.get("filed_by"),
        key=data.get("key", ""),
    )


def thread_label(row: Thread) -> str:
    """ "7", or "D3" for the committee's threads on the working draft (domain.series)."""
    return plain_label(row.number, row.on_draft)


def thread_subject(row: Thread) -> str:
    """Its activity entries' subject: "thread:7", "thread:D3"."""
    return f"thread:{thread_label(row)}"


def find_thread(tx: Session, process: Process, ref: int | str, role: Role | None, actor: Actor | None) -> Thread:
    """Thread `ref` (7, "D3"): those on the working draft for the committee alone, as if they did not exist for
    others."""
    numbered = parse_number(ref)
    row = (
        None
        if numbered is None or (numbered.draft and not reads_draft(role, actor))
        else tx.scalar(
            select(Thread).where(
                Thread.process_id == process.id, Thread.on_draft.is_(numbered.draft), Thread.number == numbered.number
            )
        )
    )
    if row is None:
        raise NotFound(N_("No thread {number} in this process."), number=numbered.label() if numbered else ref)
    return row


def find_comment(tx: Session, process: Process, ref: int | str, role: Role | None, actor: Actor | None) -> Comment:
    """Comment `ref` (12, "D5") of the process: those of the committee's threads on the draft for the committee
    alone."""
    numbered = parse_number(ref)
    row = (
        None
        if numbered is None or (numbered.draft and not reads_draft(role, actor))
        else tx.scalar(
            select(Comment).where(
                Comment.process_id == process.id,
                Comment.on_draft.is_(numbered.draft),
                Comment.number == numbered.number,
            )
        )
    )
    if row is None:
        raise NotFound(N_("No comment {id} in this process."), id=numbered.label() if numbered else ref)
    return row


def next_comment(tx: Session, process: Process, draft: bool) -> int:
    """The next comment number of the draft series (`draft`) or everyone's (the caller holds the process lock)."""
    return (
        tx.scalar(select(func.max(Comment.number)).where(Comment.process_id == process.id, Comment.on_draft.is_(draft)))
        or 0
    ) + 1


def comment_view(c: Comment, actor: Actor | None, earlier: list[EarlierWording] | None = None) -> CommentView:
    """`actor`'s view of comment `c` (their own named as they are: a new one's author is not read back)."""
    mine = actor is not None and c.author_id == actor.id
    author = actor.name if mine and actor is not None else (c.author.name if c.author else None)
    return CommentView(
        id=c.number,
        label=plain_label(c.number, c.on_draft),
        author=author,
        body="" if c.deleted_at else c.body,
        created_at=c.created_at,
        edited_at=c.edited_at,
        deleted=c.deleted_at is not None,
        mine=mine,
        earlier=[] if c.deleted_at else (earlier or []),
        source=comment_source(c.source),
    )


def quote_of(row: Thread) -> Quote | None:
    if row.quote_exact is None:
        return None
    return Quote(
        row.quote_exact, row.quote_prefix or "", row.quote_suffix or "", row.quote_start or 0, row.quote_end or 0
    )


def views(
    tx: Session,
    rows: list[Thread],
    on: Side | None,
    actor: Actor | None,
    *,
    history: bool = False,
    unsaved: Mapping[int, list[Comment]] | None = None,
) -> list[ThreadView]:
    """Views of `rows` with their comments, each anchored on `on`; a fixed number of queries. `unsaved`: the
    comments of rows that are not in the store (a preview's threads, which their author follows), by row id."""
    discussion = _discussion(tx, [r.id for r in rows], actor, history)
    for thread_id, made in (unsaved or {}).items():
        discussion.comments[thread_id] = list(made)
        discussion.following.add(thread_id)
    names = _names(tx, rows)
    labels = _labels(tx, rows)
    moved = _moved(tx, rows, on)
    process = tx.get(Process, rows[0].process_id) if rows else None
    delegations = refs_by_id(tx, process) if process is not None else {}
    listing = _Listing(on, actor, discussion, names, labels, moved, delegations, _refs(tx, process, rows, on))
    return [listing.view(r) for r in rows]


@dataclass
class _Discussion:
    """The comments of the threads listed, by thread id; their earlier wordings, by comment id; and the threads the
    reader follows."""

    comments: dict[int, list[Comment]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    earlier: dict[int, list[EarlierWording]] = dataclasses.field(default_factory=dict)
    following: set[int] = dataclasses.field(default_factory=set)


def _discussion(tx: Session, ids: list[int], actor: Actor | None, history: bool) -> _Discussion:
    """The comments of threads `ids`, with their earlier wordings if `history`, and which of them `actor` follows:
    a query each."""
    found = _Discussion()
    if not ids:
        return found
    for c in tx.scalars(select(Comment).where(Comment.thread_id.in_(ids)).order_by(Comment.id)):
        found.comments[c.thread_id].append(c)
    if history:
        found.earlier = _earlier(tx, ids)
    if actor is not None:
        found.following = set(
            tx.scalars(select(Follower.thread_id).where(Follower.thread_id.in_(ids), Follower.user_id == actor.id))
        )
    return found


def _earlier(tx: Session, ids: list[int]) -> dict[int, list[EarlierWording]]:
    """The earlier wordings of the comments of threads `ids`, by comment id, oldest first."""
    earlier: dict[int, list[EarlierWording]] = defaultdict(list)
    for e in tx.scalars(
        select(CommentEdit)
        .join(Comment, Comment.id == CommentEdit.comment_id)
        .where(Comment.thread_id.in_(ids))
        .order_by(CommentEdit.id)
    ):
        earlier[e.comment_id].append(EarlierWording(body=e.body, written_at=e.written_at))
    return earlier


def _names(tx: Session, rows: list[Thread]) -> dict[int | None, str]:
    """The names of the people who opened or resolved the threads, by id."""
    people = {i for r in rows for i in (r.created_by_id, r.resolved_by_id) if i is not None}
    if not people:
        return {}
    return dict(tx.execute(select(User.id, User.name).where(User.id.in_(people))).all())


def _labels(tx: Session, rows: list[Thread]) -> dict[int, str]:
    """The labels of the versions the threads were opened on, by id."""
    version_ids = {r.version_id for r in rows if r.version_id is not None}
    if not version_ids:
        return {}
    return dict(tx.execute(select(Version.id, Version.label).where(Version.id.in_(version_ids))).all())


@dataclass(frozen=True)
class _Listing:
    """What the views of a list of threads share: the text they are read on, the reader, their comments, the names,
    version labels, moved paragraphs, delegations and printed references they speak of."""

    on: Side | None
    actor: Actor | None
    discussion: _Discussion
    names: dict[int | None, str]
    labels: dict[int, str]
    moved: dict[int | None, set[str]]
    delegations: dict[int, DelegationRef]
    refs: dict[int | None, dict[str, str]]

    def view(self, r: Thread) -> ThreadView:
        """Thread `r` as the reader reads it."""
        anchored = self.anchored(r)
        quote = quote_of(r)
        return ThreadView(
            id=r.number,
            label=thread_label(r),
            eid=r.eid,
            version=self.labels.get(r.version_id, DRAFT) if r.version_id else DRAFT,
            revision=r.revision_sha,
            quote=_quote_view(quote) if quote else None,
            status=r.status,
            comments=[
                comment_view(c, self.actor, self.discussion.earlier.get(c.id)) for c in self.discussion.comments[r.id]
            ],
            anchor=anchored,
            language=r.language,
            created_by=self.names.get(r.created_by_id),
            created_at=r.created_at,
            resolved_by=self.names.get(r.resolved_by_id),
            resolved_at=r.resolved_at,
            following=r.id in self.discussion.following,
            origin_text=r.origin.text,
            # Where the text read no longer has the paragraph, it is named as the text it was opened on printed it.
            ref=self.refs.get(-1, {}).get(r.eid) or self.refs.get(r.version_id, {}).get(r.eid, ""),
            delegation=self.delegations.get(r.delegation_id) if r.delegation_id else None,
        )

    def anchored(self, r: Thread) -> AnchorView | None:
        """Where thread `r`'s quote is found in the text read (None: no text read)."""
        if self.on is None or not self.on.label:
            return None
        moved = r.eid in self.moved.get(r.version_id, set())
        found = anchor(quote_of(r), r.origin.text, self.on.texts.get(r.eid), paragraph_moved=moved)
        return AnchorView(
            state=found.state.value,
            eid=r.eid,
            start=found.start,
            end=found.end,
            text=found.text,
            score=round(found.score, 3),
            diff=list(found.diff),
        )


def _quote_view(quote: Quote) -> QuoteView:
    """A thread's quote as its view shows it."""
    return QuoteView(exact=quote.exact, prefix=quote.prefix, suffix=quote.suffix, start=quote.start, end=quote.end)


def _refs(
    tx: Session, process: Process | None, rows: list[Thread], on: Side | None
) -> dict[int | None, dict[str, str]]:
    """Printed references: of the text the threads are read on (key -1), and of the texts each was opened on, for
    the paragraphs the text read does not have."""
    if process is None:
        return {}
    found: dict[int | None, dict[str, str]] = {}
    if on is not None and on.label:
        found[-1] = refs_in(tx, process, on.version, {r.eid for r in rows})
        rows = [r for r in rows if r.eid not in found[-1]]
    if not rows:
        return found
    return found | _refs_where_opened(tx, process, rows)


def _refs_where_opened(tx: Session, process: Process, rows: list[Thread]) -> dict[int | None, dict[str, str]]:
    """The printed references of the threads' paragraphs in the texts each was opened on (None: the draft), by
    version id; a version since deleted names none."""
    versions = {v.id: v for v in tx.scalars(select(Version).where(Version.id.in_({r.version_id for r in rows})))}
    return {
        id_: refs_in(tx, process, versions.get(id_) if id_ else None, {r.eid for r in rows if r.version_id == id_})
        for id_ in {r.version_id for r in rows}
        if id_ is None or id_ in versions
    }


def _moved(tx: Session, rows: list[Thread], on: Side | None) -> dict[int | None, set[str]]:
    return moved_from(tx, {r.version_id for r in rows}, on)


def moved_from(tx: Session, version_ids: set[int | None], on: Side | None) -> dict[int | None, set[str]]:
    """For each version threads were opened on (`version_ids`), the paragraphs that moved from it to `on`."""
    if on is None or not on.label:
        return {}
    order = [b.eid for b in on.blocks]
    result: dict[int | None, set[str]] = {}
    for version_id in version_ids:
        if version_id is None or (on.version is not None and version_id == on.version.id):
            continue  # the draft moves all the time: a draft thread is placed by its quote alone
        version = tx.get(Version, version_id)
        assert version is not None
        result[version_id] = moved_eids([b.eid for b in version_blocks(tx, version)], order)
    return result
