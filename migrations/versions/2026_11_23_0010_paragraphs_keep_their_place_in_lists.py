"""paragraphs keep their place in the file's lists: depth and marker

A nested list item is a paragraph of its own, one level deeper than the item it belongs to; the
marker is how the file writes it ("-", "(a)" lists written "1.", a heading's "##" …), so that an
export gives back the same lists. Columns added in place (no table rebuild on SQLite: the
immutability triggers of version_paragraphs stay).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("draft_paragraphs", "version_paragraphs")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("depth", sa.Integer(), nullable=False, server_default="0"))
        op.add_column(table, sa.Column("marker", sa.String(length=12), nullable=False, server_default=""))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "marker")
        op.drop_column(table, "depth")
