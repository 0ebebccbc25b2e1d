"""Alembic, driven from code: `accord db upgrade|downgrade|check` and the test fixtures use this."""

from __future__ import annotations

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from ..settings import ROOT


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def check(database_url: str) -> None:
    """Raise if the models and the migrations differ (alembic's own `check`)."""
    command.check(alembic_config(database_url))


@cache
def heads() -> frozenset[str]:
    """The revisions the migrations of this code end at (read once: the scripts do not change while it runs)."""
    return frozenset(ScriptDirectory.from_config(alembic_config("")).get_heads())


def current(connection: Connection) -> frozenset[str]:
    """The revisions the database at `connection` was migrated to (empty: never migrated). Read from Alembic's own
    table, as its MigrationContext reads it, without the lines it logs at each look (a probe looks every few
    seconds)."""
    if not inspect(connection).has_table("alembic_version"):
        return frozenset()
    return frozenset(connection.scalars(text("SELECT version_num FROM alembic_version")))
