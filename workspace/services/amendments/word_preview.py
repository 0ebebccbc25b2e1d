"""A Word file's preview (services.amendments.word_import): the amendments and threads filing would make, built as
filing builds them and kept out of the store."""

from __future__ import annotations

from itertools import count

from sqlalchemy.orm import Session

from ...domain.amendments.amendments import Status
from ...domain.comments.comment_commands import comment_body
from ...domain.declaration.document import revision_id
from ...domain.word.word_amendments import WordThread
from ...store.models import Amendment, Comment, Delegation, ParagraphRevision, Process, Thread, User
from ...store.types import utcnow
from ..actor import Actor
from ..comments.records import next_comment
from ..declaration.sides import Side


class Unsaved:
    """A preview's amendments and threads: the rows filing would insert, with what the store would give them
    (defaults, ids, the texts of their revisions), kept out of the session so that nothing is written."""

    def __init__(self, tx: Session, process: Process, proposer: Actor, draft: bool, texts: dict[str, str]) -> None:
        self.user = tx.get(User, proposer.id) if proposer.id else None
        self.texts = texts
        self.comments: dict[int, list[Comment]] = {}
        self.now = utcnow()
        self._ids = count(1)  # rows' own ids, which no view shows: apart from any real one
        self._comment_numbers = count(next_comment(tx, process, draft))  # comments' numbers are shown

    def amendment(self, row: Amendment) -> Amendment:
        row.id, row.status, row.reason, row.proposer = -next(self._ids), Status.OPEN.value, "", self.user
        row.created_at = row.updated_at = self.now
        row.decided_by_id = row.decided_at = row.decided_sha = row.merged_into_id = row.created_eid = None
        return row

    def thread(
        self,
        process: Process,
        on: Side,
        t: WordThread,
        sources: list[dict[str, object]],
        number: int,
        delegation: Delegation | None,
    ) -> Thread:
        text = on.texts[t.eid]
        row = Thread(
            id=-next(self._ids),
            process_id=process.id,
            on_draft=on.version is None,
            number=number,
            eid=t.eid,
            version_id=on.version.id if on.version else None,
            language=on.language,
            revision_sha=revision_id(text),
            quote_exact=t.quote.exact if t.quote else None,
            quote_prefix=t.quote.prefix if t.quote else None,
            quote_suffix=t.quote.suffix if t.quote else None,
            quote_start=t.quote.start if t.quote else None,
            quote_end=t.quote.end if t.quote else None,
            created_by_id=self.user.id if self.user else None,
            delegation_id=delegation.id if delegation is not None else None,
            status="open",
            created_at=self.now,
            resolved_by_id=None,
            resolved_at=None,
            origin=ParagraphRevision(sha=revision_id(text), text=text),
        )
        bodies = [comment_body(t.body), *(comment_body(r.body) for r in t.replies)]
        self.comments[row.id] = [
            Comment(
                id=-next(self._ids),
                thread_id=row.id,
                process_id=process.id,
                on_draft=row.on_draft,
                number=next(self._comment_numbers),
                author_id=row.created_by_id,
                author=self.user,
                body=body,
                source=source,
                created_at=self.now,
                edited_at=None,
                deleted_at=None,
            )
            for body, source in zip(bodies, sources, strict=True)
        ]
        return row


__all__ = ["Unsaved"]
