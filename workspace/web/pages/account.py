"""The signed-in person's own page: interface language, password, personal API tokens."""

from __future__ import annotations

from typing import Any

from litestar.response import Redirect

from ...domain.errors import Conflict, InvalidInput, TooMany
from ...i18n import gettext as _
from ...services import accounts
from ...services.actor import Actor
from ...services.screens import accounts as screens
from ...services.unit import Unit
from ..context import SIGN_IN
from ..http import AnyRequest, AnyResponse
from ..params import Db, FromPath, StoreDep, Who
from ..routes import get, post
from .common import failure, flash, page, take
from .forms import Form, PageForm, see_other

NEW_TOKEN = "new_token"


def _page(request: AnyRequest, db: Unit, actor: Actor | None, **context: Any) -> AnyResponse:
    screen = screens.account_screen(db, actor)
    return page(
        request,
        "account/index.html",
        user=screen.user,
        tokens=screen.tokens,
        has_password=screen.has_password,
        organisation_account=screen.organisation_account,
        **context,
    )


@get("/account", include_in_schema=False)
def account(request: AnyRequest, db: Db, actor: Who) -> AnyResponse:
    # A new token travels once, in the (encrypted) session cookie, from the POST to this page.
    return _page(request, db, actor, new_token=take(request, NEW_TOKEN))


class NewPassword(PageForm):
    current_password: str = ""
    new_password: str = ""
    repeat_password: str = ""


class TokenName(PageForm):
    name: str = ""


@post("/account/password", include_in_schema=False)
def change_password(
    request: AnyRequest, store: StoreDep, db: Db, actor: Who, data: Form[NewPassword]
) -> AnyResponse | Redirect:
    # The store, not the request's transaction: hashing happens between two short transactions.
    try:
        accounts.change_own_password(
            store,
            actor,
            data.current_password,
            data.new_password,
            data.repeat_password,
            keep=request.session.get(SIGN_IN),
        )
    except (InvalidInput, TooMany) as exc:
        return _page(request, db, actor, **failure(exc), failed_form="password")
    flash(request, _("Your password is changed. Your other sessions have ended, and your API tokens no longer work."))
    return see_other("/account")


@post("/account/tokens", include_in_schema=False)
def create_token(request: AnyRequest, db: Db, actor: Who, data: Form[TokenName]) -> AnyResponse | Redirect:
    name = data.name
    try:
        token = accounts.create_token(db, actor, name)
    except (InvalidInput, Conflict) as exc:
        return _page(request, db, actor, **failure(exc), failed_form="token", token_name=name)
    request.session[NEW_TOKEN] = {"name": token.name, "token": token.token}
    return see_other("/account#tokens")


@post("/account/tokens/{token_id:int}/revoke", include_in_schema=False)
def revoke_token(request: AnyRequest, db: Db, actor: Who, token_id: FromPath[int]) -> Redirect:
    accounts.revoke_token(db, actor, token_id)
    flash(request, _("The token is revoked: programs using it can no longer sign in with it."))
    return see_other("/account#tokens")


HANDLERS = [account, change_password, create_token, revoke_token]
