"""deletion indexes: the columns a process's removal (and the cascades under it) looks rows up by

A process deleted is removed in chunks (services/processes/deletion.py), and each chunk found its rows in
`version_paragraphs`, `mail_items` and `outbox` by columns no index held, as the cascades from `activity`, `threads`
and `comments` found theirs in `outbox`, `mail_items` and `notifications`: every chunk read those tables whole, so a
deletion cost in the size of the installation. Indexes only: nothing changes meaning.

Revision ID: 0037
Revises: 0036
Create Date: 2026-11-26 21:05:00
"""

from __future__ import annotations

from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_version_paragraphs_process_id", "version_paragraphs", "process_id"),
    ("ix_notifications_thread_id", "notifications", "thread_id"),
    ("ix_notifications_comment_id", "notifications", "comment_id"),
    ("ix_outbox_activity_id", "outbox", "activity_id"),
    ("ix_mail_items_process_id", "mail_items", "process_id"),
    ("ix_mail_items_activity_id", "mail_items", "activity_id"),
)


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
