"""search index: whether each paragraph text stands in the working draft, kept on its entry (issue 68)

`search_entries.drafted` says whether a paragraph's text stands in the working draft (the draft's own text in the
source language, or the translation made from exactly it), so that the committee's search reads no draft: it read the
draft's paragraphs and their translations at each query, a cost that grew with the draft. The index is then filled
from the texts already stored (store.search_index.rebuild_all), as `accord search reindex` does. Going down drops the
column.

Revision ID: 0047
Revises: 0046
Create Date: 2026-11-29 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0047"
down_revision = "0046"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("search_entries", sa.Column("drafted", sa.Boolean(), server_default=sa.false(), nullable=False))
    from workspace.store.search_index import rebuild_all  # the texts already stored, indexed as a write would

    rebuild_all(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops the column in place (3.35+): a batch copy of the table would lose the FTS5 triggers.
        op.execute("ALTER TABLE search_entries DROP COLUMN drafted")
    else:
        op.drop_column("search_entries", "drafted")
