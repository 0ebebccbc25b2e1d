"""Sign in, sign out, and the interface language."""

from __future__ import annotations

import litestar
from litestar import Request
from litestar.response import Redirect, Template

from ... import i18n
from ...domain.errors import NotAuthenticated
from ...domain.vocabulary import parse_language
from ...services import accounts
from ...services.unit import Store
from ...services.views import Actor
from ..context import LANG_COOKIE
from ..routes import post
from .forms import Form, first, local_path, see_other


@litestar.get("/", include_in_schema=False, sync_to_thread=False)
def home(actor: Actor | None) -> Redirect:
    return Redirect("/processes" if actor else "/signin")


@litestar.get("/signin", include_in_schema=False, sync_to_thread=False)
def signin_form(next: str | None = None) -> Template:
    return Template("auth/signin.html", context={"next": next})


@post("/signin", include_in_schema=False)
def signin(request: Request, db: Store, data: Form) -> Template | Redirect:
    email, next_path = first(data, "email"), local_path(first(data, "next"), "/processes")
    try:
        actor = accounts.authenticate(db, email, first(data, "password"))
    except NotAuthenticated as exc:
        context = {"error": exc.render(i18n.translate), "email": email, "next": next_path}
        return Template("auth/signin.html", context=context, status_code=401)
    request.set_session({"user_id": actor.id})
    return see_other(next_path)


@litestar.post("/signout", include_in_schema=False, sync_to_thread=False)
def signout(request: Request) -> Redirect:
    request.clear_session()
    return see_other("/signin")


@post("/language", include_in_schema=False)
def choose_language(request: Request, db: Store, actor: Actor | None, data: Form) -> Redirect:
    """Remember the choice on the account when signed in, and in a cookie for everyone."""
    locale = first(data, "locale")
    if actor is not None:
        accounts.set_locale(db, actor, locale)
    else:
        parse_language(locale)
    response = see_other(local_path(first(data, "next"), "/"))
    response.set_cookie(LANG_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


HANDLERS = [home, signin_form, signin, signout, choose_language]
