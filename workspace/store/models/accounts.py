"""The people who sign in: accounts, their tokens, sign-ins and their pacing, password resets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import PersonName, utcnow
from .base import Base


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # Read as "a former member" (in the reader's language) once the account is erased (store.types.PersonName).
    name: Mapped[str] = mapped_column(PersonName(200))
    # None: the account exists (imported, invited) but cannot sign in until a password is set.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str | None] = mapped_column(String(8))
    # The language of the browser the person last signed in with (issue 67): their mails' when `locale` is None ("the
    # language of my browser"). None: never signed in, or only with browsers that asked for none of Accord's.
    browser_locale: Mapped[str | None] = mapped_column(String(8), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Disabled by an administrator (issue 36): cannot sign in; its sessions and tokens ended then. None: enabled.
    disabled_at: Mapped[datetime | None] = mapped_column(default=None)
    # The latest sign-in and how (issue 36's administrator's view): "password", "sso" or "link" (a link by mail).
    last_sign_in_at: Mapped[datetime | None] = mapped_column(default=None)
    last_sign_in_via: Mapped[str | None] = mapped_column(String(16), default=None)
    # The organisation's OpenID provider's `sub` for this person, once they signed in through it (issue 36).
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True, default=None)
    # Erased by an administrator (issue 36): its name, address and ways in are gone; the row stays for what the person
    # contributed (services.accounts.erasure). None: a living account.
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")


class SignIn(Base):
    """A browser session: the cookie carries its id, so signing out (or a new password) ends it for good."""

    __tablename__ = "sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the random id in the cookie
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignInFailure(Base):
    """A wrong password: recent ones throttle further tries for the account and for the address."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (
        Index("ix_sign_in_failures_email_at", "email", "at"),
        Index("ix_sign_in_failures_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class PacedAction(Base):
    """An action whose pace is limited per person (a comment, a thread, an amendment): the recent ones
    refuse the next past a rate (services/pace.py)."""

    __tablename__ = "paced_actions"
    __table_args__ = (Index("ix_paced_actions_user_id_kind_at", "user_id", "kind", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class PasswordReset(Base):
    """A single-use link by mail, valid for an hour; only its hash is kept: to choose a new password
    (`purpose` "reset") or to sign in without one (`purpose` "sign_in")."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(16), default="reset", server_default="reset")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
