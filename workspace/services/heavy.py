"""Work that keeps a core busy for seconds (reading a large file and matching it to a text): one at a
time per person, at most one per core at once, always outside any database transaction, and in worker
processes of lower priority than the web server's.

So one member sending the largest file a door takes costs a core for a few seconds and holds no lock
nor the web server's interpreter: others' comments are answered meanwhile as if nothing were read (the
operating system gives the server's threads the processor first). Sending the next file before the
first is read is refused (429); when every core is reading others' files, the next waits a little, then
is asked to come back (503). The bounds are per server process (each worker of `accord serve --workers
N` has its own).
"""

from __future__ import annotations

import multiprocessing
import os
import select
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from ..domain.errors import N_, Busy, TooMany
from .actor import Actor

P = ParamSpec("P")
R = TypeVar("R")

SLOTS = max(1, len(os.sched_getaffinity(0)))
WAIT_SECONDS = 10.0
"""How long a file waits for a core before the answer is to come back later."""
RETRY_SECONDS = 5
NICENESS = 10
"""How much less of the processor a worker process gets than the web server's threads, when both want it."""
TASKS_PER_PROCESS = 20
"""A worker process is replaced after this many files: the memory a large one took is given back."""

PRELOADED = [
    "workspace.domain.word.word_amendments",
    "workspace.domain.word.version_import",
    "workspace.domain.translations.xliff",
]
"""The readers the worker processes run, imported once by the fork server."""

_slots = threading.BoundedSemaphore(SLOTS)
_guard = threading.Lock()
_busy: set[int] = set()
_pool: ProcessPoolExecutor | None = None


@contextmanager
def heavy_work(actor: Actor | None) -> Iterator[None]:
    """Hold one of the machine's reading slots, and the person's only one, while the block runs."""
    key = actor.id if actor is not None else 0
    with _guard:
        if key in _busy:
            raise TooMany(
                N_("Accord is still reading the file you sent before: wait until it is read, then send this one."),
                retry_after=RETRY_SECONDS,
            )
        _busy.add(key)
    try:
        if not _slots.acquire(timeout=WAIT_SECONDS):
            raise Busy(
                N_("Accord is reading other people’s files at this moment: please send yours again in a few seconds."),
                retry_after=RETRY_SECONDS,
            )
        try:
            yield
        finally:
            _slots.release()
    finally:
        with _guard:
            _busy.discard(key)


def _started(server: int) -> None:
    """A worker process's start: a lower priority, and its end with the server's, however the server ends."""
    os.nice(NICENESS)
    threading.Thread(target=_exit_with, args=(server,), daemon=True, name="server-watch").start()


def _exit_with(server: int) -> None:
    """Ends this worker when process `server` ends. A server stopped without shutting its pool (a SIGTERM to a
    worker of `accord serve`, a kill) left its workers waiting on their queue for ever, and the fork server and the
    resource tracker with them, since both live while a worker holds their pipes."""
    try:
        watched = os.pidfd_open(server)
    except ProcessLookupError:
        os._exit(0)
    select.select([watched], [], [])  # readable once the process has ended
    os._exit(0)


def _workers() -> ProcessPoolExecutor:
    global _pool
    with _guard:
        if _pool is None:
            # Forked from a fork server, never from the web server: a fork of a server with threads running could
            # copy a lock held. The fork server imports the readers once, and never the program's own main
            # module (a script calling a service needs no `if __name__ == "__main__"` for it).
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOADED)
            _pool = ProcessPoolExecutor(
                max_workers=SLOTS,
                mp_context=context,
                initializer=_started,
                initargs=(os.getpid(),),
                max_tasks_per_child=TASKS_PER_PROCESS,
            )
        return _pool


def in_worker(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`fn(*args)` in a worker process (a pure function of the domain: its arguments and answer are pickled);
    its errors are raised here as they were there. Call it inside `heavy_work`, which bounds how many run."""
    global _pool
    try:
        return _workers().submit(fn, *args, **kwargs).result()
    except BrokenProcessPool:  # a worker died (killed for its memory …): the next call starts new ones
        with _guard:
            _pool = None
        raise


__all__ = ["heavy_work", "in_worker"]
