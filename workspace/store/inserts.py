"""An INSERT that a concurrent insert of the same key does not turn into an error.

On PostgreSQL two transactions may both find a key absent and both insert it: the second waits for
the first and then fails on the unique constraint, which the store can only report as a generic
conflict. `INSERT … ON CONFLICT DO NOTHING` (both backends speak it) lets the second go on and find
out, by the row it gets back or not, that someone else's row is there; a fresh statement then reads it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session


def insert_new(tx: Session, model: type[DeclarativeBase], **values: Any) -> bool:
    """Insert a row of `model` unless a row with one of its unique keys exists; True if it was inserted."""
    dialect = postgresql if tx.get_bind().dialect.name == "postgresql" else sqlite
    # The row comes back only if it was inserted (the row count is not reported the same by every driver).
    statement = dialect.insert(model).values(**values).on_conflict_do_nothing().returning(*inspect(model).primary_key)
    return tx.execute(statement).first() is not None
