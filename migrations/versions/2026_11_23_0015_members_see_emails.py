"""members see e-mails: whether a process shows its members' addresses to each other

Off for every process, old and new: until its committee allows it, only the committee sees the
members' e-mail addresses (an address known to every member is an address anyone can attack).

Revision ID: 0015
Revises: 0014 (to be re-chained onto 0014 when both are merged)
Create Date: 2026-11-23 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("members_see_emails", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.drop_column("members_see_emails")
