"""Alembic environment: the URL comes from `workspace.store.migrate`, never from a file."""

from __future__ import annotations

from alembic import context

from workspace.settings import Settings
from workspace.store.db import make_engine
from workspace.store.models import Base

config = context.config
url = config.attributes.get("database_url") or Settings.from_env().database_url


def run_migrations() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
