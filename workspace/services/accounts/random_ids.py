"""Random secrets handed to a person once (API tokens, sign-in cookies, invitation links), kept hashed."""

from __future__ import annotations

import hashlib
import secrets


def secret_hash(value: str) -> str:
    # 256 random bits: a fast hash is enough, there is nothing to brute-force.
    return hashlib.sha256((value or "").encode()).hexdigest()


def new_secret(prefix: str = "") -> tuple[str, str]:
    """A fresh secret and the hash to store in its place."""
    value = prefix + secrets.token_urlsafe(32)
    return value, secret_hash(value)
