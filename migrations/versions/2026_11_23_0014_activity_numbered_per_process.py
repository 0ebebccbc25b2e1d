"""activity numbered per process: `seq` for every entry, `shared_seq` for those everyone reads

Live streams resume on these numbers rather than on the global ids, whose gaps told a member of the
activity of other processes; `shared_seq` skips the committee's own entries (what it does on the working
draft), so that a member's numbering tells nothing of them. Existing entries are numbered in id order;
which of them are the committee's is decided as `workspace.domain.processes.audience` decided it when this was
written (copied here: a migration must not change when the code does), and the entries of amendments
filed on the draft are marked `on_draft`. Imports and exports forget the server's folder they named.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23 20:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _committee_only(verb: str, data: dict[str, Any]) -> bool:
    return bool(data.get("on_draft")) or data.get("version") == "draft" or verb.startswith("paragraph.")


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("shared_seq", sa.Integer(), nullable=True))
    bind = op.get_bind()
    activity = sa.table(
        "activity",
        sa.column("id", sa.Integer()),
        sa.column("process_id", sa.Integer()),
        sa.column("verb", sa.String()),
        sa.column("subject", sa.String()),
        sa.column("data", sa.JSON()),
        sa.column("seq", sa.Integer()),
        sa.column("shared_seq", sa.Integer()),
    )
    amendments = sa.table(
        "amendments",
        sa.column("process_id", sa.Integer()),
        sa.column("number", sa.Integer()),
        sa.column("version_id", sa.Integer()),
    )
    on_draft = set(
        bind.execute(
            sa.select(amendments.c.process_id, amendments.c.number).where(amendments.c.version_id.is_(None))
        ).all()
    )
    seq: dict[int, int] = {}
    shared: dict[int, int] = {}
    rows = bind.execute(
        sa.select(activity.c.id, activity.c.process_id, activity.c.verb, activity.c.subject, activity.c.data)
        .where(activity.c.process_id.is_not(None))
        .order_by(activity.c.id)
    ).all()
    for id_, process_id, verb, subject, data in rows:
        data = dict(data or {})
        if verb in ("process.imported", "process.exported"):
            data.pop("folder", None)  # a path on the server, shown to every member
        kind, _, number = (subject or "").partition(":")
        if kind == "amendment" and number.isdecimal() and (process_id, int(number)) in on_draft:
            data["on_draft"] = True
        seq[process_id] = seq.get(process_id, 0) + 1
        values: dict[str, Any] = {"seq": seq[process_id], "data": data}
        if not _committee_only(verb, data):
            shared[process_id] = shared.get(process_id, 0) + 1
            values["shared_seq"] = shared[process_id]
        bind.execute(activity.update().where(activity.c.id == id_).values(**values))
    with op.batch_alter_table("activity") as batch:
        batch.create_unique_constraint(op.f("uq_activity_process_id_seq"), ["process_id", "seq"])
        batch.create_unique_constraint(op.f("uq_activity_process_id_shared_seq"), ["process_id", "shared_seq"])


def downgrade() -> None:
    with op.batch_alter_table("activity") as batch:
        batch.drop_constraint(op.f("uq_activity_process_id_shared_seq"), type_="unique")
        batch.drop_constraint(op.f("uq_activity_process_id_seq"), type_="unique")
        batch.drop_column("shared_seq")
        batch.drop_column("seq")
