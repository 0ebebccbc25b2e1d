"""Accounts, passwords, sign-in and personal API tokens."""

from .administration import administration, set_disabled
from .audit import AuditEntry, audit, audit_csv
from .erasure import erase_account
from .personal_data import personal_data
from .sign_ins import actor_for_sign_in, end_sign_in, record_sign_in, start_sign_in
from .tokens import (
    TOKEN_PREFIX,
    actor_for_token,
    create_token,
    list_tokens,
    revoke_token,
    touch_token,
)
from .users import (
    accounts_window,
    actor_by_email,
    actor_of,
    add_user,
    authenticate,
    change_own_password,
    ensure_user,
    get_actor,
    list_users,
    set_locale,
    set_password,
    user_view,
)

__all__ = [
    "TOKEN_PREFIX",
    "AuditEntry",
    "accounts_window",
    "actor_by_email",
    "actor_for_sign_in",
    "actor_for_token",
    "actor_of",
    "add_user",
    "administration",
    "audit",
    "audit_csv",
    "authenticate",
    "change_own_password",
    "create_token",
    "end_sign_in",
    "ensure_user",
    "erase_account",
    "get_actor",
    "list_tokens",
    "list_users",
    "personal_data",
    "record_sign_in",
    "revoke_token",
    "set_disabled",
    "set_locale",
    "set_password",
    "start_sign_in",
    "touch_token",
    "user_view",
]
