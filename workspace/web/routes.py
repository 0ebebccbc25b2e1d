"""Route decorators for sync handlers: services block on the database, so they run in a thread.

A handler's transaction (its `db` Unit) begins and ends inside the one thread that runs the
handler: no lock and no connection is ever held while a request waits for another thread. (Held
across threads, a write lock waits for a free thread while the threads wait for the lock.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import litestar

from ..services.unit import Unit
from .context import FoundInThread


def finishing(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn`, ending the transaction of its `db` keyword (a Unit) in its own thread, as it returns or fails."""

    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        unit = kwargs.get("db")
        if not isinstance(unit, Unit):
            return fn(*args, **_found(kwargs))
        try:
            result = fn(*args, **_found(kwargs))
        except BaseException as exc:
            unit.finish(exc)
            raise
        unit.finish(None)  # committed before the response is made: nothing acknowledged is lost
        return result

    run.__dict__["finds_actor"] = True  # context.provide_actor leaves who asks to this thread
    return run


def _found(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The handler's arguments, who asks found (in this thread, the handler's)."""
    actor = kwargs.get("actor")
    return {**kwargs, "actor": actor.find()} if isinstance(actor, FoundInThread) else kwargs


def route(method: Callable[..., Any], **defaults: Any) -> Callable[..., Callable[[Callable[..., Any]], Any]]:
    """`method` (litestar.get …) for a sync handler that finishes its transaction, with `defaults`."""

    def decorator(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        return lambda fn: method(*args, sync_to_thread=True, **{**defaults, **kwargs})(finishing(fn))

    return decorator


get = route(litestar.get)
post = route(litestar.post)
put = route(litestar.put)
delete = route(litestar.delete)
