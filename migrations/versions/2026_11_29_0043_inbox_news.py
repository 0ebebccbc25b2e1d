"""inbox news: `notifications` hold news of no thread (a decision, a version, a publication) and mentions

The inbox held replies, resolutions and reopenings on threads one follows; decisions on one's amendments, new
versions and publications came by mail alone (issue 67, item 9). A notification now names its process
(`process_id`, filled from its thread for the rows there are) and, for news of no thread, the activity entry it tells
of (`activity_id`); `thread_id` may be empty. `committee_only` marks what only the drafting committee may read (a
thread or an amendment of the working draft, filled from the thread for the rows there are): a person no longer of
the committee no longer reads it in their inbox. Going down removes the news of no thread, then the columns.

Revision ID: 0043
Revises: 0042
Create Date: 2026-11-29 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0043"
down_revision = "0042"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("process_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("activity_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("committee_only", sa.Boolean(), server_default=sa.false(), nullable=False))
    notifications = sa.table(
        "notifications",
        sa.column("thread_id", sa.Integer()),
        sa.column("process_id", sa.Integer()),
        sa.column("committee_only", sa.Boolean()),
    )
    threads = sa.table(
        "threads", sa.column("id", sa.Integer()), sa.column("process_id", sa.Integer()), sa.column("on_draft")
    )
    of_thread = threads.c.id == notifications.c.thread_id
    op.get_bind().execute(
        notifications.update().values(
            process_id=sa.select(threads.c.process_id).where(of_thread).scalar_subquery(),
            committee_only=sa.select(threads.c.on_draft).where(of_thread).scalar_subquery(),
        )
    )
    with op.batch_alter_table("notifications") as batch:
        batch.alter_column("process_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("thread_id", existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key(
            op.f("fk_notifications_process_id_processes"), "processes", ["process_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_foreign_key(
            op.f("fk_notifications_activity_id_activity"), "activity", ["activity_id"], ["id"], ondelete="CASCADE"
        )
        # A process or an activity entry deleted: the cascade finds its notifications, not scans them.
        batch.create_index("ix_notifications_process_id", ["process_id"], unique=False)
        batch.create_index("ix_notifications_activity_id", ["activity_id"], unique=False)


def downgrade() -> None:
    notifications = sa.table("notifications", sa.column("thread_id", sa.Integer()))
    op.get_bind().execute(notifications.delete().where(notifications.c.thread_id.is_(None)))
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index("ix_notifications_activity_id")
        batch.drop_index("ix_notifications_process_id")
        batch.drop_constraint(op.f("fk_notifications_activity_id_activity"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_notifications_process_id_processes"), type_="foreignkey")
        batch.alter_column("thread_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("committee_only")
        batch.drop_column("activity_id")
        batch.drop_column("process_id")
