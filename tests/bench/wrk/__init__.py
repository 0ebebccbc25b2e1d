"""Load from outside with `wrk` (Debian's package): a generator in C that is not the bottleneck, as Python threads
were (they capped a bare Litestar handler serving 303 KB at 380–700 answers a second; wrk, at 2,300–2,900)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests import needs

REPORT = Path(__file__).with_name("report.lua")


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    bad_status: int  # answers that were not 2xx or 3xx
    socket_errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def line(self) -> str:
        return (
            f"{self.rate:7.0f} req/s  p50 {self.p50_ms:6.1f} ms  p95 {self.p95_ms:6.1f} ms  p99 {self.p99_ms:6.1f} ms"
            f"  ({self.requests} answers, {self.bad_status} not 2xx/3xx, {self.socket_errors} socket errors)"
        )


def wrk(
    url: str, *, connections: int = 16, threads: int = 2, seconds: int = 8, headers: dict[str, str] | None = None
) -> Load:
    """`wrk` against `url`: its figures, read from the line report.lua prints."""
    binary = needs.program("wrk")
    command = [
        binary,
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(REPORT),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    line = next(row for row in out.splitlines() if row.startswith("WRK "))
    requests, seconds_, status, errors, p50, p95, p99 = line.split()[1:]
    return Load(
        int(requests), float(seconds_), int(status), int(errors), int(p50) / 1000, int(p95) / 1000, int(p99) / 1000
    )
