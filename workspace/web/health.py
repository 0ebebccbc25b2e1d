"""GET /healthz and GET /readyz, for the load balancer and the orchestrator in front of Accord.

/healthz says the process answers, reading nothing. /readyz says whether this worker can serve: the database
reachable and migrated to this code's head, Redis reachable (when set), the job queue reachable (when this
process uses one) and the object store of publication files reachable (when set); 200 with each check's state,
503 naming what is not ready. Each check runs in a thread of its own and is given CHECK_SECONDS: a service that
hangs answers "timed out" instead of hanging the probe (the thread ends when its own timeout does).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from litestar import Response, get

from ..services import operations
from .http import AnyRequest

log = logging.getLogger("accord.health")
CHECK_SECONDS = 1.0
_CHECKS = ThreadPoolExecutor(8, thread_name_prefix="accord-readyz")  # never the request threads: a hung check
NO_STORE = {"Cache-Control": "no-store"}


@get("/healthz", include_in_schema=False)
async def healthz() -> Response[dict[str, str]]:
    """The process answers: nothing read, nothing asked of anyone."""
    return Response({"status": "ok"}, headers=NO_STORE)


@get("/readyz", include_in_schema=False)
async def readyz(request: AnyRequest) -> Response[dict[str, Any]]:
    state = request.app.state
    checks: dict[str, Callable[[], str]] = {"database": lambda: operations.database_state(state.db)}
    settings = state.settings
    if settings.redis_url:
        checks["redis"] = lambda: _redis(settings.redis_url)
    jobs = state.get("jobs")
    if jobs is not None:
        checks["queue"] = lambda: _queue(jobs.huey)
    objects = state.db.objects
    if objects is not None:
        checks["storage"] = lambda: _storage(objects)
    names = list(checks)
    states = await asyncio.gather(*(_within(checks[name]) for name in names))
    found = dict(zip(names, states, strict=True))
    if "storage" not in found:
        found["storage"] = "ok (in the database)" if found["database"] == "ok" else found["database"]
    ready = all(value.startswith("ok") for value in found.values())
    return Response({"ready": ready, "checks": found}, status_code=200 if ready else 503, headers=NO_STORE)


async def _within(check: Callable[[], str]) -> str:
    """`check`'s answer, or why there is none: a raised error's kind and words, or "timed out"."""
    try:
        return await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(_CHECKS, check), timeout=CHECK_SECONDS)
    except TimeoutError:
        return f"unreachable: timed out after {CHECK_SECONDS:g} s"
    except Exception as exc:  # noqa: BLE001 - whatever failed is the answer, said in a word
        # The probe answers anyone: the kind of failure only; its words (addresses, names) go to the log.
        log.warning("readiness check failed: %s", exc)
        return f"unreachable: {exc.__class__.__name__}"


def _redis(url: str) -> str:
    from redis import Redis

    client = Redis.from_url(url, socket_timeout=CHECK_SECONDS, socket_connect_timeout=CHECK_SECONDS)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def _queue(huey: Any) -> str:
    huey.pending_count()  # reads the queue's storage (Redis, or its SQLite file)
    return "ok"


def _storage(objects: Any) -> str:
    objects.client.head_bucket(Bucket=objects.bucket)
    return "ok"
