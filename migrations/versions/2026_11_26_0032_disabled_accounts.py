"""disabled accounts: an administrator disables an account (issue 36)

`users.disabled_at`: when (null: enabled). A disabled account cannot sign in; its sessions and tokens were ended
when it was disabled. Nothing existing changes meaning.

Revision ID: 0032
Revises: 0031
Create Date: 2026-11-26 14:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disabled_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("disabled_at")
