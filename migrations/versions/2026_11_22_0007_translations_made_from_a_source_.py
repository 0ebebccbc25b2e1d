"""translations made from a source revision, the glossary, reviewers of a language

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 14:14:34.133229
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "glossary_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("forbidden", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_glossary_terms_process_id_processes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_terms")),
        sa.UniqueConstraint("process_id", "source", name=op.f("uq_glossary_terms_process_id_source")),
    )
    op.create_table(
        "translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("source_sha", sa.String(length=64), nullable=False),
        sa.Column("text_sha", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("checked_sha", sa.String(length=64), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["checked_sha"], ["paragraph_revisions.sha"], name=op.f("fk_translations_checked_sha_paragraph_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["process_id", "eid"],
            ["paragraphs.process_id", "paragraphs.eid"],
            name=op.f("fk_translations_process_id_paragraphs"),
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_translations_process_id_processes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["users.id"], name=op.f("fk_translations_reviewed_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["source_sha"], ["paragraph_revisions.sha"], name=op.f("fk_translations_source_sha_paragraph_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["text_sha"], ["paragraph_revisions.sha"], name=op.f("fk_translations_text_sha_paragraph_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_translations_updated_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translations")),
        sa.UniqueConstraint(
            "process_id",
            "eid",
            "language",
            "source_sha",
            name=op.f("uq_translations_process_id_eid_language_source_sha"),
        ),
    )
    with op.batch_alter_table("translations", schema=None) as batch_op:
        batch_op.create_index("ix_translations_lookup", ["process_id", "language", "eid"], unique=False)

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviews", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("reviews")

    with op.batch_alter_table("translations", schema=None) as batch_op:
        batch_op.drop_index("ix_translations_lookup")

    op.drop_table("translations")
    op.drop_table("glossary_terms")
