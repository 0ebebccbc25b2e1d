"""What every request shares: its transaction, who is asking, and in which language.

The request's work runs in one transaction (a `Unit`) that begins and ends in the handler's thread
(see routes.py): committed if the handler succeeded, rolled back if it raised. GET and HEAD read;
POST, PUT and DELETE write. A read finds who is asking and the process's language in that same
transaction; a write in one short read before it (see `provide_actor`).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from typing import NamedTuple

import anyio
from litestar import Request
from litestar.di import NamedDependency
from litestar.handlers import BaseRouteHandler
from sqlalchemy.exc import SQLAlchemyError

from .. import i18n
from ..domain.errors import N_, NotAuthenticated
from ..services import accounts, processes, unread
from ..services.actor import Actor
from ..services.notifications.outward import Outward
from ..services.unit import Db, Store, Unit
from ..store.db import transaction
from .allow import answer_options
from .http import AnyConnection, AnyRequest, AnyResponse
from .openapi import PublicOperation
from .query_names import refuse_unknown_query

LANG_COOKIE = "accord_lang"
CSRF_COOKIE = "accord_csrf"
SIGN_IN = "sign_in"  # the session's key for the random id of the sign-in (see services/accounts/sign_ins.py)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_PROCESS_PATH = re.compile(r"^/(?:api/processes|p)/([a-z0-9-]+)")


async def before_request(request: AnyRequest) -> AnyResponse | None:
    """Until the person is known: the language the browser asks for (no database needed); an API
    operation refuses a query parameter it does not take (in that language); OPTIONS is answered here."""
    start_request_locale(request)
    refuse_unknown_query(request)
    return answer_options(request)


def start_request_locale(request: AnyConnection) -> None:
    i18n.start_locale(i18n.negotiate(request.headers.get("accept-language"), request.cookies.get(LANG_COOKIE)))
    request.state.locale_started = True


def browser_language(request: AnyConnection) -> str | None:
    """The language this browser reads Accord in, of ours (None: it asks for none): kept when a person signs in with
    it, for the mails of an account that says "the language of my browser" (issue 67)."""
    return i18n.browser_language(request.headers.get("accept-language"), request.cookies.get(LANG_COOKIE))


def provide_store(request: AnyRequest) -> Store:
    """The store itself, for the few handlers that manage their own transactions (sign-in)."""
    return request.app.state.db  # type: ignore[no-any-return]


async def provide_unit(request: AnyRequest) -> AsyncIterator[Unit]:
    """The request's transaction. The handler's thread finishes it; this only closes what an
    error left open before the handler ran."""
    unit = Unit(request.app.state.db, write=request.method not in SAFE_METHODS)
    try:
        yield unit
    except BaseException as exc:
        if unit.pending:
            await anyio.to_thread.run_sync(unit.finish, exc)
        raise
    if unit.pending:  # the handler's thread finished it, as it does but for an async handler
        await anyio.to_thread.run_sync(unit.finish, None)


def identify(request: AnyRequest, store: Db, slug: str | None = None) -> Actor | None:
    """Who is asking: the person of the bearer token (401 for a token that is not valid), or of the browser's
    session, which the API accepts only for reading (writes need a token: no CSRF there). A session that was
    ended (signed out, password changed) signs nobody in, whatever its cookie. With `slug` (the process of the
    address), the session's person is read with that process and their role in it."""
    page = not request.url.path.startswith("/api")  # a page's header shows the person's unread count: read with them
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return accounts.actor_for_token(store, auth[7:].strip(), slug, unread=page)
    if request.session and SIGN_IN in request.session and (page or request.method in SAFE_METHODS):
        return accounts.actor_for_sign_in(
            store, int(request.session.get("user_id", 0)), str(request.session[SIGN_IN]), slug, unread=page
        )
    return None


async def requires_sign_in(connection: AnyConnection, handler: BaseRouteHandler) -> None:
    """The API's guard: an operation that is not public (`security: []` in the document) answers 401 to an
    anonymous caller before anything else of the request is read (its body, query and path values): a
    stranger learns nothing from its 400s and 422s. OPTIONS answers anyone."""
    request = connection
    if (
        not isinstance(request, Request)
        or request.method == "OPTIONS"
        or issubclass(getattr(handler, "operation_class", object), PublicOperation)
    ):
        return
    if "locale_started" not in request.state:
        start_request_locale(request)  # the 401 speaks the browser's language
    actor = await anyio.to_thread.run_sync(identify, request, request.app.state.db)
    if actor is None:
        raise NotAuthenticated(N_("Please sign in first."))
    request.state.identified = actor


class FoundInThread(NamedTuple):
    """Who asks, found by the handler's own thread (`routes.finishing`) before the handler runs: a request then
    crosses to a thread once, not once for this and again for the handler (each crossing wakes the event loop
    and waits for the GIL: a tenth of a plenary's page)."""

    request: AnyRequest
    store: Store
    db: Unit

    def find(self) -> Actor | None:
        return _actor(self.request, self.store, self.db)


async def provide_actor(
    request: AnyRequest, store: NamedDependency[Store], db: NamedDependency[Unit]
) -> Actor | FoundInThread | None:
    """Who is asking (token, or the browser's session; found by the API's guard already), and the language they
    read: in the handler's thread when the handler is a `finishing` one, else in a thread of its own."""
    if getattr(request.route_handler.fn, "finds_actor", False):
        return FoundInThread(request, store, db)
    return await anyio.to_thread.run_sync(_actor, request, store, db)


def _actor(request: AnyRequest, store: Store, db: Unit) -> Actor | None:
    """A read request reads who asks in its own transaction. A write reads them in one short read before its own:
    its transaction takes the write lock when it begins (the whole database's on SQLite), and would hold it from
    here, across the hand-over to the handler's thread, and while an import reads its file (services/heavy.py);
    in a burst of writes that wait made some of them answer 503 (tests/web/test_paced_races.py)."""
    if not db.write:
        return _resolve(request, db, db)
    with transaction(store, write=False) as tx:
        return _resolve(request, tx, db)


def provide_asker(request: AnyRequest, db: NamedDependency[Unit]) -> Callable[[], Actor | None]:
    """Who is asking and the language they read, found when the handler calls it: in its thread, in the request's
    own transaction, not in reads of their own before it (a write page that does little else)."""
    return lambda: _resolve(request, db, db)


def _resolve(request: AnyRequest, source: Db, db: Unit) -> Actor | None:
    match = _PROCESS_PATH.match(request.url.path)
    slug = match.group(1) if match else None
    actor: Actor | None = request.state.identified if "identified" in request.state else identify(request, source, slug)
    if actor is not None and db.write and request.headers.get("authorization", "").lower().startswith("bearer "):
        # Its last use is recorded by changes only, in their transaction: reads never write.
        token = request.headers["authorization"][7:].strip()
        db.before_commit(lambda tx: accounts.touch_token(tx, token))
    process_language = None
    if slug is not None:
        # Only for people who belong to the process: an outsider's answer must not depend on it.
        process_language = processes.source_language(source, actor, slug)
    choice = (actor.locale if actor else None) or request.cookies.get(LANG_COOKIE)
    i18n.set_locale(
        i18n.negotiate(
            request.headers.get("accept-language"), choice, process_language, request.app.state.settings.default_locale
        )
    )
    request.state.actor = actor
    if actor is not None and not request.url.path.startswith("/api"):
        request.state.unread = unread.unread_count(source, actor)  # read with who asks: no statement of its own
    return actor


def reader_of(request: AnyRequest, *, speak: bool = False) -> Actor | None:
    """Who reads a page: who asked, as its handler found them; else (a page that does not ask who reads it, as the
    public's; an error page, of an address no route has) the person of the browser's session, found here, so that
    the page's header names them rather than offering to sign in. `speak`: the page speaks their language too (an
    error page's; a public page keeps the one its handler chose, whoever reads it). Without a handler (an error
    handler runs on the event loop), one short read, on such pages only; a store that fails it leaves the page as it
    was (nobody named)."""
    if "actor" in request.state:
        return current_actor(request)
    request.state.actor = None
    session = request.scope.get("session")
    if not isinstance(session, dict):
        sessions = request.app.state.get("sessions")
        session = sessions.read_now(request) if sessions is not None else {}
    if SIGN_IN not in session:
        return None
    try:
        with transaction(request.app.state.db, write=False) as tx:
            actor = accounts.actor_for_sign_in(tx, int(session.get("user_id", 0)), str(session[SIGN_IN]), unread=True)
            if actor is not None:
                request.state.unread = unread.unread_count(tx, actor)
    except (SQLAlchemyError, OSError):
        return None
    if actor is not None and speak:
        choice = actor.locale or request.cookies.get(LANG_COOKIE)
        settings = request.app.state.settings
        i18n.set_locale(i18n.negotiate(request.headers.get("accept-language"), choice, None, settings.default_locale))
    request.state.actor = actor
    return actor


def client_address(request: AnyRequest) -> str:
    """Where the request comes from (the peer; a reverse proxy's own address when behind one)."""
    return request.client.host if request.client else ""


def absolute(request: AnyRequest, path: str) -> str:
    """`path` as a full address on the public URL (a link to send to someone): never made from the
    request's Host header, which anyone can set."""
    return str(request.app.state.settings.public_url).rstrip("/") + path


def files_later(request: AnyRequest) -> bool:
    """A job queue runs (`jobs` in the app's state): slow work such as a publication's files is its."""
    return "jobs" in request.app.state


def outward(request: AnyRequest) -> Outward:
    settings = request.app.state.settings
    return Outward(settings.public_url, settings.secret_key)


def current_actor(request: AnyRequest) -> Actor | None:
    return request.state.actor if "actor" in request.state else None


def signed_in(request: AnyRequest) -> Actor:
    actor = current_actor(request)
    if actor is None:
        raise NotAuthenticated(N_("Please sign in first."))
    return actor
