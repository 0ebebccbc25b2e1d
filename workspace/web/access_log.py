"""Every HTTP request: its id, one JSON line on the `accord.access` logger, and its time in the metrics.

The whole of the app's ASGI handler is wrapped (as Litestar's OpenTelemetry plugin wraps it), outside its routing
and its exception handlers: the status counted is the one sent, a 404 of an unknown address and a domain error's
answer included. Routes are named by their template (`/p/{slug:str}/drafts`), never by the path asked, which may
hold a token (an invitation's, a password reset's) and would make a metric per address; a line names who asked by
their account's id only, never by an e-mail address.

It is the server's access log: `accord serve` turns uvicorn's off, whose line printed the path and query asked (a
mailed link's token on merely opening its page, an OpenID `code`) and the client's address. The address is left out
here too: it is personal data, and a log kept outside the database would keep it past an account's erasure; a proxy
in front logs it under the operator's own rules, and the request id ties its line to this one.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from litestar import Litestar
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

from .. import metrics, tracing

log = logging.getLogger("accord.access")
HEADER = "X-Request-ID"
UNMATCHED = "unmatched"  # the route of a request no route took (a 404 of an unknown address, a bad Host)


def log_requests(app: Litestar) -> None:
    """Wrap `app`'s handler of HTTP requests (websockets and the lifespan pass by)."""
    app.asgi_handler = _logged(app.asgi_handler)


def _logged(inner: ASGIApp) -> ASGIApp:
    async def handle(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await inner(scope, receive, send)
            return
        http = scope
        started = time.perf_counter()
        request_id = tracing.request_id_from(_header(scope, b"x-request-id"))
        status = 500  # an answer never started: the server's error

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)[HEADER] = request_id
            await send(message)

        try:
            with tracing.request_scope(request_id):
                await inner(scope, receive, sending)
        finally:
            seconds = time.perf_counter() - started
            route = http.get("path_template") or UNMATCHED
            metrics.observe_request(route, http["method"], status, seconds)
            log.info(json.dumps(_line(http, route, status, seconds, request_id), separators=(",", ":")))

    return handle


def _line(scope: HTTPScope, route: str, status: int, seconds: float, request_id: str) -> dict[str, Any]:
    line: dict[str, Any] = {
        "method": scope["method"],
        "route": route,
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
        "request_id": request_id,
    }
    user_id = _user_id(scope)
    if user_id is not None:
        line["user_id"] = user_id
    return line


def _user_id(scope: Scope) -> int | None:
    """The account that asked, as the request found it (web/context.py keeps it in the request's state)."""
    state = scope.get("state") or {}
    actor = state.get("actor") or state.get("identified")
    user_id = getattr(actor, "id", None)
    return user_id if isinstance(user_id, int) and user_id > 0 else None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value).decode("latin-1")
    return None
