"""erased accounts: an administrator erases a person's account (issue 36)

`users.erased_at`: when (null: a living account). An erased account keeps its row, so that what the person
contributed still points to it, with an empty name (read as "a former member"), a placeholder instead of an address,
and no way in. Nothing existing changes meaning.

Revision ID: 0035
Revises: 0034
Create Date: 2026-11-26 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
