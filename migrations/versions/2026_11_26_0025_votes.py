"""votes: an amendment decided by a vote of the room (issue 32)

`amendments.vote`: the counts for, against and abstaining ({"for", "against", "abstain"}), empty where the
committee decided without a vote; `roll_calls`: how each delegation voted, where the room took a roll call. Nothing
existing changes.

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-26 05:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("vote", sa.JSON(), nullable=True))
    op.create_table(
        "roll_calls",
        sa.Column("amendment_id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("ballot", sa.String(length=8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["amendment_id"], ["amendments.id"], name=op.f("fk_roll_calls_amendment_id_amendments"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_roll_calls_delegation_id_delegations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("amendment_id", "delegation_id", name=op.f("pk_roll_calls")),
    )
    with op.batch_alter_table("roll_calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roll_calls_delegation_id"), ["delegation_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("roll_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roll_calls_delegation_id"))
    op.drop_table("roll_calls")
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_column("vote")
