"""amendments and comments keep their source: the Word file they came from, its authors and dates

An amendment or a comment filed from a Word file keeps the file's name, the Word authors and dates
of its tracked changes (or of the margin comment), its place in the file, and who filed it on whose
behalf. NULL: made in Accord.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("amendments", sa.Column("source", sa.JSON(), nullable=True))
    op.add_column("comments", sa.Column("source", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("comments", "source")
    op.drop_column("amendments", "source")
