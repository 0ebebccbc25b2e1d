"""Security headers on every answer, and the API documentation served from the package.

Pages run no inline script (Content-Security-Policy `script-src 'self'`); only the API
documentation lets Redoc add its own styles and run its search worker.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html import escape
from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.types import Message, Scope

from .http import AnyRequest

PAGES_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'"
)


def security_headers(secure: bool) -> Callable[[Message, Scope], Awaitable[None]]:
    """A `before_send` hook: it sees every answer, 404s of unknown paths included."""

    async def add(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        headers["Content-Security-Policy"] = DOCS_POLICY if scope["path"].startswith("/schema") else PAGES_POLICY
        headers["X-Frame-Options"] = "DENY"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        if secure:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    return add


class LocalRedoc(OpenAPIRenderPlugin):
    """Redoc from /static, started by a script file: no CDN, and no inline script for the CSP to allow."""

    def __init__(self, path: str = "/") -> None:
        super().__init__(path=path)

    def render(self, request: AnyRequest, openapi_schema: dict[str, Any]) -> bytes:
        title = escape(str(openapi_schema.get("info", {}).get("title", "API")))
        spec = escape(self.get_openapi_json_route(request))
        return (
            '<!doctype html><html><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{title}</title><link rel="icon" href="/static/favicon.svg"></head><body>'
            f'<div id="redoc-container" data-spec="{spec}"></div>'
            '<script src="/static/vendor/redoc/redoc.standalone.js"></script>'
            '<script src="/static/api-docs.js"></script></body></html>'
        ).encode()
