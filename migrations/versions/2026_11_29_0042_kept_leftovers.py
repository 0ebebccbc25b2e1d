"""kept leftovers: `kept_leftovers`, what the committee keeps in the text on purpose though the gate names it

The publication gate names a negotiation's leftovers (issue 67): compile tags, a paragraph standing beside the
proposal meant to replace it, placeholders, footnote markers with no definition. What the committee keeps on purpose
(an acronym that reads like a tag, a placeholder meant to be published) it says once: a row per leftover, by its key
(domain.publication.leftovers.key_of), valid in every edition and every later version. No existing table changes.
Going down drops the table.

Revision ID: 0042
Revises: 0041
Create Date: 2026-11-29 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_leftovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kept_by_id", sa.Integer(), nullable=True),
        sa.Column("kept_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kept_by_id"], ["users.id"], name=op.f("fk_kept_leftovers_kept_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_kept_leftovers_process_id_processes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_leftovers")),
        sa.UniqueConstraint("process_id", "key", name=op.f("uq_kept_leftovers_process_id_key")),
    )


def downgrade() -> None:
    op.drop_table("kept_leftovers")
