"""search index: every text of a process a reader may look for (issue 68)

`search_entries` holds each text with its folded words and their keys (domain.search.terms); SQLite indexes them in
the FTS5 table `search_fts` (external content, kept in step by triggers), PostgreSQL in two generated tsvector
columns with GIN indexes (the lexemes as written: no parser nor dictionary between them, so that both stores find
the same candidates). Filled by migration 0046 from the texts already stored, as `accord search reindex` does.
Going down drops it all.

Revision ID: 0045
Revises: 0044
Create Date: 2026-11-29 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0045"
down_revision = "0044"
branch_labels = None
depends_on = None

_SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(words, keys, content='search_entries', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, words, keys) VALUES (new.id, new.words, new.keys); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, words, keys) VALUES ('delete', old.id, old.words, old.keys); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, words, keys) VALUES ('delete', old.id, old.words, old.keys); "
    "INSERT INTO search_fts(rowid, words, keys) VALUES (new.id, new.words, new.keys); END",
]
_POSTGRESQL = [
    "ALTER TABLE search_entries ADD COLUMN words_tsv tsvector "
    "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(words, ' '))) STORED",
    "ALTER TABLE search_entries ADD COLUMN keys_tsv tsvector "
    "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(keys, ' '))) STORED",
    "CREATE INDEX ix_search_entries_words_tsv ON search_entries USING gin (words_tsv)",
    "CREATE INDEX ix_search_entries_keys_tsv ON search_entries USING gin (keys_tsv)",
]


def upgrade() -> None:
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("sha", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("keys", sa.Text(), nullable=False),
        sa.Column("created_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_search_entries_process_id_processes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
        sa.UniqueConstraint(
            "process_id",
            "kind",
            "key",
            "language",
            "sha",
            name=op.f("uq_search_entries_process_id_kind_key_language_sha"),
        ),
    )
    op.create_index("ix_search_entries_lookup", "search_entries", ["process_id", "kind", "key"])
    for statement in _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRESQL:
        op.execute(statement)
    # Filled by migration 0046, which gives each text its latest version (the store's code writes that column).


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS search_entries_{name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_index("ix_search_entries_lookup", table_name="search_entries")
    op.drop_table("search_entries")
