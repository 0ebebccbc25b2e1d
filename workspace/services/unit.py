"""Each use case runs in one transaction: all of it is saved, or none of it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from ..store.db import make_engine, make_sessionmaker, transaction

P = ParamSpec("P")
R = TypeVar("R")

Store = sessionmaker[Session]


def use_case(fn: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Store | Session, P], R]:
    """Call with the store (a transaction is opened and committed) or with an open session (composed)."""

    @wraps(fn)
    def run(db: Store | Session, *args: P.args, **kwargs: P.kwargs) -> R:
        if isinstance(db, Session):
            return fn(db, *args, **kwargs)
        with transaction(db) as tx:
            return fn(tx, *args, **kwargs)

    return run


def open_store(database_url: str) -> tuple[Store, Callable[[], None]]:
    """The store for `database_url`, and how to close it (for the app factory and the command line)."""
    engine = make_engine(database_url)
    return make_sessionmaker(engine), engine.dispose
