"""A process's live events announced to the web workers from a process that is not one of them (`accord worker`): its
commits that write activity (a meeting's machine drafts, a publication rendered) wake the process's streams at once
through Redis, where without it they waited for the streams' next check (10 s). A web worker announces its own
commits through Litestar's channels (web/live.py); both name a process's channel here."""

from __future__ import annotations

import logging
from collections.abc import Callable

from redis import Redis
from redis.exceptions import RedisError

from ..store.state import Announced

log = logging.getLogger("accord.worker")


def channel(process_id: int) -> str:
    """The channel a process's announcements go on (Litestar's Redis backend names it as it is)."""
    return f"process:{process_id}"


def redis_announcer(url: str) -> Callable[[Announced], None]:
    """After each commit, a wake-up (no data: the streams read what is new) on the channel of each process written."""
    client = Redis.from_url(url, socket_timeout=2)

    def announce(rows: Announced) -> None:
        for process_id in {p for p, _ in rows if p is not None}:
            try:
                client.publish(channel(process_id), b"1")
            except (
                RedisError,
                OSError,
            ):  # a wake-up lost delays the events to the streams' next check, never loses one
                log.warning("announcing the events of process %s failed", process_id, exc_info=True)

    return announce
