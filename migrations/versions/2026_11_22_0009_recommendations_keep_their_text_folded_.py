"""recommendations keep their text folded for search (accents and case set aside)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 14:36:55.898190
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workspace.domain.search import fold

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("folded", sa.Text(), nullable=False, server_default=""))
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, text, author, organisation, ref FROM recommendations")).all()
    for row in rows:
        bind.execute(
            sa.text("UPDATE recommendations SET folded = :folded WHERE id = :id"),
            {
                "id": row.id,
                "folded": fold(" ".join((row.text or "", row.author or "", row.organisation or "", row.ref or ""))),
            },
        )


def downgrade() -> None:
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_column("folded")
