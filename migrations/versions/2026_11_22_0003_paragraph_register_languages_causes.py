"""paragraph register, version texts per language, typed edit causes, immutable versions

- `paragraphs`: one row per eId a process ever used (filled from the edit log, the draft and
  the versions), the foreign-key target of every row that speaks of a paragraph;
- `version_paragraphs` gain a language (the source edition keeps the version's language) and
  the source revision a translated text was made from; unique per (version, language, eId);
- `paragraph_edits` gain a cause reference and the editorial/substantive flag;
- `processes.draft_order`: the working draft's structure revision;
- versions and their texts cannot be updated or deleted (triggers), nor a process that has some.

SQLite rebuilds tables to change constraints (batch mode), which drops their triggers: a later
migration that rebuilds `versions` or `version_paragraphs` must create the triggers again
(tests/integration/store/test_immutability.py fails if it does not).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 10:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

IMMUTABLE = ("versions", "version_paragraphs")
_PREFIX_KIND = {"hdg": "heading", "pre": "preambular", "op": "operative"}


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in IMMUTABLE:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER trg_{table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} are immutable'); END"
                )
        return
    op.execute(
        "CREATE FUNCTION accord_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION '% are immutable', TG_TABLE_NAME USING ERRCODE = 'restrict_violation'; END $$"
    )
    for table in IMMUTABLE:
        op.execute(
            f"CREATE TRIGGER trg_{table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION accord_refuse_change()"
        )


def _drop_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in IMMUTABLE:
            for event in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_{event}")
        return
    for table in IMMUTABLE:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_immutable ON {table}")
    op.execute("DROP FUNCTION IF EXISTS accord_refuse_change()")


def _fill_register() -> None:
    """Every eId ever used, with the kind it was first seen as and when it was first used."""
    bind = op.get_bind()
    first: dict[tuple[int, str], tuple[str | None, object]] = {}

    def see(process_id: int, eid: str, kind: str | None, at: object) -> None:
        known_kind, known_at = first.get((process_id, eid), (None, None))
        first[(process_id, eid)] = (known_kind or kind, known_at if known_at is not None else at)

    rows = bind.execute(
        sa.text(
            "select v.process_id, vp.eid, vp.kind, v.created_at from version_paragraphs vp "
            "join versions v on v.id = vp.version_id order by v.number"
        )
    )
    for process_id, eid, kind, at in rows:
        see(process_id, eid, kind, at)
    for process_id, eid, kind, at in bind.execute(
        sa.text("select process_id, eid, kind, updated_at from draft_paragraphs")
    ):
        see(process_id, eid, kind, at)
    for process_id, eid, at in bind.execute(
        sa.text("select process_id, eid, min(created_at) from paragraph_edits group by process_id, eid")
    ):
        # The log knows when an eId was first used, better than the snapshots.
        kind, _ = first.get((process_id, eid), (None, None))
        first[(process_id, eid)] = (kind, at)
    for process_id, eid in bind.execute(sa.text("select process_id, eid from recommendation_links")):
        see(process_id, eid, None, None)
    now = sa.func.now() if bind.dialect.name == "postgresql" else sa.text("CURRENT_TIMESTAMP")
    table = sa.table(
        "paragraphs", sa.column("process_id"), sa.column("eid"), sa.column("kind"), sa.column("created_at")
    )
    for (process_id, eid), (kind, at) in sorted(first.items()):
        kind = kind or _PREFIX_KIND.get(eid.split("_", 1)[0], "preambular")
        bind.execute(
            table.insert().values(process_id=process_id, eid=eid, kind=kind, created_at=at if at is not None else now)
        )


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "paragraphs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("eid", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", workspace.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"], ["processes.id"], name=op.f("fk_paragraphs_process_id_processes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paragraphs")),
        sa.UniqueConstraint("process_id", "eid", name=op.f("uq_paragraphs_process_id_eid")),
    )
    _fill_register()

    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("draft_order", sa.Integer(), nullable=False, server_default="0"))

    with op.batch_alter_table("versions") as batch:
        batch.drop_constraint("fk_versions_process_id_processes", type_="foreignkey")
        batch.create_foreign_key(
            "fk_versions_process_id_processes", "processes", ["process_id"], ["id"], ondelete="RESTRICT"
        )

    with op.batch_alter_table("version_paragraphs") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("process_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("source_sha", sa.String(length=64), nullable=True))
    bind.execute(
        sa.text(
            "update version_paragraphs set language = (select v.language from versions v where v.id = version_paragraphs.version_id), "
            "process_id = (select v.process_id from versions v where v.id = version_paragraphs.version_id)"
        )
    )
    with op.batch_alter_table("version_paragraphs") as batch:
        batch.alter_column("language", existing_type=sa.String(length=8), nullable=False)
        batch.alter_column("process_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint("pk_version_paragraphs", type_="primary")
        batch.create_primary_key("pk_version_paragraphs", ["version_id", "language", "position"])
        batch.drop_constraint("fk_version_paragraphs_version_id_versions", type_="foreignkey")
        batch.create_foreign_key(
            "fk_version_paragraphs_version_id_versions", "versions", ["version_id"], ["id"], ondelete="RESTRICT"
        )
        batch.create_foreign_key(
            "fk_version_paragraphs_process_id_processes", "processes", ["process_id"], ["id"], ondelete="RESTRICT"
        )
        batch.create_foreign_key(
            "fk_version_paragraphs_source_sha_paragraph_revisions", "paragraph_revisions", ["source_sha"], ["sha"]
        )
        batch.create_foreign_key(
            "fk_version_paragraphs_process_id_paragraphs", "paragraphs", ["process_id", "eid"], ["process_id", "eid"]
        )
        batch.create_unique_constraint(
            "uq_version_paragraphs_version_id_language_eid", ["version_id", "language", "eid"]
        )

    with op.batch_alter_table("draft_paragraphs") as batch:
        batch.create_foreign_key(
            "fk_draft_paragraphs_process_id_paragraphs", "paragraphs", ["process_id", "eid"], ["process_id", "eid"]
        )
        batch.create_index("ix_draft_paragraphs_order", ["process_id", "position"])

    with op.batch_alter_table("paragraph_edits") as batch:
        batch.add_column(sa.Column("cause_ref", sa.String(length=200), nullable=False, server_default=""))
        batch.add_column(sa.Column("editorial", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_foreign_key(
            "fk_paragraph_edits_process_id_paragraphs", "paragraphs", ["process_id", "eid"], ["process_id", "eid"]
        )
    # The import's file name was kept in the note: it is the cause's reference.
    bind.execute(sa.text("update paragraph_edits set cause_ref = note, note = '' where cause = 'import'"))
    with op.batch_alter_table("paragraph_edits") as batch:
        batch.alter_column("cause_ref", existing_type=sa.String(length=200), server_default=None)
        batch.alter_column("editorial", existing_type=sa.Boolean(), server_default=None)
    with op.batch_alter_table("processes") as batch:
        batch.alter_column("draft_order", existing_type=sa.Integer(), server_default=None)

    with op.batch_alter_table("recommendation_links") as batch:
        batch.create_foreign_key(
            "fk_recommendation_links_process_id_paragraphs", "paragraphs", ["process_id", "eid"], ["process_id", "eid"]
        )

    _create_triggers()


def downgrade() -> None:
    bind = op.get_bind()
    _drop_triggers()
    with op.batch_alter_table("recommendation_links") as batch:
        batch.drop_constraint("fk_recommendation_links_process_id_paragraphs", type_="foreignkey")
    bind.execute(sa.text("update paragraph_edits set note = cause_ref where cause = 'import' and note = ''"))
    with op.batch_alter_table("paragraph_edits") as batch:
        batch.drop_constraint("fk_paragraph_edits_process_id_paragraphs", type_="foreignkey")
        batch.drop_column("editorial")
        batch.drop_column("cause_ref")
    with op.batch_alter_table("draft_paragraphs") as batch:
        batch.drop_index("ix_draft_paragraphs_order")
        batch.drop_constraint("fk_draft_paragraphs_process_id_paragraphs", type_="foreignkey")
    # Only the source editions existed before: translated texts cannot go back.
    bind.execute(
        sa.text(
            "delete from version_paragraphs where language <> (select v.language from versions v where v.id = version_paragraphs.version_id)"
        )
    )
    with op.batch_alter_table("version_paragraphs") as batch:
        batch.drop_constraint("uq_version_paragraphs_version_id_language_eid", type_="unique")
        batch.drop_constraint("fk_version_paragraphs_process_id_paragraphs", type_="foreignkey")
        batch.drop_constraint("fk_version_paragraphs_source_sha_paragraph_revisions", type_="foreignkey")
        batch.drop_constraint("fk_version_paragraphs_process_id_processes", type_="foreignkey")
        batch.drop_constraint("fk_version_paragraphs_version_id_versions", type_="foreignkey")
        batch.create_foreign_key(
            "fk_version_paragraphs_version_id_versions", "versions", ["version_id"], ["id"], ondelete="CASCADE"
        )
        batch.drop_constraint("pk_version_paragraphs", type_="primary")
        batch.create_primary_key("pk_version_paragraphs", ["version_id", "position"])
        batch.drop_column("source_sha")
        batch.drop_column("process_id")
        batch.drop_column("language")
    with op.batch_alter_table("versions") as batch:
        batch.drop_constraint("fk_versions_process_id_processes", type_="foreignkey")
        batch.create_foreign_key(
            "fk_versions_process_id_processes", "processes", ["process_id"], ["id"], ondelete="CASCADE"
        )
    with op.batch_alter_table("processes") as batch:
        batch.drop_column("draft_order")
    op.drop_table("paragraphs")
