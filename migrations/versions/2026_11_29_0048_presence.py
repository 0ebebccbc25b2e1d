"""presence: who is where in a process now (issue 63)

One row per person and place (a version, the working draft, a meeting's console; an edition), refreshed by the page's
heartbeat and gone a minute after the last: what a paragraph's margin shows of who reads or edits it. Nothing in it is
kept: going down drops it.

Revision ID: 0048
Revises: 0047
Create Date: 2026-11-29 23:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0048"
down_revision = "0047"
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = workspace.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "presence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=24), nullable=False),
        sa.Column("where", sa.JSON(), nullable=False),
        sa.Column("editing", sa.Boolean(), nullable=False),
        sa.Column("since", when, nullable=False),
        sa.Column("seen_at", when, nullable=False),
        sa.Column("told_at", when, nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_presence_process_id_processes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_presence_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_presence")),
        sa.UniqueConstraint("process_id", "user_id", "place", name=op.f("uq_presence_process_id_user_id_place")),
    )
    op.create_index("ix_presence_seen", "presence", ["process_id", "seen_at"])
    op.create_index(op.f("ix_presence_user_id"), "presence", ["user_id"])


def downgrade() -> None:
    op.drop_table("presence")
