"""search index: each paragraph text's latest version, kept on its entry (issue 68)

`search_entries.circulated` is the number of the latest version a paragraph's text stands in (as stored, or as the
translation of the version's source text), so that a search ranks thousands of texts without joining the versions.
SQLite's trigger keeping the FTS5 table in step now fires only when the words change (not for this column). The
index is filled from the texts already stored by migration 0047 (it ran the application's rebuild here, which now keeps
a column 0047 adds). Going down drops the column.

Revision ID: 0046
Revises: 0045
Create Date: 2026-11-29 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0046"
down_revision = "0045"
branch_labels = None
depends_on = None

_TRIGGER = (
    "CREATE TRIGGER search_entries_au AFTER UPDATE OF {columns} ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, words, keys) VALUES ('delete', old.id, old.words, old.keys); "
    "INSERT INTO search_fts(rowid, words, keys) VALUES (new.id, new.words, new.keys); END"
)


def upgrade() -> None:
    op.add_column("search_entries", sa.Column("circulated", sa.Integer(), server_default=sa.text("0"), nullable=False))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS search_entries_au")
        op.execute(_TRIGGER.format(columns="words, keys"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops the column in place (3.35+): a batch copy of the table would lose the FTS5 triggers.
        op.execute("ALTER TABLE search_entries DROP COLUMN circulated")
        op.execute("DROP TRIGGER IF EXISTS search_entries_au")
        op.execute(_TRIGGER.replace(" OF {columns}", ""))
    else:
        op.drop_column("search_entries", "circulated")
