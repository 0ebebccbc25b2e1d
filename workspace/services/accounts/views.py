"""What the account use cases hand back."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct


class UserView(Struct, frozen=True, kw_only=True):
    id: int
    email: str
    name: str
    is_admin: bool
    can_sign_in: bool
    locale: str | None
    disabled: bool = False  # by an administrator: no sign-in (its sessions and tokens ended)
    last_sign_in_at: datetime | None = None  # the latest sign-in (None: never)
    last_sign_in_via: str | None = None  # how: "password", "sso" (the organisation's account) or "link" (by mail)


class TokenCreated(Struct, frozen=True, kw_only=True):
    id: int
    name: str
    token: str  # shown once: only its hash is stored


class TokenView(Struct, frozen=True, kw_only=True):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
