"""The signed-in person's own page: interface language, password, personal API tokens."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Redirect, Template

from ...domain.errors import Conflict, InvalidInput
from ...i18n import gettext as _
from ...services import accounts, screens
from ...services.unit import Store
from ...services.views import Actor
from ..routes import get, post
from .common import failure, flash, page, take
from .forms import Form, first, see_other

NEW_TOKEN = "new_token"


def _page(request: Request, db: Store, actor: Actor | None, **context: Any) -> Template:
    screen = screens.account_screen(db, actor)
    return page(request, "account/index.html", user=screen.user, tokens=screen.tokens, **context)


@get("/account", include_in_schema=False)
def account(request: Request, db: Store, actor: Actor | None) -> Template:
    # A new token travels once, in the (encrypted) session cookie, from the POST to this page.
    return _page(request, db, actor, new_token=take(request, NEW_TOKEN))


@post("/account/password", include_in_schema=False)
def change_password(request: Request, db: Store, actor: Actor | None, data: Form) -> Template | Redirect:
    try:
        accounts.change_own_password(
            db, actor, first(data, "current_password"), first(data, "new_password"), first(data, "repeat_password")
        )
    except InvalidInput as exc:
        return _page(request, db, actor, **failure(exc), failed_form="password")
    flash(request, _("Your password is changed."))
    return see_other("/account")


@post("/account/tokens", include_in_schema=False)
def create_token(request: Request, db: Store, actor: Actor | None, data: Form) -> Template | Redirect:
    name = first(data, "name")
    try:
        token = accounts.create_token(db, actor, name)
    except (InvalidInput, Conflict) as exc:
        return _page(request, db, actor, **failure(exc), failed_form="token", token_name=name)
    request.session[NEW_TOKEN] = {"name": token.name, "token": token.token}
    return see_other("/account#tokens")


@post("/account/tokens/{token_id:int}/revoke", include_in_schema=False)
def revoke_token(request: Request, db: Store, actor: Actor | None, token_id: int) -> Redirect:
    accounts.revoke_token(db, actor, token_id)
    flash(request, _("The token is revoked: programs using it can no longer sign in with it."))
    return see_other("/account#tokens")


HANDLERS = [account, change_password, create_token, revoke_token]
