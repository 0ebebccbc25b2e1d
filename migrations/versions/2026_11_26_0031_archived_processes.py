"""archived processes: a finished process, read-only for all (issue 36)

`processes.archived_at`: when the committee archived it (null: in use). Nothing existing changes meaning.

Revision ID: 0031
Revises: 0030
Create Date: 2026-11-26 14:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
