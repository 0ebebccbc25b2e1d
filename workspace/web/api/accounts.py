"""Who am I, and personal API tokens."""

from __future__ import annotations

from litestar import Controller

from ...services import accounts
from ...services.access import require_actor
from ...services.accounts.views import TokenCreated, TokenView, UserView
from ...services.actor import Actor
from ..context import client_address
from ..http import AnyRequest
from ..openapi import PublicOperation
from ..params import Db, JSONBody, Number, StoreDep, Who
from .routes import delete, get, post, put
from .schemas import LocaleInput, TokenName, TokenRequest


class AccountController(Controller):
    tags = ("accounts",)

    @get("/me")
    def me(self, actor: Who) -> Actor:
        """The person the token (or browser session) belongs to."""
        return require_actor(actor)

    @put("/me/locale")
    def set_locale(self, db: Db, actor: Who, data: JSONBody[LocaleInput]) -> UserView:
        return accounts.set_locale(db, actor, data.locale)

    @post("/auth/token", security=[], operation_class=PublicOperation)
    def token_for_password(
        self, request: AnyRequest, store: StoreDep, db: Db, data: JSONBody[TokenRequest]
    ) -> TokenCreated:
        """Exchange an e-mail and password for a personal API token (shown once)."""
        actor = accounts.authenticate(store, data.email, data.password, client_address(request))
        return accounts.create_token(db, actor, data.name)

    @get("/tokens")
    def tokens(self, db: Db, actor: Who) -> list[TokenView]:
        return accounts.list_tokens(db, actor)

    @post("/tokens")
    def create_token(self, db: Db, actor: Who, data: JSONBody[TokenName]) -> TokenCreated:
        return accounts.create_token(db, actor, data.name)

    @delete("/tokens/{token_id:int}")
    def revoke_token(self, db: Db, actor: Who, token_id: Number) -> None:
        accounts.revoke_token(db, actor, token_id)
