"""Personal API tokens: shown once, stored as a hash."""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from ...domain.errors import N_, NotAuthenticated, NotFound
from ...domain.values import text_value
from ...store.models import ApiToken, User
from ...store.types import utcnow
from ..access import record, require_actor
from ..actor import Actor
from ..pace import Pace, pace
from ..unit import reads, use_case
from .asking import asking_at, at_process, counting_unread, unread_taken
from .random_ids import new_secret, secret_hash
from .users import ACTOR_COLUMNS
from .views import TokenCreated, TokenView

TOKEN_PREFIX = "acc_"


@use_case
def create_token(tx: Session, actor: Actor | None, name: str) -> TokenCreated:
    actor = require_actor(actor)
    pace(tx, actor, Pace.TOKEN)
    name = text_value(name, "name", required=True, limit=100)
    token, hashed = new_secret(TOKEN_PREFIX)
    row = ApiToken(user_id=actor.id, name=name, prefix=token[:10], token_hash=hashed)
    tx.add(row)
    tx.flush()
    record(tx, actor, "token.created", f"token:{row.id}", name=name)
    return TokenCreated(id=row.id, name=name, token=token)


@reads
def list_tokens(tx: Session, actor: Actor | None) -> list[TokenView]:
    actor = require_actor(actor)
    rows = tx.scalars(select(ApiToken).where(ApiToken.user_id == actor.id).order_by(ApiToken.id))
    return [
        TokenView(id=r.id, name=r.name, prefix=r.prefix, created_at=r.created_at, last_used_at=r.last_used_at)
        for r in rows
    ]


@use_case
def revoke_token(tx: Session, actor: Actor | None, token_id: int) -> None:
    actor = require_actor(actor)
    row = tx.get(ApiToken, token_id)
    if row is None or row.user_id != actor.id:
        raise NotFound(N_("No such token."))
    tx.delete(row)
    record(tx, actor, "token.revoked", f"token:{token_id}")


# Read at every request of an API client: built once, read on the connection (as sign_ins._ACTOR_OF_SIGN_IN).
_ACTOR_OF_TOKEN = (
    select(*ACTOR_COLUMNS).join(ApiToken, ApiToken.user_id == User.id).where(ApiToken.token_hash == bindparam("hash"))
)


_ACTOR_OF_TOKEN_AT = at_process(ApiToken).where(ApiToken.token_hash == bindparam("hash"))
# The same with the person's unread count, for a page asked with a token (its header shows it).
_UNREAD_OF_TOKEN, _UNREAD_OF_TOKEN_AT = counting_unread(_ACTOR_OF_TOKEN), counting_unread(_ACTOR_OF_TOKEN_AT)


@reads
def actor_for_token(tx: Session, token: str, slug: str | None = None, unread: bool = False) -> Actor:
    """The person of a token (401 for one that is not valid); with `slug`, the process of that address, their role
    in it and its latest entry are read too, for the transaction's use cases (a page asked with a token); with
    `unread`, their inbox's unread count (`comments.unread_count` then finds it)."""
    if slug is None:
        statement = _UNREAD_OF_TOKEN if unread else _ACTOR_OF_TOKEN
        row = tx.connection().execute(statement, {"hash": secret_hash(token or "")}).first()
        if row is None:
            raise NotAuthenticated(N_("This API token is not valid."))
        return Actor(*unread_taken(tx, row, unread))
    at = _UNREAD_OF_TOKEN_AT if unread else _ACTOR_OF_TOKEN_AT
    found = tx.execute(at, {"hash": secret_hash(token or ""), "slug": slug}).first()
    if found is None:
        raise NotAuthenticated(N_("This API token is not valid."))
    return asking_at(tx, slug, unread_taken(tx, found, unread))


@use_case
def touch_token(tx: Session, token: str) -> None:
    """Record that a token was used to change something (reads never write, so they do not count)."""
    tx.execute(update(ApiToken).where(ApiToken.token_hash == secret_hash(token or "")).values(last_used_at=utcnow()))
