"""What the provider's claims say of a person: their address and whether it is verified, their name, and whether
the administrator claim holds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def is_true(value: object) -> bool:
    """A true boolean, or the string "true" (some providers send their booleans as strings); never a number."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def email_verified(claims: Mapping[str, Any]) -> bool:
    """The provider vouches for the address: `email_verified` true (OpenID Connect's claim), or Microsoft Entra
    ID's own `xms_edov` (the address's domain is verified by its owner), which Entra sends where others send
    `email_verified`."""
    return is_true(claims.get("email_verified")) or is_true(claims.get("xms_edov"))


def address(id_token: Mapping[str, Any], userinfo: Mapping[str, Any]) -> tuple[str, bool]:
    """The person's address (the ID token's, which is signed, else the userinfo's) and whether it is verified: only
    by a source that gives this very address. A flag never vouches for an address another source gave: an ID token
    saying only `email_verified: true` does not verify the userinfo's unverified address."""
    email = _text(id_token.get("email")) or _text(userinfo.get("email"))
    verified = any(
        email_verified(source) for source in (id_token, userinfo) if _text(source.get("email")).lower() == email.lower()
    )
    return email, bool(email) and verified


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def display_name(claims: Mapping[str, Any], email: str) -> str:
    """The person's name as the provider gives it: `name`, else the given and family names, else the preferred
    username, else the address's local part."""
    for value in (
        claims.get("name"),
        " ".join(str(claims.get(k) or "").strip() for k in ("given_name", "family_name")),
        claims.get("preferred_username"),
    ):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return email.split("@")[0]


def _found(claims: Mapping[str, Any], path: str) -> object:
    value: object = claims
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def admin_claim_holds(claims: Mapping[str, Any], spec: str) -> bool:
    """Whether `spec` (ACCORD_OIDC_ADMIN_CLAIM) holds of `claims`: `claim` when the claim is true (a boolean, or
    the string "true"); `claim=value` when the claim equals `value` or is a list holding it. A dotted claim reads
    inside objects (`realm_access.roles=accord-admin`, Keycloak's realm roles)."""
    name, has_value, expected = spec.partition("=")
    value = _found(claims, name.strip())
    if not has_value:
        return is_true(value)
    expected = expected.strip()
    if isinstance(value, list):
        return any(isinstance(item, (str, int, float)) and str(item) == expected for item in value)
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value) == expected
