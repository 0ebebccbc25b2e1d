"""edition rooms: the source revision an edition's shared room translates (issue 63)

An edition's room writes its text as the translation made from the draft's source its writers read; when the source
changes, what they typed until then is written against the source they read, and the room goes on from the new one.
Empty for the working draft's own rooms.

Revision ID: 0050
Revises: 0049
Create Date: 2026-11-30 05:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0050"
down_revision = "0049"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("editing_rooms") as table:
        table.add_column(sa.Column("source_revision", sa.String(length=64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("editing_rooms") as table:
        table.drop_column("source_revision")
