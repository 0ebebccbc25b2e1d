"""The one place errors become HTTP: JSON for the API, a readable page for browsers."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus

from litestar import MediaType, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.handlers import HTTPRouteHandler
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from .. import i18n
from ..domain import errors as domain
from ..domain.errors import N_
from ..i18n import gettext as _
from ..services import processes
from .access_log import UNMATCHED
from .context import current_actor, reader_of, start_request_locale
from .decoder_words import in_words
from .http import AnyRequest, AnyResponse

_PROCESS_PAGE = re.compile(r"^/p/([a-z0-9-]+)")

log = logging.getLogger("accord")

STATUS: dict[type[domain.AccordError], int] = {
    domain.BadRequest: 400,
    domain.NotAuthenticated: 401,
    domain.Forbidden: 403,
    domain.NotFound: 404,
    domain.Conflict: 409,
    domain.InvalidInput: 422,
    domain.Busy: 503,
    domain.TooMany: 429,
    domain.Unsupported: 415,
}

HTTP_TITLES = {
    400: N_("The request could not be understood."),
    401: N_("Please sign in first."),
    403: N_("You are not allowed to do this."),
    404: N_("This page does not exist."),
    405: N_("This method is not allowed here."),
    409: N_("This conflicts with the current state."),
    413: N_("The request is too large."),
    415: N_("This content type is not supported."),
    422: N_("Some of the information given is not valid."),
    429: N_("Too many requests."),
    500: N_("Something went wrong on our side."),
    503: N_("Accord is busy; please try again in a moment."),
}


def status_of(exc: domain.AccordError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def wants_json(request: AnyRequest) -> bool:
    """The API's requests, and a page's script that asks for JSON (a meeting's console sends its forms so)."""
    return request.url.path.startswith(("/api", "/schema")) or asks_json(request)


def asks_json(request: AnyRequest) -> bool:
    """A page's form sent by its script, which asks for the answer as JSON rather than the page."""
    return "application/json" in request.headers.get("accept", "")


def respond(request: AnyRequest, status: int, message: str, detail: object = None) -> AnyResponse:
    if wants_json(request):
        return Response({"error": message, "detail": detail}, status_code=status, media_type=MediaType.JSON)
    if status == 401:
        return Redirect(f"/signin?next={request.url.path}")
    context: dict[str, object] = {
        "status": status,
        "message": message,
        "detail": detail if isinstance(detail, (str, dict, list)) else None,
        "reader": reader_of(request, speak=True),
    }
    process = _process_of(request) if status == 403 else None
    if process is not None:  # a member refused one action keeps the process's tabs
        context.update(process=process, tab="")
    return Template(
        "process/error.html" if process is not None else "error.html",
        context=context,
        status_code=status,
        media_type=MediaType.HTML,
    )


def _process_of(request: AnyRequest) -> object | None:
    """The process a refused page belongs to, when the person may read it (never for outsiders)."""
    match = _PROCESS_PAGE.match(request.url.path)
    actor = current_actor(request)
    if match is None or actor is None:
        return None
    try:
        return processes.get_process(request.app.state.db, actor, match.group(1))
    except domain.AccordError:
        return None


def domain_error(request: AnyRequest, exc: domain.AccordError) -> AnyResponse:
    if not request.url.path.startswith("/api"):
        reader_of(request, speak=True)  # who reads the page, and so its language, before its words are chosen
    detail = exc.detail
    also = getattr(exc, "also", ())
    if also or isinstance(
        exc, domain.ImportRefused
    ):  # every refused field (or unit of a file) at once, the first leading
        detail = {**(detail if isinstance(detail, dict) else {}), "errors": [_entry(e) for e in (exc, *also)]}
    response = respond(request, status_of(exc), exc.render(i18n.translate), detail)
    if isinstance(exc, (domain.Busy, domain.TooMany)):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _entry(exc: domain.AccordError) -> dict[str, object]:
    entry: dict[str, object] = {
        "field": exc.detail.get("field") if isinstance(exc.detail, dict) else None,
        "message": exc.render(i18n.translate),
    }
    if isinstance(exc, domain.ImportFailed):
        entry.update(file=exc.file, line=exc.line)
    return entry


def http_error(request: AnyRequest, exc: HTTPException) -> AnyResponse:
    if "locale_started" not in request.state:
        # Refused by the router (no such route, method) before any hook ran: the browser's language.
        start_request_locale(request)
    if not wants_json(request) and exc.status_code != 401:
        reader_of(request, speak=True)  # who reads the page, and so its language, before its words are chosen
    status = exc.status_code
    message = _(HTTP_TITLES.get(status, HTTP_TITLES[400 if status < 500 else 500]))
    response = respond(request, status, message, _detail(request, exc))
    if exc.headers:  # a 405's `Allow`: the methods the path has
        response.headers.update(exc.headers)
    return response


def _detail(request: AnyRequest, exc: HTTPException) -> object:
    """What an HTTP error says beyond its status's message, in the reader's language."""
    status = exc.status_code
    if isinstance(exc, ValidationException):
        return _invalid(exc.extra or exc.detail)
    if status == 413:  # Litestar says it in English only
        return _(
            N_("The request body is over %(size)s, the most this server accepts."),
            size=i18n.format_size(_body_limit(request)),
        )
    if status < 500 and exc.detail and not isinstance(exc, (NotAuthorizedException, PermissionDeniedException)):
        # Litestar's default detail is the status's English phrase ("Not Found"): the message says it already.
        return None if exc.detail == HTTPStatus(status).phrase else in_words(exc.detail)
    return None


def _invalid(detail: object) -> object:
    """Litestar's own wording of what is wrong with the body or the query; but for no body at all, which it says as
    a bare key name (`'data'`), ours."""
    if isinstance(detail, str):
        return in_words(detail)
    if not isinstance(detail, list):
        return detail
    return [
        {**item, "message": _(N_("This request needs a JSON body."))}
        if _no_body(item)
        else {**item, "message": in_words(item["message"])}
        if isinstance(item, dict) and isinstance(item.get("message"), str)
        else item
        for item in detail
    ]


def _body_limit(request: AnyRequest) -> int:
    """The most the route asked accepts: its own limit (a Word file's upload takes 20 MiB), else the server's."""
    handler = request.scope.get("route_handler")
    limit = handler.resolve_request_max_body_size() if isinstance(handler, HTTPRouteHandler) else None
    return limit or int(request.app.state.settings.max_body_bytes)


def _no_body(item: object) -> bool:
    return isinstance(item, dict) and item.get("source") == "body" and item.get("message") == "'data'"


def server_error(request: AnyRequest, exc: Exception) -> AnyResponse:
    """Never a traceback to the reader; the log keeps it."""
    # By the route's template, as the access line names it: the path asked may hold a mailed link's token.
    route = request.scope.get("path_template") or UNMATCHED
    log.exception("unhandled error on %s %s", request.method, route, exc_info=exc)
    return respond(request, HTTP_500_INTERNAL_SERVER_ERROR, _(HTTP_TITLES[500]))


def undecodable(request: AnyRequest, exc: Exception) -> AnyResponse:
    """A body the JSON decoder gives up on: bytes that are not UTF-8, or nesting deeper than it recurses. A request
    without a body (a GET) has nothing to blame: a recursion there is Accord's own error, logged as any other."""
    if isinstance(exc, RecursionError) and not _has_body(request):
        return server_error(request, exc)
    message = (
        N_("The request body is not UTF-8 text.")
        if isinstance(exc, UnicodeDecodeError)
        else N_("The request body is nested too deeply.")
    )
    return respond(request, 400, _(HTTP_TITLES[400]), _(message))


def _has_body(request: AnyRequest) -> bool:
    return request.headers.get("content-length", "0").strip() not in ("", "0") or "transfer-encoding" in request.headers


HANDLERS = {
    domain.AccordError: domain_error,
    HTTPException: http_error,
    UnicodeDecodeError: undecodable,
    RecursionError: undecodable,
    Exception: server_error,
}
