"""signing: the instance's Ed25519 keys and the signed manifests of its publications (issue 64)

A key's secret is minisign's secret key file, encrypted with the instance's secret key; a publication's manifest and
its minisign signature are frozen bytes. A published file is found by its SHA-256 (a file handed in to verify).

Revision ID: 0051
Revises: 0050
Create Date: 2026-11-30 06:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0051"
down_revision = "0050"
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = workspace.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", when, nullable=False),
        sa.Column("retired_at", when, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_keys")),
        sa.UniqueConstraint("key_id", name=op.f("uq_signing_keys_key_id")),
    )
    op.create_table(
        "publication_manifests",
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("manifest", sa.LargeBinary(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("signed_at", when, nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_publication_manifests_publication_id_publications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["key_id"],
            ["signing_keys.key_id"],
            name=op.f("fk_publication_manifests_key_id_signing_keys"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("publication_id", name=op.f("pk_publication_manifests")),
    )
    op.create_index("ix_publication_manifests_key_id", "publication_manifests", ["key_id"])
    op.create_index("ix_publication_files_sha256", "publication_files", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_publication_files_sha256", table_name="publication_files")
    op.drop_table("publication_manifests")
    op.drop_table("signing_keys")
