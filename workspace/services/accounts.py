"""Accounts, passwords, sign-in and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.consultations import parse_email, text_field
from ..domain.errors import N_, Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from ..domain.vocabulary import parse_language
from ..store.models import ApiToken, User
from ..store.types import utcnow
from .access import record, require_actor
from .unit import use_case
from .views import Actor, TokenCreated, TokenView, UserView

_hasher = PasswordHasher()
MIN_PASSWORD = 8
TOKEN_PREFIX = "acc_"


def actor_of(user: User) -> Actor:
    return Actor(id=user.id, email=user.email, name=user.name, is_admin=user.is_admin, locale=user.locale)


def user_view(user: User) -> UserView:
    return UserView(
        id=user.id, email=user.email, name=user.name, is_admin=user.is_admin,
        can_sign_in=user.password_hash is not None, locale=user.locale,
    )


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(N_("A password needs at least {n} characters."), n=MIN_PASSWORD)
    return password


def _admin_or_system(actor: Actor | None) -> None:
    """Account administration: a global admin, or the `accord` command run on the server (actor None)."""
    if actor is not None and not actor.is_admin:
        raise Forbidden(N_("Only an administrator can manage accounts."))


@use_case
def add_user(
    tx: Session, actor: Actor | None, email: str, name: str, password: str | None = None, is_admin: bool = False
) -> UserView:
    _admin_or_system(actor)
    email = parse_email(email)
    if tx.scalar(select(User.id).where(User.email == email)):
        raise Conflict(N_("An account for {email} already exists."), email=email)
    user = User(
        email=email,
        name=text_field({"name": name}, "name", limit=200) or email.split("@")[0],
        password_hash=_hasher.hash(_check_password(password)) if password else None,
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


@use_case
def list_users(tx: Session, actor: Actor | None) -> list[UserView]:
    _admin_or_system(actor)
    return [user_view(u) for u in tx.scalars(select(User).order_by(User.email))]


@use_case
def set_password(tx: Session, actor: Actor | None, email: str, password: str) -> UserView:
    """An admin (or the server's command line) sets anyone's password; a person sets their own."""
    email = parse_email(email)
    if actor is not None and not actor.is_admin and actor.email != email:
        raise Forbidden(N_("You can only change your own password."))
    user = tx.scalar(select(User).where(User.email == email))
    if user is None:
        raise NotFound(N_("No account for {email}."), email=email)
    user.password_hash = _hasher.hash(_check_password(password))
    record(tx, actor, "user.password_set", f"user:{user.id}")
    return user_view(user)


@use_case
def authenticate(tx: Session, email: str, password: str) -> Actor:
    """The actor for these credentials; the same refusal whether the e-mail or password is wrong."""
    refusal = NotAuthenticated(N_("Wrong e-mail or password."))
    user = tx.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None or user.password_hash is None:
        _hasher.hash("x" * MIN_PASSWORD)  # spend the same time, so timing tells nothing
        raise refusal
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        raise refusal from None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return actor_of(user)


@use_case
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


def _token_hash(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


@use_case
def create_token(tx: Session, actor: Actor | None, name: str) -> TokenCreated:
    actor = require_actor(actor)
    name = text_field({"name": name}, "name", required=True, limit=100)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=actor.id, name=name, prefix=token[:10], token_hash=_token_hash(token))
    tx.add(row)
    tx.flush()
    record(tx, actor, "token.created", f"token:{row.id}", name=name)
    return TokenCreated(id=row.id, name=name, token=token)


@use_case
def list_tokens(tx: Session, actor: Actor | None) -> list[TokenView]:
    actor = require_actor(actor)
    rows = tx.scalars(select(ApiToken).where(ApiToken.user_id == actor.id).order_by(ApiToken.id))
    return [TokenView(id=r.id, name=r.name, prefix=r.prefix, created_at=r.created_at, last_used_at=r.last_used_at) for r in rows]


@use_case
def revoke_token(tx: Session, actor: Actor | None, token_id: int) -> None:
    actor = require_actor(actor)
    row = tx.get(ApiToken, token_id)
    if row is None or row.user_id != actor.id:
        raise NotFound(N_("No such token."))
    tx.delete(row)
    record(tx, actor, "token.revoked", f"token:{token_id}")


@use_case
def actor_for_token(tx: Session, token: str) -> Actor:
    row = tx.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token or "")))
    if row is None:
        raise NotAuthenticated(N_("This API token is not valid."))
    row.last_used_at = utcnow()
    return actor_of(row.user)


@use_case
def change_own_password(tx: Session, actor: Actor | None, current: str, new: str, repeat: str) -> UserView:
    """A signed-in person changes their password: the current one first, the new one twice."""
    actor = require_actor(actor)
    user = tx.get(User, actor.id)
    assert user is not None
    try:
        if user.password_hash is None:
            raise VerificationError
        _hasher.verify(user.password_hash, current or "")
    except (VerificationError, InvalidHashError):
        # Not NotAuthenticated: the person is signed in, only this form field is wrong.
        raise InvalidInput(N_("The current password is not right."), detail={"field": "current_password"}) from None
    if new != repeat:
        raise InvalidInput(N_("The two new passwords are not the same."), detail={"field": "repeat_password"})
    return set_password(tx, actor, actor.email, new)
