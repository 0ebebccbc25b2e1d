"""A server whose workers are slow to start, for tests/web/test_workers.py: `python -m tests.web.slow_worker PORT`
serves, through workspace/serving.py, one worker that answers its process id, with a health check of one second.
Each spawned worker imports its parent's main module (this one) again before it can answer the supervisor, as
Accord's import `workspace.cli`; here that import waits SLOW seconds, longer than the health check, as a busy
machine made `workspace.cli`'s take longer than uvicorn's five."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

SLOW = 2.5

if __name__ == "__mp_main__":  # in a worker, importing its parent's main module
    time.sleep(SLOW)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": str(os.getpid()).encode()})


if __name__ == "__main__":
    from uvicorn import Config

    from workspace.serving import serve

    serve(
        Config(
            "tests.web.slow_worker:app",
            port=int(sys.argv[1]),
            workers=1,
            lifespan="off",
            timeout_worker_healthcheck=1,
        )
    )
