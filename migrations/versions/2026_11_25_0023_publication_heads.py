"""publication heads: what a list of publications shows, kept beside the frozen model

A publication's `head` holds its version's label and each edition's language, title, date line and
checksum, read by every list of publications; its `model` (megabytes for a long text) is read only
where its text is. Existing publications get theirs from their model: the triggers that keep a
publication unchanged are lifted for that update alone.

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-25 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

_publications = sa.table(
    "publications", sa.column("id", sa.Integer()), sa.column("model", sa.JSON()), sa.column("head", sa.JSON())
)


def _head(model: dict) -> dict:  # as workspace.domain.publication.publication.model_head writes it
    return {
        "version_label": model["version_label"],
        "editions": [
            {key: edition[key] for key in ("language", "title", "date_line", "checksum")}
            for edition in model["editions"]
        ],
    }


def upgrade() -> None:
    op.add_column("publications", sa.Column("head", sa.JSON(), server_default="{}", nullable=False))
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER trg_publications_no_update")
    else:
        op.execute("DROP TRIGGER trg_publications_immutable ON publications")
    for (pid,) in bind.execute(sa.select(_publications.c.id)).all():  # one model at a time: each is megabytes
        model = bind.execute(sa.select(_publications.c.model).where(_publications.c.id == pid)).scalar_one()
        bind.execute(_publications.update().where(_publications.c.id == pid).values(head=_head(model)))
    if sqlite:
        op.execute(
            "CREATE TRIGGER trg_publications_no_update BEFORE UPDATE ON publications "
            "BEGIN SELECT RAISE(ABORT, 'publications are immutable'); END"
        )
    else:
        op.execute(
            "CREATE TRIGGER trg_publications_immutable BEFORE UPDATE OR DELETE ON publications "
            "FOR EACH ROW EXECUTE FUNCTION accord_refuse_change()"
        )


def downgrade() -> None:
    op.drop_column("publications", "head")
