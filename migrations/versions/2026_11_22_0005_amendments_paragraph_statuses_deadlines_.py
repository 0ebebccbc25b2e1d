"""amendments (with their co-sponsors), paragraph negotiation statuses, amendment deadlines, silence procedures

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 12:11:05.759255
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "amendment_periods",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("deadline", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name=op.f("fk_amendment_periods_set_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_amendment_periods_version_id_versions"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_amendment_periods")),
    )
    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=False),
        sa.Column("paragraph_kind", sa.String(length=16), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("base_sha", sa.String(length=64), nullable=True),
        sa.Column("text_sha", sa.String(length=64), nullable=False),
        sa.Column("patch", sa.Text(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("proposer_id", sa.Integer(), nullable=True),
        sa.Column("created_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_sha", sa.String(length=64), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_eid", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["base_sha"], ["paragraph_revisions.sha"], name=op.f("fk_amendments_base_sha_paragraph_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_amendments_decided_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["decided_sha"], ["paragraph_revisions.sha"], name=op.f("fk_amendments_decided_sha_paragraph_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["amendments.id"],
            name=op.f("fk_amendments_merged_into_id_amendments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["process_id", "eid"],
            ["paragraphs.process_id", "paragraphs.eid"],
            name=op.f("fk_amendments_process_id_paragraphs"),
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_amendments_process_id_processes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["proposer_id"], ["users.id"], name=op.f("fk_amendments_proposer_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["text_sha"], ["paragraph_revisions.sha"], name=op.f("fk_amendments_text_sha_paragraph_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_amendments_version_id_versions"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
        sa.UniqueConstraint("process_id", "number", name=op.f("uq_amendments_process_id_number")),
    )
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.create_index("ix_amendments_process_status", ["process_id", "status"], unique=False)

    op.create_table(
        "paragraph_statuses",
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id", "eid"],
            ["paragraphs.process_id", "paragraphs.eid"],
            name=op.f("fk_paragraph_statuses_process_id_paragraphs"),
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_paragraph_statuses_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name=op.f("fk_paragraph_statuses_set_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("process_id", "eid", name=op.f("pk_paragraph_statuses")),
    )
    op.create_table(
        "silences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("deadline", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("started_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_silences_process_id_processes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["started_by_id"], ["users.id"], name=op.f("fk_silences_started_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_silences_version_id_versions"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_silences")),
    )
    with op.batch_alter_table("silences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_silences_process_id"), ["process_id"], unique=False)

    op.create_table(
        "amendment_cosponsors",
        sa.Column("amendment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["amendment_id"],
            ["amendments.id"],
            name=op.f("fk_amendment_cosponsors_amendment_id_amendments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_amendment_cosponsors_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("amendment_id", "user_id", name=op.f("pk_amendment_cosponsors")),
    )
    op.create_table(
        "objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("silence_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["silence_id"], ["silences.id"], name=op.f("fk_objections_silence_id_silences"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_objections_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objections")),
    )
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objections_silence_id"), ["silence_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objections_silence_id"))

    op.drop_table("objections")
    op.drop_table("amendment_cosponsors")
    with op.batch_alter_table("silences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_silences_process_id"))

    op.drop_table("silences")
    op.drop_table("paragraph_statuses")
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_index("ix_amendments_process_status")

    op.drop_table("amendments")
    op.drop_table("amendment_periods")
