"""declaration: draft, versions, revisions, edits, links

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:33:48.450261
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paragraph_revisions",
        sa.Column("sha", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("sha", name=op.f("pk_paragraph_revisions")),
    )
    op.create_table(
        "draft_paragraphs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("revision_sha", sa.String(length=64), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_draft_paragraphs_process_id_processes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["revision_sha"],
            ["paragraph_revisions.sha"],
            name=op.f("fk_draft_paragraphs_revision_sha_paragraph_revisions"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_draft_paragraphs_updated_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_paragraphs")),
        sa.UniqueConstraint("process_id", "eid", name=op.f("uq_draft_paragraphs_process_id_eid")),
    )
    with op.batch_alter_table("draft_paragraphs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_paragraphs_process_id"), ["process_id"], unique=False)

    op.create_table(
        "paragraph_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("cause", sa.String(length=16), nullable=False),
        sa.Column("old_sha", sa.String(length=64), nullable=True),
        sa.Column("new_sha", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_paragraph_edits_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["new_sha"], ["paragraph_revisions.sha"], name=op.f("fk_paragraph_edits_new_sha_paragraph_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["old_sha"], ["paragraph_revisions.sha"], name=op.f("fk_paragraph_edits_old_sha_paragraph_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_paragraph_edits_process_id_processes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paragraph_edits")),
    )
    with op.batch_alter_table("paragraph_edits", schema=None) as batch_op:
        batch_op.create_index("ix_paragraph_edits_process_eid", ["process_id", "eid"], unique=False)

    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("circulated_on", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_versions_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_versions_process_id_processes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_versions")),
        sa.UniqueConstraint("process_id", "label", name=op.f("uq_versions_process_id_label")),
        sa.UniqueConstraint("process_id", "number", name=op.f("uq_versions_process_id_number")),
    )
    op.create_table(
        "version_paragraphs",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("revision_sha", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["revision_sha"],
            ["paragraph_revisions.sha"],
            name=op.f("fk_version_paragraphs_revision_sha_paragraph_revisions"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_version_paragraphs_version_id_versions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("version_id", "position", name=op.f("pk_version_paragraphs")),
    )
    op.create_table(
        "recommendation_links",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_recommendation_links_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_recommendation_links_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_recommendation_links_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("recommendation_id", "eid", name=op.f("pk_recommendation_links")),
    )
    with op.batch_alter_table("recommendation_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendation_links_process_id"), ["process_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recommendation_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_links_process_id"))

    op.drop_table("recommendation_links")
    op.drop_table("version_paragraphs")
    op.drop_table("versions")
    with op.batch_alter_table("paragraph_edits", schema=None) as batch_op:
        batch_op.drop_index("ix_paragraph_edits_process_eid")

    op.drop_table("paragraph_edits")
    with op.batch_alter_table("draft_paragraphs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_paragraphs_process_id"))

    op.drop_table("draft_paragraphs")
    op.drop_table("paragraph_revisions")
