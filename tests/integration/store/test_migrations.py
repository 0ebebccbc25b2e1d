"""The schema comes only from the Alembic migrations: up, check, down, up again, on both backends."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from workspace.store import migrate
from workspace.store.db import make_engine
from workspace.store.models import Base


def relations(url: str) -> tuple[set[str], set[str]]:
    """(tables, every other named object: indexes, sequences, types) left in the database."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            # SQLite's FTS5 table of the search index and its shadow tables (migration 0045) are the store's own.
            tables = {name for name in inspect(conn).get_table_names() if not name.startswith("search_fts")}
            if conn.dialect.name == "sqlite":
                others = set(conn.scalars(text("select name from sqlite_master where type != 'table'")))
            else:
                others = set(
                    conn.scalars(
                        text(
                            "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                            "where n.nspname = 'public' and c.relkind != 'r'"
                        )
                    )
                )
                others |= set(
                    conn.scalars(
                        text(
                            "select t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace "
                            "where n.nspname = 'public' and t.typtype = 'e'"
                        )
                    )
                )
            return tables, others
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(text("select version_num from alembic_version"))
    finally:
        engine.dispose()


def test_upgrade_check_downgrade_and_upgrade_again(empty_url):
    head = ScriptDirectory.from_config(migrate.alembic_config(empty_url)).get_current_head()

    migrate.upgrade(empty_url)
    tables, _ = relations(empty_url)
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
    assert current_revision(empty_url) == head
    migrate.check(empty_url)  # raises if autogenerate finds any difference with the models

    migrate.downgrade(empty_url)
    tables, others = relations(empty_url)
    assert tables <= {"alembic_version"}
    assert all("alembic_version" in name for name in others), others

    migrate.upgrade(empty_url)
    assert relations(empty_url)[0] == set(Base.metadata.tables) | {"alembic_version"}
    migrate.check(empty_url)


def test_every_migration_goes_down_and_up_one_step_at_a_time(empty_url):
    script = ScriptDirectory.from_config(migrate.alembic_config(empty_url))
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    for revision in revisions:
        migrate.upgrade(empty_url, revision)
        assert current_revision(empty_url) == revision
    for revision in reversed(revisions):
        migrate.downgrade(empty_url, "-1")
        assert current_revision(empty_url) != revision
    assert relations(empty_url)[0] <= {"alembic_version"}


def test_the_fixtures_database_is_at_head_and_matches_the_models(db_url):
    migrate.check(db_url)
