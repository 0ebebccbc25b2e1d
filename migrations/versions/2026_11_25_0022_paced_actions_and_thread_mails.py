"""paced actions and thread mails: floods cost the flooder (issue 30)

`paced_actions` keeps each person's recent comments, threads and amendments, so that the next one past
a rate is refused (services/pace.py), counted in the action's own transaction; rows older than the
longest window are deleted as the person acts. A mail item of a thread's news names its thread, so
that a follower's mails of one thread are batched (services/notifications/batches.py); existing
items name none (they were all mailed or wait for a digest).

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-25 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paced_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", workspace.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_paced_actions_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_paced_actions"),
    )
    op.create_index("ix_paced_actions_user_id_kind_at", "paced_actions", ["user_id", "kind", "at"])
    with op.batch_alter_table("mail_items") as batch:
        batch.add_column(sa.Column("thread_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_mail_items_thread_id_threads", "threads", ["thread_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_mail_items_thread_id_user_id_id", ["thread_id", "user_id", "id"])


def downgrade() -> None:
    with op.batch_alter_table("mail_items") as batch:
        batch.drop_index("ix_mail_items_thread_id_user_id_id")
        batch.drop_constraint("fk_mail_items_thread_id_threads", type_="foreignkey")
        batch.drop_column("thread_id")
    op.drop_index("ix_paced_actions_user_id_kind_at", table_name="paced_actions")
    op.drop_table("paced_actions")
