"""The search index: each text a reader may look for, with its words as the search compares them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from ..types import utcnow
from .base import Base


class SearchEntry(Base):
    """One text of a process in one language: a paragraph's text (as it stands in the working draft or a version's
    edition: one row for every place it stands, found again by its `sha`), an amendment's wording, a comment, a
    recommendation … `words` and `keys` are what domain.search.terms.index_words makes of it; each store indexes them
    its own way (SQLite: the FTS5 table `search_fts`; PostgreSQL: two tsvector columns with GIN indexes, made by
    migration 0045), so that both find the same candidates, which the domain then ranks."""

    __tablename__ = "search_entries"
    __table_args__ = (
        UniqueConstraint("process_id", "kind", "key", "language", "sha"),
        Index("ix_search_entries_lookup", "process_id", "kind", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # paragraph, amendment, thread, bracket, submission …
    key: Mapped[str] = mapped_column(String(80))  # what it is within its kind: an eId, "A7", "D3", a comment's id …
    language: Mapped[str] = mapped_column(String(8))
    sha: Mapped[str] = mapped_column(String(64))  # the text's sha256 (a paragraph's: its revision)
    text: Mapped[str] = mapped_column(Text)
    words: Mapped[str] = mapped_column(Text)
    keys: Mapped[str] = mapped_column(Text)
    # A paragraph's text: the number of the latest version it stands in (as stored, or as the translation of the
    # version's source text), 0 if none; kept by store.search_index, so that a search ranks by it without joining the
    # versions (migration 0046).
    circulated: Mapped[int] = mapped_column(server_default=sql_text("0"))
    # A paragraph's text: whether it stands in the working draft (the draft's own, or the translation made from exactly
    # it); kept by store.search_index, so that the committee's search reads no draft (migration 0047).
    drafted: Mapped[bool] = mapped_column(server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
