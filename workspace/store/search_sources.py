"""What the search index holds of each kind of text, read from the store: (key, language, text) per kind, for some
keys of a process or all of them. The paragraphs are the index's bulk and are read apart (`index`)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..domain.series import plain_label
from .models import (
    Amendment,
    AmendmentRendering,
    Comment,
    ParagraphRevision,
    Position,
    Process,
    Recommendation,
    Submission,
    Thread,
)


@dataclass(frozen=True)
class Source:
    key: str
    language: str
    text: str
    sha: str = ""  # a paragraph's revision; else the text's sha256, worked out when it is indexed


Reader = Callable[[Session, Process, Collection[str] | None], list[Source]]


def amendment_key(number: int, on_draft: bool) -> str:
    return plain_label(number, on_draft)


def comment_key(thread_number: int, number: int, on_draft: bool) -> str:
    """ "12/40": comment 40 of thread 12 ("D3/D9" on the draft): a hit names its thread."""
    return f"{plain_label(thread_number, on_draft)}/{plain_label(number, on_draft)}"


def amendments(tx: Session, process: Process, keys: Collection[str] | None) -> list[Source]:
    """Each amendment's wording in every language it was rendered in (the original with its rationale and the reason
    of its decision)."""
    rows = tx.execute(
        select(Amendment.id, Amendment.number, Amendment.on_draft, Amendment.lang, Amendment.rationale)
        .add_columns(Amendment.reason)
        .where(Amendment.process_id == process.id)
        .order_by(Amendment.id)
    ).all()
    wanted = {r.id: r for r in rows if keys is None or amendment_key(r.number, r.on_draft) in keys}
    if not wanted:
        return []
    own = aliased(ParagraphRevision)
    texts: dict[int, dict[str, str]] = {}
    for amendment_id, lang, text in tx.execute(
        select(AmendmentRendering.amendment_id, AmendmentRendering.lang, own.text)
        .join(own, own.sha == AmendmentRendering.text_sha)
        .where(AmendmentRendering.amendment_id.in_(list(wanted)))
    ):
        texts.setdefault(amendment_id, {})[lang] = text
    for amendment_id, text in tx.execute(
        select(Amendment.id, own.text).join(own, own.sha == Amendment.text_sha).where(Amendment.id.in_(list(wanted)))
    ):
        original = wanted[amendment_id].lang or process.source_language
        texts.setdefault(amendment_id, {}).setdefault(original, text)
    found = []
    for amendment_id, by_language in texts.items():
        row = wanted[amendment_id]
        original = row.lang or process.source_language
        for lang, text in by_language.items():
            told = "\n\n".join(part for part in (text, row.rationale, row.reason) if part) if lang == original else text
            found.append(Source(amendment_key(row.number, row.on_draft), lang, told))
    return found


def comments(tx: Session, process: Process, keys: Collection[str] | None) -> list[Source]:
    """Each comment of a thread (not a deleted one), in its thread's language."""
    rows = tx.execute(
        select(Thread.number, Comment.number, Comment.on_draft, Thread.language, Comment.body)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Comment.process_id == process.id, Comment.deleted_at.is_(None))
    ).all()
    found = (Source(comment_key(t, c, d), lang, body) for t, c, d, lang, body in rows)
    return [s for s in found if s.text.strip() and (keys is None or s.key in keys)]


def recommendations(tx: Session, process: Process, keys: Collection[str] | None) -> list[Source]:
    query = select(Recommendation.ref, Recommendation.language, Recommendation.text).where(
        Recommendation.process_id == process.id
    )
    if keys is not None:
        query = query.where(Recommendation.ref.in_(list(keys)))
    return [Source(ref, lang, text) for ref, lang, text in tx.execute(query)]


def submissions(tx: Session, process: Process, keys: Collection[str] | None) -> list[Source]:
    """A delegation's proposal as written, and in the source language once the committee rendered it."""
    query = select(Submission.number, Submission.lang, Submission.text, Submission.source_text).where(
        Submission.process_id == process.id
    )
    if keys is not None:
        query = query.where(Submission.number.in_([int(k) for k in keys if k.isdigit()]))
    found = []
    for number, lang, text, source_text in tx.execute(query):
        if text.strip():
            found.append(Source(str(number), lang or process.source_language, text))
        if source_text and lang and lang != process.source_language:
            found.append(Source(str(number), process.source_language, source_text))
    return found


def positions(tx: Session, process: Process, keys: Collection[str] | None) -> list[Source]:
    """A delegation's note on where it stands (its language unknown: read as the process's source language)."""
    query = select(Position.id, Position.note).where(Position.process_id == process.id, Position.note != "")
    if keys is not None:
        query = query.where(Position.id.in_([int(k) for k in keys if k.isdigit()]))
    return [Source(str(id_), process.source_language, note) for id_, note in tx.execute(query)]


READERS: dict[str, Reader] = {
    "amendment": amendments,
    "thread": comments,
    "recommendation": recommendations,
    "submission": submissions,
    "position": positions,
}
