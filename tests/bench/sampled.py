"""Where a server's time goes under load: py-spy samples the running process (as `accord serve` runs in
production, from outside, without slowing it much) while the load runs, and the share of the samples each
function of Accord's is on the stack of (inclusive) is printed, the largest first."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def sampled(pid: int, raw: Path, seconds: int) -> Iterator[None]:
    """py-spy sampling process `pid` for `seconds` into `raw` (its collapsed-stack format) around the block: only the
    thread holding the GIL, so that the shares are of the CPU, not of threads waiting for it."""
    spy = Path(sys.executable).with_name("py-spy")  # installed by the test extra
    process = subprocess.Popen(
        [
            str(spy),
            "record",
            "--gil",
            "--nonblocking",
            "-r",
            "200",
            "-f",
            "raw",
            "-o",
            str(raw),
            "-p",
            str(pid),
            "-d",
            str(seconds),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        process.wait(timeout=seconds + 30)


def shares(raw: Path, within: str = "workspace/") -> list[tuple[float, str]]:
    """(share of the samples, function) for the functions of files under `within`, the largest first."""
    on_stack: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        total += int(count)
        names = set()
        for frame in stack.split(";"):
            name, _, place = frame.partition(" (")
            file = place.split(":")[0]
            if within in file:
                names.add(f"{name} ({file[file.index(within) :]})")
        for name in names:
            on_stack[name] += int(count)
    return [(n / total, name) for name, n in on_stack.most_common()] if total else []
