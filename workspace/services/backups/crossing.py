"""An SQLite archive restored into PostgreSQL: the way from the embedded store a team starts with to the production
store it grows into (issue 36, "restores it into the other backend's kind").

The rows go, table by table in the order their foreign keys need, through the models' own tables, so that each
value is read and written as its column's type says (times, JSON, booleans) rather than as SQLite's text; then each
table's id sequence is moved past its largest id, or the next row written would take an id already there. The whole
copy is one transaction: a failure leaves the target as it was. The other way (a PostgreSQL dump into SQLite) would
need a PostgreSQL server to read the dump: restore it into PostgreSQL instead.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Integer, create_engine, func, select, text
from sqlalchemy.pool import NullPool

from ...store import migrate
from ...store.models import Base
from .manifest import BackupRefused

BATCH = 2_000


def copy_sqlite_into_postgresql(member: Path, database_url: str, revision: str) -> None:
    """Copy every row of the archived SQLite file `member` into the empty PostgreSQL database of `database_url`,
    migrated first to this Accord's head, which must be the archive's `revision` (an older archive is restored into
    SQLite, upgraded there, and backed up again)."""
    if frozenset(revision.split(",")) != migrate.heads():
        raise BackupRefused(
            f"the archive's schema revision {revision} is not this Accord's ({','.join(sorted(migrate.heads()))}): "
            "restore it into SQLite, run `accord db upgrade` there, back it up again, and restore that"
        )
    migrate.upgrade(database_url)
    source = create_engine(f"sqlite:///file:{member}?mode=ro&uri=true", poolclass=NullPool)
    target = create_engine(database_url, poolclass=NullPool)
    try:
        with source.connect() as read, target.begin() as write:
            for table in Base.metadata.sorted_tables:
                rows = read.execution_options(yield_per=BATCH).execute(
                    select(table).order_by(*table.primary_key.columns)
                )
                for part in rows.mappings().partitions(BATCH):
                    write.execute(table.insert(), [dict(row) for row in part])
                (key,) = table.primary_key.columns if len(table.primary_key.columns) == 1 else (None,)
                if key is not None and isinstance(key.type, Integer) and key.autoincrement in (True, "auto"):
                    largest = write.execute(select(func.max(key))).scalar_one()
                    if largest is not None:
                        write.execute(
                            text("SELECT setval(pg_get_serial_sequence(:table, :column), :value)"),
                            {"table": table.name, "column": key.name, "value": largest},
                        )
    finally:
        source.dispose()
        target.dispose()
