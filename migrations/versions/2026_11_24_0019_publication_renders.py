"""publication renders: a worker's rendering of a publication's files, as it goes

Publishing with a job queue froze the texts at once and left the files to a worker, but nothing said
how far it was: the publications page rendered them again itself if it was opened meanwhile. The
worker now counts the files it made, and the page shows it. Empty for existing publications, whose
files are kept (or made when first asked, as before).

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-24 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "publication_renders",
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("finished_at", workspace.store.types.UTCDateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name="fk_publication_renders_publication_id_publications",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("publication_id", name="pk_publication_renders"),
    )


def downgrade() -> None:
    op.drop_table("publication_renders")
