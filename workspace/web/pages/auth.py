"""Sign in, sign out, and the interface language."""

from __future__ import annotations

from typing import Any

import litestar
from litestar.response import Redirect

from ...domain.errors import AccordError, NotAuthenticated, TooMany
from ...domain.people import ChooseLocale
from ...domain.vocabulary import parse_language
from ...services import accounts, publication
from ...services.actor import Actor
from ...services.unit import Db as Store
from ..context import CSRF_COOKIE, LANG_COOKIE, SIGN_IN, browser_language, client_address
from ..errors import respond
from ..http import AnyRequest, AnyResponse
from ..params import Db, Query, StoreDep, Who
from ..routes import get, post
from .common import page
from .forms import Form, PageForm, local_path, see_other
from .refusals import Sent, shown_again


@litestar.get("/", include_in_schema=False, sync_to_thread=False)
def home(actor: Who) -> Redirect:
    return Redirect("/processes" if actor else "/signin")


@litestar.get("/favicon.ico", include_in_schema=False, sync_to_thread=False)
def favicon() -> Redirect:
    return Redirect("/static/favicon.svg", status_code=301)


@get("/signin", include_in_schema=False)
def signin_form(request: AnyRequest, db: Db, next: Query = None) -> AnyResponse:
    """Signing in, and the declarations published, for anyone who comes by: the public side at once."""
    return page(request, "auth/signin.html", next=next, published=publication.published_declarations(db))


class SignIn(PageForm):
    email: str = ""
    password: str = ""
    next: str = ""


def _signin_again(
    request: AnyRequest, data: SignIn, status: int, error: str, refusal: AccordError, **_: Any
) -> AnyResponse:
    """The sign-in page again with the address typed (never the password); a 429 says when to try again."""
    response = page(request, "auth/signin.html", status, error=error, email=data.email, next=_next(data))
    if isinstance(refusal, TooMany):
        response.headers["Retry-After"] = str(refusal.retry_after)
    return response


def _next(data: SignIn) -> str:
    return local_path(data.next, "/processes")


@post("/signin", include_in_schema=False)
@shown_again(_signin_again, shows=(NotAuthenticated, TooMany))
def signin(request: AnyRequest, store: StoreDep, data: Form[SignIn]) -> AnyResponse:
    actor = accounts.authenticate(store, data.email, data.password, client_address(request))
    return into_session(request, store, actor, _next(data))


def into_session(request: AnyRequest, store: Store, actor: Actor, to: str, via: str = "password") -> Redirect:
    """`actor` signed in (`via` a password, a mailed link) in a new session, a new CSRF token with it, the browser's
    language kept for their mails; on to `to`."""
    started = accounts.start_sign_in(store, actor, via=via, browser=browser_language(request))
    request.set_session({"user_id": actor.id, SIGN_IN: started})
    redirect = see_other(to)
    redirect.delete_cookie(CSRF_COOKIE)  # a new CSRF token for the new session
    return redirect


@post("/signout", include_in_schema=False)
def signout(request: AnyRequest, store: StoreDep) -> Redirect:
    """Ends this session for good: a copy of the cookie no longer signs anyone in."""
    if request.session and request.session.get(SIGN_IN):
        accounts.end_sign_in(store, request.session[SIGN_IN])
    request.clear_session()
    return see_other("/signin")


def _language_refused(request: AnyRequest, status: int, error: str, **_: Any) -> AnyResponse:
    """A language Accord does not speak: said as any refusal of a page with nothing to show again."""
    return respond(request, status, error)


@post("/language", include_in_schema=False)
@shown_again(_language_refused)
def choose_language(request: AnyRequest, db: Db, actor: Who, data: Form[ChooseLocale], sent: Sent) -> Redirect:
    """Remember the choice on the account when signed in, and in a cookie for everyone (`next`: the page to go back
    to, sent beside it)."""
    locale = data.locale or ""
    if actor is not None:
        accounts.set_locale(db, actor, locale)
    else:
        parse_language(locale)
    response = see_other(local_path(sent.get("next"), "/"))
    response.set_cookie(LANG_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response
