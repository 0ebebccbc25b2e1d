"""publication files: rendered once, kept with their sha256, frozen

Each file of a publication is kept as it was rendered when publishing (its bytes here, or in the
object store under its key). Like publications, a file is never updated nor deleted: triggers
refuse it, on both backends. Publications made before this revision have no files yet: they are
rendered and kept the first time they are needed.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 09:12:40.118026
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _immutable() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER trg_publication_files_no_{event.lower()} BEFORE {event} ON publication_files "
                "BEGIN SELECT RAISE(ABORT, 'publication_files are immutable'); END"
            )
        return
    op.execute(
        "CREATE TRIGGER trg_publication_files_immutable BEFORE UPDATE OR DELETE ON publication_files "
        "FOR EACH ROW EXECUTE FUNCTION accord_refuse_change()"
    )
    # TRUNCATE skips row triggers: refused for the whole statement.
    op.execute(
        "CREATE TRIGGER trg_publication_files_no_truncate BEFORE TRUNCATE ON publication_files "
        "FOR EACH STATEMENT EXECUTE FUNCTION accord_refuse_change()"
    )


def upgrade() -> None:
    op.create_table(
        "publication_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("object_key", sa.String(length=300), nullable=True),
        sa.CheckConstraint(
            "(content IS NULL) <> (object_key IS NULL)", name=op.f("ck_publication_files_content_or_object")
        ),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_publication_files_publication_id_publications"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_files")),
        sa.UniqueConstraint("publication_id", "name", name=op.f("uq_publication_files_publication_id_name")),
    )
    _immutable()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_publication_files_no_{event}")
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_publication_files_immutable ON publication_files")
        op.execute("DROP TRIGGER IF EXISTS trg_publication_files_no_truncate ON publication_files")
    op.drop_table("publication_files")
