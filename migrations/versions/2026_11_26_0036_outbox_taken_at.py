"""outbox taken_at: when a worker took a long entry (a render, a removal)

`outbox.taken_at`: set when a worker takes a render or a removal; the entry counts as under way for fifteen minutes
from then (not from when it was written: a removal that waited in the queue, or was retried later, would otherwise be
taken again beside the one running). Nothing existing changes meaning.

Revision ID: 0036
Revises: 0035
Create Date: 2026-11-26 18:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("taken_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("taken_at")
