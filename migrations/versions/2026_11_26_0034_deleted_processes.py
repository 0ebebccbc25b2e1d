"""deleted processes: an administrator deletes a process, a job removes it (issue 36)

`processes.deleted_at`: when an administrator deleted it (null: not deleted); from then on it is gone for everyone
and a job removes its rows and stored files. `processes.keep_published`: the administrator kept its publications
public; the process's row then stays, holding them (and the versions they were made from), once the rest is gone.

Versions, their texts, publications and their files are still never updated, and never deleted but by that job: the
triggers that refuse a deletion now let it through when the row's process is deleted, and, for a publication and
its files, not kept (`keep_published`). Nothing existing changes meaning.

On SQLite those triggers read `processes` (and `publications`): a later migration that rebuilds either table in batch
mode (SQLite's way of changing a constraint or dropping a column) must drop them first and create them again after,
as this one's `downgrade` does before it drops its columns: SQLite refuses to rename the rebuilt table into the place
of one a trigger names (the migration then fails, saying which trigger).

Revision ID: 0034
Revises: 0033
Create Date: 2026-11-26 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None

# When a row of each table may be deleted: the condition on its process (SQLite reads OLD as PostgreSQL does).
_DELETED = "(SELECT p.deleted_at IS NOT NULL FROM processes p WHERE p.id = OLD.process_id)"
_NOT_KEPT = "(SELECT p.deleted_at IS NOT NULL AND NOT p.keep_published FROM processes p WHERE p.id = OLD.process_id)"
_FILE_NOT_KEPT = (
    "(SELECT p.deleted_at IS NOT NULL AND NOT p.keep_published FROM publications u "
    "JOIN processes p ON p.id = u.process_id WHERE u.id = OLD.publication_id)"
)
DELETABLE = {
    "versions": _DELETED,
    "version_paragraphs": _DELETED,
    "publications": _NOT_KEPT,
    "publication_files": _FILE_NOT_KEPT,
}


def upgrade() -> None:
    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("keep_published", sa.Boolean(), server_default=sa.false(), nullable=False))
    if op.get_bind().dialect.name == "sqlite":
        for table, deletable in DELETABLE.items():
            op.execute(f"DROP TRIGGER trg_{table}_no_delete")
            op.execute(
                f"CREATE TRIGGER trg_{table}_no_delete BEFORE DELETE ON {table} "
                f"WHEN coalesce({deletable}, 0) = 0 "
                f"BEGIN SELECT RAISE(ABORT, '{table} are immutable'); END"
            )
        return
    cases = " ".join(
        f"WHEN '{table}' THEN allowed := coalesce({deletable}, false);" for table, deletable in DELETABLE.items()
    )
    op.execute(
        "CREATE FUNCTION accord_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"DECLARE allowed boolean; BEGIN CASE TG_TABLE_NAME {cases} END CASE; "
        "IF allowed THEN RETURN OLD; END IF; "
        "RAISE EXCEPTION '% are immutable', TG_TABLE_NAME USING ERRCODE = 'restrict_violation'; END $$"
    )
    for table in DELETABLE:
        op.execute(f"DROP TRIGGER trg_{table}_immutable ON {table}")
        op.execute(
            f"CREATE TRIGGER trg_{table}_immutable BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION accord_refuse_change()"
        )
        op.execute(
            f"CREATE TRIGGER trg_{table}_no_delete BEFORE DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION accord_refuse_delete()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in DELETABLE:
            op.execute(f"DROP TRIGGER trg_{table}_no_delete")
            op.execute(
                f"CREATE TRIGGER trg_{table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} are immutable'); END"
            )
    else:
        for table in DELETABLE:
            op.execute(f"DROP TRIGGER trg_{table}_no_delete ON {table}")
            op.execute(f"DROP TRIGGER trg_{table}_immutable ON {table}")
            op.execute(
                f"CREATE TRIGGER trg_{table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION accord_refuse_change()"
            )
        op.execute("DROP FUNCTION accord_refuse_delete()")
    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.drop_column("keep_published")
        batch_op.drop_column("deleted_at")
