"""What the account page shows at once."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...store.models import User
from ..access import require_actor
from ..accounts.tokens import list_tokens
from ..accounts.users import user_view
from ..accounts.views import TokenView, UserView
from ..actor import Actor
from ..unit import reads


class AccountScreen(Struct, frozen=True):
    user: UserView
    tokens: list[TokenView]
    has_password: bool = False  # the person signs in with a password of their own
    organisation_account: bool = False  # their account at the organisation's OpenID provider is linked (issue 36)
    browser_locale: str | None = None  # the language of the browser they last signed in with: their mails' by default


@reads
def account_screen(tx: Session, actor: Actor | None) -> AccountScreen:
    actor = require_actor(actor)
    user = tx.get(User, actor.id)
    assert user is not None
    return AccountScreen(
        user_view(user),
        list_tokens(tx, actor),
        has_password=user.password_hash is not None,
        organisation_account=user.oidc_subject is not None,
        browser_locale=user.browser_locale,
    )
