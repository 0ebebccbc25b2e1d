"""Accounts: created by an administrator or by invitation, passwords, sign-in, language."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ...domain.errors import N_, NN_, Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from ...domain.paging import Window, window
from ...domain.people import ChangeOwnPassword
from ...domain.search import fold
from ...domain.values import clean_text, parse_email, text_value
from ...domain.vocabulary import parse_language
from ...store.models import ApiToken, SignIn, User
from ..access import record, require_actor
from ..actor import Actor
from ..unit import Db, reads, use_case
from . import throttle
from .passwords import hash_password, needs_rehash, verify
from .random_ids import secret_hash
from .views import UserView


def actor_of(user: User) -> Actor:
    return Actor(id=user.id, email=user.email, name=user.name, is_admin=user.is_admin, locale=user.locale)


ACTOR_COLUMNS = (User.id, User.email, User.name, User.is_admin, User.locale)
"""What an `Actor` is made of, in its order: who asks is read at every request, as a row, not an ORM object."""


def user_view(user: User) -> UserView:
    return UserView(
        id=user.id,
        email=user.email,
        name=user.name,
        is_admin=user.is_admin,
        can_sign_in=user.password_hash is not None and user.disabled_at is None,
        locale=user.locale,
        disabled=user.disabled_at is not None,
        last_sign_in_at=user.last_sign_in_at,
        last_sign_in_via=user.last_sign_in_via,
    )


def admin_or_system(actor: Actor | None) -> None:
    """Account administration: a global admin, or the `accord` command run on the server (SYSTEM).
    Nobody signed in is nobody: never the system."""
    if not require_actor(actor).is_admin:
        raise Forbidden(N_("Only an administrator can manage accounts."))


@use_case
def add_user(
    tx: Session, actor: Actor | None, email: str, name: str, password: str | None = None, is_admin: bool = False
) -> UserView:
    admin_or_system(actor)
    email = parse_email(email)
    if tx.scalar(select(User.id).where(User.email == email)):
        raise Conflict(N_("An account for {email} already exists."), email=email)
    user = User(
        email=email,
        name=text_value(name, "name", limit=200) or email.split("@")[0],
        password_hash=hash_password(password) if password else None,
        is_admin=is_admin,
    )
    tx.add(user)
    tx.flush()
    record(tx, actor, "user.added", f"user:{user.id}", email=email, is_admin=is_admin)
    return user_view(user)


def ensure_user(tx: Session, email: str, name: str) -> User:
    """The account for `email`, created without a password (an invitation) if it is new."""
    email = parse_email(email)
    user = tx.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name or email.split("@")[0], password_hash=None)
        tx.add(user)
        tx.flush()
    return user


ACCOUNTS_PAGE = 100
"""Accounts on a page of the administrators' list: an organisation's thousands are paged, not sent whole."""
SEARCH_LIMIT = 200  # a name's own limit (add_user)


@reads
def accounts_window(
    tx: Session, actor: Actor | None, page: int | None = None, search: str = ""
) -> tuple[Window, list[UserView]]:
    """A page of the accounts by address, those whose address or name holds `search` (accents and case ignored) when
    given."""
    admin_or_system(actor)
    query = select(User).where(User.erased_at.is_(None))
    needle = clean_text(search).strip()  # a control character (a NUL PostgreSQL refuses): 422, where it is
    if len(needle) > SEARCH_LIMIT:
        raise InvalidInput(
            NN_("A search is at most {limit} character long.", "A search is at most {limit} characters long.", "limit"),
            limit=SEARCH_LIMIT,
            detail={"field": "q"},
        )
    if not needle:
        total = tx.scalar(select(func.count()).select_from(query.subquery())) or 0
        shown = window(total, ACCOUNTS_PAGE, page)
        listed = tx.scalars(query.order_by(User.email).offset(shown.start).limit(shown.size))
        return shown, [user_view(u) for u in listed]
    # Accents and case set aside as search compares them (domain.search.fold): «jose» finds José, «ÁNGEL» Ángel, on
    # either database (SQLite's lower() folds ASCII only, and neither sets accents aside). Read here: an address and a
    # name per account (an organisation's thousands, a few milliseconds); a typed % or _ is itself.
    folded = fold(needle)
    rows = tx.execute(select(User.id, User.email, User.name).where(User.erased_at.is_(None)).order_by(User.email))
    found = [row.id for row in rows if folded in fold(row.email) or folded in fold(row.name)]
    shown = window(len(found), ACCOUNTS_PAGE, page)
    wanted = found[shown.start : shown.start + shown.size]
    users = tx.scalars(select(User).where(User.id.in_(wanted)).order_by(User.email)).all() if wanted else []
    return shown, [user_view(u) for u in users]


@reads
def list_users(tx: Session, actor: Actor | None, limit: int | None = None, offset: int = 0) -> list[UserView]:
    """The accounts by address, `limit` of them from `offset` (None: all); an erased one is no account any more."""
    admin_or_system(actor)
    query = select(User).where(User.erased_at.is_(None)).order_by(User.email)
    if limit is not None:
        query = query.limit(max(1, limit)).offset(max(0, offset))
    return [user_view(u) for u in tx.scalars(query)]


def set_password(db: Db, actor: Actor | None, email: str, password: str, *, keep: str | None = None) -> UserView:
    """An admin (or the server's command line) sets anyone's password; a person sets their own.
    Every session of the person but `keep` (the one making the change) ends, and their API tokens."""
    email = parse_email(email)
    if not require_actor(actor).is_admin and actor.email != email:  # type: ignore[union-attr]
        raise Forbidden(N_("You can only change your own password."))
    hashed = hash_password(password)  # before the transaction: hashing never holds a lock
    return _store_password(db, actor, email, hashed, keep)


@use_case
def _store_password(tx: Session, actor: Actor | None, email: str, hashed: str, keep: str | None) -> UserView:
    user = tx.scalar(select(User).where(User.email == email))
    if user is None:
        raise NotFound(N_("No account for {email}."), email=email)
    user.password_hash = hashed
    end_other_sign_ins(tx, user.id, keep)
    record(tx, actor, "user.password_set", f"user:{user.id}")
    return user_view(user)


@reads
def _credentials(tx: Session, email: str) -> tuple[Actor, str | None] | None:
    """Who signs in with this address and their password's hash; a disabled account has none to match."""
    user = tx.scalar(select(User).where(User.email == (email or "").strip().lower()))
    return (actor_of(user), user.password_hash if user.disabled_at is None else None) if user else None


@use_case
def _rehash(tx: Session, user_id: int, stored: str, password: str) -> None:
    """Store a stronger hash, unless the password changed meanwhile."""
    user = tx.get(User, user_id)
    if user is not None and user.password_hash == stored:
        user.password_hash = hash_password(password)


def authenticate(
    db: Db, email: str, password: str, address: str = "", *, sleep: Callable[[float], None] | None = None
) -> Actor:
    """The actor for these credentials; the same refusal whether the e-mail or password is wrong.
    Refused (429 with when to try again) after too many wrong passwords for this account from this
    `address`, or from this address at all; only slowed down (`sleep`, by default the throttle's)
    after many for the account from anywhere, so nobody can lock its owner out.

    Not one transaction: the try is counted first (`throttle.reserve`, which decides and counts in one
    step), then the password is checked (and the slowdown spent) outside any transaction, so neither
    argon2's tenth of a second nor the wait holds a database lock or connection; the right password
    takes its try back.
    """
    key, address = (email or "").strip().lower()[:254], (address or "")[:64]
    delay = throttle.reserve(db, key, address)
    if delay:
        (sleep or throttle.sleep)(delay)
    found = _credentials(db, key)
    stored = found[1] if found else None
    matches = verify(stored, password)  # always called: unknown accounts take the same time
    if found is None or stored is None or not matches:
        raise NotAuthenticated(N_("Wrong email or password."))
    throttle.clear(db, key, address)
    if needs_rehash(stored):
        _rehash(db, found[0].id, stored, password)
    return found[0]


@reads
def get_actor(tx: Session, user_id: int) -> Actor | None:
    user = tx.get(User, user_id)
    return actor_of(user) if user else None


@use_case
def set_locale(tx: Session, actor: Actor | None, locale: str | None) -> UserView:
    actor = require_actor(actor)
    user = tx.get(User, actor.id)
    assert user is not None
    user.locale = parse_language(locale) if locale else None
    return user_view(user)


def change_own_password(db: Db, actor: Actor | None, change: ChangeOwnPassword, *, keep: str | None = None) -> UserView:
    """A signed-in person changes their password: the current one first, the new one twice.
    Their other sessions and their API tokens end; `keep` is the session making the change."""
    actor = require_actor(actor)
    found = _credentials(db, actor.email)
    if not verify(found[1] if found else None, change.current_password):
        # Not NotAuthenticated: the person is signed in, only this form field is wrong.
        raise InvalidInput(N_("The current password is not right."), detail={"field": "current_password"})
    if change.new_password != change.repeat_password:
        raise InvalidInput(N_("The two new passwords are not the same."), detail={"field": "repeat_password"})
    return set_password(db, actor, actor.email, change.new_password, keep=keep)


def end_other_sign_ins(tx: Session, user_id: int, keep: str | None = None) -> None:
    """After a password change: every other way in of this person stops working."""
    query = delete(SignIn).where(SignIn.user_id == user_id)
    if keep:
        query = query.where(SignIn.token_hash != secret_hash(keep))
    tx.execute(query)
    tx.execute(delete(ApiToken).where(ApiToken.user_id == user_id))


@reads
def actor_by_email(tx: Session, email: str) -> Actor:
    """The person with this address, acting (the command line's `--as`)."""
    user = tx.scalar(select(User).where(User.email == parse_email(email)))
    if user is None:
        raise NotFound(N_("No account for “{email}”."), email=email)
    return actor_of(user)
