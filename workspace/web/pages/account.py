"""The signed-in person's own page: interface language, password, personal API tokens."""

from __future__ import annotations

from typing import Any

from litestar.response import Redirect

from ...domain.people import ChangeOwnPassword, NameToken
from ...i18n import gettext as _
from ...services import accounts
from ...services.screens import accounts as screens
from ...services.unit import Db as Store
from ..context import SIGN_IN
from ..http import AnyRequest, AnyResponse
from ..params import Db, FromPath, StoreDep, Who
from ..routes import get, post
from .common import flash, page, parts, take
from .forms import Form, see_other
from .refusals import Sent, shown_again

NEW_TOKEN = "new_token"


def _page(request: AnyRequest, db: Db, actor: Who, **context: Any) -> AnyResponse:
    return page(request, "account/index.html", **parts(screens.account_screen(db, actor)), **context)


@get("/account", include_in_schema=False)
def account(request: AnyRequest, db: Db, actor: Who) -> AnyResponse:
    # A new token travels once, in the (encrypted) session cookie, from the POST to this page.
    return _page(request, db, actor, new_token=take(request, NEW_TOKEN))


def _password_again(request: AnyRequest, store: Store, db: Db, actor: Who, values: Sent, **refusal: Any) -> AnyResponse:
    """The password form refused: its reason above it, none of the passwords typed shown again."""
    return _page(request, db, actor, **refusal, failed_form="password")


@post("/account/password", include_in_schema=False)
@shown_again(_password_again)
def change_password(
    request: AnyRequest, store: StoreDep, db: Db, actor: Who, data: Form[ChangeOwnPassword]
) -> AnyResponse:
    # The store, not the request's transaction: hashing happens between two short transactions.
    accounts.change_own_password(store, actor, data, keep=request.session.get(SIGN_IN))
    flash(request, _("Your password is changed. Your other sessions have ended, and your API tokens no longer work."))
    return see_other("/account")


def _token_again(request: AnyRequest, db: Db, actor: Who, values: Sent, **refusal: Any) -> AnyResponse:
    return _page(request, db, actor, **refusal, failed_form="token", token_name=values.get("name", ""))


@post("/account/tokens", include_in_schema=False)
@shown_again(_token_again)
def create_token(request: AnyRequest, db: Db, actor: Who, data: Form[NameToken]) -> AnyResponse:
    token = accounts.create_token(db, actor, data.name)
    request.session[NEW_TOKEN] = {"name": token.name, "token": token.token}
    return see_other("/account#tokens")


@post("/account/tokens/{token_id:int}/revoke", include_in_schema=False)
def revoke_token(request: AnyRequest, db: Db, actor: Who, token_id: FromPath[int]) -> Redirect:
    accounts.revoke_token(db, actor, token_id)
    flash(request, _("The token is revoked: programs using it can no longer sign in with it."))
    return see_other("/account#tokens")
