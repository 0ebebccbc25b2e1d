"""Comment threads on paragraphs, their comments, edits and followers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import utcnow
from .accounts import User
from .base import Base, paragraph_fk
from .declaration import ParagraphRevision


class Thread(Base):
    """A comment thread on a paragraph of a version (or of the working draft), numbered per process.

    Its target is kept as a W3C Web Annotation would: the paragraph (eId), the text it was made on
    (`revision_sha`), and a text-quote selector with a text-position selector (all null: the
    whole paragraph). It is re-anchored on whatever version it is read on.
    """

    __tablename__ = "threads"
    __table_args__ = (
        UniqueConstraint("process_id", "on_draft", "number"),
        paragraph_fk(),
        Index("ix_threads_process_eid", "process_id", "eid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    # Opened on the working draft: the committee's, numbered in its draft series (thread D1, D2 …).
    on_draft: Mapped[bool] = mapped_column(default=False, server_default=false())
    number: Mapped[int]
    eid: Mapped[str] = mapped_column(String(64))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="RESTRICT"))  # None: the draft
    language: Mapped[str] = mapped_column(String(8))
    revision_sha: Mapped[str] = mapped_column(ForeignKey("paragraph_revisions.sha"), index=True)
    quote_exact: Mapped[str | None] = mapped_column(Text)
    quote_prefix: Mapped[str | None] = mapped_column(Text)
    quote_suffix: Mapped[str | None] = mapped_column(Text)
    quote_start: Mapped[int | None]
    quote_end: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Opened on behalf of this delegation (None: in the person's own name).
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None]

    origin: Mapped[ParagraphRevision] = relationship(lazy="joined")


class Comment(Base):
    """A comment of a thread, in Markdown. Deleting it leaves a tombstone (body emptied, `deleted_at`).

    People name it by its `number` in the process, in its thread's series (the ids are global: their gaps
    would tell of other processes, and of the committee's threads on the draft)."""

    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("process_id", "on_draft", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    on_draft: Mapped[bool] = mapped_column(default=False, server_default=false())  # its thread's series
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    # A margin comment of a Word file: {"file", "author", "date", "filed_by"}.
    source: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)

    author: Mapped[User | None] = relationship(lazy="joined")


class CommentEdit(Base):
    """An earlier wording of a comment, kept when its author edits or deletes it."""

    __tablename__ = "comment_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime]  # when this wording was written
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)


class Follower(Base):
    __tablename__ = "thread_followers"

    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
