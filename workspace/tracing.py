"""The id of the request being answered, for the lines it logs and the jobs it leaves.

A request takes the id a proxy gave it in `X-Request-ID` when that id is short and made of safe characters
(it is written into logs as it is), else a new random one (web/access_log.py). The id is held in a
ContextVar: the handler's thread sees it (anyio copies the context into it), so an outbox entry written by
the request carries it (services/outbox_entries.py), and the worker that does the entry logs it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_SAFE = re.compile(r"[A-Za-z0-9._-]{1,64}")
_current: ContextVar[str | None] = ContextVar("accord_request_id", default=None)


def request_id_from(header: str | None) -> str:
    """The id a request goes by: `header`'s if it is safe to log as it is, else a new one."""
    if header is not None and _SAFE.fullmatch(header):
        return header
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    """The id of the request this code runs for (or of the job it started), None outside of one."""
    return _current.get()


@contextmanager
def request_scope(request_id: str | None) -> Iterator[None]:
    """Run the block as part of request `request_id` (a job, for the request that left it)."""
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)
