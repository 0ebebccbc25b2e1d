"""glossary proposals: terms translators propose, with their translations and a note (issue 35)

`glossary_proposals`: each proposal, its state (proposed, approved, rejected), who proposed it and who decided. No
existing table changes: an approved proposal becomes a row of `glossary_terms` as any term the committee writes.

Revision ID: 0029
Revises: 0028
Create Date: 2026-11-26 13:48:50
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "glossary_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("proposed_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_glossary_proposals_decided_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_glossary_proposals_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["users.id"],
            name=op.f("fk_glossary_proposals_proposed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_proposals")),
    )
    with op.batch_alter_table("glossary_proposals", schema=None) as batch_op:
        batch_op.create_index("ix_glossary_proposals_process_state", ["process_id", "state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("glossary_proposals", schema=None) as batch_op:
        batch_op.drop_index("ix_glossary_proposals_process_state")

    op.drop_table("glossary_proposals")
