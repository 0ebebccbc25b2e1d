"""kept brackets: `paragraph_revisions.brackets`, a text's brackets read once, when it is stored

Every reader of a version's bracket list, summary or clean text read each paragraph's brackets again, at every
request, in every worker (seconds for one paragraph of five thousand brackets, issue 65). A text never changes, so
its brackets are read once as it is stored and kept beside it (domain.brackets.kept: offsets, kinds and id digests,
no words). The texts already stored that hold a bracket mark are read here once. Going down drops the column.

Revision ID: 0040
Revises: 0039
Create Date: 2026-11-28 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workspace.domain.brackets.kept import kept_value

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None

BATCH = 1000

_texts = sa.table(
    "paragraph_revisions", sa.column("sha", sa.String), sa.column("text", sa.Text), sa.column("brackets", sa.Text)
)


def upgrade() -> None:
    with op.batch_alter_table("paragraph_revisions") as batch:
        batch.add_column(sa.Column("brackets", sa.Text(), nullable=True))
    connection = op.get_bind()
    marked = sa.or_(_texts.c.text.contains("[", autoescape=True), _texts.c.text.contains("]", autoescape=True))
    after = ""
    while rows := connection.execute(
        sa.select(_texts.c.sha, _texts.c.text).where(_texts.c.sha > after, marked).order_by(_texts.c.sha).limit(BATCH)
    ).all():
        connection.execute(
            _texts.update().where(_texts.c.sha == sa.bindparam("at")).values(brackets=sa.bindparam("kept")),
            [{"at": sha, "kept": kept_value(text)} for sha, text in rows],
        )
        after = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("paragraph_revisions") as batch:
        batch.drop_column("brackets")
