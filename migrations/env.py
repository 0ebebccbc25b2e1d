"""Alembic environment: the URL comes from `workspace.store.migrate`, never from a file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from workspace.settings import Settings
from workspace.store.db import make_engine
from workspace.store.models import Base

config = context.config
url = config.attributes.get("database_url") or Settings.from_env().database_url


def _modelled(name: str | None, type_: str, _parents: object) -> bool:
    """What autogenerate compares with the models: not the search index's store-own parts (migration 0045), SQLite's
    FTS5 table and its shadow tables, PostgreSQL's generated tsvector columns and their GIN indexes."""
    if type_ == "table":
        return not (name or "").startswith("search_fts")
    if type_ == "column":
        return name not in ("words_tsv", "keys_tsv")
    if type_ == "index":
        return name not in ("ix_search_entries_words_tsv", "ix_search_entries_keys_tsv")
    return True


def run_migrations() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite changes constraints by rebuilding tables: with foreign keys on, dropping the
            # old table would cascade into (or be refused by) the rows that point at it. The pragma
            # only takes effect outside a transaction, so it goes to the driver's connection directly.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            compare_type=True,
            include_name=_modelled,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise RuntimeError(f"the migration left rows whose foreign keys point nowhere: {broken[:5]}")
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
    engine.dispose()


run_migrations()
