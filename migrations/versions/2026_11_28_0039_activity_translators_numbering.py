"""activity translators numbering: `translators_seq`, the entries translators read, numbered apart

A proposed glossary term, and its approval or rejection, are for translators and the committee (as the list of
proposals is), no longer for every member: translators' live events go by a numbering of their own, which counts
the entries everyone reads and theirs, so that members' numbering tells nothing of the proposals. Existing entries
keep their numbers: `translators_seq` starts as `shared_seq` (a translator's stream resumes where it was), and
`shared_seq` is not taken back from the proposals' entries (a member's stream never goes back to numbers it was
given; the activity list and the events hide entries of kinds the reader does not read, whatever their numbers).

Revision ID: 0039
Revises: 0038
Create Date: 2026-11-28 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch:
        batch.add_column(sa.Column("translators_seq", sa.Integer(), nullable=True))
    activity = sa.table("activity", sa.column("translators_seq", sa.Integer()), sa.column("shared_seq", sa.Integer()))
    op.get_bind().execute(activity.update().values(translators_seq=activity.c.shared_seq))
    with op.batch_alter_table("activity") as batch:
        batch.create_unique_constraint(
            op.f("uq_activity_process_id_translators_seq"), ["process_id", "translators_seq"]
        )


def downgrade() -> None:
    with op.batch_alter_table("activity") as batch:
        batch.drop_constraint(op.f("uq_activity_process_id_translators_seq"), type_="unique")
        batch.drop_column("translators_seq")
