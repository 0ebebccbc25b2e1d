"""The index's rows that may hold a query, found by each store its own way over the same words: SQLite's FTS5 table,
PostgreSQL's tsvector columns. Every word must be a prefix of one of the row's words, or share one of its keys in a
language (`domain.search.terms`); the domain then decides and ranks (`domain.search.matching`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Row, and_, or_, select, text
from sqlalchemy.orm import Session

from ...domain.search.query import Query
from ...domain.search.terms import query_keys
from ...store.models import SearchEntry

LIMIT = 20_000  # rows read at most for one query: a word in every text of the largest process, then some

COLUMNS = (
    SearchEntry.id,
    SearchEntry.process_id,
    SearchEntry.kind,
    SearchEntry.key,
    SearchEntry.language,
    SearchEntry.sha,
    SearchEntry.text,
    SearchEntry.words,
    SearchEntry.keys,
    SearchEntry.circulated,
    SearchEntry.drafted,
)


def candidates(
    tx: Session, process_ids: Collection[int], query: Query, language: str | None, kinds: Collection[str]
) -> Sequence[Row[Any]]:
    """The rows of those processes (of `kinds`, in `language` if given) where every word of `query` may stand."""
    found = select(*COLUMNS).where(SearchEntry.process_id.in_(list(process_ids)), SearchEntry.kind.in_(list(kinds)))
    if language:
        found = found.where(SearchEntry.language == language)
    if tx.get_bind().dialect.name == "postgresql":
        found = found.where(and_(*(_postgresql(i, word, language) for i, word in enumerate(query.words))))
    else:
        match = " AND ".join(_fts5(word, language) for word in query.words)
        found = found.where(SearchEntry.id.in_(text("SELECT rowid FROM search_fts WHERE search_fts MATCH :m"))).params(
            m=match
        )
    rows: Sequence[Row[Any]] = tx.execute(found.limit(LIMIT)).all()  # type: ignore[assignment]
    return rows


def _fts5(word: str, language: str | None) -> str:
    """A word as FTS5's query language says it: a prefix of a word, or one of its keys (words are letters and digits
    only: nothing to quote but the quotes FTS5 wants)."""
    keys = " OR ".join(f'"{key}"' for key in query_keys(word, language))
    return f'({{words}}: "{word}"* OR {{keys}}: ({keys}))' if keys else f'{{words}}: "{word}"*'


def _postgresql(index: int, word: str, language: str | None) -> Any:
    keys = " | ".join(query_keys(word, language))
    prefix = text(f"search_entries.words_tsv @@ CAST(:w{index} AS tsquery)").bindparams(**{f"w{index}": f"{word}:*"})
    if not keys:
        return prefix
    return or_(prefix, text(f"search_entries.keys_tsv @@ CAST(:k{index} AS tsquery)").bindparams(**{f"k{index}": keys}))
