"""submissions in any edition: a delegation's proposal written in the French or English edition (issue 34)

`submissions.lang` (the edition it was written in; null: the source language), `submissions.source_text` (its
wording in the source, as the committee rendered it: what the compilation takes) and `rendered_by_id`. Nothing
existing changes meaning: a proposal without a language was written in the source language.

Revision ID: 0030
Revises: 0029
Create Date: 2026-11-26 14:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lang", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("source_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("rendered_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_submissions_rendered_by_id_users"), "users", ["rendered_by_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_submissions_rendered_by_id_users"), type_="foreignkey")
        batch_op.drop_column("rendered_by_id")
        batch_op.drop_column("source_text")
        batch_op.drop_column("lang")
