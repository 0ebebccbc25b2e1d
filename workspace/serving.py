"""`accord serve --workers N`: uvicorn's worker processes, each listening on a socket of its own.

uvicorn's workers share the one socket its parent listens on, and each worker's event loop, when woken,
accepts every connection waiting (asyncio accepts up to the backlog at each wake-up): a burst of
connections that stay open (a proxy's, a load generator's, a room's browsers) can all go to one worker
while the others idle (tests/bench/test_throughput.py measured one worker at 8.2 s of processor and the
other at 0.0 in one run of 16 connections: 237 requests a second, against 367 when both had some). Here
each worker binds a socket of its own to the same address with SO_REUSEPORT, and the kernel hands each new
connection to one of them by its addresses: spread across the workers whatever they are doing. uvicorn's
supervisor is kept as it is (its restarts, health checks and signals); only what its workers listen on
changes, and how long a starting one may take. Where SO_REUSEPORT is missing, uvicorn's shared socket serves.

A worker still starting is not taken for a hung one. The supervisor pings each worker every half second and
kills one that has not answered within `timeout_worker_healthcheck` (5 s), then starts another. A worker answers
only once it runs its target, after the spawned interpreter has imported the parent's main module again
(`workspace.cli`: 1.3 s of a core): on a busy machine that took more than 5 s, and the supervisor killed the
worker before it had started ("Child process [N] died", then a new one, which may fare the same; seen by
tests/web/test_workers.py, whose listed worker was gone a moment later). Until its first answer, a worker is
given STARTING_SECONDS; then the health check's own timeout.
"""

from __future__ import annotations

import socket

from uvicorn import Config
from uvicorn.supervisors import multiprocess

STARTING_SECONDS = 60.0  # a worker's time to answer its first health check: to start, however busy the machine


def reuse_port_socket(host: str, port: int, *, shared: bool = True) -> socket.socket:
    """A socket bound to `host`:`port` that other sockets of this user may bind too (SO_REUSEPORT, `shared`)."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if shared:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class PatientProcess(multiprocess.Process):
    """A uvicorn worker given STARTING_SECONDS to answer its first health check."""

    answered = False  # once it has answered a health check, it has started: the check's own timeout holds

    def ping(self, timeout: float = 5) -> bool:
        alive = super().ping(timeout if self.answered else max(timeout, STARTING_SECONDS))
        self.answered = self.answered or alive
        return alive


class OwnSocketProcess(PatientProcess):
    """A patient worker that listens on a socket of its own (the parent's is only bound, never listened on: the
    kernel hands no connection to it)."""

    def target(self, sockets: list[socket.socket] | None = None) -> None:  # pragma: no cover - in the worker
        super().target([reuse_port_socket(self.config.host, self.config.port)])


def serve(config: Config) -> None:
    """Run `config.workers` workers of `config` (an app given as an import string) until stopped."""
    if not hasattr(socket, "SO_REUSEPORT"):
        _supervise(config, [config.bind_socket()], PatientProcess)
        return
    # Anything listening there already (another Accord's workers too, whose sockets would share the connections
    # with ours): OSError, as for one worker.
    reuse_port_socket(config.host, config.port, shared=False).close()
    held = reuse_port_socket(config.host, config.port)  # the address taken meanwhile
    config.port = held.getsockname()[1]  # `--port 0`: the one port the system chose, for every worker
    try:
        _supervise(config, [held], OwnSocketProcess)
    finally:
        held.close()


def _supervise(config: Config, sockets: list[socket.socket], process: type[multiprocess.Process]) -> None:
    # uvicorn's supervisor makes its workers by its module's name `Process`: ours, for as long as it runs.
    theirs, multiprocess.Process = multiprocess.Process, process  # type: ignore[misc]
    try:
        multiprocess.Multiprocess(config, sockets=sockets).run()
    finally:
        multiprocess.Process = theirs  # type: ignore[misc]
