"""GET /metrics: Accord's metrics in Prometheus's text format (workspace/metrics.py), for whoever holds
ACCORD_METRICS_TOKEN. Unset, the route answers 404 as an unknown address would: nothing is served to the
public by default, and nothing says the route is there."""

from __future__ import annotations

import hmac

import anyio
from litestar import Response, get
from litestar.exceptions import NotFoundException

from .. import metrics
from ..services import operations
from .http import AnyRequest
from .responses import handed


@get("/metrics", include_in_schema=False)
async def scrape(request: AnyRequest) -> Response[bytes]:
    token: str = request.app.state.settings.metrics_token
    if not token:
        raise NotFoundException()
    given = request.headers.get("authorization", "")
    if not given.lower().startswith("bearer "):
        return _refused(401, "a bearer token is required", {"WWW-Authenticate": 'Bearer realm="metrics"'})
    if not hmac.compare_digest(given[7:].strip().encode(), token.encode()):
        return _refused(403, "this token does not open the metrics")
    body = await anyio.to_thread.run_sync(_read, request)
    return Response(body, media_type=handed(metrics.CONTENT_TYPE), headers={"Cache-Control": "no-store"})


def _read(request: AnyRequest) -> bytes:
    state = request.app.state
    jobs = state.get("jobs")
    return metrics.exposition(
        metrics.QueueCollector(
            depth=(lambda: int(jobs.huey.pending_count())) if jobs is not None else (lambda: None),
            oldest=lambda: operations.oldest_work_age(state.db),
        )
    )


def _refused(status: int, words: str, headers: dict[str, str] | None = None) -> Response[bytes]:
    return Response(
        (words + "\n").encode(),
        status_code=status,
        media_type="text/plain",
        headers={"Cache-Control": "no-store", **(headers or {})},
    )
