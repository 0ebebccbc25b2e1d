"""What a served app starts, seen from outside it: a thread reads /proc every few milliseconds and keeps
each renderer process (`python -m workspace.renderers.child`) that any of the server's processes started
(not those a renderer forks for its tasks), and the peak of the memory (resident) of the server's whole
tree. A renderer lives a fifth of a second at the least (an interpreter starting), so none goes unseen;
the tree's peak is a sample's, a lower bound."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType
from typing import Self

RENDERER = b"workspace.renderers.child"


PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, resident KiB) of `pid`, None once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat[stat.rindex(b")") + 2 :].split()  # from the state on: the parent is the 4th field, rss the 24th
    return int(fields[1]), int(fields[21]) * PAGE_KIB


def cpu_seconds(pid: int) -> float:
    """The processor time process `pid` has used, its threads' together (user and system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The processes `pid` started that are still running (uvicorn's workers of `accord serve --workers N` …), but
    multiprocessing's resource tracker."""
    return sorted(
        child
        for child in (int(n) for n in os.listdir("/proc") if n.isdigit())
        if (_stat(child) or (0,))[0] == pid and b"resource_tracker" not in _cmdline(child)
    )


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return b""


class Watch:
    """`with Watch(server_pid) as seen:` … `seen.renderers` (pids started meanwhile), `seen.peak_mib`."""

    def __init__(self, root: int, every: float = 0.02) -> None:
        self.root, self.every = root, every
        self.renderers: set[int] = set()
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024

    def sample(self) -> None:
        found = {
            pid: s for pid in (int(n) for n in os.listdir("/proc") if n.isdigit()) if (s := _stat(pid)) is not None
        }
        tree, grew = {self.root}, True
        while grew:  # the server's descendants, however deep (uvicorn's workers, then their renderers)
            more = {pid for pid, (parent, _) in found.items() if parent in tree} - tree
            tree |= more
            grew = bool(more)
        self.renderers |= {
            pid
            for pid in tree - {self.root}
            if pid in found and RENDERER in _cmdline(pid) and RENDERER not in _cmdline(found[pid][0])
        }
        self.peak_kib = max(self.peak_kib, sum(found[pid][1] for pid in tree if pid in found))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.every)

    def __enter__(self) -> Self:
        self.sample()
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
