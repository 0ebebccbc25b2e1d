"""Pieces of pages kept in Redis for every worker and machine (a paragraph of a version as it is shown), beside
each worker's own memory of them (pages/common.kept_macros): what one worker rendered, the others take.

A piece is named by what it shows (the language, the template, the macro and its arguments) and by the code that
renders it (a digest of Accord's own files: a filter's change renders anew, as a template's does), never by the
database it came from, so that the same name always holds the same bytes and nothing shared is ever stale: a day
after it was last written it is forgotten. Redis unreachable, pieces are rendered as without it (a page is
never refused for a cache).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from redis import Redis, RedisError

KEEP_SECONDS = 24 * 3600
PREFIX = "ACCORD:piece:"

log = logging.getLogger("accord.pieces")


class SharedPieces:
    def __init__(self, url: str) -> None:
        self.redis = Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    @staticmethod
    def name(key: object) -> str:
        """The name in Redis of a piece whose key (a tuple of strings, numbers, Structs) says what it shows."""
        return PREFIX + hashlib.blake2b(repr((code_digest(), key)).encode(), digest_size=20).hexdigest()

    def find(self, names: Sequence[str]) -> list[bytes | None]:
        """The pieces kept under `names`, None for each that is not (or all, Redis unreachable)."""
        try:
            return list(self.redis.mget(names))  # type: ignore[arg-type]
        except RedisError:
            log.warning("the shared pieces could not be read", exc_info=True)
            return [None] * len(names)

    def keep(self, pieces: dict[str, bytes]) -> None:
        try:
            with self.redis.pipeline(transaction=False) as pipe:
                for name, value in pieces.items():
                    pipe.set(name, value, ex=KEEP_SECONDS)
                pipe.execute()
        except RedisError:
            log.warning("the shared pieces could not be written", exc_info=True)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of Accord's code and templates, read once: the same in every worker running the same code."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".html", ".j2"} and path.is_file():
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
