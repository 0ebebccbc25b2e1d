"""Who is asking and in which language: resolved once per request, before the handler."""

from __future__ import annotations

import re

import anyio
from litestar import Request
from litestar.datastructures import State

from .. import i18n
from ..domain.errors import N_, NotAuthenticated
from ..services import accounts, processes
from ..services.views import Actor

LANG_COOKIE = "accord_lang"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_PROCESS_PATH = re.compile(r"^/(?:api/processes|p)/([a-z0-9-]+)")


def _resolve(request: Request, state: State) -> tuple[Actor | None, str]:
    db = state.db
    actor: Actor | None = None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        actor = accounts.actor_for_token(db, auth[7:].strip())
    elif "user_id" in (request.session or {}):
        # The API accepts the browser's session only for reading: writes need a token (no CSRF there).
        if not request.url.path.startswith("/api") or request.method in SAFE_METHODS:
            actor = accounts.get_actor(db, int(request.session["user_id"]))
    process_language = None
    match = _PROCESS_PATH.match(request.url.path)
    if match:
        process_language = processes.source_language(db, match.group(1))
    choice = (actor.locale if actor else None) or request.cookies.get(LANG_COOKIE)
    locale = i18n.negotiate(request.headers.get("accept-language"), choice, process_language, state.settings.default_locale)
    return actor, locale


async def before_request(request: Request) -> None:
    """Set `request.state.actor` and the request's locale (a ContextVar read by gettext)."""
    i18n.set_locale(i18n.negotiate(request.headers.get("accept-language"), request.cookies.get(LANG_COOKIE)))
    actor, locale = await anyio.to_thread.run_sync(_resolve, request, request.app.state)
    request.state.actor = actor
    i18n.set_locale(locale)


def current_actor(request: Request) -> Actor | None:
    return request.state.actor if "actor" in request.state else None


def signed_in(request: Request) -> Actor:
    actor = current_actor(request)
    if actor is None:
        raise NotAuthenticated(N_("Please sign in first."))
    return actor
