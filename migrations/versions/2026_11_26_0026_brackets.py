"""brackets: what the committee did with a bracket of the working draft (issue 33)

`bracket_records`: a bracket agreed on an option, dropped, given a leading option for the clean text, or said to be a
delegation's; an open bracket without any of these has no row (the text holds it). Nothing existing changes.

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-26 08:43:36
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bracket_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("bracket", sa.String(length=100), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("chosen", sa.Integer(), nullable=True),
        sa.Column("leading", sa.Integer(), nullable=True),
        sa.Column("delegation_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_bracket_records_delegation_id_delegations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_bracket_records_process_id_processes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_bracket_records_updated_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bracket_records")),
        sa.UniqueConstraint("process_id", "bracket", name=op.f("uq_bracket_records_process_id_bracket")),
    )
    with op.batch_alter_table("bracket_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bracket_records_delegation_id"), ["delegation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bracket_records_process_id"), ["process_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("bracket_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bracket_records_process_id"))
        batch_op.drop_index(batch_op.f("ix_bracket_records_delegation_id"))

    op.drop_table("bracket_records")
