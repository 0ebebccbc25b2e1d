"""Files made when someone asks for them (a version's PDF or Word file): made once per content, by a bounded
number of makers, and kept.

A file's key is the sha256 of what makes it (the render model's JSON, which holds the options, and the file's
name and kind) and of the renderers' own code, so that a new release never serves an old rendering. Requests
for a key already being made wait for that making, whoever started it; a made file is kept under the data
folder (`renders/<key>`), shared by every worker of the machine (one makes it, under a file lock, and the
others read it), the least recently used removed first beyond `kept_bytes`. At most `slots` files are made at
once on the machine (one per core: a PDF of a long text takes over a gigabyte), each worker taking its turns
fairly (a person with nothing in the making goes first); a worker holds at most `queue` files waiting or in
the making, one person at most `per_person`: beyond, 503 (the pool is full) or 429 (that person's share),
each with `Retry-After`. Waiting costs a request no thread: `file` gives a future, that the web awaits.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import math
import os
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from ...domain.errors import NN_, AccordError, Busy, TooMany
from .rendering import PROCESSES

log = logging.getLogger("accord.renders")

RENDERERS = Path(__file__).resolve().parents[2] / "renderers"
LOCKS = 64
"""Key locks, shared by keys alike modulo 64: no lock file is left per key ever made."""
POLL = 0.05
"""How often a maker waiting for a machine's slot looks again (a file lock has no timed wait)."""


@dataclass(frozen=True)
class Limits:
    slots: int = PROCESSES  # makers at once on the machine (and in a worker)
    queue: int = 4 * PROCESSES  # files waiting or in the making in a worker
    per_person: int = 4  # of those, one person's (a file per language and the three side by side)
    wait_seconds: float = 50  # the longest a request waits for its file (under a proxy's usual 60 s)
    kept_bytes: int = 256 * 1024 * 1024  # 0: nothing kept, only the requests at once share a making


@dataclass
class _Job:
    key: str
    who: object
    make: Callable[[], bytes]
    future: Future[bytes] = field(default_factory=Future)


@cache
def fingerprint() -> bytes:
    """The renderers' code and templates, and Typst's version: what else the bytes of a file depend on."""
    digest = hashlib.sha256(metadata.version("typst").encode())
    for path in sorted(p for p in RENDERERS.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(RENDERERS)).encode() + b"\0" + path.read_bytes())
    return digest.digest()


class OnDemand:
    """The makers of on-demand files of one worker, sharing `folder` with the machine's other workers."""

    def __init__(self, folder: Path, limits: Limits = Limits()) -> None:
        self.folder, self.limits = folder, limits
        folder.mkdir(parents=True, exist_ok=True)
        self.salt = fingerprint()
        self.jobs: dict[str, _Job] = {}
        self.waiting: list[_Job] = []
        self.running: Counter[object] = Counter()
        self.asked: Counter[object] = Counter()  # jobs waiting or in the making, by who asked first
        self.turns = threading.Condition()
        self.seconds = 5.0  # how long a making takes here, as lately seen (for Retry-After)

    def key(self, *parts: bytes) -> str:
        digest = hashlib.sha256(self.salt)
        for part in parts:
            digest.update(len(part).to_bytes(8, "big") + part)
        return digest.hexdigest()

    def file(self, key: str, who: object, make: Callable[[], bytes]) -> Future[bytes]:
        """The bytes of `key` (a future): kept ones at once, else those of the making under way, else of a
        new making by `make()` (Busy or TooMany if this worker's queue or `who`'s share is full)."""
        kept = self._read(key)
        if kept is not None:
            done: Future[bytes] = Future()
            done.set_result(kept)
            return done
        with self.turns:
            if key in self.jobs:
                return self.jobs[key].future
            retry = self.retry_after()
            if self.asked[who] >= self.limits.per_person:
                raise TooMany(
                    NN_(
                        "The files you asked for are being made already, as many as one person may have at once "
                        "({count}): try again in {seconds} second.",
                        "The files you asked for are being made already, as many as one person may have at once "
                        "({count}): try again in {seconds} seconds.",
                        "seconds",
                    ),
                    retry_after=retry,
                    count=self.limits.per_person,
                    seconds=retry,
                )
            if len(self.jobs) >= self.limits.queue:
                raise Busy(
                    NN_(
                        "Accord is making many files at this moment: try again in {seconds} second.",
                        "Accord is making many files at this moment: try again in {seconds} seconds.",
                        "seconds",
                    ),
                    retry_after=retry,
                    seconds=retry,
                )
            job = _Job(key, who, make)
            job.future.set_running_or_notify_cancel()  # shared by several requests: none may cancel it
            self.jobs[key] = job
            self.asked[who] += 1
            self.waiting.append(job)
        threading.Thread(target=self._run, args=(job,), name=f"accord-make-{key[:8]}", daemon=True).start()
        return job.future

    def retry_after(self) -> int:
        """Seconds until a place is likely free: a making's usual time for each round of the queue."""
        rounds = 1 + len(self.jobs) // max(1, self.limits.slots)
        return max(1, min(300, math.ceil(self.seconds * rounds)))

    def _run(self, job: _Job) -> None:
        try:
            with self._turn(job):
                job.future.set_result(self._made(job))
        except AccordError as refused:  # the text's fault (a character no font shows): said to every request waiting
            job.future.set_exception(refused)
        except Exception as exc:  # a broken renderer: logged once, and every request waiting told (500)
            log.exception("making %s failed", job.key[:12])
            job.future.set_exception(exc)
        finally:
            with self.turns:
                del self.jobs[job.key]
                self.asked[job.who] -= 1
                self.asked += Counter()  # drop zeros
                self.turns.notify_all()

    @contextmanager
    def _turn(self, job: _Job) -> Iterator[None]:
        """This worker's turn for `job`: a slot free, and no job of someone with nothing in the making before it."""
        with self.turns:
            while not (sum(self.running.values()) < self.limits.slots and self._next() is job):
                self.turns.wait()
            self.waiting.remove(job)
            self.running[job.who] += 1
        try:
            yield
        finally:
            with self.turns:
                self.running[job.who] -= 1
                self.running += Counter()
                self.turns.notify_all()

    def _next(self) -> _Job | None:
        return next((j for j in self.waiting if not self.running[j.who]), self.waiting[0] if self.waiting else None)

    def _made(self, job: _Job) -> bytes:
        """The file of `job`, made here unless another worker made it while this one waited for the key."""
        self.folder.mkdir(parents=True, exist_ok=True)  # emptied by hand meanwhile: made again
        with _locked(self.folder / f"key-{int(job.key[:8], 16) % LOCKS}.lock"):
            kept = self._read(job.key)
            if kept is not None:
                return kept
            with self._machine_slot():
                began = time.monotonic()
                body = job.make()
                self.seconds = 0.7 * self.seconds + 0.3 * (time.monotonic() - began)
            self._keep(job.key, body)
            return body

    @contextmanager
    def _machine_slot(self) -> Iterator[None]:
        """One of the machine's `slots` (a lock file each, let go by the system if a worker dies)."""
        handles = [
            os.open(self.folder / f"slot-{n}.lock", os.O_RDWR | os.O_CREAT, 0o600) for n in range(self.limits.slots)
        ]
        held = None
        try:
            while held is None:
                for handle in handles:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        continue
                    held = handle
                    break
                else:
                    time.sleep(POLL)
            yield
        finally:
            for handle in handles:
                os.close(handle)  # closing lets the lock go

    def _read(self, key: str) -> bytes | None:
        path = self.folder / key
        try:
            body = path.read_bytes()
        except FileNotFoundError:
            return None
        with suppress(FileNotFoundError):  # removed meanwhile by another worker: the bytes read stay good
            os.utime(path)  # used: the last to be removed
        return body

    def _keep(self, key: str, body: bytes) -> None:
        """`body` under its key (whole or not at all), then the least recently used removed beyond the bound."""
        if len(body) > self.limits.kept_bytes:
            return
        partial = self.folder / f".{key}.{secrets.token_hex(4)}.part"
        partial.write_bytes(body)
        partial.replace(self.folder / key)
        kept = []
        for path in self.folder.iterdir():
            if len(path.name) == 64:
                with suppress(FileNotFoundError):
                    stat = path.stat()
                    kept.append((stat.st_mtime_ns, stat.st_size, path))
            elif path.suffix == ".part" and _older(path, 3600):  # a worker that died writing
                path.unlink(missing_ok=True)
        total = sum(size for _, size, _ in kept)
        for _, size, path in sorted(kept, key=lambda entry: entry[0]):
            if total <= self.limits.kept_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
        log.info("kept %s (%d bytes); %d bytes kept in all", key[:12], len(body), total)


def _older(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime > seconds
    except FileNotFoundError:
        return False


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` across the machine's processes (and this one's threads)."""
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)
