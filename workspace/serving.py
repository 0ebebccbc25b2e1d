"""`accord serve --workers N`: uvicorn's worker processes, each listening on a socket of its own.

uvicorn's workers share the one socket its parent listens on, and each worker's event loop, when woken,
accepts every connection waiting (asyncio accepts up to the backlog at each wake-up): a burst of
connections that stay open (a proxy's, a load generator's, a room's browsers) can all go to one worker
while the others idle (tests/bench/test_throughput.py measured one worker at 8.2 s of processor and the
other at 0.0 in one run of 16 connections: 237 requests a second, against 367 when both had some). Here
each worker binds a socket of its own to the same address with SO_REUSEPORT, and the kernel hands each new
connection to one of them by its addresses: spread across the workers whatever they are doing. uvicorn's
supervisor is kept as it is (its restarts, health checks and signals); only what its workers listen on
changes. Where SO_REUSEPORT is missing, uvicorn's shared socket serves.
"""

from __future__ import annotations

import socket

from uvicorn import Config
from uvicorn.supervisors import multiprocess


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


class OwnSocketProcess(multiprocess.Process):
    """A uvicorn worker that listens on a socket of its own (the parent's is only bound, never listened on: the
    kernel hands no connection to it)."""

    def target(self, sockets: list[socket.socket] | None = None) -> None:  # pragma: no cover - in the worker
        super().target([reuse_port_socket(self.config.host, self.config.port)])


def serve(config: Config) -> None:
    """Run `config.workers` workers of `config` (an app given as an import string) until stopped."""
    if not hasattr(socket, "SO_REUSEPORT"):
        multiprocess.Multiprocess(config, sockets=[config.bind_socket()]).run()
        return
    # Anything listening there already (another Accord's workers too, whose sockets would share the connections
    # with ours): OSError, as for one worker.
    reuse_port_socket(config.host, config.port, shared=False).close()
    held = reuse_port_socket(config.host, config.port)  # the address taken meanwhile
    config.port = held.getsockname()[1]  # `--port 0`: the one port the system chose, for every worker
    # uvicorn's supervisor makes its workers by its module's name `Process`: ours, for as long as it runs.
    theirs, multiprocess.Process = multiprocess.Process, OwnSocketProcess  # type: ignore[misc]
    try:
        multiprocess.Multiprocess(config, sockets=[held]).run()
    finally:
        multiprocess.Process = theirs  # type: ignore[misc]
        held.close()
