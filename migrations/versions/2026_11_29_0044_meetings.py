"""meetings: the room where a declaration is read (issue 66)

A meeting of a process (`meetings`) with its own numbered events (`meeting_events`: an informal's reach only those
invited, so they are numbered apart from the process's), its lights per paragraph, the requests for the floor, the
texts typed in the room with their machine drafts, and its votes and ballots. A submission window may now be a
meeting's slot: `meeting_id`, and the delegations it asks (`delegations`, empty: all; existing windows ask all).
Going down drops the tables and the two columns.

Revision ID: 0044
Revises: 0043
Create Date: 2026-11-29 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0044"
down_revision = "0043"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("starts_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("eids", sa.JSON(), nullable=True),
        sa.Column("delegations", sa.JSON(), nullable=False),
        sa.Column("facilitators", sa.JSON(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("pointer", sa.String(length=64), nullable=True),
        sa.Column("pointer_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("greens", sa.String(length=20), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("opened_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_meetings_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_meetings_process_id_processes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_meetings_version_id_versions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("process_id", "number", name=op.f("uq_meetings_process_id_number")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_process_id"), ["process_id"], unique=False)

    op.create_table(
        "floor_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("intent", sa.String(length=20), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("asked_by_id", sa.Integer(), nullable=True),
        sa.Column("asked_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["asked_by_id"], ["users.id"], name=op.f("fk_floor_requests_asked_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_floor_requests_delegation_id_delegations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_floor_requests_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_floor_requests")),
        sa.UniqueConstraint("meeting_id", "number", name=op.f("uq_floor_requests_meeting_id_number")),
    )
    with op.batch_alter_table("floor_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_floor_requests_delegation_id"), ["delegation_id"], unique=False)
        batch_op.create_index("ix_floor_requests_meeting_state", ["meeting_id", "state"], unique=False)

    op.create_table(
        "meeting_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_meeting_events_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_events_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_events")),
        sa.UniqueConstraint("meeting_id", "seq", name=op.f("uq_meeting_events_meeting_id_seq")),
    )
    op.create_table(
        "meeting_lights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=False),
        sa.Column("light", sa.String(length=10), nullable=False),
        sa.Column("due_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("delegations", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_lights_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name=op.f("fk_meeting_lights_set_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_lights")),
        sa.UniqueConstraint("meeting_id", "eid", name=op.f("uq_meeting_lights_meeting_id_eid")),
    )
    with op.batch_alter_table("meeting_lights", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_lights_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "meeting_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("machine", sa.JSON(), nullable=False),
        sa.Column("typed_by_id", sa.Integer(), nullable=True),
        sa.Column("typed_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_meeting_texts_delegation_id_delegations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_texts_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["typed_by_id"], ["users.id"], name=op.f("fk_meeting_texts_typed_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_texts")),
    )
    with op.batch_alter_table("meeting_texts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_texts_delegation_id"), ["delegation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_texts_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "meeting_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=True),
        sa.Column("amendment_id", sa.Integer(), nullable=True),
        sa.Column("recorded", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("opened_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["amendment_id"],
            ["amendments.id"],
            name=op.f("fk_meeting_votes_amendment_id_amendments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_votes_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_votes")),
        sa.UniqueConstraint("meeting_id", "number", name=op.f("uq_meeting_votes_meeting_id_number")),
    )
    with op.batch_alter_table("meeting_votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_votes_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "meeting_ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("vote", sa.String(length=8), nullable=False),
        sa.Column("cast_by_id", sa.Integer(), nullable=True),
        sa.Column("cast_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cast_by_id"], ["users.id"], name=op.f("fk_meeting_ballots_cast_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_meeting_ballots_delegation_id_delegations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["meeting_votes.id"], name=op.f("fk_meeting_ballots_vote_id_meeting_votes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_ballots")),
        sa.UniqueConstraint("vote_id", "delegation_id", name=op.f("uq_meeting_ballots_vote_id_delegation_id")),
    )
    with op.batch_alter_table("meeting_ballots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_ballots_delegation_id"), ["delegation_id"], unique=False)

    with op.batch_alter_table("submission_windows", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("delegations", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.create_foreign_key(
            batch_op.f("fk_submission_windows_meeting_id_meetings"),
            "meetings",
            ["meeting_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("submission_windows", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_submission_windows_meeting_id_meetings"), type_="foreignkey")
        batch_op.drop_column("delegations")
        batch_op.drop_column("meeting_id")

    with op.batch_alter_table("meeting_ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_ballots_delegation_id"))

    op.drop_table("meeting_ballots")
    with op.batch_alter_table("meeting_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_votes_meeting_id"))

    op.drop_table("meeting_votes")
    with op.batch_alter_table("meeting_texts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_texts_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_texts_delegation_id"))

    op.drop_table("meeting_texts")
    with op.batch_alter_table("meeting_lights", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_lights_meeting_id"))

    op.drop_table("meeting_lights")
    op.drop_table("meeting_events")
    with op.batch_alter_table("floor_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_floor_requests_meeting_state")
        batch_op.drop_index(batch_op.f("ix_floor_requests_delegation_id"))

    op.drop_table("floor_requests")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_process_id"))

    op.drop_table("meetings")
