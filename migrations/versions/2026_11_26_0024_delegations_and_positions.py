"""delegations and positions: who negotiates, and where each stands (issue 32)

`delegations` of a process (a code, names by language, a kind); a membership may speak for one. Amendments,
co-sponsorships and threads may be made on behalf of one. `positions` holds each delegation's current stance on a
paragraph or an amendment, compared-and-set on its `revision`; `position_changes` keeps every change. `word_authors`
keeps which delegation a Word file's author is, for the next file. `processes.positions_public`: whether members
see the other delegations' positions.

Printed references (PP 3, OP 14, OP 7 bis): `version_numbers` keeps each version's printed numbers as it circulated;
the versions circulated before get the clean numbers they were printed with (top-level preambular and operative
paragraphs of their source edition, in order). `processes.draft_basis`: the numbers the working draft holds still
against after a renumbering of its own. Nothing existing changes otherwise: every new column is empty.

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-26 03:25:46
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


_versions = sa.table(
    "versions", sa.column("id", sa.Integer()), sa.column("language", sa.String()), sa.column("number", sa.Integer())
)
_paragraphs = sa.table(
    "version_paragraphs",
    sa.column("version_id", sa.Integer()),
    sa.column("language", sa.String()),
    sa.column("position", sa.Integer()),
    sa.column("eid", sa.String()),
    sa.column("kind", sa.String()),
    sa.column("depth", sa.Integer()),
)
_numbers = sa.table(
    "version_numbers",
    sa.column("version_id", sa.Integer()),
    sa.column("numbers", sa.JSON()),
    sa.column("renumbered", sa.Boolean()),
)


def _clean_numbers() -> None:
    """Each version circulated so far, numbered as it was printed: its top-level preambular and operative paragraphs
    1, 2, 3 … each kind on its own (as workspace.domain.declaration.references.clean_basis numbers them)."""
    bind = op.get_bind()
    for version_id, language in bind.execute(sa.select(_versions.c.id, _versions.c.language)).all():
        rows = bind.execute(
            sa.select(_paragraphs.c.eid, _paragraphs.c.kind)
            .where(
                _paragraphs.c.version_id == version_id,
                _paragraphs.c.language == language,
                _paragraphs.c.depth == 0,
                _paragraphs.c.kind.in_(("preambular", "operative")),
            )
            .order_by(_paragraphs.c.position)
        ).all()
        counts = {"preambular": 0, "operative": 0}
        numbers = {}
        for eid, kind in rows:
            counts[kind] += 1
            numbers[eid] = [kind, counts[kind], 0]
        bind.execute(_numbers.insert().values(version_id=version_id, numbers=numbers, renumbered=True))


def upgrade() -> None:
    op.create_table(
        "delegations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_delegations_process_id_processes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegations")),
        sa.UniqueConstraint("process_id", "code", name=op.f("uq_delegations_process_id_code")),
    )
    op.create_table(
        "word_authors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_word_authors_delegation_id_delegations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_word_authors_process_id_processes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name=op.f("fk_word_authors_set_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_word_authors")),
        sa.UniqueConstraint("process_id", "author", name=op.f("uq_word_authors_process_id_author")),
    )
    with op.batch_alter_table("word_authors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_word_authors_delegation_id"), ["delegation_id"], unique=False)

    op.create_table(
        "positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=80), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=True),
        sa.Column("amendment_id", sa.Integer(), nullable=True),
        sa.Column("stance", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["amendment_id"], ["amendments.id"], name=op.f("fk_positions_amendment_id_amendments"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_positions_delegation_id_delegations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["process_id", "eid"],
            ["paragraphs.process_id", "paragraphs.eid"],
            name=op.f("fk_positions_process_id_paragraphs"),
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_positions_process_id_processes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name=op.f("fk_positions_set_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_positions")),
        sa.UniqueConstraint(
            "process_id", "delegation_id", "target", name=op.f("uq_positions_process_id_delegation_id_target")
        ),
    )
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_positions_amendment_id"), ["amendment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_positions_delegation_id"), ["delegation_id"], unique=False)
        batch_op.create_index("ix_positions_process_target", ["process_id", "target"], unique=False)

    op.create_table(
        "position_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_position_changes_position_id_positions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_position_changes_process_id_processes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name=op.f("fk_position_changes_set_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position_changes")),
    )
    with op.batch_alter_table("position_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_position_changes_position_id"), ["position_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_position_changes_process_id"), ["process_id"], unique=False)

    with op.batch_alter_table("amendment_cosponsors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delegation_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_amendment_cosponsors_delegation_id"), ["delegation_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_amendment_cosponsors_delegation_id_delegations"),
            "delegations",
            ["delegation_id"],
            ["id"],
            ondelete="RESTRICT",
        )

    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delegation_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_amendments_delegation_id"), ["delegation_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_amendments_delegation_id_delegations"),
            "delegations",
            ["delegation_id"],
            ["id"],
            ondelete="RESTRICT",
        )

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delegation_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_memberships_delegation_id"), ["delegation_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_memberships_delegation_id_delegations"),
            "delegations",
            ["delegation_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("positions_public", sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delegation_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_threads_delegation_id"), ["delegation_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_threads_delegation_id_delegations"),
            "delegations",
            ["delegation_id"],
            ["id"],
            ondelete="RESTRICT",
        )

    op.create_table(
        "version_numbers",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("numbers", sa.JSON(), nullable=False),
        sa.Column("renumbered", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_version_numbers_version_id_versions"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_version_numbers")),
    )
    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draft_basis", sa.JSON(), nullable=True))
    _clean_numbers()


def downgrade() -> None:
    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.drop_column("draft_basis")
    op.drop_table("version_numbers")
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_threads_delegation_id_delegations"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_threads_delegation_id"))
        batch_op.drop_column("delegation_id")

    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.drop_column("positions_public")

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_memberships_delegation_id_delegations"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_memberships_delegation_id"))
        batch_op.drop_column("delegation_id")

    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_amendments_delegation_id_delegations"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_amendments_delegation_id"))
        batch_op.drop_column("delegation_id")

    with op.batch_alter_table("amendment_cosponsors", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_amendment_cosponsors_delegation_id_delegations"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_amendment_cosponsors_delegation_id"))
        batch_op.drop_column("delegation_id")

    with op.batch_alter_table("position_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_position_changes_process_id"))
        batch_op.drop_index(batch_op.f("ix_position_changes_position_id"))

    op.drop_table("position_changes")
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_index("ix_positions_process_target")
        batch_op.drop_index(batch_op.f("ix_positions_delegation_id"))
        batch_op.drop_index(batch_op.f("ix_positions_amendment_id"))

    op.drop_table("positions")
    with op.batch_alter_table("word_authors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_word_authors_delegation_id"))

    op.drop_table("word_authors")
    op.drop_table("delegations")
