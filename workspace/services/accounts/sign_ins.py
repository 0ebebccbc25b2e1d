"""Browser sessions that can be ended: the cookie holds a random id whose hash is stored here.

Signing out deletes the row, so a copied cookie stops working at once; a new password ends every
other session (and the personal API tokens) of the person.
"""

from __future__ import annotations

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from ...domain.vocabulary import LANGUAGES
from ...store.models import SignIn, User
from ...store.types import utcnow
from ..actor import Actor
from ..unit import reads, use_case
from .asking import asking_at, at_process, counting_unread, unread_taken
from .random_ids import new_secret, secret_hash
from .users import ACTOR_COLUMNS

# Read at every request of a browser: built once (its compiled form is then found by its cache key at once),
# its row read on the connection, without the ORM's session around it (a third of the time).
_ACTOR_OF_SIGN_IN = (
    select(*ACTOR_COLUMNS)
    .join(SignIn, SignIn.user_id == User.id)
    .where(SignIn.token_hash == bindparam("hash"), User.id == bindparam("user"))
)


# The same person with the process a page's address names (`asking.at_process`).
_ACTOR_OF_SIGN_IN_AT = at_process(SignIn).where(SignIn.token_hash == bindparam("hash"), User.id == bindparam("user"))
# The same with the person's unread count, for a page (its header shows it).
_UNREAD_OF_SIGN_IN, _UNREAD_OF_SIGN_IN_AT = counting_unread(_ACTOR_OF_SIGN_IN), counting_unread(_ACTOR_OF_SIGN_IN_AT)


VIA = ("password", "sso", "link")  # how a person signs in (the administrator's view of accounts says it)


@use_case
def start_sign_in(tx: Session, actor: Actor, via: str = "password", browser: str | None = None) -> str:
    """A new session for `actor`, who signed in `via` one of VIA with a `browser` reading Accord in that language (None:
    none of ours): the id to put in the cookie (only its hash is kept); the account remembers when and how, for its
    administrator, and the browser's language, for their mails."""
    value, hashed = new_secret()
    tx.add(SignIn(user_id=actor.id, token_hash=hashed))
    _signed_in(tx, actor, via)
    keep_browser_language(tx, actor, browser)
    return value


@use_case
def record_sign_in(tx: Session, actor: Actor, via: str) -> None:
    """`actor` proved who they are `via` one of VIA without a browser session (a personal token asked for with the
    password): the account remembers it as its latest sign-in."""
    _signed_in(tx, actor, via)


def _signed_in(tx: Session, actor: Actor, via: str) -> None:
    assert via in VIA, via
    tx.execute(update(User).where(User.id == actor.id).values(last_sign_in_at=utcnow(), last_sign_in_via=via))


def keep_browser_language(tx: Session, actor: Actor, browser: str | None) -> None:
    """The language of the browser `actor` uses now, for the mails of an account that says "the language of my
    browser" (domain.notifications.language): a browser that asks for none of ours leaves the last one kept."""
    if browser in LANGUAGES:
        tx.execute(update(User).where(User.id == actor.id).values(browser_locale=browser))


@reads
def actor_for_sign_in(
    tx: Session, user_id: int, value: str, slug: str | None = None, unread: bool = False
) -> Actor | None:
    """The person of a live session, or None when it was ended (signed out, password changed); with `slug`, the
    process of that address, their role in it and its latest entry are read too, for the transaction's use cases;
    with `unread`, their inbox's unread count (`comments.unread_count` then finds it)."""
    if slug is None:
        statement = _UNREAD_OF_SIGN_IN if unread else _ACTOR_OF_SIGN_IN
        row = tx.connection().execute(statement, {"hash": secret_hash(value), "user": user_id}).first()
        return Actor(*unread_taken(tx, row, unread)) if row else None
    at = _UNREAD_OF_SIGN_IN_AT if unread else _ACTOR_OF_SIGN_IN_AT
    found = tx.execute(at, {"hash": secret_hash(value), "user": user_id, "slug": slug}).first()
    return asking_at(tx, slug, unread_taken(tx, found, unread)) if found is not None else None


@use_case
def end_sign_in(tx: Session, value: str) -> None:
    tx.execute(delete(SignIn).where(SignIn.token_hash == secret_hash(value)))
