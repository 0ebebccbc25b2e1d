"""rooms: shared editing rooms and their kept updates; who wrote a revision together (issue 63)

A room per paragraph and edition while people write it together (its life, the revision it is based on and its state
then), and every update its writers sent, kept before it is relayed. A paragraph's edit names its writers when a room
wrote it.

Revision ID: 0049
Revises: 0048
Create Date: 2026-11-30 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0049"
down_revision = "0048"
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = workspace.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "editing_rooms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.Column("base_revision", sa.String(length=64), nullable=False),
        sa.Column("base_state", sa.LargeBinary(), nullable=False),
        sa.Column("typed_at", when, nullable=False),
        sa.Column("opened_at", when, nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_editing_rooms_process_id_processes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_editing_rooms")),
        sa.UniqueConstraint("process_id", "eid", "lang", name=op.f("uq_editing_rooms_process_id_eid_lang")),
    )
    op.create_table(
        "room_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("update", sa.LargeBinary(), nullable=False),
        sa.Column("writer_id", sa.Integer(), nullable=True),
        sa.Column("committed", sa.Boolean(), nullable=False),
        sa.Column("created_at", when, nullable=False),
        sa.ForeignKeyConstraint(
            ["room_id"], ["editing_rooms.id"], name=op.f("fk_room_updates_room_id_editing_rooms"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["writer_id"], ["users.id"], name=op.f("fk_room_updates_writer_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_updates")),
    )
    op.create_index("ix_room_updates_room", "room_updates", ["room_id", "id"])
    op.add_column("paragraph_edits", sa.Column("writers", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("paragraph_edits") as batch:
        batch.drop_column("writers")
    op.drop_table("room_updates")
    op.drop_table("editing_rooms")
