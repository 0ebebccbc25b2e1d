"""What a page of the text marks for threads, read as plain rows: a reading page lists every open thread of up to
200 paragraphs, and building each thread's full view (its comments, names, follow state) as ORM objects was 42 %
of a version page's time under load (issue 37). Here: one query of the columns a mark shows, then the anchors."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ...domain.comments.anchoring import AnchorState, Quote, anchor
from ...domain.comments.comment_commands import ThreadStatus
from ...domain.series import plain_label
from ...domain.vocabulary import Role
from ...store.models import Comment, ParagraphRevision, Process, Thread
from ..actor import Actor
from ..declaration.sides import Side, reads_draft
from .records import moved_from


class ThreadMark(Struct, frozen=True, kw_only=True):
    label: str  # "7", "D3"
    eid: str
    words: str  # the words it is anchored on in the side shown (its whole paragraph without a quote; "": outdated)
    first: str  # its first comment ("" when deleted)


def open_thread_marks(
    tx: Session, process: Process, role: Role | None, actor: Actor | None, on: Side, eids: list[str]
) -> list[ThreadMark]:
    """The open threads of the paragraphs `eids` that `actor` may read, in the order threads are listed, each with
    the words it is anchored on in `on` and its first comment."""
    if not eids:
        return []
    first = aliased(Comment)
    first_id = select(func.min(Comment.id)).where(Comment.thread_id == Thread.id).scalar_subquery()
    query = (
        select(
            Thread.on_draft,
            Thread.number,
            Thread.eid,
            Thread.version_id,
            Thread.quote_exact,
            Thread.quote_prefix,
            Thread.quote_suffix,
            Thread.quote_start,
            Thread.quote_end,
            ParagraphRevision.text.label("origin"),
            first.body,
            first.deleted_at,
        )
        .join(ParagraphRevision, ParagraphRevision.sha == Thread.revision_sha)
        .outerjoin(first, first.id == first_id)
        .where(
            Thread.process_id == process.id,
            Thread.status == ThreadStatus.OPEN.value,
            Thread.eid.in_(eids),
        )
    )
    if not reads_draft(role, actor):  # threads on the draft are the committee's
        query = query.where(Thread.on_draft.is_(False))
    rows = tx.execute(query.order_by(Thread.on_draft, Thread.number)).all()
    moved = moved_from(tx, {r.version_id for r in rows}, on)
    texts = on.texts
    found = []
    for r in rows:
        words = ""
        if on.label:
            quote = (
                None
                if r.quote_exact is None
                else Quote(
                    r.quote_exact, r.quote_prefix or "", r.quote_suffix or "", r.quote_start or 0, r.quote_end or 0
                )
            )
            placed = anchor(quote, r.origin, texts.get(r.eid), paragraph_moved=r.eid in moved.get(r.version_id, set()))
            words = (placed.text or "") if placed.state != AnchorState.OUTDATED else ""
        body = "" if r.deleted_at is not None or r.body is None else r.body
        found.append(ThreadMark(label=plain_label(r.number, r.on_draft), eid=r.eid, words=words, first=body))
    return found
