"""Who am I, and personal API tokens."""

from __future__ import annotations

from litestar import Controller

from ...services import accounts
from ...services.access import require_actor
from ...services.unit import Store
from ...services.views import Actor, TokenCreated, TokenView, UserView
from ..routes import delete, get, post, put
from .schemas import LocaleInput, TokenName, TokenRequest


class AccountController(Controller):
    tags = ["accounts"]

    @get("/me")
    def me(self, actor: Actor | None) -> Actor:
        """The person the token (or browser session) belongs to."""
        return require_actor(actor)

    @put("/me/locale")
    def set_locale(self, db: Store, actor: Actor | None, data: LocaleInput) -> UserView:
        return accounts.set_locale(db, actor, data.locale)

    @post("/auth/token", security=[])
    def token_for_password(self, db: Store, data: TokenRequest) -> TokenCreated:
        """Exchange an e-mail and password for a personal API token (shown once)."""
        actor = accounts.authenticate(db, data.email, data.password)
        return accounts.create_token(db, actor, data.name)

    @get("/tokens")
    def tokens(self, db: Store, actor: Actor | None) -> list[TokenView]:
        return accounts.list_tokens(db, actor)

    @post("/tokens")
    def create_token(self, db: Store, actor: Actor | None, data: TokenName) -> TokenCreated:
        return accounts.create_token(db, actor, data.name)

    @delete("/tokens/{token_id:int}")
    def revoke_token(self, db: Store, actor: Actor | None, token_id: int) -> None:
        accounts.revoke_token(db, actor, token_id)
