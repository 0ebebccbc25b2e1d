"""amendment renderings: an amendment proposed in any edition, rendered into the others (issue 34)

`amendments.lang` (the edition it was proposed in; null: the source language) and `amendment_renderings` (its
wording in each language, made from that edition's paragraph, with its state and who rendered it). Nothing existing
changes meaning: an amendment without a language was proposed in the source language.

Revision ID: 0028
Revises: 0027
Create Date: 2026-11-26 11:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lang", sa.String(length=8), nullable=True))
    op.create_table(
        "amendment_renderings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("base_sha", sa.String(length=64), nullable=True),
        sa.Column("text_sha", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("outside", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["amendment_id"],
            ["amendments.id"],
            name=op.f("fk_amendment_renderings_amendment_id_amendments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["base_sha"], ["paragraph_revisions.sha"], name=op.f("fk_amendment_renderings_base_sha_paragraph_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["by_id"], ["users.id"], name=op.f("fk_amendment_renderings_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_amendment_renderings_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["text_sha"], ["paragraph_revisions.sha"], name=op.f("fk_amendment_renderings_text_sha_paragraph_revisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment_renderings")),
        sa.UniqueConstraint("amendment_id", "lang", name=op.f("uq_amendment_renderings_amendment_id_lang")),
    )
    with op.batch_alter_table("amendment_renderings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_amendment_renderings_amendment_id"), ["amendment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_amendment_renderings_process_id"), ["process_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("amendment_renderings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendment_renderings_process_id"))
        batch_op.drop_index(batch_op.f("ix_amendment_renderings_amendment_id"))
    op.drop_table("amendment_renderings")
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_column("lang")
