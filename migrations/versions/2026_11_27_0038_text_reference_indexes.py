"""text reference indexes: every column that names a paragraph text (`paragraph_revisions.sha`) is indexed, and the
texts nothing names are removed

A process's removal now removes the texts its rows named that nothing names any more (services/processes/deletion.py):
whether a text is still named is asked of the fifteen columns that can name one, and thirteen of them had no index (a
scan of each table per text). The texts that the processes removed before this left behind, named by no row, are
removed here once (nothing can reach them: every way to a text goes through a row that names it). Going down drops the
indexes; the texts removed stay removed.

Revision ID: 0038
Revises: 0037
Create Date: 2026-11-27 13:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None

COLUMNS = (
    ("draft_paragraphs", "revision_sha"),
    ("version_paragraphs", "source_sha"),
    ("paragraph_edits", "old_sha"),
    ("paragraph_edits", "new_sha"),
    ("amendments", "base_sha"),
    ("amendments", "text_sha"),
    ("amendments", "decided_sha"),
    ("amendment_renderings", "base_sha"),
    ("amendment_renderings", "text_sha"),
    ("threads", "revision_sha"),
    ("translations", "text_sha"),
    ("translations", "checked_sha"),
    ("translations", "confirmed_over"),
)


NAMED_BY_INDEXED = (("version_paragraphs", "revision_sha"), ("translations", "source_sha"))
"""The two columns that name a text and had their index already."""


NULLABLE = {
    ("version_paragraphs", "source_sha"),
    ("paragraph_edits", "old_sha"),
    ("paragraph_edits", "new_sha"),
    ("amendments", "base_sha"),
    ("amendments", "decided_sha"),
    ("amendment_renderings", "base_sha"),
    ("translations", "checked_sha"),
    ("translations", "confirmed_over"),
}
"""Indexed over the rows that name a text: whole, SQLite's statistics counted their NULLs (most rows) as one value, and
its planner read the table through rather than the index."""


def upgrade() -> None:
    for table, column in COLUMNS:
        named = sa.text(f"{column} IS NOT NULL") if (table, column) in NULLABLE else None
        op.create_index(f"ix_{table}_{column}", table, [column], sqlite_where=named, postgresql_where=named)
    named = " AND ".join(
        f"NOT EXISTS (SELECT 1 FROM {table} WHERE {table}.{column} = paragraph_revisions.sha)"
        for table, column in COLUMNS + NAMED_BY_INDEXED
    )
    op.execute(f"DELETE FROM paragraph_revisions WHERE {named}")


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
