"""A parent of test servers that has imported the app once: each server it is asked for is a fork of it, serving
in about a tenth of a second where a new interpreter spends a second and a half importing the app and uvicorn.

Run as `python -m tests.e2e.zygote` by tests/e2e/server.py, one per test process. Each line it reads is a JSON
request {"env", "cwd", "log", "factory", "port", "argv"}; it answers with the pid of the server it forked: uvicorn
serving `factory`, or, given `argv`, `accord serve` itself (the command's own code and options, without the second and
a half a new interpreter spends importing them). It forks from
its only thread, before any database or event loop exists, and its children are reaped by the kernel (SIGCHLD
ignored), so a stopped server leaves no process behind.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys

import uvicorn

import tests.e2e.server  # noqa: F401 - the quick-hashing factory and what it imports
import workspace.cli
import workspace.web.app  # the app's modules, imported once for every fork


def serve(request: dict) -> None:
    """In the child: the request's environment, folder and log, then uvicorn until it is stopped."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the server waits for its own children (renderers)
    os.setsid()  # a process group of its own: stopped, it takes its children with it (server.running_server)
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.stdout = os.fdopen(1, "w", buffering=1)
    sys.stderr = os.fdopen(2, "w", buffering=1)
    if request.get("argv") is not None:
        workspace.cli.main(request["argv"], prog_name="accord", standalone_mode=False)
        return
    # Without uvicorn's access line, as `accord serve` runs (it printed mailed links' tokens): Accord's own logs. A stop
    # waits for requests under way as `accord serve` does, ACCORD_SHUTDOWN_SECONDS (server.running_server sets it).
    uvicorn.run(
        request["factory"],
        factory=True,
        host="127.0.0.1",
        port=request["port"],
        proxy_headers=False,
        access_log=False,
        timeout_graceful_shutdown=int(os.environ["ACCORD_SHUTDOWN_SECONDS"]),
    )


def main() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    gc.freeze()  # what every fork shares as imported: its collector never walks (nor copies) those pages
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                serve(request)
            except BaseException:  # noqa: BLE001 - whatever stopped the server, the child never returns here
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        print(pid, flush=True)


if __name__ == "__main__":
    main()
