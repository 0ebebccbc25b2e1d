"""translations confirmed over: a translation confirmed unchanged as still correct over a source change

A translator may confirm an outdated translation as still correct for the source as it reads now;
the row made from the new source keeps the earlier source revision it was confirmed over, so that
its reviewer sees the source's change it was confirmed against. Empty for every existing row.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-23 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("translations") as batch:
        batch.add_column(sa.Column("confirmed_over", sa.String(length=64), nullable=True))
        batch.create_foreign_key(
            "fk_translations_confirmed_over_paragraph_revisions", "paragraph_revisions", ["confirmed_over"], ["sha"]
        )


def downgrade() -> None:
    with op.batch_alter_table("translations") as batch:
        batch.drop_constraint("fk_translations_confirmed_over_paragraph_revisions", type_="foreignkey")
        batch.drop_column("confirmed_over")
