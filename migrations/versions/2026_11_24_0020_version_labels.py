"""version labels per language: what a version is called in each language of the process

A version had one label, the source language's ("Borrador cero"), shown in the English and French
pages and editions too. Its names in the other languages ("Zero draft", "Avant-projet") are kept
beside it: versions are immutable, their names in other languages are given when they circulate or
later. Empty for existing versions (their one label stands for every language until they are given).

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-24 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "version_labels",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", workspace.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name="fk_version_labels_process_id_processes", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name="fk_version_labels_set_by_id_users", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name="fk_version_labels_version_id_versions", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("version_id", "language", name="pk_version_labels"),
        sa.UniqueConstraint("process_id", "language", "label", name="uq_version_labels_process_id_language_label"),
    )


def downgrade() -> None:
    op.drop_table("version_labels")
