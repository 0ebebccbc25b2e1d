"""record chain: each process's activity record hash-chained, and its signed checkpoints (issue 64)

Every entry gets a random salt, the salted digest of its content and its link to the entry before
(domain.processes.record_chain); the entries already there are chained now, in each process's order. Checkpoints
(the count of entries and the last link) are signed at each publication and each day with activity.

Revision ID: 0052
Revises: 0051
Create Date: 2026-11-30 06:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types
from workspace.domain.processes.record_chain import GENESIS, content_of, digest_of, link, moment, new_salt

revision = "0052"
down_revision = "0051"
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = workspace.store.types.UTCDateTime(timezone=True)
    with op.batch_alter_table("activity") as table:
        table.add_column(sa.Column("salt", sa.String(length=32), nullable=True))
        table.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
        table.add_column(sa.Column("chain", sa.String(length=64), nullable=True))
    op.create_table(
        "record_checkpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("head", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("signed_at", when, nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_record_checkpoints_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["key_id"],
            ["signing_keys.key_id"],
            name=op.f("fk_record_checkpoints_key_id_signing_keys"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_checkpoints")),
        sa.UniqueConstraint(
            "process_id", "count", "reason", name=op.f("uq_record_checkpoints_process_id_count_reason")
        ),
    )
    op.create_index("ix_record_checkpoints_process_id", "record_checkpoints", ["process_id"])
    _chain_what_is_there(when)


def _chain_what_is_there(when: sa.types.TypeEngine[object]) -> None:
    activity = sa.table(
        "activity",
        sa.column("id", sa.Integer),
        sa.column("process_id", sa.Integer),
        sa.column("seq", sa.Integer),
        sa.column("actor_id", sa.Integer),
        sa.column("verb", sa.String),
        sa.column("subject", sa.String),
        sa.column("data", sa.JSON),
        sa.column("created_at", when),
        sa.column("salt", sa.String),
        sa.column("digest", sa.String),
        sa.column("chain", sa.String),
    )
    bind = op.get_bind()
    before: dict[int, str] = {}
    rows = bind.execute(
        sa.select(activity.c.id, activity.c.process_id, activity.c.seq, activity.c.actor_id, activity.c.verb,
                  activity.c.subject, activity.c.data, activity.c.created_at)
        .where(activity.c.process_id.is_not(None))
        .order_by(activity.c.process_id, activity.c.seq)
    ).all()  # fmt: skip
    for row in rows:
        salt = new_salt()
        content = content_of(row.seq, row.actor_id, row.verb, row.subject or "", row.data or {}, moment(row.created_at))
        digest = digest_of(salt, content)
        chain = before[row.process_id] = link(before.get(row.process_id, GENESIS), digest)
        bind.execute(sa.update(activity).where(activity.c.id == row.id).values(salt=salt, digest=digest, chain=chain))


def downgrade() -> None:
    op.drop_index("ix_record_checkpoints_process_id", table_name="record_checkpoints")
    op.drop_table("record_checkpoints")
    with op.batch_alter_table("activity") as table:
        table.drop_column("chain")
        table.drop_column("digest")
        table.drop_column("salt")
