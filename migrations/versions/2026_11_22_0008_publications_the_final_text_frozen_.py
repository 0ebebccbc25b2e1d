"""publications: the final text frozen, corrigenda

A publication is never updated nor deleted: triggers refuse it, on both backends.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 14:27:59.579618
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _immutable() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER trg_publications_no_{event.lower()} BEFORE {event} ON publications "
                "BEGIN SELECT RAISE(ABORT, 'publications are immutable'); END"
            )
        return
    op.execute(
        "CREATE TRIGGER trg_publications_immutable BEFORE UPDATE OR DELETE ON publications "
        "FOR EACH ROW EXECUTE FUNCTION accord_refuse_change()"
    )


def upgrade() -> None:
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=100), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("published_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("corrigendum_of_id", sa.Integer(), nullable=True),
        sa.Column("corrects", sa.Text(), nullable=False),
        sa.Column("model", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrigendum_of_id"],
            ["publications.id"],
            name=op.f("fk_publications_corrigendum_of_id_publications"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_publications_process_id_processes"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["users.id"], name=op.f("fk_publications_published_by_id_users"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_publications_version_id_versions"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
        sa.UniqueConstraint("process_id", "number", name=op.f("uq_publications_process_id_number")),
    )
    _immutable()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_publications_no_{event}")
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_publications_immutable ON publications")
    op.drop_table("publications")
