"""places per language: the place of the date line has a value in each language, like the title

One `place` printed in every edition gave "Kütahya, Turquía, 8 October 2021" in the English one.
The old value is kept as the source language's place (it was typed in one language, most often
the source's); the other languages' places are missing until the committee gives them, and the
publication gate says so.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-23 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_processes = sa.table(
    "processes",
    sa.column("id", sa.Integer),
    sa.column("source_language", sa.String),
    sa.column("place", sa.String),
    sa.column("places", sa.JSON),
)


def upgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("places", sa.JSON(), nullable=True))
    bind = op.get_bind()
    for id_, source, place in bind.execute(
        sa.select(_processes.c.id, _processes.c.source_language, _processes.c.place)
    ).all():
        bind.execute(_processes.update().where(_processes.c.id == id_).values(places={source: place} if place else {}))
    with op.batch_alter_table("processes") as batch:
        batch.alter_column("places", existing_type=sa.JSON(), nullable=False)
        batch.drop_column("place")


def downgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("place", sa.String(200), nullable=False, server_default=""))
    bind = op.get_bind()
    for id_, source, places in bind.execute(
        sa.select(_processes.c.id, _processes.c.source_language, _processes.c.places)
    ).all():
        bind.execute(_processes.update().where(_processes.c.id == id_).values(place=(places or {}).get(source, "")))
    with op.batch_alter_table("processes") as batch:
        batch.drop_column("places")
