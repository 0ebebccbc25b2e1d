"""submissions: delegations' proposals in windows the committee opens, compiled into a text (issue 33)

`submission_windows` (when, on which paragraphs) and `submissions` (a delegation's new wording, new paragraph or
deletion; the draft paragraph that holds it once compiled). Nothing existing changes.

Revision ID: 0027
Revises: 0026
Create Date: 2026-11-26 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submission_windows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("opens_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closes_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("eids", sa.JSON(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_submission_windows_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_submission_windows_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_windows")),
        sa.UniqueConstraint("process_id", "number", name=op.f("uq_submission_windows_process_id_number")),
    )
    with op.batch_alter_table("submission_windows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submission_windows_process_id"), ["process_id"], unique=False)

    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=True),
        sa.Column("after", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("filed_by_id", sa.Integer(), nullable=True),
        sa.Column("filed_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("compiled_eid", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_submissions_delegation_id_delegations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["filed_by_id"], ["users.id"], name=op.f("fk_submissions_filed_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_submissions_process_id_processes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["window_id"],
            ["submission_windows.id"],
            name=op.f("fk_submissions_window_id_submission_windows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("process_id", "number", name=op.f("uq_submissions_process_id_number")),
    )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submissions_delegation_id"), ["delegation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_submissions_process_id"), ["process_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_submissions_window_id"), ["window_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_window_id"))
        batch_op.drop_index(batch_op.f("ix_submissions_process_id"))
        batch_op.drop_index(batch_op.f("ix_submissions_delegation_id"))

    op.drop_table("submissions")
    with op.batch_alter_table("submission_windows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submission_windows_process_id"))

    op.drop_table("submission_windows")
