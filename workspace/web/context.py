"""What every request shares: its transaction, who is asking, and in which language.

Who is asking is read first, in a short read of its own. The request's work then runs in one
transaction (a `Unit`) that begins and ends in the handler's thread (see routes.py): committed if
the handler succeeded, rolled back if it raised. GET and HEAD read; POST, PUT and DELETE write.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import anyio
from litestar import Request
from litestar.di import NamedDependency

from .. import i18n
from ..domain.errors import N_, NotAuthenticated
from ..services import accounts, processes
from ..services.actor import Actor
from ..services.notifications.outward import Outward
from ..services.unit import Store, Unit
from .query_names import refuse_unknown_query

LANG_COOKIE = "accord_lang"
CSRF_COOKIE = "accord_csrf"
SIGN_IN = "sign_in"  # the session's key for the random id of the sign-in (see services/accounts/sign_ins.py)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_PROCESS_PATH = re.compile(r"^/(?:api/processes|p)/([a-z0-9-]+)")


async def before_request(request: Request) -> None:
    """Until the person is known: the language the browser asks for (no database needed); an API
    operation refuses a query parameter it does not take (in that language)."""
    start_request_locale(request)
    refuse_unknown_query(request)


def start_request_locale(request: Request) -> None:
    i18n.start_locale(i18n.negotiate(request.headers.get("accept-language"), request.cookies.get(LANG_COOKIE)))
    request.state.locale_started = True


def provide_store(request: Request) -> Store:
    """The store itself, for the few handlers that manage their own transactions (sign-in)."""
    return request.app.state.db  # type: ignore[no-any-return]


async def provide_unit(request: Request) -> AsyncIterator[Unit]:
    """The request's transaction. The handler's thread finishes it; this only closes what an
    error left open before the handler ran."""
    unit = Unit(request.app.state.db, write=request.method not in SAFE_METHODS)
    try:
        yield unit
    except BaseException as exc:
        await anyio.to_thread.run_sync(unit.finish, exc)
        raise
    await anyio.to_thread.run_sync(unit.finish, None)


def provide_actor(request: Request, store: NamedDependency[Store], db: NamedDependency[Unit]) -> Actor | None:
    """Who is asking (token, or the browser's session), and the language they read: one short read."""
    actor: Actor | None = None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
        actor = accounts.actor_for_token(store, token)
        if db.write:  # its last use is recorded by changes only, in their transaction: reads never write
            db.before_commit(lambda tx: accounts.touch_token(tx, token))
    elif request.session and SIGN_IN in request.session and (not request.url.path.startswith("/api") or request.method in SAFE_METHODS):
        # The API accepts the browser's session only for reading: writes need a token (no CSRF there).
        # A session that was ended (signed out, password changed) signs nobody in, whatever its cookie.
        actor = accounts.actor_for_sign_in(store, int(request.session.get("user_id", 0)), str(request.session[SIGN_IN]))
    process_language = None
    match = _PROCESS_PATH.match(request.url.path)
    if match:
        # Only for people who belong to the process: an outsider's answer must not depend on it.
        process_language = processes.source_language(store, actor, match.group(1))
    choice = (actor.locale if actor else None) or request.cookies.get(LANG_COOKIE)
    i18n.set_locale(i18n.negotiate(request.headers.get("accept-language"), choice, process_language,
                                   request.app.state.settings.default_locale))
    request.state.actor = actor
    return actor


def client_address(request: Request) -> str:
    """Where the request comes from (the peer; a reverse proxy's own address when behind one)."""
    return request.client.host if request.client else ""


def absolute(request: Request, path: str) -> str:
    """`path` as a full address on the public URL (a link to send to someone): never made from the
    request's Host header, which anyone can set."""
    return str(request.app.state.settings.public_url).rstrip("/") + path


def files_later(request: Request) -> bool:
    """A job queue runs (`jobs` in the app's state): slow work such as a publication's files is its."""
    return "jobs" in request.app.state


def outward(request: Request) -> Outward:
    settings = request.app.state.settings
    return Outward(settings.public_url, settings.secret_key)


def current_actor(request: Request) -> Actor | None:
    return request.state.actor if "actor" in request.state else None


def signed_in(request: Request) -> Actor:
    actor = current_actor(request)
    if actor is None:
        raise NotAuthenticated(N_("Please sign in first."))
    return actor
