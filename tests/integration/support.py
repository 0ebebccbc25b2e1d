"""Helpers shared by integration and API tests: cheap password hashing, a whole-database snapshot."""

from __future__ import annotations

from argon2 import PasswordHasher

from workspace.store.db import Store
from workspace.store.models import Base

# argon2id still, with the cheapest parameters: each test makes about a dozen accounts, and the
# production cost (~0.1 s a hash) would make the suite spend most of its time hashing.
QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order, as the database holds it (JSON as its text): equal dumps
    mean nothing was written. Read through the driver: the types' conversions made a dump cost 50 ms."""
    with store.engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.exec_driver_sql(
                    f'SELECT * FROM "{table.name}" ORDER BY '
                    + ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
                )
            ]
            for table in Base.metadata.sorted_tables
        }


def state(store: Store) -> object:
    """What the database holds, to compare: equal states mean nothing was written. On PostgreSQL a digest of each
    table made by the server in one query (the rows of ~45 tables over the wire cost 25 ms a read); `dump` else."""
    if store.engine.dialect.name != "postgresql":
        return dump(store)
    digests = " UNION ALL ".join(
        f"SELECT '{table.name}', count(*), md5(coalesce(string_agg(t::text, chr(30) ORDER BY "
        + ", ".join(f't."{c.name}"' for c in table.primary_key.columns)
        + f"), '')) FROM \"{table.name}\" t"
        for table in Base.metadata.sorted_tables
    )
    with store.engine.connect() as conn:
        return sorted(tuple(row) for row in conn.exec_driver_sql(digests))


def counts(store: Store) -> dict[str, int]:
    return {name: len(rows) for name, rows in dump(store).items()}
